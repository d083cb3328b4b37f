/**
 * Two small hand-made territories in the official formats (IGN commune contours as GeoJSON,
 * INSEE legal populations, ANCT France Services list): square communes 0.05° wide in a row,
 * with their populations, and one France Services in the first commune.
 */
import type { FileToLoad } from '../../../../src/data/workspace.ts';

export interface Territory {
  codes: string[];
  names: string[];
  population: number[];
  /** South-west corner of the first square. */
  lon0: number;
  lat0: number;
}

export const A: Territory = { codes: ['58001', '58002', '58003'], names: ['Alpha', 'Beta', 'Gamma'], population: [100, 200, 300], lon0: 3.5, lat0: 47 };
export const B: Territory = { codes: ['15001', '15002'], names: ['Delta', 'Epsilon'], population: [1000, 2000], lon0: 2.5, lat0: 45 };

const SIDE = 0.05;
const enc = (s: string) => new TextEncoder().encode(s);

export function communesGeoJson(t: Territory): FileToLoad {
  const features = t.codes.map((code, i) => {
    const x = t.lon0 + i * SIDE;
    const ring = [[x, t.lat0], [x + SIDE, t.lat0], [x + SIDE, t.lat0 + SIDE], [x, t.lat0 + SIDE], [x, t.lat0]];
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code, nom: t.names[i] } };
  });
  return { name: `communes-${t.codes[0]}.geojson`, bytes: enc(JSON.stringify({ type: 'FeatureCollection', features })) };
}

export function populations(t: Territory): FileToLoad {
  const lines = ['DEPCOM;COM;PMUN;PCAP;PTOT', ...t.codes.map((c, i) => `${c};${t.names[i]};${t.population[i]};0;${t.population[i]}`)];
  return { name: `Communes-${t.codes[0]}.csv`, bytes: enc(lines.join('\n') + '\n') };
}

const FS_HEADER = '"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com","code_postal","lib_com","latitude","longitude","mail","telephone","h_lundi","h_mardi","h_mercredi","h_jeudi","h_vendredi","h_samedi","prise_rdv","commentaire","type_fs","format_fs","groupe_fs","labellisation_fs"';

/** One France Services at the centre of the territory's first commune. */
export function franceServices(t: Territory): FileToLoad {
  const lon = t.lon0 + SIDE / 2;
  const lat = t.lat0 + SIDE / 2;
  const row = `"1","${t.codes[0].slice(0, 2)}","France services de ${t.names[0]}","1 place de la Mairie",,"${t.codes[0]}","00000","${t.names[0]}",${lat},${lon},,,"09:00 - 12:00","09:00 - 12:00","09:00 - 12:00","09:00 - 12:00","09:00 - 12:00",,"Non",,"Principal","Fixe",,`;
  return { name: `liste-fs-${t.codes[0]}.csv`, bytes: enc(`${FS_HEADER}\n${row}\n`) };
}

export const territoryFiles = (t: Territory) => [communesGeoJson(t), populations(t), franceServices(t)];

export const total = (t: Territory) => t.population.reduce((a, b) => a + b, 0);
