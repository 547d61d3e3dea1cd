/**
 * Mapping between domain objects and table items. Only the adapter uses it;
 * key formats live in keys.ts.
 */
import type { AuditEvent, RecordState } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  dateIdSk,
  docPk,
  normalizeName,
  type PersonRole,
  personPk,
  personSk,
  RECORD_SK,
  telegramGsiPk,
  typeGsiPk,
  yearGsiPk,
} from './keys.ts';

export interface ItemKey {
  PK: string;
  SK: string;
}

/** The record item: the record plus what the store needs to stay consistent. */
export interface RecordItem extends ItemKey {
  entity: 'record';
  documentId: string;
  status: DocumentRecord['status'];
  parserVersion: string;
  record: DocumentRecord;
  processingKey: string;
  sequencer: string | null;
  revision: number;
  /** Person-index items this record owns (deleted when it no longer needs them). */
  ownedKeys: ItemKey[];
  /** Index items of a previous version still to delete (a crash left them). */
  pendingCleanup?: ItemKey[];
  /**
   * The run's final audit event (`stored`/`failed`), committed atomically
   * with the record item, so a record is never without it. The trail reads
   * it from here; it is written as its own item when the record item is
   * replaced by a later run.
   */
  pendingEvent?: EventItem;
  /** Fields cut to keep the item small (see shared/pipeline/bound-record.ts). */
  capped?: string[];
  updatedAt: string;
  GSI1PK?: string;
  GSI1SK?: string;
  GSI2PK?: string;
  GSI2SK?: string;
  GSI3PK?: string;
  GSI3SK?: string;
}

/** A person-index item: one person in one role of one record. */
export interface PersonItem extends ItemKey {
  entity: 'person';
  documentId: string;
  role: PersonRole;
  /** The name as the record writes it in that role. */
  name: string;
  /**
   * The name this entry is keyed by, when it differs from `name` because
   * the page identifies one with the other (`Filippov [Stalin]`).
   */
  identifiedAs?: string;
  date: string | null;
  documentType: string;
  title: string | null;
}

export interface EventItem extends ItemKey, AuditEvent {
  entity: 'event';
  documentId: string;
}

/** GSI attributes: only ok records are listed by type, year and telegram. */
export function gsiAttributes(record: DocumentRecord) {
  if (record.status !== 'ok') return {};
  const sk = dateIdSk(record.date, record.id);
  const number = record.telegram?.number?.trim();
  return {
    GSI1PK: typeGsiPk(record.documentType),
    GSI1SK: sk,
    GSI2PK: yearGsiPk(record.date ? record.date.slice(0, 4) : '0000'),
    GSI2SK: sk,
    ...(number ? { GSI3PK: telegramGsiPk(number), GSI3SK: record.id } : {}),
  };
}

/**
 * Person-index items of a record: every name in every role, plus the other
 * side of each identification the page gives (`Filippov [Stalin]` indexes
 * the entry under both `filippov` and `stalin`). Deduplicated by key.
 */
export function personItems(record: DocumentRecord): PersonItem[] {
  if (record.status !== 'ok') return [];
  const roles: Array<[PersonRole, string[]]> = [
    ['author', record.authors],
    ['recipient', record.recipients],
    ['via', record.via],
    ['participant', record.participants],
    ['signatory', record.signatories],
    [
      'distribution',
      record.telegram?.distribution?.recipients.map((r) => r.name) ?? [],
    ],
  ];
  const aliases = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const key = normalizeName(from);
    aliases.set(key, [...(aliases.get(key) ?? []), to]);
  };
  for (const { alias, name } of record.identifications) {
    link(alias, name);
    link(name, alias);
  }
  const title = record.title ? record.title.slice(0, 256) : null;
  const items = new Map<string, PersonItem>();
  const add = (keyName: string, role: PersonRole, written: string) => {
    if (!normalizeName(keyName)) return;
    const PK = personPk(keyName);
    const SK = personSk(record.date, record.id, role);
    if (items.has(`${PK}\n${SK}`)) return;
    items.set(`${PK}\n${SK}`, {
      PK,
      SK,
      entity: 'person',
      documentId: record.id,
      role,
      name: written,
      ...(keyName !== written ? { identifiedAs: keyName } : {}),
      date: record.date,
      documentType: record.documentType,
      title,
    });
  };
  for (const [role, names] of roles) {
    for (const name of names) {
      add(name, role, name);
      for (const other of aliases.get(normalizeName(name)) ?? []) {
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
  };
}

export function recordItemKey(id: string): ItemKey {
  return { PK: docPk(id), SK: RECORD_SK };
}

export const keyString = (k: ItemKey) => `${k.PK}\n${k.SK}`;
