/**
 * The people of the archive (`archive people`, `GET /people`): person keys
 * from the store's directory, surname first, spellings of one person
 * merged (`groupPersonKeys`), each with its record count by role, the years
 * it appears and the spellings the records write. Domain code: the store is
 * passed in; counts come from the person index, never from records.
 */
import pLimit from 'p-limit';
import { ValidationError } from '#shared/errors/index.ts';
import {
  displayName,
  groupPersonKeys,
  personKey,
} from '#shared/extract/names.ts';
import { namesAPerson } from '#shared/extract/people.ts';
import type { Page, PersonHitView, RecordReader } from './ports.ts';

export interface PersonSummary {
  key: string;
  /** The name to show, and to pass back as `person`. */
  name: string;
  /** Spellings the records write, most frequent first. */
  variants: string[];
  /** Records naming the person in any role. */
  records: number;
  /** Records by role. */
  roles: Record<string, number>;
  /** Years of dated records naming the person, oldest first. */
  years: string[];
}

export interface PeopleOptions {
  /** Names whose surname-first key starts so (`K`, `Kim Il`). */
  prefix?: string;
  /** Person keys read per page (1-200, default 50). */
  limit?: number;
  cursor?: string | null;
}

export const DEFAULT_PEOPLE = 50;
export const MAX_PEOPLE = 200;

/**
 * Summarizes one person from the index entries of its keys: records and
 * roles are counted per document; spellings are the person's own names as
 * the records write them (an entry filed here because the page identifies
 * a code name with this person counts under this person's name).
 */
export function summarizePerson(
  key: string,
  entries: readonly PersonHitView[]
): PersonSummary {
  const documents = new Set<string>();
  const roles = new Map<string, Set<string>>();
  const years = new Set<string>();
  const written = new Map<string, number>();
  const writtenIn = new Set<string>();
  for (const e of entries) {
    documents.add(e.documentId);
    const ids = roles.get(e.role) ?? new Set<string>();
    ids.add(e.documentId);
    roles.set(e.role, ids);
    if (e.date) years.add(e.date.slice(0, 4));
    // an entry under this key because the page identifies two names
    // (`Filippov [Stalin]` under `stalin`) is written as the other name;
    // `identifiedAs` is the name this key stands for
    const name = (e.identifiedAs ?? e.name)?.trim();
    if (name && !writtenIn.has(`${e.documentId}\n${name}`)) {
      writtenIn.add(`${e.documentId}\n${name}`);
      written.set(name, (written.get(name) ?? 0) + 1);
    }
  }
  const variants = [...written]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([name]) => name);
  return {
    key,
    name: written.size > 0 ? displayName(written) : key,
    variants,
    records: documents.size,
    roles: Object.fromEntries(
      [...roles].map(([role, ids]) => [role, ids.size])
    ),
    years: [...years].sort(),
  };
}

/**
 * One page of the people listing.
 *
 * @throws ValidationError for a bad limit or a prefix with no letters
 */
export async function listPeople(
  store: RecordReader,
  options: PeopleOptions = {}
): Promise<Page<PersonSummary>> {
  const limit = options.limit ?? DEFAULT_PEOPLE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PEOPLE) {
    throw new ValidationError(
      `limit: must be an integer from 1 to ${MAX_PEOPLE}`
    );
  }
  const raw = options.prefix?.trim() ?? '';
  if (raw.length > 100) {
    throw new ValidationError('prefix: at most 100 characters');
  }
  const prefix = raw ? personKey(raw) : '';
  if (raw && !prefix) {
    throw new ValidationError('prefix: must contain a letter or digit');
  }
  const page = await store.listPersonKeys({
    prefix,
    limit,
    cursor: options.cursor ?? null,
  });
  const groups = groupPersonKeys(page.items);
  const members = new Map<string, string[]>();
  for (const key of page.items) {
    const group = groups.get(key) ?? key;
    members.set(group, [...(members.get(group) ?? []), key]);
  }
  // a few partitions read at once
  const reading = pLimit(8);
  const summaries = await Promise.all(
    [...members].map(([group, keys]) =>
      reading(async () => {
        const entries = (
          await Promise.all(keys.map((k) => store.personEntries(k)))
        ).flat();
        return summarizePerson(group, entries);
      })
    )
  );
  return {
    // stale directory entries (no records left), and bodies, places and
    // distribution entries that name no one (`namesAPerson`)
    items: summaries.filter(
      (p) => p.records > 0 && p.variants.some((v) => namesAPerson(v))
    ),
    cursor: page.cursor,
  };
}
