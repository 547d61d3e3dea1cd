/**
 * The one name normalizer. The extractor (deduplicating names, matching
 * signatures and code names), the store's person index (`personPk`) and the
 * query (`person` filter) all compare names through `normalizeName`, so
 * `Tov. Stalin`, `Comrades Stalin`, `- Comrade X`, `Cde. X`, `KIM IL SUNG`,
 * `Kim Il-sung` and `Kim  Il Sung.` meet.
 */
import { alternation, HONORIFIC_WORDS } from './vocabulary.ts';

/** Leading list marks and forms of address (repeated: `Cdes. Comrade X`). */
const LEADING = new RegExp(
  `^[\\s\\-–—•·*]*(?:(?:${alternation(HONORIFIC_WORDS)})(?:(?<=[.\\]])|(?![\\p{L}]))[\\s\\-–—•·*]*){0,3}`,
  'iu'
);

/**
 * A name as a comparison key: forms of address and list marks dropped,
 * lower case, accents removed, apostrophes dropped, other punctuation
 * turned into spaces, spaces folded. A name that is only a form of address
 * keeps it (`Comrade` → `comrade`).
 *
 * @param name a name as written
 * @example normalizeName('Tov. Stalin') // 'stalin'
 * @example normalizeName("KIM IL SUNG'S") // 'kim il sungs'
 * @example normalizeName('Günter  Schabowski.') // 'gunter schabowski'
 */
export function normalizeName(name: string): string {
  const bare = name.replace(LEADING, '');
  return (bare.trim() === '' ? name : bare)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019\u02bc`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
