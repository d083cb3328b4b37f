/** Between SQL rows and the diagnosis engine: facts in, table rows out. */
import type { CommuneFacts, DiagnosisResult } from '../domain/access/diagnose.ts';
import type { MultiPolygonCoords, PolygonCoords, Zone } from '../domain/diagnosis/index.ts';
import type { Row } from './import/format.ts';
import type { IndicatorBases } from '../domain/diagnosis/indicator_labels.ts';
import type { CommuneFactsRow, FragilityInputRow } from './queries/diagnosis.ts';

/** `polygonOf` gives a commune's contour already parsed (the geometry is parsed once per version of the data). */
export function factsFromRows(rows: readonly CommuneFactsRow[], polygonOf: (code: string) => PolygonCoords | MultiPolygonCoords | null): CommuneFacts[] {
  return rows.map((r) => {
    const bands = [r.pop_0014, r.pop_1529, r.pop_3044, r.pop_4559, r.pop_6074, r.pop_7589, r.pop_90p];
    return {
      id: r.id,
      name: r.name,
      population: r.population,
      pop75: r.pop_75p,
      ages: bands.every((b) => b === null)
        ? null
        : { P_POP0014: r.pop_0014, P_POP1529: r.pop_1529, P_POP3044: r.pop_3044, P_POP4559: r.pop_4559, P_POP6074: r.pop_6074, P_POP7589: r.pop_7589, P_POP90P: r.pop_90p },
      noFibre: r.no_fibre,
      no4g: r.no4g,
      elderly75: r.share_75p,
      elderly65: r.share_65p,
      lowDiploma: r.share_low_diploma,
      lowIncome: r.low_income_secret ? 'secret' : r.share_low_income,
      minutes: r.mean_minutes !== null && Number.isFinite(r.mean_minutes) ? r.mean_minutes : null,
      polygon: polygonOf(r.id),
    };
  });
}

export function diagnosisRows(result: DiagnosisResult): { diagnosis: Row[]; zones: Row[] } {
  const diagnosis = result.communes.map((c) => ({
    code: c.id,
    fragility: c.fragility,
    fragility_partial: c.fragilityPartial,
    need: c.need.needing,
    assisted: c.need.assisted,
    trained: c.need.trained,
    occasional: c.need.occasional,
    people_per_fte: c.peoplePerFte,
    people_per_fte_status: c.peoplePerFteStatus,
    underserved: c.underserved,
    robust: c.robust,
    zone: c.zone,
  }));
  const zoneRow = (kind: string) => (z: Zone): Row => ({
    kind,
    rank: z.rank,
    codes: z.memberIds.join(','),
    names: z.names.join(', '),
    population: z.population,
    pop_75p: z.olderComplete || z.older > 0 ? z.older : null,
    need: z.needComplete || z.need > 0 ? z.need : null,
    need_complete: z.needComplete,
    max_minutes: z.maxMinutes,
    mean_minutes: z.meanMinutes,
    geom: z.geometry ? JSON.stringify({ type: 'MultiPolygon', coordinates: z.geometry }) : null,
  });
  return { diagnosis, zones: [...result.zones.map(zoneRow('underserved')), ...result.robustZones.map(zoneRow('robust'))] };
}

/** Communes per input of the network indicators (fragilityInputsSql), for the labels and the method text. */
export function indicatorBases(rows: readonly FragilityInputRow[]): IndicatorBases {
  const bases: IndicatorBases = { noFibre: {}, no4g: {} };
  for (const r of rows) {
    if (r.indicator === 'no_fibre') bases.noFibre[r.basis] = Number(r.communes);
    else bases.no4g[r.basis] = Number(r.communes);
  }
  return bases;
}
