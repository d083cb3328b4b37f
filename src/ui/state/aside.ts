/**
 * Safe mode's address: `?sans-espace` sets the saved workspace aside for one visit (after a start
 * that failed on it). Pure functions of the address, so that the session and the tests share them.
 */
export const ASIDE_PARAM = 'sans-espace';

/** Whether this visit sets the saved workspace aside. */
export const asideRequested = (search: string): boolean => new URLSearchParams(search).has(ASIDE_PARAM);

/** The address with the saved workspace set aside (the view fragment dropped: it belongs to the failing workspace). */
export function withAside(href: string): string {
  const url = new URL(href);
  url.searchParams.set(ASIDE_PARAM, '');
  url.hash = '';
  return `${url.pathname}${url.search.replace(`${ASIDE_PARAM}=`, ASIDE_PARAM)}`;
}

/** The address back on the saved workspace: other parameters kept, the fragment dropped. */
export function withoutAside(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(ASIDE_PARAM);
  return `${url.pathname}${url.search}`;
}
