/**
 * text → record. Pure and deterministic: no I/O, no clock, no randomness;
 * never throws on any string.
 */
import type { Extraction } from '#shared/schema/record.ts';

export { PARSER_VERSION } from './version.ts';

/** Extracts the record of one decoded archive page. */
export function extract(text: string): Extraction {
  return {
    title: null,
    date: null,
    documentType: 'other',
    authors: [],
    recipients: [],
    via: [],
    participants: [],
    signatories: [],
    telegram: null,
    letter: null,
    requests: [],
    summary: null,
    sources: [],
    warnings: text.length === 0 ? [] : ['low-confidence'],
    endorsements: [],
    identifications: [],
    rights: null,
    archiveRecordId: null,
    uploadedDate: null,
    provenance: {},
  };
}
