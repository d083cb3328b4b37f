/**
 * Remote answers do not steer requests (issue 18, item 7): an address taken from an answer is
 * followed only on the expected hosts (the official services and data.gouv.fr's file stores, or
 * the mirror the user typed, port included), and every download is capped by the bytes received.
 */
import { describe, expect, it } from 'vitest';
import { download, SourceError, type FetchFn } from '../../../../src/data/fetch/http.ts';
import { onEndpoint } from '../../../../src/data/fetch/melodi.ts';
import { followable, mirrorEndpoints, OFFICIAL_ENDPOINTS, safeId } from '../../../../src/data/fetch/sources.ts';

const mirror = mirrorEndpoints('http://127.0.0.1:8765/miroir');

describe('followable', () => {
  it.each([
    ['https://www.data.gouv.fr/fr/datasets/r/0a1b2c', true],
    ['https://static.data.gouv.fr/resources/x/liste.csv', true],
    ['https://object.files.data.gouv.fr/data-pipeline-open/x.csv', true],
    ['https://tabular-api.data.gouv.fr/api/resources/x/data/', true],
    ['http://www.data.gouv.fr/fr/datasets/r/0a1b2c', false], // not the origin asked (http)
    ['https://www.data.gouv.fr.evil.example/x.csv', false],
    ['https://evil.example/?u=https://static.data.gouv.fr/', false],
    ['http://127.0.0.1:8080/admin', false],
    ['http://localhost:5432/', false],
    ['javascript:alert(1)', false],
    ['http://[bad', false],
    [42, false],
  ])('official: %j → %s', (url, ok) => {
    expect(followable(url, OFFICIAL_ENDPOINTS) !== null).toBe(ok);
  });

  it.each([
    ['http://127.0.0.1:8765/miroir/files/rid/liste.csv', true],
    ['http://127.0.0.1:8765/miroir/datagouv/api/1/datasets/r/rid', true],
    ['http://127.0.0.1:8080/admin', false], // a bystander on another port
    ['http://localhost:8765/miroir/files/x', false],
    ['https://static.data.gouv.fr/resources/x/liste.csv', false], // a mirror was asked: nothing leaves it
  ])('mirror: %j → %s', (url, ok) => {
    expect(followable(url, mirror) !== null).toBe(ok);
  });

  it('keeps ids that could steer a path out of request paths', () => {
    for (const ok of ['0a1b2c3d-4e5f', 'rid-fs-20240801', '5f1e2d_x']) expect(safeId(ok), ok).toBe(true);
    for (const bad of ['..', '../x', 'a/b', 'a?b=1', 'a#b', '', 'x'.repeat(101), 'a%2F', 7]) expect(safeId(bad), String(bad)).toBe(false);
  });
});

describe('Melodi paging.next', () => {
  it.each([
    ['https://api.insee.fr/melodi/data/DS_RP?GEO=DEP-58*COM&page=2', `${mirror.melodi}/data/DS_RP?GEO=DEP-58*COM&page=2`],
    ['http://127.0.0.1:8080/data/DS_RP?page=2', `${mirror.melodi}/data/DS_RP?page=2`],
    ['http://127.0.0.1:8080/admin?page=2', null],
    ['https://api.insee.fr/melodi/data/../../admin', null],
    ['https://api.insee.fr/melodi/data/%2e%2e/admin', null],
    ['https://api.insee.fr/melodi/data/x\\..\\admin', null],
    ['https://api.insee.fr/melodi/data/x?page=2\u0000', null],
  ])('%j → %j', (next, expected) => {
    expect(onEndpoint(next, mirror)).toBe(expected);
  });
});

describe('download caps', () => {
  const MB = 1024 * 1024;
  /** An answer of `total` bytes sent in 64 kB chunks, counting what was pulled from it. */
  const streamed = (total: number, headers: Record<string, string> = {}) => {
    const state = { pulled: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (state.pulled >= total) return c.close();
        const n = Math.min(64 * 1024, total - state.pulled);
        state.pulled += n;
        c.enqueue(new Uint8Array(n));
      },
    });
    return { state, fetch: (async () => new Response(body, { headers })) as FetchFn };
  };

  it('stops reading past maxBytes, whatever the size the server declares', async () => {
    const s = streamed(64 * MB, { 'Content-Length': '1000' });
    const err = await download({ fetch: s.fetch }, 'https://static.data.gouv.fr/x.csv', {}, undefined, { maxBytes: 2 * MB }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toMatch(/trop volumineuse \(plus de 2 Mo\) : téléchargement arrêté/);
    expect(s.state.pulled).toBeLessThan(2 * MB + 4 * 64 * 1024);
  });

  it('refuses at once an answer that declares more than maxBytes', async () => {
    const s = streamed(8 * MB, { 'Content-Length': String(8 * MB) });
    await expect(download({ fetch: s.fetch }, 'https://x.test/a', {}, undefined, { maxBytes: MB })).rejects.toThrow(/trop volumineuse/);
    expect(s.state.pulled).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('refuses an answer redirected off the expected hosts', async () => {
    const fetchFn: FetchFn = async () => {
      const res = new Response('secret');
      Object.defineProperty(res, 'url', { value: 'http://127.0.0.1:8080/admin' });
      return res;
    };
    const allowUrl = (u: string) => followable(u, OFFICIAL_ENDPOINTS) !== null;
    await expect(download({ fetch: fetchFn }, 'https://www.data.gouv.fr/fr/datasets/r/x', {}, undefined, { allowUrl })).rejects.toThrow(/a renvoyé vers http:\/\/127\.0\.0\.1:8080\/admin, hors des services attendus/);
  });

  it('still reads an ordinary answer whole', async () => {
    const s = streamed(3 * MB);
    expect((await download({ fetch: s.fetch }, 'https://x.test/a')).length).toBe(3 * MB);
  });
});
