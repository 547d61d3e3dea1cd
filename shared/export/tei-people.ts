/**
 * The people, bodies and places a record names, merged for the TEI
 * header's `listPerson`, `listOrg` and `listPlace`: every name the record
 * reads (authors, recipients, signatures, the distribution list, the
 * decipherer...) is one use; uses whose names share a comparison key, that
 * stand on the same span of the page, or that a bracketed identification
 * ties together (`Filippov [Stalin]`) are one entity. Each entity gets an
 * `xml:id` that the body's `persName`/`orgName`/`placeName` point to with
 * `ref`. Pure: no I/O.
 */
import {
  displayName,
  groupPersonKeys,
  normalizeName,
  personKey,
} from '#shared/extract/names.ts';
import { isOrganisation } from '#shared/extract/people.ts';
import {
  DATELINE_PLACES,
  NON_PERSON_ENTRY_WORDS,
} from '#shared/extract/vocabulary.ts';
import type { DocumentRecord, Span } from '#shared/schema/record.ts';

/**
 * Spellings are told apart by `normalizeName` (case, accents, forms of
 * address folded: `KIM IL SUNG` is `Kim Il Sung` written again), and
 * people are merged by `personKey`, the key of the archive's people index
 * (surname first, spelling systems folded: `Mao Tse-tung` and `MAO
 * ZEDONG`, `Stalin` and `I.V. Stalin` are one person), so the TEI's
 * `listPerson` and the API's `/people` agree.
 */
const keyOf = normalizeName;

/** What a name is: the element it is written as in the TEI. */
export type EntityKind = 'person' | 'org' | 'place' | 'other';

/** The TEI element for each kind of name. */
export const NAME_ELEMENT: Readonly<Record<EntityKind, string>> = {
  person: 'persName',
  org: 'orgName',
  place: 'placeName',
  other: 'name',
};

/**
 * The role each record field gives the name it holds, written in the
 * body's `role` attribute (a list of tokens: one span may be an author and
 * a signatory at once). In the order the attribute lists them.
 */
export const NAME_ROLES = [
  'author',
  'recipient',
  'intermediary',
  'participant',
  'signatory',
  'signer',
  'identification',
  'distribution',
  'decipherer',
  'typist',
  'origin',
] as const;
export type NameRole = (typeof NAME_ROLES)[number];

/** Distribution entries that are no one's name: the vocabulary's list. */
export { NON_PERSON_ENTRY_WORDS };

/** One name the record reads, where it reads it, and in which role. */
export interface NameUse {
  /** The record path (`authors.0`, `telegram.distribution.recipients.2.name`). */
  path: string;
  value: string;
  role: NameRole;
  span: Span | null;
}

/** One person, body or place, with every spelling the record gives it. */
export interface Entity {
  /** `xml:id` in the header (`pers-stalin`); null for `other`. */
  id: string | null;
  kind: EntityKind;
  /** The name to show first, then the other spellings, then code names. */
  names: { value: string; alias: boolean }[];
  /** Offset of the first use on the page (entities are listed in this order). */
  first: number;
}

/** The merged entities and, for each name path, its entity. */
export interface EntityIndex {
  entities: Entity[];
  byPath: ReadonlyMap<string, Entity>;
  uses: readonly NameUse[];
}

/** Every name the record reads, in the order of its fields. */
export function nameUses(record: DocumentRecord): NameUse[] {
  const uses: NameUse[] = [];
  const add = (path: string, value: string | null, role: NameRole) => {
    if (value === null || value.trim() === '') return;
    uses.push({ path, value, role, span: record.provenance[path] ?? null });
  };
  const list = (field: string, values: readonly string[], role: NameRole) =>
    values.forEach((v, i) => {
      add(`${field}.${i}`, v, role);
    });
  list('authors', record.authors, 'author');
  list('recipients', record.recipients, 'recipient');
  list('via', record.via, 'intermediary');
  list('participants', record.participants, 'participant');
  list('signatories', record.signatories, 'signatory');
  add('letter.signedBy', record.letter?.signedBy ?? null, 'signer');
  record.identifications.forEach((id, i) => {
    add(`identifications.${i}`, id.name, 'identification');
  });
  const t = record.telegram;
  if (t) {
    add('telegram.origin', t.origin, 'origin');
    add('telegram.decipheredBy', t.decipheredBy, 'decipherer');
    add('telegram.typedBy', t.typedBy, 'typist');
    t.distribution?.recipients.forEach((r, i) => {
      add(`telegram.distribution.recipients.${i}.name`, r.name, 'distribution');
    });
  }
  return uses;
}

/** What one name is, by its words (an origin is always a place). */
export function classifyName(value: string, role: NameRole): EntityKind {
  if (role === 'origin') return 'place';
  if (isOrganisation(value)) return 'org';
  const key = keyOf(value);
  if (DATELINE_PLACES.has(key)) return 'place';
  if (
    role === 'distribution' &&
    NON_PERSON_ENTRY_WORDS.has(key.split(' ')[0] ?? '')
  ) {
    return 'other';
  }
  return 'person';
}

/** Union-find over the indexes of the uses (plus identification aliases). */
class Groups {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    this.parent[i] = root;
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const ID_PREFIX: Readonly<Record<EntityKind, string>> = {
  person: 'pers',
  org: 'org',
  place: 'place',
  other: 'name',
};

/** `kim il sung` → `kim-il-sung`; letters outside a-z give `''`. */
function slug(key: string): string {
  return key
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function wordCount(s: string): number {
  return s.trim().split(/\s+/).length;
}

/**
 * Merges the record's names into entities.
 *
 * @param record the record whose names (and identifications) to merge
 * @example
 * indexEntities(record).byPath.get('recipients.0')?.id // 'pers-stalin'
 */
export function indexEntities(record: DocumentRecord): EntityIndex {
  const uses = nameUses(record);
  const groups = new Groups();
  for (const _ of uses) groups.add();
  const byKey = new Map<string, number>();
  const bySpan = new Map<string, number>();
  const join = (map: Map<string, number>, key: string, i: number) => {
    const j = map.get(key);
    if (j === undefined) map.set(key, i);
    else groups.union(i, j);
  };
  // a partial form joins the one complete form it is part of
  const personGroups = groupPersonKeys(
    uses
      .filter((u) => classifyName(u.value, u.role) === 'person')
      .map((u) => personKey(u.value))
  );
  const mergeKey = (value: string, kind: EntityKind) => {
    if (kind !== 'person') return keyOf(value);
    const key = personKey(value);
    return personGroups.get(key) ?? key;
  };
  uses.forEach((u, i) => {
    const kind = classifyName(u.value, u.role);
    const key = mergeKey(u.value, kind);
    if (key !== '') join(byKey, `${kind}:${key}`, i);
    // an origin and a place-named author are the same place
    if (u.role === 'origin' && key !== '') join(byKey, `place:${key}`, i);
    if (u.span) join(bySpan, `${u.span.start}:${u.span.end}`, i);
  });
  // a code name the page identifies: `Filippov [Stalin]` is one person
  const aliases: { value: string; group: number }[] = [];
  record.identifications.forEach((id, n) => {
    const i = uses.findIndex((u) => u.path === `identifications.${n}`);
    if (i < 0) return;
    const aliasKey = `person:${mergeKey(id.alias, 'person')}`;
    const j = byKey.get(aliasKey);
    if (j !== undefined) groups.union(i, j);
    else byKey.set(aliasKey, i);
    aliases.push({ value: id.alias, group: i });
  });

  const members = new Map<number, number[]>();
  uses.forEach((_, i) => {
    const root = groups.find(i);
    members.set(root, [...(members.get(root) ?? []), i]);
  });

  const taken = new Set<string>();
  const counters: Record<EntityKind, number> = {
    person: 0,
    org: 0,
    place: 0,
    other: 0,
  };
  const byPath = new Map<string, Entity>();
  const entities: Entity[] = [];
  const ordered = [...members.values()]
    .map((idx) => ({
      idx,
      first: Math.min(
        ...idx.map((i) => uses[i]?.span?.start ?? Number.MAX_SAFE_INTEGER)
      ),
    }))
    .sort((a, b) => a.first - b.first || (a.idx[0] ?? 0) - (b.idx[0] ?? 0));
  for (const { idx, first } of ordered) {
    const group = idx.map((i) => uses[i]!);
    const kind: EntityKind = group.some((u) => u.role === 'origin')
      ? 'place'
      : classifyName(group[0]!.value, group[0]!.role);
    const aliasValues = aliases
      .filter((a) => groups.find(a.group) === groups.find(idx[0]!))
      .map((a) => a.value);
    const aliasKeys = new Set(aliasValues.map(keyOf));
    // spellings in page order; the name shown first is the people
    // index's choice for a person (the most complete form, mixed case
    // over capitals), else the spelling with the most words
    const spellings: string[] = [];
    const counts = new Map<string, number>();
    for (const u of [...group].sort(
      (a, b) =>
        (a.span?.start ?? Number.MAX_SAFE_INTEGER) -
        (b.span?.start ?? Number.MAX_SAFE_INTEGER)
    )) {
      const key = keyOf(u.value);
      if (aliasKeys.has(key)) continue;
      const value = u.value.trim();
      const first = spellings.find((s) => keyOf(s) === key);
      if (first === undefined) spellings.push(value);
      counts.set(first ?? value, (counts.get(first ?? value) ?? 0) + 1);
    }
    const shown = kind === 'person' ? displayName(counts) : '';
    const main =
      spellings.find((s) => s === shown) ??
      spellings.reduce<string | null>(
        (best, s) =>
          best === null || wordCount(s) > wordCount(best) ? s : best,
        null
      );
    const names: Entity['names'] = [];
    if (main !== null) names.push({ value: main, alias: false });
    for (const s of spellings)
      if (s !== main) names.push({ value: s, alias: false });
    const aliasSeen = new Set<string>();
    for (const a of aliasValues) {
      const key = keyOf(a);
      if (aliasSeen.has(key)) continue;
      aliasSeen.add(key);
      names.push({ value: a.trim(), alias: true });
    }
    let id: string | null = null;
    if (kind !== 'other') {
      counters[kind] += 1;
      const base = `${ID_PREFIX[kind]}-${slug(keyOf(names[0]?.value ?? '')) || counters[kind]}`;
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
    }
    const entity: Entity = { id, kind, names, first };
    entities.push(entity);
    for (const u of group) byPath.set(u.path, entity);
  }
  return { entities, byPath, uses };
}
