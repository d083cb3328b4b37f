import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import {
  decodeViewState,
  encodeViewState,
  missingData,
  viewStateFromHash,
  viewStateToHash,
  type ViewState,
} from '../../../src/export/link_state.ts';

const typical: ViewState = {
  center: [3.512345, 47.123456],
  zoom: 8.75,
  visibleLayers: ['communes', 'france_services', 'points_numeriques', 'isochrones'],
  choroplethVariable: 'part_75_plus',
  accessGroup: 'france_services',
  threshold: 30,
  weights: { population: 1, age_75_plus: 0.5, sans_voiture: 0.25 },
  scenario: {
    name: 'Scénario Morvan : deux antennes',
    sites: [
      { lon: 3.941235, lat: 47.063457, kind: 'france_services', typeFs: 'antenne' },
      { lon: 3.5, lat: 46.9, kind: 'mediatheque' },
      { lon: 3.2, lat: 47.4, kind: 'france_services', typeFs: 'bus' },
    ],
  },
  datasets: [
    { file: 'france_services_2025.csv', rows: 2840 },
    { file: 'communes_nievre.geojson', rows: 309 },
    { file: 'routes_osm_nievre.pbf', rows: 184233 },
  ],
};
Object.freeze(typical);

const wire = (o: unknown) =>
  Buffer.from(deflateSync(strToU8(JSON.stringify(o)))).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const validWire = { v: 1, c: [3.5, 47], z: 8, l: [], cv: null, g: 'any', t: 15, w: {}, s: null, d: [] };

describe('shareable link state', () => {
  it('round-trips a typical view, and the link stays short', () => {
    const hash = viewStateToHash(typical);
    expect(hash).toMatch(/^#vue=[A-Za-z0-9_-]+$/);
    const back = viewStateFromHash(`https://maillage.example/#${hash.slice(1)}`);
    expect(back).toEqual({ ok: true, state: typical });
    console.info(`Typical shared link fragment (${hash.length} characters): ${hash}`);
    expect(hash.length).toBeLessThan(600);
  });

  it('round-trips a minimal view (no scenario, no variable)', () => {
    const s: ViewState = { ...typical, choroplethVariable: null, scenario: null, weights: {}, datasets: [], visibleLayers: [] };
    expect(decodeViewState(encodeViewState(s))).toEqual({ ok: true, state: s });
  });

  it('carries the diagnosis settings (reference, share, criterion); links without them stay valid', () => {
    const s: ViewState = { ...typical, diagnosis: { reference: 'group', topShare: 0.15, criterion: 'both' } };
    expect(decodeViewState(encodeViewState(s))).toEqual({ ok: true, state: s });
    const old = decodeViewState(wire(validWire));
    expect(old.ok && 'diagnosis' in old.state).toBe(false);
  });

  it('carries the decay bands (dg.b); a link made before them has none, and its other settings still read', () => {
    const s: ViewState = { ...typical, diagnosis: { reference: 'all', topShare: 0.3, criterion: 'need', decay: 'apl_drees_2012' } };
    expect(decodeViewState(encodeViewState(s))).toEqual({ ok: true, state: s });
    const before = decodeViewState(wire({ ...validWire, dg: { r: 'group', s: 0.2, c: 'both' } }));
    expect(before).toEqual({ ok: true, state: expect.objectContaining({ diagnosis: { reference: 'group', topShare: 0.2, criterion: 'both' } }) });
  });

  it.each([
    { name: 'an unknown criterion', dg: { r: 'all', s: 0.3, c: 'toujours' }, reason: /critère du diagnostic inconnu/ },
    { name: 'a share out of the settings range', dg: { r: 'all', s: 0.9, c: 'need' }, reason: /part « élevée » du diagnostic invalide/ },
    { name: 'an unknown reference', dg: { r: 'monde', s: 0.3, c: 'need' }, reason: /choix de référence des notes de fragilité inconnu/ },
    { name: 'not an object', dg: [1, 2], reason: /réglages du diagnostic invalides/ },
    { name: 'unknown decay bands', dg: { r: 'all', s: 0.3, c: 'need', b: 'gauss' }, reason: /pondération selon le temps d’accès inconnu : gauss/ },
  ])('refuses diagnosis settings with $name', ({ dg, reason }) => {
    const r = decodeViewState(wire({ ...validWire, dg }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('rounds coordinates to 6 decimals and zoom to 2', () => {
    const r = decodeViewState(encodeViewState({ ...typical, center: [3.12345678, 47.98765432], zoom: 8.123 }));
    expect(r.ok && r.state.center).toEqual([3.123457, 47.987654]);
    expect(r.ok && r.state.zoom).toBe(8.12);
  });

  it('finds the view among other fragment parameters; no parameter = no shared view', () => {
    const payload = encodeViewState(typical);
    expect(viewStateFromHash(`#autre=1&vue=${payload}`)?.ok).toBe(true);
    expect(viewStateFromHash('#autre=1')).toBeNull();
    expect(viewStateFromHash('')).toBeNull();
  });

  const cases: { name: string; payload: string; reason: RegExp }[] = [
    { name: 'empty', payload: '', reason: /vide/ },
    { name: 'non-base64 characters', payload: 'abc$%^', reason: /caractères inattendus/ },
    { name: 'not deflate', payload: 'SGVsbG8gd29ybGQ', reason: /illisible/ },
    { name: 'truncated', payload: encodeViewState(typical).slice(0, 40), reason: /illisible|coupé/ },
    { name: 'deflated non-JSON', payload: Buffer.from(deflateSync(strToU8('pas du json'))).toString('base64url'), reason: /illisible/ },
    { name: 'JSON array', payload: wire([1, 2]), reason: /illisible/ },
    { name: 'newer version', payload: wire({ ...validWire, v: 2 }), reason: /version plus récente/ },
    { name: 'missing version', payload: wire({ ...validWire, v: undefined }), reason: /Version de lien non prise en charge/ },
    { name: 'zoom out of range', payload: wire({ ...validWire, z: 23 }), reason: /zoom/ },
    { name: 'longitude out of range', payload: wire({ ...validWire, c: [200, 47] }), reason: /Longitude du centre/ },
    { name: 'latitude not a number', payload: wire({ ...validWire, c: [3, '47'] }), reason: /Latitude du centre/ },
    { name: 'threshold not allowed', payload: wire({ ...validWire, t: 25 }), reason: /Seuil/ },
    { name: 'unknown group', payload: wire({ ...validWire, g: 'tous' }), reason: /Groupe/ },
    { name: 'layer not a string', payload: wire({ ...validWire, l: [1] }), reason: /couche/ },
    { name: 'weight not finite', payload: wire({ ...validWire, w: { a: 'x' } }), reason: /Pondération/ },
    { name: 'bad site kind', payload: wire({ ...validWire, s: { n: 'S', p: [[3, 47, 'mairie']] } }), reason: /Type de lieu 1/ },
    { name: 'bad site lat', payload: wire({ ...validWire, s: { n: 'S', p: [[3, 95, 'autre']] } }), reason: /Latitude du lieu 1/ },
    { name: 'bad France services type', payload: wire({ ...validWire, s: { n: 'S', p: [[3, 47, 'france_services', 'mobile']] } }), reason: /France services du lieu 1/ },
    { name: 'fractional row count', payload: wire({ ...validWire, d: [['a.csv', 1.5]] }), reason: /lignes/ },
    { name: 'too long', payload: 'A'.repeat(20_000), reason: /trop long/ },
    { name: 'deflate bomb', payload: Buffer.from(deflateSync(new Uint8Array(5_000_000), { level: 9 })).toString('base64url'), reason: /volumineux/ },
  ];

  it.each(cases)('refuses $name with a French reason, without throwing', ({ payload, reason }) => {
    const r = decodeViewState(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/^Lien de partage invalide : /);
      expect(r.reason).toMatch(new RegExp(reason.source, 'i'));
    }
  });

  it('never throws on random garbage', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const good = encodeViewState(typical);
    for (let i = 0; i < 500; i++) {
      const garbage = Array.from({ length: Math.floor(rand() * 200) }, () => alphabet[Math.floor(rand() * 64)]).join('');
      expect(() => decodeViewState(garbage)).not.toThrow();
      // Flip one character of a good link.
      const k = Math.floor(rand() * good.length);
      const flipped = good.slice(0, k) + alphabet[Math.floor(rand() * 64)] + good.slice(k + 1);
      const r = decodeViewState(flipped);
      expect(typeof r.ok).toBe('boolean');
    }
  });
});

describe('missingData', () => {
  it('names the missing files and those loaded with another row count', () => {
    const messages = missingData(typical, [
      { file: 'FRANCE_SERVICES_2025.csv', rows: 2840 },
      { file: 'communes_nievre.geojson', rows: 300 },
    ]);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^Le fichier « communes_nievre\.geojson » chargé compte 300 lignes, contre 309/);
    expect(messages[1]).toMatch(/^Fichier manquant : « routes_osm_nievre\.pbf » \(184\u202f233 lignes\)/);
  });

  it('is empty when everything is loaded (row count unknown = not compared)', () => {
    expect(missingData(typical, typical.datasets.map((d) => ({ file: d.file })))).toEqual([]);
  });
});

describe('shareable link: values from outside (issue 18)', () => {
  it('decodes inherited names as plain text, which the view then ignores (tests/unit/ui/state/link.test.ts)', () => {
    for (const cv of ['constructor', '__proto__', 'toString']) {
      const r = decodeViewState(wire({ ...validWire, cv }));
      expect(r.ok && r.state.choroplethVariable).toBe(cv);
    }
  });

  it('refuses NUL and other control characters in its texts', () => {
    for (const bad of [{ cv: 'a\u0000b' }, { s: { n: 'Scé\u0000nario', p: [] } }, { l: ['communes\u0007'] }, { d: [['f\u001b.csv', 1]] }]) {
      const r = decodeViewState(wire({ ...validWire, ...bad }));
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(!r.ok && r.reason).toMatch(/^Lien de partage invalide : .* invalide\.$/);
    }
  });

  it('keeps a "__proto__" weight as data, without touching the prototype', () => {
    const r = decodeViewState(wire({ v: 1, c: [3.5, 47], z: 8, l: [], cv: null, g: 'any', t: 15, s: null, d: [], w: JSON.parse('{"__proto__": 3, "population": 2}') }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.getPrototypeOf(r.state.weights)).toBe(Object.prototype);
    expect(r.state.weights.population).toBe(2);
  });
});

