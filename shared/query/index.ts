/**
 * The query service and its public pieces: the CLI and the query API import
 * from here only.
 */
export * from './cursor.ts';
export * from './facets.ts';
export * from './filters.ts';
export * from './formats.ts';
export * from './people.ts';
export type * from './ports.ts';
export * from './service.ts';
export * from './warnings.ts';
