/**
 * The embedded runtime as an attacking web page meets it (issue 14, items
 * 2-6): its HTTP server, dynalite and s3rver under forged Host and Origin
 * headers, a forged event on the control route, an uploaded HTML page
 * opened as "the source file", and forged cursors and start keys. Real
 * servers on 127.0.0.1, a real data dir; requests sent with node:http so
 * every header is exactly what the test says.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type Target } from '#cli/target.ts';
import { mountQueryApi } from '#local/api-mount.ts';
import { CURSOR_SECRET_FILE } from '#local/cursor-secret.ts';
import {
  LOCAL_NAMES,
  type LocalRuntime,
  startRuntime,
} from '#local/runtime.ts';
import { ValidationError } from '#shared/errors/index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { encodeQueryCursor } from '#shared/query/cursor.ts';
import { encodeCursor } from '#shared/store/cursor.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to `base` (an http://127.0.0.1:port URL) with exactly these headers. */
function send(
  base: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }
): Promise<Answer> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(port),
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          })
        );
      }
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const HTML_KEY = 'incoming/letter-with-script.html';
const HTML_PAGE =
  '<html><body><h1>Letter to the Committee</h1><p>Comrade Ivanov asks for seed grain.</p>' +
  '<script>fetch("/api/records")</script></body></html>';
const TEXT_KEY = 'incoming/report-harbour.txt';

describe('the embedded runtime behind the local boundary', () => {
  let data: string;
  let runtime: LocalRuntime;
  let target: Target;
  let http: string;
  const secret = () => ({ 'x-archive-secret': runtime.http.secret });

  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'boundary-'));
    runtime = await startRuntime({
      dataDir: data,
      webDir: null,
      httpPort: 0,
      reconcile: false,
    });
    http = runtime.http.url;
    target = embeddedTarget(runtime, 'test runtime');
    await mountQueryApi(runtime, target.query);
    for (const [key, body, type] of [
      [HTML_KEY, HTML_PAGE, 'text/html'],
      [
        TEXT_KEY,
        'REPORT\n\nThe harbour cranes at Wonsan were repaired in March 1951.\n',
        'text/plain',
      ],
    ] as const) {
      await runtime.s3.send(
        new PutObjectCommand({
          Bucket: LOCAL_NAMES.rawBucket,
          Key: key,
          Body: new TextEncoder().encode(body),
          ContentType: type,
        })
      );
    }
    await runtime.dispatcher.drain();
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await rm(data, { recursive: true, force: true });
  });

  it('keeps its secrets in owner-only files', async () => {
    // Act
    const info = await stat(join(data, 'runtime.json'));
    const cursor = await stat(join(data, CURSOR_SECRET_FILE));

    // Assess
    expect(info.mode & 0o777).toBe(0o600);
    expect(cursor.mode & 0o777).toBe(0o600);
  });

  it('gives a rebinding page neither records nor /api/health (pid, data dir)', async () => {
    // Act
    const health = await send(http, {
      path: '/api/health',
      headers: { host: 'rebind.attacker.example:3000' },
    });
    const records = await send(http, {
      path: '/api/records',
      headers: { host: `rebind.attacker.example:${runtime.http.port}` },
    });
    const own = await send(http, { path: '/api/records', headers: secret() });

    // Assess
    expect(health.status).toBe(421);
    expect(health.body).not.toContain(String(process.pid));
    expect(health.body).not.toContain(data);
    expect(records.status).toBe(421);
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body).items.length).toBeGreaterThan(0);
  });

  it('refuses a forged ObjectRemoved event: cross-site text/plain is 403, and only reprocess requests for incoming/ are taken', async () => {
    // Prepare
    const id = documentIdFor(LOCAL_NAMES.rawBucket, TEXT_KEY);
    const removal = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventTime: new Date().toISOString(),
          eventName: 'ObjectRemoved:Delete',
          s3: {
            bucket: { name: LOCAL_NAMES.rawBucket },
            object: { key: TEXT_KEY, sequencer: 'FFFFFFFFFFFFFFFF' },
          },
        },
      ],
    };

    // Act
    const crossSite = await send(http, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: {
        origin: 'https://attacker.example',
        'content-type': 'text/plain',
      },
      body: JSON.stringify({ messages: [removal] }),
    });
    const eventWithSecret = await send(http, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: { 'content-type': 'application/json', ...secret() },
      body: JSON.stringify({ messages: [removal] }),
    });
    const otherBucket = await send(http, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: { 'content-type': 'application/json', ...secret() },
      body: JSON.stringify({
        messages: [
          { type: 'reprocess', bucket: LOCAL_NAMES.derivedBucket, key: 'x' },
        ],
      }),
    });
    await runtime.dispatcher.drain();
    const record = await runtime.store.getRecord(id);

    // Assess
    expect(crossSite.status).toBe(403);
    expect(eventWithSecret.status).toBe(400);
    expect(JSON.parse(eventWithSecret.body).message).toMatch(/^enqueue: /);
    expect(otherBucket.status).toBe(400);
    expect(JSON.parse(otherBucket.body).message).toMatch(/incoming\//);
    expect(record?.source.deleted).toBeFalsy();
    expect(record?.status).toBe('ok');
  });

  it('serves an uploaded HTML source as an attachment from its own origin, never rendered', async () => {
    // Prepare
    const id = documentIdFor(LOCAL_NAMES.rawBucket, HTML_KEY);
    const view = await target.query.getRecordView(id);
    const link = new URL(view.source.link ?? '');

    // Act
    const withoutSecret = await send(http, { path: link.pathname });
    const download = await send(http, {
      path: link.pathname,
      headers: secret(),
    });

    // Assess: the link is the runtime's, not s3rver's
    expect(link.origin).toBe(http);
    expect(link.origin).not.toBe(runtime.config.s3Endpoint);
    expect(withoutSecret.status).toBe(401);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="letter-with-script\.html"/
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toMatch(/sandbox/);
    expect(download.body).toBe(HTML_PAGE);
  });

  it('keeps dynalite from browsers: foreign Origin, Host, preflight and unsigned calls are 403 without CORS headers', async () => {
    // Prepare
    const dynamo = runtime.config.dynamodbEndpoint;
    const listTables = {
      method: 'POST',
      path: '/',
      body: '{}',
    };
    const amz = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
    };

    // Act
    const fromPage = await send(dynamo, {
      ...listTables,
      headers: {
        ...amz,
        origin: 'https://attacker.example',
        authorization:
          'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
      },
    });
    const rebinding = await send(dynamo, {
      ...listTables,
      headers: {
        ...amz,
        host: 'rebind.attacker.example',
        authorization:
          'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
      },
    });
    const preflight = await send(dynamo, {
      method: 'OPTIONS',
      path: '/',
      headers: {
        origin: 'https://attacker.example',
        'access-control-request-method': 'POST',
      },
    });
    const unsigned = await send(dynamo, { ...listTables, headers: amz });
    const sdk = await runtime.store.getRecord(
      documentIdFor(LOCAL_NAMES.rawBucket, TEXT_KEY)
    );

    // Assess
    for (const answer of [fromPage, rebinding, preflight, unsigned]) {
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.body).not.toContain(LOCAL_NAMES.tableName);
    }
    expect(sdk?.status).toBe('ok');
  });

  it('keeps s3rver from browsers: no anonymous listing, no form upload, no foreign Host', async () => {
    // Prepare
    const s3 = runtime.config.s3Endpoint;
    const boundary = '----form';
    const form =
      `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nincoming/forged.txt\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nforged\r\n--${boundary}--\r\n`;

    // Act
    const listing = await send(s3, { path: `/${LOCAL_NAMES.rawBucket}` });
    const upload = await send(s3, {
      method: 'POST',
      path: `/${LOCAL_NAMES.rawBucket}`,
      headers: {
        origin: 'https://attacker.example',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: form,
    });
    const formWithoutOrigin = await send(s3, {
      method: 'POST',
      path: `/${LOCAL_NAMES.rawBucket}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: form,
    });
    const rebinding = await send(s3, {
      path: `/${LOCAL_NAMES.rawBucket}/${TEXT_KEY}`,
      headers: { host: 'rebind.attacker.example' },
    });
    const forged = await runtime.s3
      .send(
        new HeadObjectCommand({
          Bucket: LOCAL_NAMES.rawBucket,
          Key: 'incoming/forged.txt',
        })
      )
      .then(
        () => 'exists',
        (error: { name?: string }) => error.name
      );

    // Assess
    expect(listing.status).toBe(403);
    expect(listing.body).not.toContain(TEXT_KEY);
    expect(upload.status).toBe(403);
    expect(formWithoutOrigin.status).toBe(403);
    expect(rebinding.status).toBe(403);
    expect(forged).toBe('NotFound');
  });

  it('answers a bad cursor with 400, and a forged start key with 400 too, never 500', async () => {
    // Prepare: a store cursor with a start key in another partition, and
    // one DynamoDB itself refuses (an index key without its sort key), each
    // signed as if the service's key had leaked
    const storeBinding = ['type', 'telegram', null, null, true];
    const otherPartition = encodeCursor(storeBinding, {
      key: {
        PK: 'DOC#x',
        SK: 'RECORD',
        GSI1PK: 'TYPE#letter',
        GSI1SK: '1950',
      },
    });
    const incomplete = encodeCursor(storeBinding, {
      key: { PK: 'DOC#x', SK: 'RECORD', GSI1PK: 'TYPE#telegram' },
    });
    const notAKey = encodeCursor(storeBinding, {
      key: { PK: 'DOC#x', SK: { N: '1' } },
    });

    // Act
    const garbage = await send(http, {
      path: '/api/records?type=telegram&cursor=garbage',
      headers: secret(),
    });
    const foreign = await send(http, {
      path: `/api/records?type=telegram&cursor=${encodeQueryCursor('another-archive', { type: 'telegram' }, { c: null, s: 0, l: null })}`,
      headers: secret(),
    });
    const people = await send(http, {
      path: '/api/people?cursor=abc.def',
      headers: secret(),
    });
    const store = await Promise.all(
      [otherPartition, incomplete, notAKey].map((cursor) =>
        runtime.store
          .queryByType('telegram', { cursor, newestFirst: true })
          .then(
            () => 'answered',
            (error: unknown) => error
          )
      )
    );

    // Assess
    expect(garbage.status).toBe(400);
    expect(foreign.status).toBe(400);
    expect(JSON.parse(foreign.body).parameter).toBe('cursor');
    expect(people.status).toBe(400);
    for (const outcome of store) {
      expect(outcome).toBeInstanceOf(ValidationError);
      expect((outcome as Error).message).toMatch(/^cursor: /);
    }
  });
});
