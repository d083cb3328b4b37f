/**
 * Signature of this build's importers (scripts/import_signature.ts, injected by Vite and Vitest):
 * tables saved by a build with another signature are not restored as they are, their files are
 * imported again. 'unsigned' (no injection) never matches a saved signature.
 */
declare const __MAILLAGE_IMPORT_SIGNATURE__: string | undefined;

export const IMPORT_SIGNATURE: string =
  typeof __MAILLAGE_IMPORT_SIGNATURE__ === 'string' ? __MAILLAGE_IMPORT_SIGNATURE__ : 'unsigned';

export const signatureMatches = (saved: string | undefined) => saved !== undefined && saved !== 'unsigned' && saved === IMPORT_SIGNATURE;
