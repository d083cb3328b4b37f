/**
 * npm run data:demo — writes the fictional demo territory "Val-de-Loue" into public/demo/: its
 * files in the formats of the official sources, and the tables the importers make of them
 * (tables.bin, listed in manifest.json), so that the dashboard's first screen inserts them as they
 * are instead of parsing 16 files at every start; then its first screen (first_screen.json: the map
 * and headline figures, computed on those files by the dashboard's own pipeline in Node), drawn
 * while the database starts.
 * Flags: --out <dir> (default public/demo), --seed <n> (default 58).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoTerritoryWithStats } from './demo/index.ts';
import { prepareDemoTables, type DemoManifest } from '../src/data/workspace.ts';
import { importSignature } from '../scripts/import_signature.ts';
import { writeDemoFirstScreen } from './demo/first_screen.ts';

export { generateDemoTerritory } from './demo/index.ts';

function parseArgs(argv: string[]): { out: string; seed: number } {
  let out = 'public/demo';
  let seed = 58;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = argv[++i];
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a.startsWith('--seed=')) seed = Number(a.slice(7));
    else throw new Error(`Option inconnue : ${a} (options : --out <dossier>, --seed <n>)`);
  }
  if (!out) throw new Error('--out attend un dossier');
  if (!Number.isInteger(seed)) throw new Error('--seed attend un entier');
  return { out, seed };
}

async function main(): Promise<void> {
  const { out, seed } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { files, totals } = generateDemoTerritoryWithStats(seed);
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  const manifest = JSON.parse(files.get('manifest.json')!) as DemoManifest;
  const tables = prepareDemoTables(manifest, files, importSignature(resolve(import.meta.dirname, '..')));
  const written = new Map<string, string | Uint8Array>(files);
  written.set('manifest.json', JSON.stringify({ ...manifest, prepared: tables.prepared }, null, 2) + '\n');
  written.set(tables.prepared.file, tables.bytes);
  for (const [name, content] of written) {
    writeFileSync(join(dir, name), content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  }
  // Made from the files as written, so that it is never from another version of them.
  bytes += await writeDemoFirstScreen(dir);
  const ms = performance.now() - started;
  console.log(`Territoire fictif Val-de-Loue (graine ${seed}) : ${written.size + 1} fichiers (dont ses tables préparées et son premier écran), ${(bytes / 1e6).toFixed(2)} Mo, ${ms.toFixed(0)} ms → ${dir}`);
  console.log(
    `${totals.communes} communes, ${totals.population} habitants, ${totals.area_km2} km², ${totals.density} hab./km², ` +
      `65+ ${(totals.share_65p * 100).toFixed(1)} %, 75+ ${(totals.share_75p * 100).toFixed(1)} %`,
  );
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.dirname, 'generate_demo.ts');
if (invokedDirectly) {
  main().then(() => process.exit(0), (e: unknown) => {
    console.error(`Territoire de démonstration non écrit : ${(e as Error)?.message ?? e}`);
    process.exit(1);
  });
}
