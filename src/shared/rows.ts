/**
 * The rows the dashboard reads from its queries and draws (src/data/queries builds the SQL, the
 * map draws the rows): typed here, apart from both, so that the map never depends on the SQL.
 */
/** A commune's figures (its contour is read apart, communeShapesSql). */
export interface CommuneRow {
  code: string;
  nom: string;
  lon: number;
  lat: number;
  /** Where lon/lat come from: 'point' (town hall or La Poste point), 'centroid' (centre of the contour). */
  ref_point: 'point' | 'centroid';
  epci: string | null;
  epci_nom: string | null;
  population: number | null;
  pop_75p: number | null;
  share_75p: number | null;
  ftth_rate: number | null;
  /** What ftth_rate counts, as the importer recorded it (see domain/fixed_labels.ts); null without a count. */
  ftth_basis: string | null;
  /** Share of the population with no 4G coverage, averaged over the operators (ARCEP); null when not loaded. */
  no4g_share: number | null;
  /** Vintage of the coverage file that gave no4g_share. */
  no4g_vintage: string | null;
  area_km2: number;
  fs_distance_m: number | null;
  fs_name: string | null;
  pn_distance_m: number | null;
  pn_name: string | null;
  /** Travel time for the chosen help-point group (null before the computation). */
  access_minutes: number | null;
  access_centre_minutes: number | null;
  access_help_name: string | null;
  access_basis: string | null;
  access_method: string | null;
  access_share_beyond: number | null;
  /** Diagnosis (null before it is computed). */
  fragility: number | null;
  fragility_partial: boolean | null;
  need: number | null;
  need_rate: number | null;
  people_per_fte: number | null;
  /** How people_per_fte was obtained (PeoplePerFteStatus); null before the diagnosis. */
  people_per_fte_status: string | null;
  underserved: boolean | null;
  robust: boolean | null;
  zone: number | null;
}

export interface HelpPointRow {
  id: string;
  kind: string;
  name: string;
  commune_name: string | null;
  address: string | null;
  lon: number;
  lat: number;
  type_fs: string | null;
  format_fs: string | null;
  hours_per_week: number | null;
  staff: number | null;
  /** Agents of a France Services when a file gives them. */
  agents: number | null;
  /** True for a France Services whose supply uses the default number of agents. */
  agents_default: boolean;
  /** Id of the listing kept for the same place (this one then adds no supply); null when kept or alone. */
  duplicate_of: string | null;
  /** False for points of the buffer around the territory (they serve the computations only). */
  inside: boolean;
}

export interface GridRow {
  id: string;
  x: number;
  y: number;
  lon: number;
  lat: number;
  pop: number;
  pop_80p: number | null;
  /** INSEE code of the cell's commune when the grid file gives it (Filosofi's own 1 km file does not). */
  commune_code: string | null;
}
