/**
 * The embedded runtime's recent texts: the search index gets the text a
 * handler just read or wrote without reading it back from S3.
 */
import { describe, expect, it } from 'vitest';
import { recentTexts } from '#local/recent-texts.ts';
import type { ObjectSource } from '#shared/pipeline/ports.ts';

/** An object source over a map, counting text reads. */
function fakeSource(objects: Record<string, Uint8Array>) {
  const reads: string[] = [];
  const source: ObjectSource = {
    getObject: async ({ key }) => ({
      metadata: {
        versionId: 'v1',
        etag: 'e',
        size: objects[key]?.length ?? 0,
        contentType: null,
      },
      sha256: 'x',
      bytes: objects[key] ?? null,
    }),
    putDerivedText: async (id) => `s3://derived/derived/text/${id}.txt`,
    getDerivedText: async (uri) => {
      reads.push(uri);
      return `read ${uri}`;
    },
  };
  return { source, reads };
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('recentTexts', () => {
  it("hands the index a UTF-8 upload's text and a derived text once, without reading them back", async () => {
    // Prepare
    const { source, reads } = fakeSource({
      'incoming/t.txt': utf8('Telegram No. 7 — to Comrade Petrov'),
    });
    const recent = recentTexts(source);
    // Act
    await recent.objects.getObject(
      { bucket: 'raw', key: 'incoming/t.txt' },
      { maxBytes: 100 }
    );
    const derived = await recent.objects.putDerivedText('d1', 'h', 'decoded');
    const first = await recent.readText('s3://raw/incoming/t.txt?versionId=v1');
    const second = await recent.readText(derived);
    const again = await recent.readText(derived);
    // Assess
    expect(first).toBe('Telegram No. 7 — to Comrade Petrov');
    expect(second).toBe('decoded');
    expect(again).toBe(`read ${derived}`);
    expect(reads).toEqual([derived]);
  });

  it('keeps no text for bytes that are not UTF-8, and drops the oldest past its budget', async () => {
    // Prepare
    const { source, reads } = fakeSource({
      'incoming/a.txt': utf8('aaaa'),
      'incoming/b.txt': utf8('bbbb'),
      'incoming/cp1251.txt': new Uint8Array([0xcf, 0xf0, 0xe8]),
    });
    const recent = recentTexts(source, 6);
    // Act
    for (const key of [
      'incoming/a.txt',
      'incoming/b.txt',
      'incoming/cp1251.txt',
    ]) {
      await recent.objects.getObject({ bucket: 'raw', key }, { maxBytes: 100 });
    }
    await recent.readText('s3://raw/incoming/a.txt?versionId=v1');
    const b = await recent.readText('s3://raw/incoming/b.txt?versionId=v1');
    await recent.readText('s3://raw/incoming/cp1251.txt?versionId=v1');
    // Assess: a was dropped (a + b exceed 6 characters), b was kept
    expect(b).toBe('bbbb');
    expect(reads).toEqual([
      's3://raw/incoming/a.txt?versionId=v1',
      's3://raw/incoming/cp1251.txt?versionId=v1',
    ]);
  });
});
