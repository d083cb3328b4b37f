/**
 * The DuckDB tables every layer is loaded into. One declaration, used to create the tables,
 * to type the Arrow batches on insert, and by the SQL builders.
 * Every row keeps the dataset it came from (`dataset`), so that a figure can be traced back.
 */
export type SqlType = 'VARCHAR' | 'DOUBLE' | 'INTEGER' | 'BOOLEAN';

export interface TableSchema {
  name: string;
  columns: Record<string, SqlType>;
  description: string;
}

const table = <C extends Record<string, SqlType>>(name: string, description: string, columns: C) =>
  ({ name, description, columns: { ...columns, dataset: 'VARCHAR' } }) as const;

export const TABLES = {
  communes: table('communes', 'Contours des communes', {
    code: 'VARCHAR', nom: 'VARCHAR', geom: 'VARCHAR', area_km2: 'DOUBLE', centroid_lon: 'DOUBLE', centroid_lat: 'DOUBLE',
  }),
  cantons: table('cantons', 'Contours des cantons', { code: 'VARCHAR', nom: 'VARCHAR', geom: 'VARCHAR' }),
  commune_points: table('commune_points', 'Point de référence des communes (La Poste)', {
    code: 'VARCHAR', nom: 'VARCHAR', code_postal: 'VARCHAR', lon: 'DOUBLE', lat: 'DOUBLE',
  }),
  legal_population: table('legal_population', 'Populations légales', {
    code: 'VARCHAR', nom: 'VARCHAR', pmun: 'INTEGER', pcap: 'INTEGER', ptot: 'INTEGER',
  }),
  population_age: table('population_age', "Population par tranche d'âge", {
    code: 'VARCHAR', pop: 'INTEGER', pop_0014: 'INTEGER', pop_1529: 'INTEGER', pop_3044: 'INTEGER', pop_4559: 'INTEGER',
    pop_6074: 'INTEGER', pop_7589: 'INTEGER', pop_90p: 'INTEGER', pop_65p: 'INTEGER', pop_75p: 'INTEGER',
  }),
  social: table('social', 'Diplôme, ménages, âge (recensement)', {
    code: 'VARCHAR', tx_nscol15p: 'DOUBLE', tx_menseul: 'DOUBLE', tx_65etplus: 'DOUBLE',
  }),
  poverty: table('poverty', 'Part de foyers fiscaux à bas revenus', { code: 'VARCHAR', tx_poverty: 'DOUBLE' }),
  commune_epci: table('commune_epci', 'Appartenance des communes aux EPCI', {
    code: 'VARCHAR', epci: 'VARCHAR', nature_epci: 'VARCHAR', dep: 'VARCHAR',
    /** 'cog' when derived from today's COG for a contour file that gives no membership; null from the file itself. */
    origin: 'VARCHAR',
  }),
  epci: table('epci', 'EPCI', { siren: 'VARCHAR', nom: 'VARCHAR', nature: 'VARCHAR' }),
  grid: table('grid', 'Carreaux de population de 1 km', {
    id: 'VARCHAR', x: 'DOUBLE', y: 'DOUBLE', lon: 'DOUBLE', lat: 'DOUBLE', commune_code: 'VARCHAR',
    pop: 'DOUBLE', households: 'DOUBLE', poor_households: 'DOUBLE', pop_65_79: 'DOUBLE', pop_80p: 'DOUBLE',
  }),
  /**
   * One row per commune and file. `thd30`: premises eligible at 30 Mbit/s or more (null when the
   * file counts satellite); `thd1g`: at 1 Gbit/s or more (fibre AND cable); `ftth`: premises that
   * can be connected to fibre, only from a file that says so (`ftth_basis`). `scope`: what the
   * speed classes cover; `classes`: cumulative or exclusive in the file read (see arcep_fixed.ts).
   */
  fixed_broadband: table('fixed_broadband', 'Éligibilité au haut et très haut débit fixe', {
    code: 'VARCHAR', premises: 'INTEGER', thd30: 'INTEGER', ftth: 'INTEGER', date: 'VARCHAR',
    thd1g: 'INTEGER', ftth_basis: 'VARCHAR', scope: 'VARCHAR', classes: 'VARCHAR',
  }),
  mobile_sites: table('mobile_sites', 'Sites mobiles', {
    operator: 'VARCHAR', lon: 'DOUBLE', lat: 'DOUBLE', g2: 'BOOLEAN', g3: 'BOOLEAN', g4: 'BOOLEAN',
    g5: 'BOOLEAN', commune_code: 'VARCHAR',
  }),
  /**
   * ARCEP per-commune coverage statistics ("Mon réseau mobile"): shares in % of the population
   * (pop_) and of the area (area_, the files' couv_) with no coverage (nc), limited (cl), good (bc)
   * and very good (tbc) coverage, per technology and operator.
   */
  mobile_coverage: table('mobile_coverage', 'Couverture mobile par commune, technologie et opérateur (ARCEP)', {
    code: 'VARCHAR', operator: 'VARCHAR', technology: 'VARCHAR',
    pop_nc: 'DOUBLE', pop_cl: 'DOUBLE', pop_bc: 'DOUBLE', pop_tbc: 'DOUBLE',
    area_nc: 'DOUBLE', area_cl: 'DOUBLE', area_bc: 'DOUBLE', area_tbc: 'DOUBLE',
  }),
  help_points: table('help_points', "Points d'aide (France Services, médiation, conseillers, médiathèques)", {
    id: 'VARCHAR', kind: 'VARCHAR', name: 'VARCHAR', commune_code: 'VARCHAR', commune_name: 'VARCHAR', address: 'VARCHAR',
    lon: 'DOUBLE', lat: 'DOUBLE', type_fs: 'VARCHAR', format_fs: 'VARCHAR', hours_per_week: 'DOUBLE', staff: 'DOUBLE',
    /** Agents of a France Services when a file gives them (none of the known formats does: null). */
    agents: 'DOUBLE',
    code_postal: 'VARCHAR', typology: 'VARCHAR', labels: 'VARCHAR',
  }),
  sources: table('sources', 'Fichiers chargés et leur provenance', {
    file: 'VARCHAR', format_id: 'VARCHAR', format_label: 'VARCHAR', source: 'VARCHAR', vintage: 'VARCHAR',
    fictional: 'BOOLEAN', rows: 'INTEGER', rejected: 'INTEGER', encoding: 'VARCHAR',
    /** For layers fetched from an official source: the address asked and when (ISO date-time). */
    url: 'VARCHAR', retrieved_at: 'VARCHAR',
    /** For layers fetched from data.gouv.fr: the data set and resource read ("id (slug)", "id — title"). */
    origin_dataset: 'VARCHAR', origin_resource: 'VARCHAR',
  }),
  departements: table('departements', 'Contours des départements', { code: 'VARCHAR', nom: 'VARCHAR', geom: 'VARCHAR' }),
  coverage_polygons: table('coverage_polygons', 'Zones de couverture mobile (ARCEP, polygones)', {
    operator: 'VARCHAR', technology: 'VARCHAR', level: 'VARCHAR', geom: 'VARCHAR',
  }),
  custom_indicators: table('custom_indicators', 'Indicateurs communaux importés par l’utilisateur', {
    code: 'VARCHAR', name: 'VARCHAR', value: 'DOUBLE',
  }),
  territory_communes: table('territory_communes', 'Communes du territoire étudié et de sa zone tampon (calculé)', {
    code: 'VARCHAR', inside: 'BOOLEAN', in_buffer: 'BOOLEAN', distance_m: 'DOUBLE',
  }),
  territory_help_points: table('territory_help_points', "Points d'aide du territoire étudié et de sa zone tampon (calculé)", {
    id: 'VARCHAR', help_dataset: 'VARCHAR', inside: 'BOOLEAN', in_buffer: 'BOOLEAN', distance_m: 'DOUBLE',
  }),
  /**
   * The commune of each grid cell that its file gives none (INSEE's 1 km file), found by
   * point-in-polygon when the territory is set; null: examined, in no loaded commune contour.
   */
  territory_grid: table('territory_grid', 'Commune de chaque carreau sans code commune (calculé)', {
    id: 'VARCHAR', grid_dataset: 'VARCHAR', commune_code: 'VARCHAR',
  }),
  access_times: table('access_times', "Temps d'accès au point d'aide le plus proche (calculé)", {
    target: 'VARCHAR', target_id: 'VARCHAR', grp: 'VARCHAR', minutes: 'DOUBLE', help_id: 'VARCHAR', method: 'VARCHAR',
  }),
  help_point_merges: table('help_point_merges', "Doublons entre fichiers de points d'aide (même lieu, moins de 50 m, nom proche)", {
    kept_uid: 'VARCHAR', merged_uid: 'VARCHAR', kept_name: 'VARCHAR', merged_name: 'VARCHAR', distance_m: 'DOUBLE', similarity: 'DOUBLE',
  }),
  mobile_proxy: table('mobile_proxy', 'Estimation de la couverture 4G (part des opérateurs sans site 4G à proximité)', {
    target: 'VARCHAR', target_id: 'VARCHAR', uncovered: 'DOUBLE',
  }),
  diagnosis: table('diagnosis', 'Diagnostic par commune (calculé)', {
    code: 'VARCHAR', fragility: 'DOUBLE', fragility_partial: 'BOOLEAN', need: 'DOUBLE', assisted: 'DOUBLE', trained: 'DOUBLE',
    occasional: 'DOUBLE', people_per_fte: 'DOUBLE', people_per_fte_status: 'VARCHAR', underserved: 'BOOLEAN', robust: 'BOOLEAN', zone: 'INTEGER',
  }),
  zones: table('zones', 'Zones mal desservies (calculé)', {
    kind: 'VARCHAR', rank: 'INTEGER', codes: 'VARCHAR', names: 'VARCHAR', population: 'DOUBLE', pop_75p: 'DOUBLE', need: 'DOUBLE',
    need_complete: 'BOOLEAN', max_minutes: 'DOUBLE', mean_minutes: 'DOUBLE', geom: 'VARCHAR',
  }),
  nearest_straight: table('nearest_straight', "Point d'aide le plus proche à vol d'oiseau (calculé)", {
    target: 'VARCHAR', target_id: 'VARCHAR', grp: 'VARCHAR', help_id: 'VARCHAR', distance_m: 'DOUBLE',
  }),
} as const;

export type TableName = keyof typeof TABLES;
export type ColumnsOf<T extends TableName> = keyof (typeof TABLES)[T]['columns'] & string;
export type CellValue = string | number | boolean | null;

export function createTableSql(name: TableName, as = TABLES[name].name): string {
  const cols = Object.entries(TABLES[name].columns).map(([c, t]) => `"${c}" ${t}`);
  return `CREATE TABLE IF NOT EXISTS ${as} (${cols.join(', ')})`;
}
