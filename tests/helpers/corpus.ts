/**
 * The shared corpus (`../shared/corpus`, beside the clone): real archive
 * pages with hand-checked gold records. Read in place, never copied. Where
 * it is absent, the tests that need it skip and say so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The corpus folder, or null when `../shared/corpus` is not there. */
export const CORPUS_DIR: string | null = (() => {
  const dir = resolve(root, '..', 'shared', 'corpus');
  return existsSync(join(dir, 'pages')) && existsSync(join(dir, 'gold'))
    ? dir
    : null;
})();

export const CORPUS_SKIP_MESSAGE =
  '../shared/corpus is absent beside this clone: corpus tests skipped';

if (!CORPUS_DIR) console.warn(CORPUS_SKIP_MESSAGE);

export interface CorpusPage {
  name: string;
  text: string;
  gold: Record<string, unknown>;
}

/** Every page that has a gold record, in name order. */
export function corpusPages(): CorpusPage[] {
  if (!CORPUS_DIR) return [];
  const dir = CORPUS_DIR;
  return readdirSync(join(dir, 'gold'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const name = basename(f, '.json');
      return {
        name,
        text: readFileSync(join(dir, 'pages', `${name}.txt`), 'utf8'),
        gold: JSON.parse(readFileSync(join(dir, 'gold', f), 'utf8')),
      };
    });
}

/** A project file, by path from the repository root. */
export function projectFile(path: string): string {
  return join(root, path);
}
