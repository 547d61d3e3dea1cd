/** The ingest use cases and the ports their adapters implement. */
export * from './bound-record.ts';
export * from './classify-error.ts';
export * from './derived-text.ts';
export * from './identity.ts';
export * from './ingest-object.ts';
export * from './ports.ts';
export * from './remove-object.ts';
