/**
 * Reads of the person index and the people directory: which person keys
 * a name means (`resolvePerson`), the person items of those keys merged
 * in date order and paged exactly (`queryByPersonKeys`), every entry of
 * one key (the people listing), and the directory's keys in order.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#shared/errors/index.ts';
import {
  groupPersonKeys,
  lookupParts,
  matchesPersonKey,
  parseNameQuery,
} from '#shared/extract/names.ts';
import { cursorError, decodeCursor, encodeCursor } from './cursor.ts';
import type { PersonItem, PersonRoleEntry } from './items.ts';
import {
  namePartPk,
  PEOPLE_SHELVES,
  type PersonRole,
  peopleShelfPk,
  personKey,
  personKeyPk,
  shelfOf,
} from './keys.ts';
import {
  checkRange,
  type DateRange,
  type Page,
  type PageOptions,
  pageLimit,
  queryAll,
  queryUntil,
  skBounds,
  type TableContext,
} from './table-io.ts';

/** A person-index entry: which record names this person, in which role. */
export interface PersonHit {
  documentId: string;
  role: PersonRole;
  name: string;
  identifiedAs: string | null;
  date: string | null;
  documentType: string;
  title: string | null;
}

/** A person item as read: this layout's, or one role's (layout 4 and older). */
type StoredPersonItem =
  | PersonItem
  | (Omit<PersonItem, 'roles' | 'entries'> & PersonRoleEntry);

/**
 * The hits of one person item: one per role, in role order (reversed
 * when reading newest first, as one item per role used to sort), only
 * `role` when a role filter is given.
 */
function hitsOf(
  item: StoredPersonItem,
  role?: PersonRole,
  descending = false
): PersonHit[] {
  const entries: PersonRoleEntry[] =
    'entries' in item && Array.isArray(item.entries)
      ? item.entries
      : [item as PersonRoleEntry];
  const hits = entries
    .filter((e) => !role || e.role === role)
    .sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0))
    .map((e) => ({
      documentId: item.documentId,
      role: e.role,
      name: e.name,
      identifiedAs: e.identifiedAs ?? null,
      date: item.date,
      documentType: item.documentType,
      title: item.title,
    }));
  return descending ? hits.reverse() : hits;
}

/**
 * The person keys a search for `name` means: every key in the people
 * directory that the name matches by any part of it, in any spelling
 * the name-key function folds (`Mao` → `mao zedong`; `Chou En-lai` →
 * `zhou enlai`; `I.V. Stalin` → `stalin iosif vissarionovich`), each with
 * the other keys of its person (a bare `stalin` joins the one complete
 * Stalin; a bare `kim` shared by two complete names stays apart).
 *
 * @throws ValidationError when the name has no letters or only initials
 */
export async function resolvePerson(
  t: TableContext,
  name: string
): Promise<string[]> {
  const query = parseNameQuery(name);
  if (query.readings.length === 0) {
    throw new ValidationError('person: must contain a name');
  }
  const parts = lookupParts(query);
  if (parts.length === 0) {
    throw new ValidationError(
      'person: give a name or surname, not only initials'
    );
  }
  // each directory partition read once, though a surname is both typed
  // and looked up again for its person's other keys
  const read = new Map<string, Promise<string[]>>();
  const partKeys = (part: string) => {
    let keys = read.get(part);
    if (!keys) {
      keys = keysWithPart(t, part);
      read.set(part, keys);
    }
    return keys;
  };
  const candidates = new Set<string>();
  for (const keys of await Promise.all(parts.map(partKeys))) {
    for (const key of keys) candidates.add(key);
  }
  const matched = [...candidates].filter((key) => matchesPersonKey(query, key));
  if (matched.length === 0) return [];
  // the other keys of each matched person: keys sharing its surname
  const surnames = [...new Set(matched.map((k) => k.split(' ')[0]!))];
  const family = new Set<string>(matched);
  for (const [i, keys] of (
    await Promise.all(surnames.map(partKeys))
  ).entries()) {
    for (const key of keys) {
      if (key.split(' ')[0] === surnames[i]) family.add(key);
    }
  }
  const groups = groupPersonKeys([...family]);
  const wanted = new Set(matched.map((k) => groups.get(k) ?? k));
  return [...family].filter((k) => wanted.has(groups.get(k) ?? k)).sort();
}

/**
 * The directory's keys that have `part` as a word: as the surname (the
 * letter shelf, keys beginning with it) or as another word (`NAMEPART#`;
 * layout 4 and older also listed surnames there).
 */
async function keysWithPart(t: TableContext, part: string): Promise<string[]> {
  const [bySurname, byOther] = await Promise.all([
    directoryKeys(t, peopleShelfPk(part), part),
    directoryKeys(t, namePartPk(part)),
  ]);
  const surnames = bySurname.filter((k) => k.split(' ')[0] === part);
  return [...new Set([...surnames, ...byOther])];
}

export type PersonQueryOptions = DateRange &
  PageOptions & { role?: PersonRole };

/**
 * Person-index entries of everyone `name` means (see `resolvePerson`),
 * merged across their keys in key order: oldest first (undated first),
 * or newest first with `newestFirst`. A document named under several
 * keys or roles comes once per key and role, adjacent.
 */
export async function queryByPerson(
  t: TableContext,
  name: string,
  options: PersonQueryOptions = {}
): Promise<Page<PersonHit>> {
  checkRange(options);
  if (!personKey(name)) throw new ValidationError('person name is empty');
  const keys = await resolvePerson(t, name);
  return queryByPersonKeys(t, keys, options, ['person', name]);
}

/** Merge order: sort key (date, id), then partition, ascending. */
function mergeOrder(descending: boolean) {
  return (a: PersonItem, b: PersonItem) =>
    a.SK === b.SK
      ? a.PK < b.PK
        ? -1
        : 1
      : a.SK < b.SK !== descending
        ? -1
        : 1;
}

/**
 * Entries of the given person keys, merged by sort key. A page holds at
 * most `limit` person items (a document in several roles gives one hit
 * per role, adjacent). The cursor is the last item's sort key and
 * partition: every partition resumes just past it, so the merge pages
 * exactly without a cursor per partition, even where one document is
 * under two keys (equal sort keys, ordered by partition).
 */
export async function queryByPersonKeys(
  t: TableContext,
  keys: readonly string[],
  options: PersonQueryOptions = {},
  binding: unknown = ['person-keys', keys]
): Promise<Page<PersonHit>> {
  checkRange(options);
  const limit = pageLimit(options.limit);
  const descending = options.newestFirst === true;
  const query = [
    binding,
    options.role ?? null,
    options.from ?? null,
    options.to ?? null,
    descending,
  ];
  const position = options.cursor ? decodeCursor(query, options.cursor) : null;
  const after = typeof position?.sk === 'string' ? position.sk : null;
  // cursors made before the partition was kept skip every equal key
  const afterPk = typeof position?.after === 'string' ? position.after : null;
  let [lower, upper] = skBounds(options);
  if (after !== null) {
    if (descending) upper = after;
    else lower = after;
  }
  const isPast = (i: PersonItem) =>
    i.SK !== after || (afterPk !== null && i.PK > afterPk);
  const perKey = await Promise.all(
    keys.map(async (key) => {
      const out = await queryUntil<PersonItem>(
        t,
        {
          ScanIndexForward: !descending,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lower AND :upper',
          ExpressionAttributeValues: {
            ':pk': personKeyPk(key),
            ':lower': lower,
            ':upper': upper,
            ...(options.role ? { ':role': options.role } : {}),
          },
          ...(options.role
            ? {
                // `roles` on person items, `role` on layout-4 items
                FilterExpression: 'contains(#roles, :role) OR #role = :role',
                ExpressionAttributeNames: {
                  '#roles': 'roles',
                  '#role': 'role',
                },
              }
            : {}),
        },
        // one more than a page: the boundary item (`after`) may come back
        limit + 1,
        undefined,
        (i) => ({ PK: i.PK, SK: i.SK })
      );
      return { items: out.items.filter(isPast), more: out.next !== null };
    })
  );
  const merged = perKey.flatMap((p) => p.items).sort(mergeOrder(descending));
  // Exact: a partition that stopped early returned `limit + 1` items, all
  // of which would precede any item it still holds, so none of those can
  // belong on this page.
  const page = merged.slice(0, limit);
  const more = merged.length > limit || perKey.some((p) => p.more);
  const last = page.at(-1);
  return {
    cursor:
      more && last
        ? encodeCursor(query, { sk: last.SK, after: last.PK })
        : null,
    items: page.flatMap((i) => hitsOf(i, options.role, descending)),
  };
}

/** Every entry of one person key (for the people listing). */
export async function personEntries(
  t: TableContext,
  key: string
): Promise<PersonHit[]> {
  const items = await queryAll<PersonItem>(t, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': personKeyPk(key) },
  });
  return items.flatMap((i) => hitsOf(i));
}

/**
 * Person keys of the people directory in key order (surname first),
 * those starting with `prefix` (already a key form), a page at a time.
 * A page never splits one surname's keys, so a person whose spellings
 * share the surname is listed whole.
 */
export async function listPersonKeys(
  t: TableContext,
  options: PageOptions & { prefix?: string } = {}
): Promise<Page<string>> {
  const limit = pageLimit(options.limit);
  const prefix = options.prefix ?? '';
  const query = ['people', prefix];
  const position = options.cursor ? decodeCursor(query, options.cursor) : null;
  const after = typeof position?.after === 'string' ? position.after : null;
  const shelves = prefix
    ? [shelfOf(prefix)]
    : PEOPLE_SHELVES.filter((s) => !after || s >= shelfOf(after));
  const keys: string[] = [];
  for (const shelf of shelves) {
    const found = await directoryKeys(
      t,
      `PEOPLE#${shelf}`,
      prefix,
      after && shelfOf(after) === shelf ? after : null
    );
    for (const key of found) {
      const surname = key.split(' ')[0];
      if (keys.length >= limit && keys.at(-1)!.split(' ')[0] !== surname) {
        return {
          items: keys,
          cursor: encodeCursor(query, { after: keys.at(-1)! }),
        };
      }
      keys.push(key);
    }
  }
  return { items: keys, cursor: null };
}

/** Sort keys of a directory partition (optionally by prefix, past `after`). */
async function directoryKeys(
  t: TableContext,
  pk: string,
  prefix = '',
  after: string | null = null
): Promise<string[]> {
  const keys: string[] = [];
  const first: Record<string, unknown> | undefined = after
    ? { PK: pk, SK: after }
    : undefined;
  let start = first;
  do {
    const out = await t.db
      .send(
        new QueryCommand({
          TableName: t.tableName,
          KeyConditionExpression: prefix
            ? 'PK = :pk AND begins_with(SK, :prefix)'
            : 'PK = :pk',
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(prefix ? { ':prefix': prefix } : {}),
          },
          ProjectionExpression: 'SK',
          ExclusiveStartKey: start,
        })
      )
      .catch((error: unknown) => {
        // `after` came from a cursor
        throw start === first && first ? cursorError(error) : error;
      });
    for (const item of out.Items ?? []) keys.push(String(item.SK));
    start = out.LastEvaluatedKey;
  } while (start);
  return keys;
}
