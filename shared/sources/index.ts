/** S3 adapter of the object source (raw objects in, derived text out). */
export * from './s3-source.ts';
