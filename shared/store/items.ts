/**
 * Mapping between domain objects and table items. Only the adapter uses it;
 * key formats live in keys.ts.
 */

import {
  type Applied,
  type Correction,
  carryReviewed,
  isOpen,
  type Reviewed,
  reviewFlagsOf,
  showCorrected,
} from '#shared/corrections/index.ts';
import { personKeyParts } from '#shared/extract/names.ts';
import type { RecordState } from '#shared/pipeline/ports.ts';
import { namesByRole, recordPeople } from '#shared/query/facets.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  dateIdSk,
  docPk,
  INDEX_VERSION,
  namePartPk,
  type PersonRole,
  peopleShelfPk,
  personKey,
  personKeyPk,
  personSk,
  RECORD_SK,
  REVIEW_OPEN_PK,
  reviewSk,
  telegramGsiPk,
  typeGsiPk,
} from './keys.ts';

export type { EventItem, RunEvents } from './audit-trail.ts';

import type { EventItem, RunEvents } from './audit-trail.ts';

export interface ItemKey {
  PK: string;
  SK: string;
}

/**
 * The record item as the store works with it (record-codec.ts maps it to
 * and from the stored item: the large parts compressed in one attribute).
 */
export interface RecordItem extends ItemKey {
  entity: 'record';
  documentId: string;
  status: DocumentRecord['status'];
  parserVersion: string;
  record: DocumentRecord;
  processingKey: string;
  sequencer: string | null;
  revision: number;
  /** Index items this record owns (deleted when it no longer needs them). */
  ownedKeys: ItemKey[];
  /** Index items of a previous version still to delete (a crash left them). */
  pendingCleanup?: ItemKey[];
  /**
   * The audit events of the run that wrote the item (its steps and its
   * final `stored`/`failed`, or a review change's event), committed
   * atomically with the record item, so a record is never without them.
   * The trail reads them from here; they become one trail item when a
   * later run replaces the record item (audit-trail.ts).
   */
  run?: RunEvents;
  /** Layout 4 and older: the run's final event only (its steps were items). */
  pendingEvent?: EventItem;
  /** Set by `markSourceDeleted` (applied to `record` when read). */
  sourceDeleted?: boolean;
  /** Fields cut to keep the item small (see shared/pipeline/bound-record.ts). */
  capped?: string[];
  updatedAt: string;
  /** Index layout the item was written with (keys.ts `INDEX_VERSION`). */
  indexVersion?: number;
  /**
   * Corrections people made, in order, with their status as of the last
   * commit (shared/corrections). `record` stays the extraction; readers
   * get it with these applied (`recordOf`), and the indexes are built from
   * that corrected record.
   */
  corrections?: Correction[];
  /** Who marked the record reviewed, and the flags it covered. */
  reviewed?: Reviewed | null;
  /** The record's review flags (shared/corrections/queue.ts), ok records only. */
  reviewFlags?: string[];
  /**
   * Facet attributes, read by facet counts without the record: the
   * document type, the date and the people named (one written form per
   * person key, identified names included). Ok records only.
   */
  documentType?: string;
  date?: string | null;
  people?: string[];
  GSI1PK?: string;
  GSI1SK?: string;
  /**
   * Layout 5 and older: keys of the removed `by-year` index. Nothing
   * reads them; a rewrite drops them (`withoutIndexAttributes`).
   */
  GSI2PK?: string;
  GSI2SK?: string;
  GSI3PK?: string;
  GSI3SK?: string;
}

/** One role a person has in a record, with the name written in it. */
export interface PersonRoleEntry {
  role: PersonRole;
  /** The name as the record writes it in that role. */
  name: string;
  /**
   * The name this entry is keyed by, when it differs from `name` because
   * the page identifies one with the other (`Filippov [Stalin]`).
   */
  identifiedAs?: string;
}

/**
 * A person item: one person key in one record, with every role the record
 * gives the person (`PERSON#<key>` / `<date>#<id>`).
 */
export interface PersonItem extends ItemKey {
  entity: 'person';
  documentId: string;
  /** The roles, for a role filter (`contains(roles, :role)`). */
  roles: PersonRole[];
  /** Per role, the name written (and the identified name). */
  entries: PersonRoleEntry[];
  date: string | null;
  documentType: string;
  title: string | null;
}

/**
 * A people-directory item: a person key listed under one name part
 * (`NAMEPART#<part>`) or on its letter's shelf (`PEOPLE#<letter>`). Static
 * and shared by every record naming the person, so writing it again is
 * harmless; entries whose person no longer appears in any record are
 * skipped by readers (their person partition is empty).
 */
export interface DirectoryItem extends ItemKey {
  entity: 'person-key';
  key: string;
}

/**
 * A review-queue entry: what the queue lists of a record waiting for
 * review, without reading the record (`REVIEW#open` / `<processedAt>#<id>`).
 */
export interface QueueItem extends ItemKey {
  entity: 'review';
  documentId: string;
  title: string | null;
  date: string | null;
  documentType: string;
  flags: string[];
  processedAt: string;
}

/** The facet attributes of a record item (see `RecordItem`). */
export function facetAttributes(record: DocumentRecord) {
  if (record.status !== 'ok') return { indexVersion: INDEX_VERSION };
  return {
    indexVersion: INDEX_VERSION,
    documentType: record.documentType,
    date: record.date,
    people: recordPeople(record),
  };
}

/**
 * Directory items for the person keys of a record's index items: the key
 * on its letter's shelf, and under each of its other words (not the
 * surname, its first word: the shelf, sorted by key, already finds keys
 * by surname with `begins_with`; one write less per new key).
 */
export function directoryItems(people: readonly PersonItem[]): DirectoryItem[] {
  const items = new Map<string, DirectoryItem>();
  for (const key of new Set(people.map((p) => p.PK.slice('PERSON#'.length)))) {
    const add = (PK: string) =>
      items.set(`${PK}\n${key}`, { PK, SK: key, entity: 'person-key', key });
    add(peopleShelfPk(key));
    const surname = key.split(' ')[0];
    for (const part of personKeyParts(key)) {
      if (part !== surname) add(namePartPk(part));
    }
  }
  return [...items.values()];
}

/**
 * GSI attributes: only ok records are listed by type (and so by date
 * range: date-listing.ts merges the type partitions) and by telegram.
 */
export function gsiAttributes(record: DocumentRecord) {
  if (record.status !== 'ok') return {};
  const number = record.telegram?.number?.trim();
  return {
    GSI1PK: typeGsiPk(record.documentType),
    GSI1SK: dateIdSk(record.date, record.id),
    ...(number ? { GSI3PK: telegramGsiPk(number), GSI3SK: record.id } : {}),
  };
}

/**
 * Person items of a record: one per person key, holding every role the
 * record gives the person, plus the other side of each identification the
 * page gives (`Filippov [Stalin]` indexes the record under both
 * `filippov` and `stalin`). One name per key and role: the first written.
 */
export function personItems(record: DocumentRecord): PersonItem[] {
  if (record.status !== 'ok') return [];
  const roles = namesByRole(record);
  const aliases = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const key = personKey(from);
    aliases.set(key, [...(aliases.get(key) ?? []), to]);
  };
  for (const { alias, name } of record.identifications) {
    link(alias, name);
    link(name, alias);
  }
  const title = record.title ? record.title.slice(0, 256) : null;
  const items = new Map<string, PersonItem>();
  const add = (keyName: string, role: PersonRole, written: string) => {
    const key = personKey(keyName);
    if (!key) return;
    let item = items.get(key);
    if (!item) {
      item = {
        PK: personKeyPk(key),
        SK: personSk(record.date, record.id),
        entity: 'person',
        documentId: record.id,
        roles: [],
        entries: [],
        date: record.date,
        documentType: record.documentType,
        title,
      };
      items.set(key, item);
    }
    if (item.roles.includes(role)) return;
    item.roles.push(role);
    item.entries.push({
      role,
      name: written,
      ...(keyName !== written ? { identifiedAs: keyName } : {}),
    });
  };
  for (const [role, names] of roles) {
    for (const name of names) {
      add(name, role, name);
      for (const other of aliases.get(personKey(name)) ?? []) {
        add(other, role, name);
      }
    }
  }
  return [...items.values()];
}

export function toRecordState(item: RecordItem): RecordState {
  return {
    processingKey: item.processingKey,
    sequencer: item.sequencer ?? null,
    revision: item.revision,
    record: item.record,
    corrections: item.corrections ?? [],
    reviewed: item.reviewed ?? null,
  };
}

/** A record as shown: the extraction with its corrections, and what they did. */
export type RecordShown = Applied<DocumentRecord>;

/** The record readers see (shared/corrections `showCorrected`). */
export function shownRecord(
  record: DocumentRecord,
  corrections: readonly Correction[] | undefined
): RecordShown {
  return showCorrected(record, corrections);
}

/**
 * A record item without the attributes a commit computes again (GSI keys,
 * review attributes, pending clean-up, the run's events), so a rewrite
 * cannot keep a stale one.
 */
export function withoutIndexAttributes(item: RecordItem): RecordItem {
  const base: Partial<RecordItem> = { ...item };
  for (const key of [
    'GSI1PK',
    'GSI1SK',
    // layout 5 and older
    'GSI2PK',
    'GSI2SK',
    'GSI3PK',
    'GSI3SK',
    'corrections',
    'reviewed',
    'reviewFlags',
    'pendingCleanup',
    'pendingEvent',
    'run',
  ] as const) {
    delete base[key];
  }
  return base as RecordItem;
}

/** The review attributes of a record item (none when there is nothing to keep). */
export function reviewAttributes(
  corrections: readonly Correction[],
  indexed: { flags: string[]; reviewed: Reviewed | null }
): Pick<RecordItem, 'corrections' | 'reviewed' | 'reviewFlags'> {
  return {
    ...(corrections.length > 0 ? { corrections: [...corrections] } : {}),
    ...(indexed.reviewed ? { reviewed: indexed.reviewed } : {}),
    reviewFlags: indexed.flags,
  };
}

/** The record of an item as readers see it (corrections applied). */
export function recordOf(item: RecordItem): DocumentRecord {
  return shownRecord(item.record, item.corrections).record;
}

/**
 * What a record item indexes, from the record as shown: person-index
 * items, the review-queue entry (when the record waits for review), its
 * flags, and the reviewed marker kept (dropped when a new flag appeared).
 */
export function indexedItems(
  shown: RecordShown,
  reviewed: Reviewed | null | undefined,
  /**
   * The queue entry's time: the run's event time (the S3 event's, the
   * reprocess request's, the review change's), the same on every
   * re-delivery of one message, so a retried run rewrites the entry it
   * wrote instead of adding another.
   */
  queuedAt: string
): {
  people: PersonItem[];
  queue: QueueItem[];
  flags: string[];
  reviewed: Reviewed | null;
} {
  const record = shown.record;
  const flags = reviewFlagsOf(record, shown.corrections);
  const kept = carryReviewed(flags, reviewed);
  const queue: QueueItem[] = isOpen(flags, kept)
    ? [
        {
          PK: REVIEW_OPEN_PK,
          SK: reviewSk(queuedAt, record.id),
          entity: 'review',
          documentId: record.id,
          title: record.title ? record.title.slice(0, 256) : null,
          date: record.date,
          documentType: record.documentType,
          flags,
          processedAt: record.processedAt,
        },
      ]
    : [];
  return { people: personItems(record), queue, flags, reviewed: kept };
}

export function recordItemKey(id: string): ItemKey {
  return { PK: docPk(id), SK: RECORD_SK };
}

export const keyString = (k: ItemKey) => `${k.PK}\n${k.SK}`;
