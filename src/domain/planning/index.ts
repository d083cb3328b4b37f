export * from './types.ts';
export * from './reach.ts';
export * from './optimise.ts';
export * from './scenario.ts';
