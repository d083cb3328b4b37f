/**
 * ARCEP mobile coverage polygons. The fixed broadband files are in arcep_fixed.ts, the mobile
 * sites and per-commune coverage statistics in arcep_mobile.ts.
 */
import type { FileFormat, Rejected, Row } from '../format.ts';
import { str } from './shared.ts';
import { polygonOrReject } from './geography.ts';
import { OPERATORS } from './arcep_mobile.ts';

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
