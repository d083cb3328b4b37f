/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) in turn.
 * Each module exports `default async function run(): Promise<void>` and prints JSON lines.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const file of files) {
  const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as { default: () => Promise<void> };
  await mod.default();
}
