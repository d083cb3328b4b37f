/** Layer origins and territory selections read from outside: checked field by field. */
import { describe, expect, it } from 'vitest';
import { checkOrigin, checkOrigins, type LayerOrigin } from '../../../src/data/origins.ts';
import { checkSelection } from '../../../src/data/territory.ts';

const good: LayerOrigin = {
  file: 'france-services-58.csv', sourceId: 'france_services', label: 'France Services', url: 'https://tabular-api.data.gouv.fr/api/resources/r1/data/',
  page: 'https://www.data.gouv.fr/fr/datasets/fs/', retrievedAt: '2026-11-23T10:00:00.000Z', vintage: '1 août 2024', territory: 'département 58', via: 'bundle',
  dataset: '« Liste » (id ds1)', resource: null,
};

describe('checkOrigin', () => {
  it('keeps a good origin as it is', () => {
    expect(checkOrigin(good)).toEqual(good);
  });
  it('strips control characters from its texts', () => {
    expect(checkOrigin({ ...good, label: 'France\u0000 Services', territory: 'département\u0000 58' })).toEqual(good);
  });
  it.each([
    ['address that does not parse', { url: 'http://[bad' }],
    ['page that is not http(s)', { page: 'javascript:alert(1)' }],
    ['unknown source', { sourceId: 'constructor' }],
    ['file with a folder', { file: '../x.csv' }],
    ['numeric label', { label: 58 }],
    ['date that is not one', { retrievedAt: 'hier' }],
    ['unknown way', { via: 'zip' }],
    ['numeric vintage', { vintage: 2024 }],
  ])('refuses an origin with an %s', (_, over) => {
    expect(checkOrigin({ ...good, ...over })).toBeNull();
  });
  it('checkOrigins refuses a key that is not the file, and "__proto__"', () => {
    expect(checkOrigins({ [good.file]: good })).toEqual({ [good.file]: good });
    expect(checkOrigins({ 'other.csv': good })).toBeNull();
    expect(checkOrigins(JSON.parse(`{"__proto__": ${JSON.stringify(good)}}`))).toBeNull();
    expect(checkOrigins([good])).toBeNull();
  });
});

describe('checkSelection', () => {
  it.each([
    [{ type: 'all' }, { type: 'all' }],
    [{ type: 'departement', code: '58' }, { type: 'departement', code: '58' }],
    [{ type: 'departement', code: '2A' }, { type: 'departement', code: '2A' }],
    [{ type: 'departement', code: 58 }, null],
    [{ type: 'departement', code: '58\u0000' }, null],
    [{ type: 'epci', siren: '200067759' }, { type: 'epci', siren: '200067759' }],
    [{ type: 'epci', siren: 200067759 }, null],
    [{ type: 'communes', codes: ['58001', '2A004'] }, { type: 'communes', codes: ['58001', '2A004'] }],
    [{ type: 'communes', codes: [58001] }, null],
    [{ type: 'constructor' }, null],
    ['departement', null],
  ])('%j → %j', (input, expected) => {
    expect(checkSelection(input)).toEqual(expected);
  });
});
