/**
 * "Open the source file" on AWS (issue 14, item 4): the presigned link
 * makes S3 answer with an attachment of a type no browser renders, so an
 * uploaded HTML page is saved, not run on the bucket's origin.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { presignedSourceLink } from '#functions/query/source-link.ts';
import { attachmentDisposition } from '#shared/sources/attachment.ts';
import { makeRecord } from '../query/records.ts';

const s3 = new S3Client({
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});

describe('presignedSourceLink', () => {
  it('overrides the response to an octet-stream attachment named after the key', async () => {
    // Prepare
    const record = makeRecord('r1', {
      source: {
        ...makeRecord('r1').source,
        bucket: 'archive-raw',
        key: 'incoming/letters/Kim Il Sung <script>.html',
      },
    });

    // Act
    const link = new URL((await presignedSourceLink(s3)(record)) ?? '');

    // Assess
    expect(link.searchParams.get('response-content-type')).toBe(
      'application/octet-stream'
    );
    expect(link.searchParams.get('response-content-disposition')).toBe(
      attachmentDisposition('incoming/letters/Kim Il Sung <script>.html')
    );
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(link.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  it('names the file safely: ASCII fallback, exact name encoded', () => {
    expect(attachmentDisposition("incoming/a/Отчёт '1'.html")).toBe(
      `attachment; filename="_______1_.html"; filename*=UTF-8''${encodeURIComponent('Отчёт ')}%271%27.html`
    );
  });
});
