/**
 * One configurable path to the real open-data files (never copied into the repo).
 * MAILLAGE_FIXTURES overrides the default ../shared/data (relative to the repo root).
 * When the files are missing, tests skip loudly; under CI=true they fail instead.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');
export const FIXTURES_DIR = resolve(repoRoot, process.env.MAILLAGE_FIXTURES ?? '../shared/data');

/** Absolute path of a file under the fixtures dir, e.g. rawPath('anct-france-services/liste-fs-20240801.csv'). */
export function rawPath(relative: string): string {
  return resolve(FIXTURES_DIR, 'raw', relative);
}

/**
 * True when the real file is there. When it is not: warns loudly, and throws under CI=true.
 * Use as `describe.skipIf(!hasRaw('…'))(…)`.
 */
export function hasRaw(relative: string): boolean {
  const path = rawPath(relative);
  if (existsSync(path)) return true;
  const message = `[fixtures] MISSING real data file ${path}: set MAILLAGE_FIXTURES to the shared data folder. Tests that need it are SKIPPED.`;
  if (process.env.CI === 'true') throw new Error(message.replace('are SKIPPED', 'cannot be skipped under CI=true'));
  console.warn(`\n!!! ${message}\n`);
  return false;
}
