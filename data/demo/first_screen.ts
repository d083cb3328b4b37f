/**
 * The demo's first screen (src/ui/state/first_screen.ts): its map and headline figures, computed
 * by the dashboard's own pipeline (the session's parts wired in Node, as the tests run them) on
 * the demo files just written, so that the first visit draws them before the database has started.
 * The one file outside src/ui and tests that reaches the UI state (eslint.config.js says why).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openParts } from '../../tests/helpers/session_parts.ts';
import { DEMO_BUILD, DEMO_FIRST_SCREEN_FILE, firstScreenOf, firstScreenToJson, type FirstScreen } from '../../src/ui/state/first_screen.ts';

export async function computeDemoFirstScreen(dir: string): Promise<FirstScreen> {
  const parts = await openParts({ fetchDemo: async (f) => new Uint8Array(await readFile(join(dir, f))) });
  try {
    await parts.workspace.start(() => {});
    await parts.computing();
    const { analysis, workspace, view } = parts.store.getSnapshot();
    if (analysis.status !== 'ready') throw new Error(`analyse du territoire de démonstration : ${analysis.error ?? analysis.status}`);
    const fs = firstScreenOf({
      build: DEMO_BUILD, kind: 'demo', computedAt: null, title: workspace.manifest?.name ?? null,
      choice: { group: view.group, threshold: view.threshold, thresholdKmFs: view.thresholdKmFs, thresholdKmPn: view.thresholdKmPn },
      network: workspace.network?.name ?? null, estimate: workspace.estimate, analysis,
    });
    if (!fs) throw new Error("le territoire de démonstration n'a donné aucun chiffre");
    return fs;
  } finally {
    await parts.db.close();
  }
}

/** Writes the first screen beside the demo's files in `dir` (made from them as written); returns its size in bytes. */
export async function writeDemoFirstScreen(dir: string): Promise<number> {
  const file = join(dir, DEMO_FIRST_SCREEN_FILE);
  await rm(file, { force: true });
  const text = firstScreenToJson(await computeDemoFirstScreen(dir));
  await writeFile(file, text);
  return Buffer.byteLength(text);
}
