/** ARCEP coverage: fixed broadband eligibility per commune, mobile sites with 2G/3G/4G flags. */
import { hasColumns, type FileFormat, type Rejected, type Row } from '../format.ts';
import { lambert93ToWgs84 } from '../../../domain/projection.ts';
import { inseeCode, int, num, str } from './shared.ts';
import { polygonOrReject } from './geography.ts';

const DEBIT_COLUMNS = ['code_insee', 'nbr', 'elig_thd30', 'elig_thd100', 'elig_thd1g'] as const;

export const arcepFixedBroadband: FileFormat = {
  id: 'arcep_ma_connexion_internet',
  label: 'Éligibilité internet fixe par commune (ARCEP, Ma connexion internet)',
  source: 'ARCEP – Ma connexion internet, statistiques communales',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, DEBIT_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const code = inseeCode(v.code_insee);
      const premises = int(v.nbr);
      if (!code || premises === null) {
        rejected.push({ line, reason: !code ? `code commune « ${v.code_insee} » invalide` : 'nombre de locaux (nbr) absent' });
        continue;
      }
      const thd30 = (int(v.elig_thd30) ?? 0) + (int(v.elig_thd100) ?? 0) + (int(v.elig_thd1g) ?? 0);
      rows.push({ code, premises, thd30, ftth: int(v.elig_thd1g), date: str(v.date) });
    }
    return { rows: { fixed_broadband: rows }, rejected, warnings: [] };
  },
};

const OPERATORS: Record<string, string> = {
  '20801': 'Orange',
  '20810': 'SFR',
  '20815': 'Free Mobile',
  '20820': 'Bouygues Telecom',
};

export const arcepMobileSites: FileFormat = {
  id: 'arcep_sites_mobiles',
  label: 'Sites mobiles 2G/3G/4G en Lambert-93 (ARCEP)',
  source: 'ARCEP – Mon réseau mobile, sites',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['Operateur', 'x', 'y', '4G']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const x = num(v.x);
      const y = num(v.y);
      if (x === null || y === null || x < 0 || x > 1_300_000 || y < 6_000_000 || y > 7_200_000) {
        rejected.push({ line, reason: 'coordonnées x/y absentes ou hors de la France en Lambert-93' });
        continue;
      }
      const [lon, lat] = lambert93ToWgs84(x, y);
      const op = str(v.Operateur) ?? '';
      rows.push({
        operator: OPERATORS[op] ?? op, lon, lat, g2: v['2G'] === '1', g3: v['3G'] === '1', g4: v['4G'] === '1',
      });
    }
    return { rows: { mobile_sites: rows }, rejected, warnings: [] };
  },
};

const OPERATOR_KEYS = ['operateur', 'operator', 'nom_operateur', 'op', 'nom_op'];
const TECHNOLOGY_KEYS = ['techno', 'technologie', 'technology', 'generation', 'reseau'];
const LEVEL_KEYS = ['niveau', 'level', 'qualite', 'couverture'];

/** The property of `props` whose lower-cased name is one of `names`. */
export function findKey(keys: readonly string[], names: readonly string[]): string | undefined {
  return keys.find((k) => names.includes(k.toLowerCase()));
}

/**
 * ARCEP mobile coverage polygons (couverture théorique, when a user has them): a FeatureCollection
 * of Polygon/MultiPolygon with an operator and a technology property (e.g. operateur, techno, niveau).
 */
export const arcepCoveragePolygons: FileFormat = {
  id: 'arcep_couverture_polygones',
  label: 'Zones de couverture mobile (ARCEP, polygones)',
  source: 'ARCEP – Mon réseau mobile, couvertures théoriques',
  type: 'geojson',
  detect: (s) =>
    s.type === 'geojson' &&
    (s.geometryType === 'Polygon' || s.geometryType === 'MultiPolygon') &&
    findKey(s.propertyKeys, OPERATOR_KEYS) !== undefined &&
    findKey(s.propertyKeys, TECHNOLOGY_KEYS) !== undefined,
  parse(input) {
    if (input.type !== 'geojson') throw new Error('geojson expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const f of input.features) {
      const keys = Object.keys(f.properties);
      const op = str(f.properties[findKey(keys, OPERATOR_KEYS) ?? '']);
      const techno = str(f.properties[findKey(keys, TECHNOLOGY_KEYS) ?? '']);
      if (!op || !techno) {
        rejected.push({ line: f.index, reason: !op ? 'opérateur absent' : 'technologie absente' });
        continue;
      }
      const geom = polygonOrReject(f, rejected);
      if (!geom) continue;
      rows.push({
        operator: OPERATORS[op] ?? op,
        technology: /^\d$/.test(techno) ? `${techno}G` : techno.toUpperCase(),
        level: str(f.properties[findKey(keys, LEVEL_KEYS) ?? '']),
        geom: JSON.stringify(geom),
      });
    }
    return { rows: { coverage_polygons: rows }, rejected, warnings: [] };
  },
};
