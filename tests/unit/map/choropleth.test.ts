/** Choropleth classes and legend text of the communes layer, from commune rows. */
import { describe, expect, it } from 'vitest';
import type { CommuneRow } from '../../../src/data/queries/dashboard.ts';
import { VARIABLES, classMethodText, classesFor, communeFill, communeOutline, legendItems, variableNote, variableSource, variableSpec, type ChoroplethVariable } from '../../../src/map/choropleth.ts';
import { fibreLabelsOf } from '../../../src/domain/fixed_labels.ts';

const row = (p: Partial<CommuneRow>) => ({ code: '58000', nom: 'X', population: null, ftth_rate: null, ftth_basis: null, no4g_share: null, no4g_vintage: null, access_minutes: null, access_method: null, access_basis: null, ...p }) as CommuneRow;
const labels = (v: ChoroplethVariable, rows: CommuneRow[]) => legendItems(v, classesFor(v, rows)).map((i) => i.label.replace(/\s/g, ' '));

describe('classesFor and legendItems', () => {
  it.each([
    {
      name: 'fibre: 0 % alone, then natural breaks, counts, missing values counted',
      v: 'ftth_rate' as const,
      rows: [...Array(7).fill(0), 0.2, 0.21, 0.8, null].map((f) => row({ ftth_rate: f })),
      method: 'classes : seuils naturels (Jenks)',
      want: ['0,0 % (7 communes)', '20,0 % (1 commune)', '21,0 % (1 commune)', '80,0 % (1 commune)', 'donnée manquante (1 commune)'],
    },
    {
      name: 'one value for all: one class named by its value, not "toutes les communes"',
      v: 'population' as const,
      rows: [row({ population: 120 }), row({ population: 120 })],
      method: 'classes : quantiles (effectifs égaux)',
      want: ['120 (2 communes)', 'donnée manquante (0 commune)'],
    },
    {
      name: 'travel times: the fixed classes, with counts',
      v: 'access_minutes' as const,
      rows: [10, 16, 16, 50].map((m) => row({ access_minutes: m })),
      method: 'classes fixes',
      want: ['moins de 15 min (1 commune)', 'de 15 min à moins de 20 min (2 communes)', 'de 20 min à moins de 30 min (0 commune)', 'de 30 min à moins de 45 min (0 commune)', '45 min et plus (1 commune)', 'donnée manquante (0 commune)'],
    },
  ])('$name', ({ v, rows, method, want }) => {
    expect(labels(v, rows)).toEqual(want);
    expect(classMethodText(classesFor(v, rows))).toBe(method);
  });

  it('quantiles over spread values: five classes, each colour used once', () => {
    const c = classesFor('population', Array.from({ length: 100 }, (_, i) => row({ population: i * 10 })));
    expect(c.breaks).toHaveLength(4);
    expect(new Set(c.colors.map(String)).size).toBe(5);
    expect(c.summary?.map((s) => s.count)).toEqual([20, 20, 20, 20, 20]);
  });

  it('fewer classes than colours: colours spread over the whole scale', () => {
    const c = classesFor('population', [1, 2, 2].map((p) => row({ population: p })));
    expect(c.colors).toHaveLength(2);
    expect(c.colors[0]).not.toEqual(c.colors[1]);
  });
});

describe('variableSource', () => {
  it('travel times say the method used by the rows shown', () => {
    const rows = [row({ access_method: 'vol_oiseau', access_basis: 'centre', access_minutes: 12 })];
    expect(variableSource('access_minutes', rows)).toBe("Calcul Maillage : estimation à vol d'oiseau, depuis le centre de la commune");
    expect(variableSource('ftth_rate', rows)).toBe('Ma connexion internet (ARCEP)');
  });
});

describe('variableNote: what the fragility scale means (issue 19, item 10)', () => {
  const sp = (s: string | null) => s?.replace(/\s/g, ' ') ?? null;
  it.each([
    {
      reference: 'all' as const,
      want: 'Approximation locale : chaque indicateur est noté de 1 à 10 par rapport aux communes chargées (une note 10 place la commune parmi les 10 % des communes chargées les plus exposées sur cet indicateur ; un indice de 10, sur tous les indicateurs pondérés). L’indice compare les communes entre elles ici ; il n’est pas comparable à l’indice national de fragilité numérique.',
    },
    {
      reference: 'group' as const,
      want: 'Approximation locale : chaque indicateur est noté de 1 à 10 par rapport aux communes chargées du même département (une note 10 place la commune parmi les 10 % des communes chargées du même département les plus exposées sur cet indicateur ; un indice de 10, sur tous les indicateurs pondérés). L’indice compare les communes entre elles ici ; il n’est pas comparable à l’indice national de fragilité numérique.',
    },
  ])('reference $reference', ({ reference, want }) => {
    expect(sp(variableNote('fragility', { scaling: 'decile', reference }))).toBe(want);
  });

  it('the title says local approximation; other variables have no note', () => {
    expect(VARIABLES.fragility.label).toBe('Indice local de fragilité numérique (approximation, 1 à 10)');
    expect(variableNote('population', { scaling: 'decile', reference: 'all' })).toBeNull();
  });
});

describe('people per FTE: each status its own legend entry and colour (issue 19, legend gap)', () => {
  const ppf = (v: number | null, status: string | null) => row({ people_per_fte: v, people_per_fte_status: status });
  const sp = (s: string) => s.replace(/\s/g, ' ');
  // 6 finite figures (one of them estimated), 6 communes with no helper in reach, one of each other status, one not diagnosed.
  const many = [
    ...[340, 350, 360, 370, 380].map((v) => ppf(v, 'calcule')),
    ppf(400, 'estime'),
    ...Array.from({ length: 6 }, () => ppf(Infinity, 'aucun_aidant')),
    ppf(null, 'aucune_demande'),
    ppf(null, 'demande_inconnue'),
    ppf(null, null),
  ];

  it('many communes out of reach: no break at Infinity, no class named after a status, one entry per status', () => {
    const c = classesFor('people_per_fte', many);
    expect(c.breaks.every(Number.isFinite)).toBe(true);
    expect(Math.max(...c.breaks)).toBeLessThanOrEqual(400);
    // The classes hold exactly the 6 finite figures (hand count).
    expect(c.summary!.reduce((n, s) => n + s.count, 0)).toBe(6);
    const items = legendItems('people_per_fte', c).map((i) => sp(i.label));
    const classItems = items.slice(0, c.breaks.length + 1);
    expect(classItems.some((l) => l.includes('aucun aidant'))).toBe(false);
    expect(items.slice(c.breaks.length + 1)).toEqual([
      'aucun aidant à portée (6 communes)',
      'aucune demande (aucune personne ayant besoin d’aide estimée) (1 commune)',
      'non calculé : demande inconnue à portée (population manquante) (1 commune)',
      'contour orange : chiffre estimé (âges manquants, demande estimée d’après la population) (1 commune)',
      'donnée manquante (1 commune)',
    ]);
  });

  it('few communes out of reach: they are not folded into the top class', () => {
    const rows = [...Array.from({ length: 20 }, (_, i) => ppf(100 + i * 10, 'calcule')), ppf(Infinity, 'aucun_aidant')];
    const c = classesFor('people_per_fte', rows);
    expect(c.summary!.reduce((n, s) => n + s.count, 0)).toBe(20);
    expect(c.summary![c.summary!.length - 1].max).toBe(290);
    const top = c.colors[c.breaks.length];
    expect(communeFill('people_per_fte', rows[20], c)).not.toEqual(top);
    expect(sp(legendItems('people_per_fte', c).at(-2)!.label)).toBe('aucun aidant à portée (1 commune)');
  });

  it('map colours: one per status, none equal to a class colour or to « donnée manquante »; estimated figures keep their class colour and get an outline', () => {
    const c = classesFor('people_per_fte', many);
    const fills = ['aucun_aidant', 'aucune_demande', 'demande_inconnue'].map((s) => String(communeFill('people_per_fte', many.find((r) => r.people_per_fte_status === s), c)));
    const missing = String(communeFill('people_per_fte', many.at(-1), c));
    expect(new Set([...fills, missing]).size).toBe(4);
    for (const f of fills) expect(c.colors.map(String)).not.toContain(f);
    const estimated = many[5];
    expect(communeFill('people_per_fte', estimated, c)).toEqual(c.colors[c.colors.length - 1]);
    expect(communeOutline('people_per_fte', estimated)).not.toBeNull();
    expect(communeOutline('people_per_fte', many[0])).toBeNull();
    // The legend's outline entry is drawn as a line, in the outline's colour.
    const o = communeOutline('people_per_fte', estimated)!;
    const entry = legendItems('people_per_fte', c).find((i) => i.symbol === 'line')!;
    expect(entry.color).toBe(`#${o.map((x) => x.toString(16).padStart(2, '0')).join('')}`);
  });

  it('an older row without status: Infinity reads as « aucun aidant à portée »', () => {
    const c = classesFor('people_per_fte', [ppf(12, null), ppf(Infinity, null)]);
    expect(legendItems('people_per_fte', c).map((i) => sp(i.label))).toContain('aucun aidant à portée (1 commune)');
  });

  it('the layer menu names the figure with the words of the one label « … à accompagner par ETP … », not « Personnes par aidant »', () => {
    expect(VARIABLES.people_per_fte.label).toBe("Personnes à accompagner par ETP d'aidant");
    expect(VARIABLES.people_per_fte.short).toBe('À accompagner / ETP');
  });
});

/** The importer's two bases (src/data/import/formats/arcep_fixed.ts), as stored in fixed_broadband.ftth_basis. */
const FTTH = 'elig_ftth (locaux éligibles à la fibre)';
const GBIT = 'classe ≥ 1 Gbit/s (approximation, fichier à classes exclusives)';

describe('the fibre variable is named after what it measures (issue 14)', () => {
  it.each([
    { name: 'technology file (elig_ftth): fibre (FTTH)', bases: [FTTH, FTTH, null], label: 'Locaux éligibles à la fibre (FTTH)', short: 'Éligibilité fibre (FTTH)', menu: 'Fibre (FTTH)' },
    { name: '2019 file (exclusive classes): ≥ 1 Gbit/s, cable included', bases: [GBIT, null], label: 'Locaux éligibles à ≥ 1 Gbit/s, approximation (câble compris)', short: 'Éligibilité ≥ 1 Gbit/s, approximation (câble compris)', menu: '≥ 1 Gbit/s (approx.)' },
    { name: 'both: said per commune', bases: [FTTH, GBIT], label: 'Locaux éligibles à la fibre (FTTH) ou, selon la commune, à ≥ 1 Gbit/s, approximation (câble compris)', short: 'Éligibilité fibre (FTTH) ou ≥ 1 Gbit/s, approximation (câble compris) selon la commune', menu: 'Fibre ou ≥ 1 Gbit/s' },
    { name: 'nothing loaded: the variable keeps its name', bases: [null, null], label: 'Locaux éligibles à la fibre (FTTH)', short: 'Éligibilité fibre (FTTH)', menu: 'Fibre (FTTH)' },
  ])('$name', ({ bases, label, short, menu }) => {
    const rows = bases.map((b, i) => row({ code: `5800${i}`, ftth_basis: b, ftth_rate: b ? 0.5 : null }));
    const spec = variableSpec('ftth_rate', rows);
    expect(spec.label).toBe(label);
    // The layer menu's entry (20 characters at most); tooltip, table and key figures say `short`.
    expect(spec.short).toBe(menu);
    expect(menu.length).toBeLessThanOrEqual(20);
    expect(fibreLabelsOf(rows).short).toBe(short);
    // Only the name changes: values and classes are the same.
    expect(rows.map(spec.value)).toEqual(rows.map(VARIABLES.ftth_rate.value));
  });

  it('no other variable is renamed', () => {
    expect(variableSpec('population', [row({ ftth_basis: GBIT })])).toBe(VARIABLES.population);
  });
});

describe('4G coverage variable (issue 14)', () => {
  it('the share of the population without 4G, with the file\'s vintage; missing (never 0) where absent', () => {
    const rows = [row({ no4g_share: 0.05, no4g_vintage: '2024 T3' }), row({ no4g_share: 0.2, no4g_vintage: '2024 T3' }), row({})];
    expect(VARIABLES.no4g_share.label).toBe('Population non couverte en 4G (moyenne des opérateurs, ARCEP)');
    expect(variableSource('no4g_share', rows)).toBe('Mon réseau mobile, couverture 4G par commune (ARCEP), millésime 2024 T3');
    expect(labels('no4g_share', rows)).toEqual(['5,0 % (1 commune)', '20,0 % (1 commune)', 'donnée manquante (1 commune)']);
  });

  it('not loaded: every commune missing, and the source says so', () => {
    const rows = [row({}), row({})];
    expect(variableSource('no4g_share', rows)).toBe('Mon réseau mobile, couverture 4G par commune (ARCEP), non chargée');
    expect(classesFor('no4g_share', rows).missing).toBe(2);
  });
});
