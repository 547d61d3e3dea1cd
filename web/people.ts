/**
 * How the people index writes one person: roles with their counts, the
 * span of years, the other spellings. Pure, so it is tested without a
 * browser; the DOM is built in people-view.ts.
 */
import type { PersonSummary } from '#functions/query/schemas.ts';
import { ROLE_OPTIONS } from './options.ts';

export type { PersonSummary };

/** The first letters the index offers as one-click prefixes. */
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/**
 * Roles in the form's order, then any the page does not know, each with
 * its count: `author 3, recipient 1`.
 */
export function rolesText(roles: Record<string, number>): string {
  const known: readonly string[] = ROLE_OPTIONS;
  const names = [
    ...known.filter((r) => roles[r]),
    ...Object.keys(roles)
      .filter((r) => !known.includes(r) && roles[r])
      .sort(),
  ];
  return names.map((r) => `${r} ${roles[r]}`).join(', ');
}

/**
 * The years a person appears: `1949–1953`, `1950`, or that no record
 * naming them is dated.
 *
 * @param years YYYY strings (any order)
 */
export function yearSpan(years: readonly string[]): string {
  const sorted = [...years].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return 'no dated records';
  return first === last ? first : `${first}–${last}`;
}

/** The spellings other than the shown name, without repeats. */
export function otherSpellings(person: PersonSummary): string[] {
  return [...new Set(person.variants)].filter((v) => v !== person.name);
}

/** `1 record`, `12 records`. */
export function recordCount(n: number): string {
  return `${n} record${n === 1 ? '' : 's'}`;
}
