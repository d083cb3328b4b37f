/**
 * The signature of the importers: a hash of every source file that decides what a file becomes in
 * the tables (parsers, formats, COG remapping, schema, Arrow writing) and of the COG package's
 * version. A workspace saved by a build with another signature is imported again from its files
 * instead of being restored from its saved tables (see src/data/persist.ts), so that a fixed
 * importer never leaves old figures in place. Read by vite.config.ts and vitest.config.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const INPUTS = ['src/data/import', 'src/data/schema.ts', 'src/data/insert.ts', 'src/domain/cog.ts', 'src/domain/projection.ts'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

export function importSignature(root: string): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(join(root, input))) {
      hash.update(relative(root, f));
      hash.update(readFileSync(f));
    }
  }
  const cog = JSON.parse(readFileSync(join(root, 'node_modules/@etalab/decoupage-administratif/package.json'), 'utf8')) as { version: string };
  hash.update(`cog@${cog.version}`);
  return hash.digest('hex').slice(0, 16);
}
