/**
 * Review and correction (issue 13), the pure domain: what a correction is,
 * how it is checked against the record and its text, how corrections
 * apply to an extraction (and again after a re-extraction), the review
 * queue's flags, and corrected records as gold. No SDK; see docs/REVIEW.md.
 */
export * from './apply.ts';
export * from './correction.ts';
export * from './fields.ts';
export * from './gold.ts';
export * from './queue.ts';
export * from './validate.ts';
export * from './values.ts';
