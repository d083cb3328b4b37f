/**
 * What the generated demo territory holds, read straight from its files (the output of
 * `npm run data:demo`, copied to dist/demo and dist-e2e/demo by the builds) with papaparse and JSON.parse, apart
 * from the app's importers: tests compare what the app loaded with these counts, exactly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';

/** The demo files that are not tables (read by hand from data/SOURCES.md and src/data/workspace.ts). */
const NOT_TABLES = new Set([
  'troncons_routes.geojson', // the road network: it goes to the travel-time engine
  'cantons_communes.csv', // the canton of each commune, read with cantons.geojson
]);

export interface DemoCounts {
  communes: number;
  /** Help points per kind, as the dashboard names them. */
  helpPoints: { france_services: number; mediation: number; conseiller: number; mediatheque: number };
  gridCells: number;
  mobileSites: number;
  /** Files loaded as tables (each one row of `sources`), in manifest order. */
  tableFiles: string[];
}

export function readDemoCounts(dir: string): DemoCounts {
  const text = (file: string) => readFileSync(resolve(dir, file), 'utf8');
  const csvRows = (file: string) => Papa.parse(text(file), { header: true, skipEmptyLines: true }).data.length;
  const jsonItems = (file: string) => (JSON.parse(text(file)) as unknown[]).length;
  const features = (file: string) => (JSON.parse(text(file)) as { features: unknown[] }).features.length;
  const manifest = JSON.parse(text('manifest.json')) as { files: { file: string }[] };
  return {
    communes: features('communes.geojson'),
    helpPoints: {
      france_services: csvRows('liste-fs.csv'),
      mediation: jsonItems('lieux-mediation-numerique.json'),
      conseiller: jsonItems('cnfs.json'),
      // Places open to the public: an administrative address (a network's seat) is not one.
      mediatheque: (Papa.parse<Record<string, string>>(text('adresses-des-bibliotheques-publiques.csv'), { header: true, skipEmptyLines: true }).data)
        .filter((r) => r.type_adresse !== 'Adresse administrative').length,
    },
    gridCells: csvRows('carreaux_1km.csv'),
    mobileSites: csvRows('sites_mobiles_L93.csv'),
    tableFiles: manifest.files.map((f) => f.file).filter((f) => !NOT_TABLES.has(f)),
  };
}

export const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
