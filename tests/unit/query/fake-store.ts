/**
 * An in-memory RecordReader with the DynamoDB adapter's semantics: person
 * and type listings oldest first, year range newest first (undated last,
 * only without bounds), person hits per role, aliases indexed under both
 * names, small pages with cursors.
 */
import {
  groupPersonKeys,
  matchesPersonKey,
  parseNameQuery,
  personKey,
} from '#shared/extract/names.ts';
import {
  facetRowOf,
  type PersonHitView,
  type RecordReader,
} from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

const norm = (n: string) =>
  n
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const key = (r: { date: string | null; id: string }) =>
  `${r.date ?? '0000'}#${r.id}`;
const inRange = (d: string | null, from?: string, to?: string) =>
  (d ?? '0000') >= (from ?? '0000') && (d ?? '0000') <= `${to ?? '9999'}\uffff`;

function paginate<T>(all: T[], asked = 50, cursor?: string | null) {
  // small pages, so results cross store-page boundaries
  const limit = Math.min(asked, 5);
  const start = cursor ? Number(cursor) : 0;
  const end = start + limit;
  return {
    items: all.slice(start, end),
    cursor: end < all.length ? String(end) : null,
  };
}

export function fakeStore(records: DocumentRecord[]): RecordReader & {
  calls: string[];
} {
  const calls: string[] = [];
  const ok = () => records.filter((r) => r.status === 'ok');
  const hits = (): (PersonHitView & {
    name: string;
    written: string;
    key: string;
  })[] =>
    ok().flatMap((r) => {
      const roles: [string, string[]][] = [
        ['author', r.authors],
        ['recipient', r.recipients],
        ['via', r.via],
        ['participant', r.participants],
        ['signatory', r.signatories],
        ['signer', r.letter?.signedBy ? [r.letter.signedBy] : []],
        [
          'distribution',
          r.telegram?.distribution?.recipients.map((d) => d.name) ?? [],
        ],
      ];
      return roles.flatMap(([role, names]) =>
        names.flatMap((name) => {
          const others = r.identifications
            .filter(
              (i) => norm(i.name) === norm(name) || norm(i.alias) === norm(name)
            )
            .map((i) => (norm(i.name) === norm(name) ? i.alias : i.name));
          return [name, ...others].map((n) => ({
            documentId: r.id,
            role,
            date: r.date,
            documentType: r.documentType,
            name: norm(n),
            written: name,
            key: personKey(n),
            identifiedAs: n === name ? null : n,
          }));
        })
      );
    });
  return {
    calls,
    async getRecord(id) {
      return records.find((r) => r.id === id) ?? null;
    },
    async getRecords(ids) {
      calls.push(`getRecords:${ids.length}`);
      return ids.flatMap((id) => records.filter((r) => r.id === id));
    },
    async getAuditTrail(id) {
      return [
        {
          type: 'stored',
          at: '2024-01-01T00:00:00.000Z',
          agent: 'ingest',
          parserVersion: '0.1.0',
          outcome: 'ok',
          detail: { id },
        },
      ];
    },
    async queryByPerson(name, options) {
      calls.push(`person:${norm(name)}`);
      const all = hits()
        .filter(
          (h) =>
            h.name === norm(name) &&
            (!options.role || h.role === options.role) &&
            inRange(h.date, options.from, options.to)
        )
        .sort((a, b) =>
          key({ date: a.date, id: a.documentId }) <
          key({ date: b.date, id: b.documentId })
            ? -1
            : 1
        );
      if (options.newestFirst) all.reverse();
      return paginate(all, options.limit, options.cursor);
    },
    async resolvePerson(name) {
      calls.push(`resolve:${name}`);
      const query = parseNameQuery(name);
      const keys = [...new Set(hits().map((h) => h.key))];
      const matched = keys.filter((k) => matchesPersonKey(query, k));
      const surnames = new Set(matched.map((k) => k.split(' ')[0]));
      const family = keys.filter((k) => surnames.has(k.split(' ')[0]));
      const groups = groupPersonKeys(family);
      const wanted = new Set(matched.map((k) => groups.get(k) ?? k));
      return family.filter((k) => wanted.has(groups.get(k) ?? k)).sort();
    },
    async queryByPersonKeys(keys, options) {
      calls.push(`person-keys:${keys.join('|')}`);
      const all = hits()
        .filter(
          (h) =>
            keys.includes(h.key) &&
            (!options.role || h.role === options.role) &&
            inRange(h.date, options.from, options.to)
        )
        .sort((a, b) =>
          key({ date: a.date, id: a.documentId }) <
          key({ date: b.date, id: b.documentId })
            ? -1
            : 1
        );
      if (options.newestFirst) all.reverse();
      return paginate(all, options.limit, options.cursor);
    },
    async facetRows(source, limit) {
      calls.push('facet-rows');
      const rows = ok()
        .filter(
          (r) =>
            (!source.type || r.documentType === source.type) &&
            (r.date
              ? inRange(r.date, source.from, source.to)
              : !source.from && !source.to)
        )
        .map(facetRowOf);
      return { rows: rows.slice(0, limit), complete: rows.length <= limit };
    },
    async facetRowsOf(ids) {
      calls.push(`facet-rows-of:${ids.length}`);
      return ids.flatMap((id) =>
        ok()
          .filter((r) => r.id === id)
          .map(facetRowOf)
      );
    },
    async listPersonKeys(options) {
      calls.push(`people:${options.prefix ?? ''}`);
      const keys = [...new Set(hits().map((h) => h.key))]
        .filter((k) => k.startsWith(options.prefix ?? ''))
        .sort();
      return { items: keys, cursor: null };
    },
    async personEntries(personKeyWanted) {
      return hits()
        .filter((h) => h.key === personKeyWanted)
        .map((h) => ({
          documentId: h.documentId,
          role: h.role,
          date: h.date,
          documentType: h.documentType,
          name: h.written,
          identifiedAs: h.identifiedAs ?? null,
        }));
    },
    async queryByType(type, options) {
      calls.push(`type:${type}`);
      const all = ok()
        .filter(
          (r) =>
            r.documentType === type && inRange(r.date, options.from, options.to)
        )
        .sort((a, b) => (key(a) < key(b) ? -1 : 1));
      if (options.newestFirst) all.reverse();
      return paginate(all, options.limit, options.cursor);
    },
    async queryByYearRange(from, to, options) {
      calls.push('year');
      const all = ok()
        .filter((r) => (r.date ? inRange(r.date, from, to) : !from && !to))
        .sort((a, b) => (key(a) < key(b) ? 1 : -1));
      return paginate(all, options.limit, options.cursor);
    },
    async queryByTelegram(number) {
      calls.push(`telegram:${number}`);
      return ok().filter((r) => r.telegram?.number === number);
    },
    async listRecords(options) {
      calls.push('scan');
      const all = records.filter(
        (r) => !options.status || r.status === options.status
      );
      return paginate(all, options.limit, options.cursor);
    },
  };
}
