import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import { itWithCorpus } from '../../helpers/corpus.ts';

const PAGES = fileURLToPath(
  new URL('../../../fixtures/pages/', import.meta.url)
);

function textPages(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.txt'));
}

describe('decode (archive text pages)', () => {
  it('returns every project sample page exactly as written (UTF-8, LF)', async () => {
    for (const name of textPages(PAGES)) {
      // Prepare
      const bytes = readFileSync(PAGES + name);

      // Act
      const result = await decode(bytes, { key: `incoming/${name}` });

      // Assess
      expect(result, name).toEqual({
        ok: true,
        text: bytes.toString('utf8').replace(/\r\n?/g, '\n'),
        format: 'text',
        encoding: 'utf-8',
      });
    }
  });

  itWithCorpus(
    'main',
    'returns every corpus page exactly as captured, no-break spaces and all',
    async (set) => {
      const CORPUS = `${set.pagesDir}/`;
      const names = textPages(CORPUS);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        // Prepare
        const bytes = readFileSync(CORPUS + name);

        // Act
        const result = await decode(bytes, { key: `incoming/${name}` });

        // Assess
        expect(result, name).toEqual({
          ok: true,
          text: bytes.toString('utf8').replace(/\r\n?/g, '\n'),
          format: 'text',
          encoding: 'utf-8',
        });
      }
    }
  );
});
