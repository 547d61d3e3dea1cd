/**
 * SQS message body → work for the use cases. Pure: parses with the schemas
 * in events.ts, decodes keys, and says what each S3 record asks for.
 */
import type {
  IngestOptions,
  IngestRef,
} from '#shared/pipeline/ingest-object.ts';
import type { RemoveRef } from '#shared/pipeline/remove-object.ts';
import {
  decodeS3Key,
  ReprocessMessageSchema,
  S3EventBridgeSchema,
  S3EventSchema,
  S3TestEventSchema,
} from './events.ts';

export type Work =
  | { kind: 'ingest'; ref: IngestRef; options: IngestOptions }
  | { kind: 'remove'; ref: RemoveRef }
  | { kind: 'test-event'; bucket: string | null }
  /** An S3 event type the pipeline does not act on (restore, tagging...). */
  | { kind: 'ignored'; eventName: string; bucket: string; key: string };

export type ParsedMessage =
  | { ok: true; work: Work[] }
  | { ok: false; error: string };

/**
 * Parses one SQS message body.
 *
 * @param body - the SQS record body (JSON text)
 * @param sentAt - ISO time SQS accepted the message: the event time of a
 *   reprocess request, stable across re-deliveries
 */
export function parseMessage(body: string, sentAt: string): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: `body is not JSON: ${preview(body)}` };
  }
  try {
    const s3 = S3EventSchema.safeParse(json);
    if (s3.success) {
      return {
        ok: true,
        work: s3.data.Records.map((r): Work => {
          const o = r.s3.object;
          const bucket = r.s3.bucket.name;
          const key = decodeS3Key(o.key);
          if (r.eventName.startsWith('ObjectCreated:')) {
            return {
              kind: 'ingest',
              ref: {
                bucket,
                key,
                versionId: o.versionId ?? null,
                etag: o.eTag ?? null,
                sequencer: o.sequencer ?? null,
                size: o.size ?? null,
                eventTime: r.eventTime,
              },
              options: {},
            };
          }
          if (r.eventName.startsWith('ObjectRemoved:')) {
            return {
              kind: 'remove',
              ref: {
                bucket,
                key,
                // a delete marker hides the current version; `Delete` with a
                // version id removes that version only
                deletedVersionId:
                  r.eventName === 'ObjectRemoved:Delete'
                    ? (o.versionId ?? null)
                    : null,
                sequencer: o.sequencer ?? null,
                eventTime: r.eventTime,
              },
            };
          }
          return { kind: 'ignored', eventName: r.eventName, bucket, key };
        }),
      };
    }
    if (S3TestEventSchema.safeParse(json).success) {
      const bucket = (json as { Bucket?: string }).Bucket ?? null;
      return { ok: true, work: [{ kind: 'test-event', bucket }] };
    }
    const reprocess = ReprocessMessageSchema.safeParse(json);
    if (reprocess.success) {
      const m = reprocess.data;
      return {
        ok: true,
        work: [
          {
            kind: 'ingest',
            ref: {
              bucket: m.bucket,
              key: m.key,
              versionId: m.versionId ?? null,
              eventTime: sentAt,
            },
            options: { force: m.force ?? false, reprocess: true },
          },
        ],
      };
    }
    const bridge = S3EventBridgeSchema.safeParse(json);
    if (bridge.success) {
      const { detail, time } = bridge.data;
      const bucket = detail.bucket.name;
      const key = decodeS3Key(detail.object.key);
      const type = bridge.data['detail-type'];
      if (type === 'Object Created') {
        return {
          ok: true,
          work: [
            {
              kind: 'ingest',
              ref: {
                bucket,
                key,
                versionId: detail.object['version-id'] ?? null,
                etag: detail.object.etag ?? null,
                sequencer: detail.object.sequencer ?? null,
                size: detail.object.size ?? null,
                eventTime: time,
              },
              options: {},
            },
          ],
        };
      }
      if (type === 'Object Deleted') {
        return {
          ok: true,
          work: [
            {
              kind: 'remove',
              ref: {
                bucket,
                key,
                deletedVersionId:
                  detail['deletion-type'] === 'Permanently Deleted'
                    ? (detail.object['version-id'] ?? null)
                    : null,
                sequencer: detail.object.sequencer ?? null,
                eventTime: time,
              },
            },
          ],
        };
      }
      return {
        ok: true,
        work: [{ kind: 'ignored', eventName: type, bucket, key }],
      };
    }
  } catch (error) {
    // decodeURIComponent on a malformed %-sequence
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `bad object key: ${message}` };
  }
  return {
    ok: false,
    error: `not an S3 event, S3 test event, EventBridge S3 event or reprocess message: ${preview(body)}`,
  };
}

function preview(body: string): string {
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}
