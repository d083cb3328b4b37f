/**
 * A panel that throws while drawing shows a French message in its place (the rest of the page,
 * the header's "Réinitialiser" included, keeps drawing); safe mode's addresses.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PanelBoundary, panelFailure } from '../../../src/ui/PanelBoundary.tsx';
import { asideRequested, withAside, withoutAside } from '../../../src/ui/state/aside.ts';

/** What the boundary draws after `error` was thrown by its child (React's own two steps, done by hand). */
function fallbackOf(error: unknown): string {
  const boundary = new PanelBoundary({ name: 'Sources des données', children: null });
  boundary.state = PanelBoundary.getDerivedStateFromError(error);
  return renderToStaticMarkup(createElement('div', null, boundary.render()));
}

describe('PanelBoundary', () => {
  it('says in French which panel failed and why, with a retry', () => {
    let thrown: unknown;
    try {
      new URL('http://[bad');
    } catch (e) {
      thrown = e;
    }
    const html = fallbackOf(thrown);
    expect(html).toContain('role="alert"');
    expect(html).toContain('<strong>Sources des données</strong>');
    expect(html).toContain('Ce panneau n&#x27;a pas pu s&#x27;afficher : Invalid URL');
    expect(html).toContain('>Réessayer</button>');
  });

  it('draws its children while nothing failed', () => {
    const boundary = new PanelBoundary({ name: 'Carte', children: createElement('p', null, 'carte') });
    expect(renderToStaticMarkup(createElement('div', null, boundary.render()))).toBe('<div><p>carte</p></div>');
  });

  it('cleans and cuts the message (control characters, length), and names a non-Error throw', () => {
    expect(panelFailure(new Error('e.code.toUpperCase\u0000 is not a function'))).toBe("Ce panneau n'a pas pu s'afficher : e.code.toUpperCase is not a function");
    expect(panelFailure('x'.repeat(500)).length).toBe("Ce panneau n'a pas pu s'afficher : ".length + 300);
    expect(panelFailure(42)).toBe("Ce panneau n'a pas pu s'afficher : 42");
    expect(fallbackOf(null)).toContain('erreur inconnue');
  });
});

describe('safe mode addresses', () => {
  it.each([
    ['https://ex.org/maillage/', '/maillage/?sans-espace'],
    ['https://ex.org/maillage/?e2e=1#vue=abc', '/maillage/?e2e=1&sans-espace'],
  ])('withAside(%j) = %j', (href, expected) => {
    expect(withAside(href)).toBe(expected);
    expect(asideRequested(expected.slice(expected.indexOf('?')))).toBe(true);
  });
  it.each([
    ['https://ex.org/maillage/?sans-espace', '/maillage/'],
    ['https://ex.org/maillage/?e2e=1&sans-espace#vue=abc', '/maillage/?e2e=1'],
    ['https://ex.org/', '/'],
  ])('withoutAside(%j) = %j', (href, expected) => {
    expect(withoutAside(href)).toBe(expected);
  });
  it('is not requested by a plain address', () => {
    expect(asideRequested('')).toBe(false);
    expect(asideRequested('?e2e=1')).toBe(false);
  });
});
