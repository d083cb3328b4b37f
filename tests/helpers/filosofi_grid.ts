/**
 * A big CSV for import tests: an INSEE Filosofi-like 1 km population grid over France, written at
 * test time with a stream (a few seconds for 500 MB).
 */
import { createWriteStream } from 'node:fs';

/**
 * Writes a Filosofi-like 1 km grid (the columns of INSEE's file, no commune code, as in INSEE's own
 * 1 km file) over France, cell after cell, until `target` bytes. Cells around the demo territory
 * are left out, so that the dashboard of the demo stays the same. Returns the data lines written.
 */
export async function writeGrid(path: string, target: number): Promise<{ rows: number; bytes: number }> {
  const out = createWriteStream(path);
  const header = 'Idcar_1km,I_est_1km,x,y,Depcom,Ind,Men,Men_pauv,Men_1ind,Men_5ind,Men_prop,Men_fmp,Ind_snv,Men_surf,Men_coll,Men_mais,Log_av45,Log_45_70,Log_70_90,Log_ap90,Log_inc,Log_soc,Ind_0_3,Ind_4_5,Ind_6_10,Ind_11_17,Ind_18_24,Ind_25_39,Ind_40_54,Ind_55_64,Ind_65_79,Ind_80p,Ind_inc\n';
  let chunk = header;
  let bytes = header.length;
  let rows = 0;
  outer: for (let y = 1_000_500; y < 4_000_000; y += 1000) {
    for (let x = 2_000_500; x < 5_000_000; x += 1000) {
      if (x > 3_600_000 && x < 4_000_000 && y > 2_550_000 && y < 2_850_000) continue; // around the demo territory
      const ind = (x * 7 + y * 13) % 997;
      const line = `CRS3035RES1000mN${y - 500}E${x - 500},1,${x},${y},,${ind},${ind >> 1},${ind >> 4},${ind >> 3},${ind >> 5},${ind >> 2},${ind >> 5},${(ind * 21011.5).toFixed(1)},${ind * 3},${ind >> 2},${ind >> 2},${ind >> 4},${ind >> 4},${ind >> 4},${ind >> 3},0,${ind >> 5},${ind >> 5},${ind >> 6},${ind >> 5},${ind >> 5},${ind >> 5},${ind >> 3},${ind >> 3},${ind >> 4},${ind >> 4},${ind >> 5},0\n`;
      chunk += line;
      bytes += line.length;
      rows++;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        chunk = '';
      }
      if (bytes >= target) break outer;
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.on('finish', () => r()));
  return { rows, bytes };
}

