import { describe, expect, it } from 'vitest';
import { decodeS3Key } from '#functions/ingest/events.ts';
import { parseMessage } from '#functions/ingest/messages.ts';
import { loadEvent } from './load-event.ts';

const SENT = '2024-05-01T12:00:05.000Z';

describe('parseMessage', () => {
  it('turns an ObjectCreated notification into ingest work with the decoded key', () => {
    // Act
    const parsed = parseMessage(
      JSON.stringify(loadEvent('s3-object-created')),
      SENT
    );
    // Assess
    expect(parsed).toEqual({
      ok: true,
      work: [
        {
          kind: 'ingest',
          ref: {
            bucket: 'archive-raw',
            key: 'incoming/Telegram from Kim Il Sung №600382.txt',
            versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
            etag: 'b21b84d653bb07b05b1e6b33684dc11b',
            sequencer: '0055AED6DCD90281E5',
            size: 4096,
            eventTime: '2024-05-01T12:00:00.000Z',
          },
          options: {},
        },
      ],
    });
  });

  it('turns a delete marker into remove work that hides the current version', () => {
    // Act
    const parsed = parseMessage(
      JSON.stringify(loadEvent('s3-object-removed')),
      SENT
    );
    // Assess
    expect(parsed).toMatchObject({
      ok: true,
      work: [
        {
          kind: 'remove',
          ref: { deletedVersionId: null, sequencer: '0055AED6DCD90281F0' },
        },
      ],
    });
  });

  it('recognises the S3 test event', () => {
    expect(
      parseMessage(JSON.stringify(loadEvent('s3-test-event')), SENT)
    ).toEqual({
      ok: true,
      work: [{ kind: 'test-event', bucket: 'archive-raw' }],
    });
  });

  it('reads EventBridge Object Created events', () => {
    // Act
    const parsed = parseMessage(
      JSON.stringify(loadEvent('eventbridge-object-created')),
      SENT
    );
    // Assess
    expect(parsed).toMatchObject({
      ok: true,
      work: [
        {
          kind: 'ingest',
          ref: {
            bucket: 'archive-raw',
            key: 'incoming/seed.txt',
            versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
          },
        },
      ],
    });
  });

  it('takes a reprocess request with its plain key and the SQS sent time as event time', () => {
    // Act
    const parsed = parseMessage(JSON.stringify(loadEvent('reprocess')), SENT);
    // Assess
    expect(parsed).toEqual({
      ok: true,
      work: [
        {
          kind: 'ingest',
          ref: {
            bucket: 'archive-raw',
            key: 'incoming/seed.txt',
            versionId: null,
            eventTime: SENT,
          },
          options: { force: true, reprocess: true },
        },
      ],
    });
  });

  it.each([
    ['not JSON', '{oops', /not JSON/],
    ['an unknown shape', '{"hello":1}', /not an S3 event/],
    [
      'a malformed key encoding',
      JSON.stringify({
        Records: [
          {
            eventSource: 'aws:s3',
            eventTime: 't',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key: '%E0%A4%A' } },
          },
        ],
      }),
      /bad object key/,
    ],
  ])('rejects %s with a reason', (_name, body, reason) => {
    // Act
    const parsed = parseMessage(body, SENT);
    // Assess
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(reason);
  });
});

describe('decodeS3Key', () => {
  it('reads + as a space and percent-escapes as UTF-8', () => {
    expect(decodeS3Key('incoming/red+flower%2B%D0%96.txt')).toBe(
      'incoming/red flower+Ж.txt'
    );
  });
});
