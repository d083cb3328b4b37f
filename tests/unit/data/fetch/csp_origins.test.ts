/**
 * The built app's Content-Security-Policy lets the browser reach every official service that
 * "Charger mon territoire" asks (issue 14): a host missing from connect-src (INSEE Melodi was)
 * makes that source fail in the browser only, while the Node tests and `npm run data:fetch` pass.
 * The matching below is written from the CSP Level 3 rules for host-sources (scheme, http: also
 * allowing https:, host with an optional leading `*.`, port or `*`, default port when none),
 * independently of the app's code. The mirror typed in the dialog is accepted exactly when the
 * policy lets the browser reach it.
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../../vite.config.ts';
import { browserMirrorError, DATAGOUV_FILE_ORIGINS, mirrorEndpoints, OFFICIAL_ENDPOINTS } from '../../../../src/data/fetch/sources.ts';

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

function connectSources(policy: string): string[] {
  const directive = policy.split(';').map((d) => d.trim().split(/\s+/)).find(([name]) => name === 'connect-src');
  if (!directive) throw new Error('no connect-src in the policy');
  return directive.slice(1);
}

/** Whether a host-source expression such as `https://geo.api.gouv.fr` or `http://127.0.0.1:*` allows the URL. */
function hostSourceAllows(source: string, url: URL): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^:/]+)(?::(\*|\d+))?(\/.*)?$/i.exec(source);
  if (!m) return false;
  const [, scheme, wildcard, host, port] = m;
  // Scheme: the same, or http: in the policy for an https: URL (CSP3 "scheme-part matches").
  const schemeOk = `${scheme.toLowerCase()}:` === url.protocol || (scheme.toLowerCase() === 'http' && url.protocol === 'https:');
  if (!schemeOk) return false;
  const hostOk = wildcard ? url.hostname.endsWith(`.${host.toLowerCase()}`) : url.hostname === host.toLowerCase();
  const urlPort = url.port || DEFAULT_PORT[url.protocol];
  const portOk = port === '*' || (port ?? DEFAULT_PORT[`${scheme.toLowerCase()}:`]) === urlPort;
  return hostOk && portOk;
}

const allowed = (url: string) => connectSources(CONTENT_SECURITY_POLICY).some((s) => hostSourceAllows(s, new URL(url)));

describe('connect-src of the built app', () => {
  it.each(Object.entries(OFFICIAL_ENDPOINTS))('allows the official endpoint %s (%s)', (_name, url) => {
    expect(allowed(url)).toBe(true);
  });

  it.each(DATAGOUV_FILE_ORIGINS.map((o) => [o]))('allows the data.gouv.fr file store %s', (origin) => {
    expect(allowed(`${origin}/resources/x/liste.csv`)).toBe(true);
  });

  it('names INSEE Melodi explicitly (the host that was missing)', () => {
    expect(connectSources(CONTENT_SECURITY_POLICY)).toContain('https://api.insee.fr');
  });

  it.each([
    ['http://127.0.0.1:8765/miroir/geo', true], // a mirror on this machine, any port
    ['http://localhost:4000/', true],
    ['http://api.insee.fr/melodi', false], // plain http to an official host
    ['https://api.insee.fr.evil.example/', false],
    ['https://evil.example/', false],
    ['http://192.168.1.10:8080/', false], // a mirror elsewhere on the network
  ])('and otherwise: %s → %s', (url, ok) => {
    expect(allowed(url)).toBe(ok);
  });
});

describe('the mirror typed in the dialog: accepted exactly when the policy lets the browser reach it', () => {
  it.each([
    ['http://127.0.0.1:8080', true],
    ['http://localhost:4000/miroir', true],
    ['https://127.0.0.1:8443', true], // an http source also allows https (CSP Level 3)
    ['https://proxy.prefecture.gouv.fr', false],
    ['http://192.168.1.10:8080', false],
    ['http://127.0.0.1.evil.example:8080', false],
  ])('%s → %s', (base, ok) => {
    expect(browserMirrorError(base) === null).toBe(ok);
    // Every service behind an accepted mirror is reachable; behind a refused one, none is.
    expect(Object.values(mirrorEndpoints(base)).map(allowed)).toEqual(Array(5).fill(ok));
  });

  it.each(['127.0.0.1:8080', 'ftp://127.0.0.1/', 'pas une adresse'])('%s: refused as invalid, in French', (base) => {
    expect(browserMirrorError(base)).toMatch(/^Adresse de miroir « .* » invalide \(http:\/\/… ou https:\/\/… attendu\)\.$/);
  });

  it('a mirror elsewhere is refused with the reason and what to do instead', () => {
    expect(browserMirrorError('http://192.168.1.10:8080')).toMatch(/doit tourner sur cet ordinateur.*npm run data:fetch -- --miroir/);
  });
});
