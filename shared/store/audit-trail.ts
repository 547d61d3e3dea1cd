/**
 * The audit trail: a document's processing history (docs/STORE.md).
 *
 * A run's events (its steps and its final `stored`/`failed`, or a review
 * change's one event) travel in the record item it commits (`run`), so a
 * record and its whole trail are committed atomically. When a later run
 * replaces the record item, the replaced run's events are written out as
 * ONE trail item (`EVENT#<event time>#run#<run id>`, deterministic per
 * run, so writing it again rewrites the same item). Rare changes that do
 * not rewrite the record item (`markSourceDeleted`) write their event as
 * its own item (`EVENT#<event time>#<nn>#<type>#<run id>`), as every
 * event was before layout 5; such items are read as they are.
 *
 * Readers order events by the sort key each would have as its own item
 * (`eventSk`), so the trail reads the same whatever holds the events.
 */
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import type { ItemKey, RecordItem } from './items.ts';
import { docPk, eventSk, trailSk } from './keys.ts';
import {
  compressJson,
  decodeRecordItem,
  decompressJson,
} from './record-codec.ts';
import { putIfAbsent, queryAll, type TableContext } from './table-io.ts';

/** The events of one run, as the record item carries them. */
export interface RunEvents {
  /** The S3 event's time (or the change's): base of the events' keys. */
  eventTime: string;
  /** Short id of the run (hash of processing key + event time). */
  runId: string;
  /** In order: event `i` sorts as `eventSk(eventTime, i, type, runId)`. */
  events: AuditEvent[];
}

/** An event in its own item (layout 4 and older; `markSourceDeleted`). */
export interface EventItem extends ItemKey, AuditEvent {
  entity: 'event';
  documentId: string;
}

/** One run's events, written out when its record item was replaced. */
export interface TrailItem extends ItemKey {
  entity: 'trail';
  documentId: string;
  eventTime: string;
  runId: string;
  /** The events (`AuditEvent[]`), brotli-compressed JSON. */
  body: Uint8Array;
}

export function eventItem(
  id: string,
  eventTime: string,
  ordinal: number,
  runId: string,
  event: AuditEvent
): EventItem {
  return {
    PK: docPk(id),
    SK: eventSk(eventTime, ordinal, event.type, runId),
    entity: 'event',
    documentId: id,
    ...event,
  };
}

export function trailItem(id: string, run: RunEvents): TrailItem {
  return {
    PK: docPk(id),
    SK: trailSk(run.eventTime, run.runId),
    entity: 'trail',
    documentId: id,
    eventTime: run.eventTime,
    runId: run.runId,
    body: compressJson(run.events),
  };
}

/**
 * Writes out the events a record item carries before it is replaced: its
 * run as one trail item (an item of layout 4 and older: its final event
 * as its own item). Conditional, so a re-delivery writes it once.
 */
export async function writeOutRun(
  t: TableContext,
  item: Pick<RecordItem, 'documentId' | 'run' | 'pendingEvent'> | null
): Promise<void> {
  if (!item) return;
  await Promise.all([
    item.run
      ? putIfAbsent(t, { ...trailItem(item.documentId, item.run) })
      : null,
    item.pendingEvent ? putIfAbsent(t, { ...item.pendingEvent }) : null,
  ]);
}

/** An event as its own item (rare changes that keep the record item's run). */
export async function putEvent(
  t: TableContext,
  id: string,
  eventTime: string,
  runId: string,
  event: AuditEvent
): Promise<void> {
  await putIfAbsent(t, { ...eventItem(id, eventTime, 0, runId, event) });
}

/** A keyed event: its own item's sort key, or the one it would have. */
interface KeyedEvent {
  sk: string;
  event: AuditEvent;
}

function runEvents(run: RunEvents): KeyedEvent[] {
  return run.events.map((event, i) => ({
    sk: eventSk(run.eventTime, i, event.type, run.runId),
    event,
  }));
}

const plainEvent = (e: AuditEvent): AuditEvent => ({
  type: e.type,
  at: e.at,
  agent: e.agent,
  parserVersion: e.parserVersion,
  outcome: e.outcome,
  detail: e.detail,
});

/**
 * The trail held by the items of one document's partition (as read: the
 * record item, trail items, event items; others are ignored), oldest
 * first, each event once. Tools that scan the table (the fault drill)
 * read trails with it too.
 */
export function trailOf(
  items: readonly Record<string, unknown>[]
): (AuditEvent & { sk: string; runId: string })[] {
  const keyed = new Map<string, KeyedEvent>();
  const add = (list: KeyedEvent[]) => {
    for (const k of list) if (!keyed.has(k.sk)) keyed.set(k.sk, k);
  };
  for (const raw of items) {
    if (raw.entity === 'event') {
      add([{ sk: String(raw.SK), event: raw as unknown as AuditEvent }]);
    } else if (raw.entity === 'trail' && raw.body instanceof Uint8Array) {
      add(
        runEvents({
          eventTime: String(raw.eventTime),
          runId: String(raw.runId),
          events: decompressJson<AuditEvent[]>(raw.body),
        })
      );
    } else if (raw.entity === 'record') {
      const item = decodeRecordItem(raw);
      if (item.run) add(runEvents(item.run));
      if (item.pendingEvent) {
        add([{ sk: item.pendingEvent.SK, event: item.pendingEvent }]);
      }
    }
  }
  return [...keyed.values()]
    .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
    .map(({ sk, event }) => ({
      ...plainEvent(event),
      sk,
      runId: sk.split('#').at(-1) ?? '',
    }));
}

/**
 * The processing history of `id`, oldest first: one strongly consistent
 * Query of the document's partition (record item, trail and event items).
 */
export async function getAuditTrail(
  t: TableContext,
  id: string
): Promise<AuditEvent[]> {
  const items = await queryAll(t, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': docPk(id) },
    ConsistentRead: true,
  });
  return trailOf(items).map(plainEvent);
}
