/**
 * TEI P5 export of one record: `toTei(record, decodedText, options)`.
 * The `teiHeader` says where the text came from (title, this export, the
 * archive's rights text, the archival citations as `msIdentifier`, the
 * source object with its version, SHA-256, size and content type, the
 * correspondents, the people named, the processing history); the `body`
 * is the decoded text itself, every character in order, with each value
 * the extraction read marked up where it stands (tei-body.ts). The mapping
 * of record fields to elements is in docs/TEI.md. Pure: no I/O, no clock.
 */
import { AppError, NotFoundError } from '#shared/errors/index.ts';
import { splitLines } from '#shared/extract/text.ts';
import { readHeading } from '#shared/extract/title.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import { describeWarning } from '#shared/query/warnings.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { teiBody, teiWhen } from './tei-body.ts';
import {
  type Entity,
  type EntityIndex,
  indexEntities,
  NAME_ELEMENT,
} from './tei-people.ts';
import { el, renderXml, type XmlElement } from './xml.ts';

export { teiWhen } from './tei-body.ts';

/** The TEI namespace. */
export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** Who publishes the export (`publicationStmt/publisher`). */
export const TEI_PUBLISHER = 'Archive Ingest';

export interface TeiOptions {
  /** The record's processing history, oldest first, as the store gives it (`revisionDesc` lists it newest first). */
  auditTrail?: readonly AuditEvent[];
}

/**
 * The text given is not the record's whole decoded text (an excerpt, or
 * another document's text): its spans would mark the wrong characters.
 */
export class TeiTextError extends AppError {}

/**
 * Checks that a record can be exported with this text.
 *
 * @throws NotFoundError for a failure record: it has no text to mark up
 * @throws TeiTextError when the text is not the record's whole decoded text
 */
export function checkTeiExportable(record: DocumentRecord, text: string): void {
  if (record.status === 'failed') {
    const why = record.failure
      ? ` (${record.failure.reason}: ${record.failure.message})`
      : '';
    throw new NotFoundError(
      `Record "${record.id}" was not processed${why}: it has no text to mark up as TEI`
    );
  }
  if (record.text && record.text.length !== text.length) {
    throw new TeiTextError(
      `Record "${record.id}": the text at hand has ${text.length} characters, its decoded text ${record.text.length} (the full text is not available, only an excerpt?)`
    );
  }
  for (const [path, span] of Object.entries(record.provenance)) {
    if (span.start > span.end || span.end > text.length) {
      throw new TeiTextError(
        `Record "${record.id}": the span of ${path} [${span.start}, ${span.end}) lies outside its text (${text.length} characters)`
      );
    }
  }
}

/**
 * The record as a TEI P5 document.
 *
 * @param record an ok record
 * @param text its decoded text, whole (the text its provenance spans point into)
 * @param options the audit trail for `revisionDesc`
 * @throws NotFoundError / TeiTextError as `checkTeiExportable`
 * @example
 * const xml = toTei(record, await query.getRecordText(record.id));
 */
export function toTei(
  record: DocumentRecord,
  text: string,
  options: TeiOptions = {}
): string {
  checkTeiExportable(record, text);
  const entities = indexEntities(record);
  const header = renderXml(teiHeader(record, text, entities, options), 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<TEI xmlns="${TEI_NS}">`,
    header,
    '  <text>',
    `    ${teiBody(record, text, entities)}`,
    '  </text>',
    '</TEI>',
    '',
  ].join('\n');
}

// ---- header ---------------------------------------------------------------

/**
 * The title: the archive's title line; on a page without the frame, the
 * document's own heading; else a supplied one in square brackets.
 */
function titleOf(record: DocumentRecord, text: string): string {
  if (record.title) return record.title;
  const lines = splitLines(text);
  const heading = readHeading(text, lines, 0, lines.length).heading?.value;
  if (heading) return heading.replace(/\s+/g, ' ').trim();
  const type =
    record.documentType === 'other' ? 'document' : record.documentType;
  return `[Untitled ${type}${record.date ? `, ${record.date}` : ''}]`;
}

/** A name in the header, pointing at its entity. */
function nameEl(entity: Entity | undefined, value: string): XmlElement {
  const kind = entity?.kind ?? 'person';
  return el(
    NAME_ELEMENT[kind],
    { ref: entity?.id ? `#${entity.id}` : null },
    value
  );
}

function fileDesc(
  record: DocumentRecord,
  text: string,
  entities: EntityIndex
): XmlElement {
  const warnings = record.warnings.map((code) =>
    el('note', { type: 'warning', n: code }, describeWarning(code, record))
  );
  const d = record.telegram?.distribution;
  const distribution =
    d &&
    (d.copies !== null || d.recipients.length > 0) &&
    el(
      'note',
      { type: 'distribution' },
      d.copies !== null &&
        el(
          'num',
          { type: 'total-copies', value: d.copies },
          `${d.copies} copies`
        ),
      d.recipients.length > 0 &&
        el(
          'list',
          { type: 'distribution' },
          ...d.recipients.map((r, i) =>
            el(
              'item',
              {},
              nameEl(
                entities.byPath.get(
                  `telegram.distribution.recipients.${i}.name`
                ),
                r.name
              ),
              ': ',
              el('num', { type: 'copies', value: r.copies }, String(r.copies))
            )
          )
        )
    );
  const notes = [...warnings, ...(distribution ? [distribution] : [])];
  return el(
    'fileDesc',
    {},
    el('titleStmt', {}, el('title', {}, titleOf(record, text))),
    el(
      'publicationStmt',
      {},
      el('publisher', {}, TEI_PUBLISHER),
      el('idno', { type: 'record' }, record.id),
      record.rights && el('availability', {}, el('licence', {}, record.rights))
    ),
    notes.length > 0 && el('notesStmt', {}, ...notes),
    sourceDesc(record)
  );
}

/** `s3://bucket/key?versionId=v` with the key's path segments percent-encoded. */
function sourcePointer(record: DocumentRecord): string | null {
  const { bucket, key, versionId } = record.source;
  if (!bucket || !key) return null;
  const path = key.split('/').map(encodeURIComponent).join('/');
  return `s3://${bucket}/${path}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ''}`;
}

function sourceDesc(record: DocumentRecord): XmlElement {
  const s = record.source;
  const citations = record.sources.map((c) =>
    el(
      'msDesc',
      {},
      el(
        'msIdentifier',
        {},
        el('repository', {}, c.archive),
        ...(['fond', 'opis', 'delo', 'papka', 'listy'] as const).map(
          (part) => c[part] && el('idno', { type: part }, c[part])
        )
      )
    )
  );
  const archivePage =
    (record.archiveRecordId || record.uploadedDate) &&
    el(
      'bibl',
      { type: 'archive-page' },
      record.archiveRecordId &&
        el('idno', { type: 'archive-record' }, record.archiveRecordId),
      record.uploadedDate &&
        el(
          'date',
          { type: 'uploaded', when: teiWhen(record.uploadedDate) },
          record.uploadedDate
        )
    );
  const pointer = sourcePointer(record);
  const object = el(
    'bibl',
    { type: 'source-object' },
    pointer && el('ptr', { target: pointer }),
    s.uri && el('idno', { type: 'URI' }, s.uri),
    s.path && el('idno', { type: 'path' }, s.path),
    s.versionId && el('idno', { type: 'version-id' }, s.versionId),
    el('idno', { type: 'SHA-256' }, s.sha256),
    el(
      'extent',
      {},
      el('measure', { unit: 'byte', quantity: s.size }, `${s.size} bytes`)
    ),
    s.contentType && el('note', { type: 'content-type' }, s.contentType),
    record.text &&
      el(
        'note',
        { type: 'decoded-text' },
        `${record.text.length} characters decoded from ${record.text.format}${record.text.encoding ? ` (${record.text.encoding})` : ''}`
      )
  );
  return el('sourceDesc', {}, ...citations, archivePage, object);
}

/** Sender, intermediary and addressee, for telegrams and letters. */
function correspDesc(
  record: DocumentRecord,
  text: string,
  entities: EntityIndex
): XmlElement | null {
  const t = record.telegram;
  if (
    record.documentType !== 'telegram' &&
    record.documentType !== 'letter' &&
    !t
  ) {
    return null;
  }
  const names = (field: 'authors' | 'recipients' | 'via') =>
    record[field].map((v, i) =>
      nameEl(entities.byPath.get(`${field}.${i}`), v)
    );
  // the date as the page writes it, its value in `when`
  const dateEl = (path: string, value: string | null) => {
    if (!value) return null;
    const span = record.provenance[path];
    const written = span
      ? text.slice(span.start, span.end).replace(/\s+/g, ' ').trim()
      : value;
    return el('date', { when: teiWhen(value) }, written);
  };
  const origin = t?.origin ? entities.byPath.get('telegram.origin') : undefined;
  const authorEntities = record.authors.map((_, i) =>
    entities.byPath.get(`authors.${i}`)
  );
  const sent = [
    ...names('authors'),
    origin &&
      t?.origin &&
      !authorEntities.includes(origin) &&
      nameEl(origin, t.origin),
    dateEl(t?.sentAt ? 'telegram.sentAt' : 'date', t?.sentAt ?? record.date),
  ].filter((x): x is XmlElement => Boolean(x));
  const via = names('via');
  const received = [
    ...names('recipients'),
    dateEl('telegram.receivedAt', t?.receivedAt ?? null),
  ].filter((x): x is XmlElement => Boolean(x));
  const actions = [
    sent.length > 0 && el('correspAction', { type: 'sent' }, ...sent),
    via.length > 0 && el('correspAction', { type: 'transmitted' }, ...via),
    received.length > 0 &&
      el('correspAction', { type: 'received' }, ...received),
  ].filter((x): x is XmlElement => Boolean(x));
  return actions.length > 0 ? el('correspDesc', {}, ...actions) : null;
}

/** One `person`, `org` or `place` with its spellings. */
function entityEl(entity: Entity): XmlElement {
  const container = {
    person: 'person',
    org: 'org',
    place: 'place',
    other: 'person',
  }[entity.kind];
  const name = NAME_ELEMENT[entity.kind];
  return el(
    container,
    { 'xml:id': entity.id },
    ...entity.names.map((n, i) =>
      el(
        name,
        { type: n.alias ? 'alias' : i === 0 ? null : 'variant' },
        n.value
      )
    )
  );
}

function profileDesc(
  record: DocumentRecord,
  text: string,
  entities: EntityIndex
): XmlElement {
  const of = (kind: Entity['kind']) =>
    entities.entities
      .filter((e) => e.kind === kind && e.id !== null)
      .map(entityEl);
  const persons = of('person');
  const orgs = of('org');
  const places = of('place');
  return el(
    'profileDesc',
    {},
    record.summary && el('abstract', {}, el('p', {}, record.summary)),
    correspDesc(record, text, entities),
    (persons.length > 0 || orgs.length > 0) &&
      el(
        'particDesc',
        {},
        persons.length > 0 && el('listPerson', {}, ...persons),
        orgs.length > 0 && el('listOrg', {}, ...orgs)
      ),
    places.length > 0 && el('settingDesc', {}, el('listPlace', {}, ...places)),
    el(
      'textClass',
      {},
      el(
        'keywords',
        {},
        el('term', { type: 'documentType' }, record.documentType)
      )
    )
  );
}

/** An ISO time for `when`, or null when it is not one. */
function isoWhen(at: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(
    at
  )
    ? at
    : null;
}

function revisionDesc(
  record: DocumentRecord,
  trail: readonly AuditEvent[]
): XmlElement {
  const changes =
    trail.length > 0
      ? // newest first, as TEI recommends
        [...trail]
          .reverse()
          .map((e) =>
            el(
              'change',
              { when: isoWhen(e.at), type: e.type, status: e.outcome },
              `${e.type}: ${e.outcome} (${e.agent}, parser ${e.parserVersion})`
            )
          )
      : [
          el(
            'change',
            {
              when: isoWhen(record.processedAt),
              type: 'extracted',
              status: record.status,
            },
            `Extracted by parser ${record.parserVersion}`
          ),
        ];
  return el('revisionDesc', {}, ...changes);
}

function teiHeader(
  record: DocumentRecord,
  text: string,
  entities: EntityIndex,
  options: TeiOptions
): XmlElement {
  return el(
    'teiHeader',
    {},
    fileDesc(record, text, entities),
    el(
      'encodingDesc',
      {},
      el(
        'projectDesc',
        {},
        el(
          'p',
          {},
          `Exported by ${TEI_PUBLISHER} from record ${record.id} (parser ${record.parserVersion}). The body is the decoded text of the source object, every character in order; each value the extraction read is marked up where it stands on the page.`
        )
      )
    ),
    profileDesc(record, text, entities),
    revisionDesc(record, options.auditTrail ?? [])
  );
}
