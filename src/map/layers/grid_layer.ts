/** 1 km population grid: squares in EPSG:3035 drawn as polygons in lon/lat. */
import { PolygonLayer } from '@deck.gl/layers';
import type { GridRow } from '../../shared/rows.ts';
import { classOf } from '../../domain/classify.ts';
import { laea3035ToWgs84 } from '../../domain/projection.ts';
import { MISSING_COLOR, SEQUENTIAL_PURPLES } from '../palette.ts';
import { ACCESS_CLASSES } from '../choropleth.ts';

export interface GridCell {
  row: GridRow;
  polygon: [number, number][];
}

/** Cell corners from the centre (x, y) of a 1 km cell in EPSG:3035. */
export function toGridCells(rows: readonly GridRow[], size = 1000): GridCell[] {
  const h = size / 2;
  return rows.map((row) => ({
    row,
    polygon: [
      laea3035ToWgs84(row.x - h, row.y - h),
      laea3035ToWgs84(row.x + h, row.y - h),
      laea3035ToWgs84(row.x + h, row.y + h),
      laea3035ToWgs84(row.x - h, row.y + h),
    ],
  }));
}


export type GridMode = 'population' | 'access';

/**
 * Cells coloured by population (quantile classes) or, in 'access' mode, by travel time to the
 * nearest help point of the chosen group (fixed classes).
 */
export function gridLayer(
  cells: readonly GridCell[],
  breaks: number[],
  visible: boolean,
  mode: GridMode = 'population',
  minutes: ReadonlyMap<string, number> | null = null,
) {
  const color = (c: GridCell): [number, number, number, number] => {
    if (mode === 'access') {
      const m = minutes?.get(c.row.id);
      const k = classOf(m === undefined || !Number.isFinite(m) ? 1e9 : m, ACCESS_CLASSES.breaks) ?? 0;
      return m === undefined ? [...MISSING_COLOR, 160] : [...ACCESS_CLASSES.colors[k], 220];
    }
    return [...SEQUENTIAL_PURPLES[classOf(c.row.pop, breaks) ?? 0], 210];
  };
  return new PolygonLayer<GridCell>({
    id: 'grid',
    data: cells,
    visible,
    pickable: false, // hit testing on the CPU (../hit_test.ts)
    stroked: false,
    getPolygon: (c) => c.polygon,
    getFillColor: color,
    updateTriggers: { getFillColor: [breaks, mode, minutes] },
  });
}
