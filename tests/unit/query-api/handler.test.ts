import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { directoryAssets } from '#functions/query/assets.ts';
import {
  makeHandler,
  PAGE_CSP,
  type QueryLogger,
} from '#functions/query/make-handler.ts';
import { TransientError } from '#shared/errors/index.ts';
import { createQueryService, type RecordReader } from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { fakeStore } from '../query/fake-store.ts';
import { makeRecord } from '../query/records.ts';
import { apiEvent } from './events.ts';

const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

const seed = makeRecord('seed-1a2b3c4d', {
  title: 'Telegram from Kim Il Sung to Stalin (via Shtykov)',
  date: '1950-10-09',
  authors: ['Kim Il Sung'],
  recipients: ['Stalin'],
  via: ['Shtykov'],
  warnings: ['distribution-copies-mismatch'],
  provenance: { 'telegram.number': { start: 20, end: 29 } },
  text: {
    excerpt: 'Ciphered Telegram # 600382/sh (excerpt)',
    length: 40,
    uri: 's3://derived/derived/text/seed-1a2b3c4d/abc.txt',
    format: 'txt',
    encoding: 'utf-8',
  },
});
const letter = makeRecord('letter-11111111', {
  title: 'Letter from Kim Il Sung',
  date: '1949-03-01',
  documentType: 'letter',
  authors: ['Kim Il Sung'],
});
const cable = makeRecord('cable-22222222', {
  title: 'Cable from Kovalev',
  date: '1949-01-05',
  authors: ['Kovalev'],
  source: {
    sha256: 'b'.repeat(64),
    size: 3,
    contentType: 'text/plain',
    path: 'local/cable.txt',
  },
});
const RECORDS: DocumentRecord[] = [seed, letter, cable];

type Body = Record<string, unknown> & { message?: string };

function bodyOf(res: APIGatewayProxyStructuredResultV2): Body {
  return JSON.parse(res.body ?? 'null') as Body;
}

function setup(store: RecordReader = fakeStore(RECORDS)) {
  const logger: QueryLogger = {
    error: vi.fn(),
    warn: vi.fn(),
    info: vi.fn(),
  };
  const query = createQueryService(store, {
    cursorSecret: 'test-secret',
    sourceLink: async (r) =>
      r.source.bucket && r.source.key
        ? `https://s3.example/${r.source.bucket}/${r.source.key}?X-Amz-Signature=x`
        : null,
    readText: async (uri) => `full text of ${uri}`,
  });
  const handler = makeHandler({
    query,
    logger,
    assets: directoryAssets(WEB_DIR),
  });
  return { handler, logger };
}

describe('query handler: GET /records', () => {
  let handler: ReturnType<typeof setup>['handler'];
  beforeEach(() => {
    ({ handler } = setup());
  });

  it('returns summaries of the matching records, newest first, as JSON', async () => {
    // Act
    const res = await handler(apiEvent('/records', { person: 'kim il sung' }));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe(
      'application/json; charset=utf-8'
    );
    const body = bodyOf(res);
    expect(body.cursor).toBeNull();
    const items = body.items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual([seed.id, letter.id]);
    expect(items[0]).toMatchObject({
      title: seed.title,
      date: '1950-10-09',
      documentType: 'telegram',
      authors: ['Kim Il Sung'],
      recipients: ['Stalin'],
      via: ['Shtykov'],
      warnings: [
        {
          code: 'distribution-copies-mismatch',
          message: expect.stringContaining('copies'),
        },
      ],
    });
    expect(items[0]).not.toHaveProperty('provenance');
  });

  it('answers the same under the /api prefix the embedded runtime uses', async () => {
    // Act
    const res = await handler(apiEvent('/api/records', { type: 'letter' }));

    // Assess
    expect(res.statusCode).toBe(200);
    expect((bodyOf(res).items as { id: string }[]).map((i) => i.id)).toEqual([
      letter.id,
    ]);
  });

  it('pages with the cursor it returns until the last page', async () => {
    // Act
    const first = bodyOf(await handler(apiEvent('/records', { limit: '2' })));
    const second = bodyOf(
      await handler(
        apiEvent('/records', { limit: '2', cursor: String(first.cursor) })
      )
    );

    // Assess
    const ids = (page: Body) =>
      (page.items as { id: string }[]).map((i) => i.id);
    expect(ids(first)).toEqual([seed.id, letter.id]);
    expect(typeof first.cursor).toBe('string');
    expect(ids(second)).toEqual([cable.id]);
    expect(second.cursor).toBeNull();
  });

  it('rejects a cursor made for another query with 400 naming cursor', async () => {
    // Prepare
    const first = bodyOf(
      await handler(apiEvent('/records', { person: 'Kim Il Sung', limit: '1' }))
    );
    expect(typeof first.cursor).toBe('string');

    // Act
    const res = await handler(
      apiEvent('/records', {
        person: 'Kovalev',
        limit: '1',
        cursor: String(first.cursor),
      })
    );

    // Assess
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({
      parameter: 'cursor',
      message: expect.stringContaining('another query'),
    });
  });

  it('rejects an edited cursor with 400', async () => {
    // Prepare
    const first = bodyOf(await handler(apiEvent('/records', { limit: '1' })));
    const [payload, mac] = String(first.cursor).split('.');
    const edited = Buffer.from(JSON.stringify({ c: null, s: 2 })).toString(
      'base64url'
    );
    expect(edited).not.toBe(payload);

    // Act
    const res = await handler(
      apiEvent('/records', { limit: '1', cursor: `${edited}.${mac}` })
    );

    // Assess
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res).parameter).toBe('cursor');
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '500' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ type: 'postcard' }, 'type'],
    [{ role: 'author' }, 'role'],
    [{ person: 'Stalin', role: 'emperor' }, 'role'],
    [{ from: 'October 1950' }, 'from'],
    [{ from: '1951', to: '1950' }, 'from'],
    [{ person: '   ' }, 'person'],
    [{ text: 'x'.repeat(201) }, 'text'],
    [{ colour: 'red' }, 'colour'],
  ])('answers %j with 400 naming %s', async (query, parameter) => {
    // Act
    const res = await handler(apiEvent('/records', query));

    // Assess
    expect(res.statusCode).toBe(400);
    const body = bodyOf(res);
    expect(body.parameter).toBe(parameter);
    expect(body.message).toContain(parameter);
    expect(body.requestId).toBe('req-1');
  });
});

describe('query handler: GET /records/{id}', () => {
  it('returns the record with provenance, warnings in words, source link and audit trail', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent(`/records/${seed.id}`));

    // Assess
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as {
      record: DocumentRecord;
      warnings: { code: string; message: string }[];
      source: { link: string | null; key: string | null };
      auditTrail: { type: string }[];
    };
    expect(body.record.id).toBe(seed.id);
    expect(body.record.provenance['telegram.number']).toEqual({
      start: 20,
      end: 29,
    });
    expect(body.warnings[0]?.message).toMatch(/number of copies/);
    expect(body.source.key).toBe(`incoming/${seed.id}.txt`);
    expect(body.source.link).toMatch(/^https:\/\/s3\.example\/raw\//);
    expect(body.auditTrail.map((e) => e.type)).toEqual(['stored']);
  });

  it('answers an unknown id with 404 naming it', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent('/api/records/no-such-doc'));

    // Assess
    expect(res.statusCode).toBe(404);
    expect(bodyOf(res).message).toContain('no-such-doc');
  });

  it.each([
    ['/records/has%20space', 'id'],
    ['/records/%E0%A4%A', 'id'],
    [`/records/${'a'.repeat(201)}`, 'id'],
  ])('answers the malformed id in %s with 400', async (path, parameter) => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent(path));

    // Assess
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res).parameter).toBe(parameter);
  });
});

describe('query handler: GET /records/{id}/text and /source', () => {
  it('returns the full decoded text as text/plain', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent(`/records/${seed.id}/text`));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe(`full text of ${seed.text?.uri}`);
  });

  it('answers text for an unknown id with 404', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent('/records/nope/text'));

    // Assess
    expect(res.statusCode).toBe(404);
    expect(res.headers?.['content-type']).toContain('application/json');
  });

  it('returns a link to the source object', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent(`/records/${seed.id}/source`));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toEqual({
      id: seed.id,
      url: `https://s3.example/raw/incoming/${seed.id}.txt?X-Amz-Signature=x`,
    });
  });

  it('answers 404 when the record has no source object to link to', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent(`/records/${cable.id}/source`));

    // Assess
    expect(res.statusCode).toBe(404);
    expect(bodyOf(res).message).toContain(cable.id);
  });
});

describe('query handler: routes and errors', () => {
  it.each(['/', '/records/x/y/z', '/nothing', '/api/secret.txt'])(
    'answers GET %s without a route or asset with 404 JSON',
    async (path) => {
      // Prepare
      const { handler } = makeBare();

      // Act
      const res = await handler(apiEvent(path));

      // Assess
      expect(res.statusCode).toBe(404);
      expect(bodyOf(res).message).toMatch(/No route/);
    }
  );

  it('answers another method on a known path with 405', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent('/records', {}, 'DELETE'));

    // Assess
    expect(res.statusCode).toBe(405);
    expect(res.headers?.allow).toBe('GET');
  });

  it('hides an unexpected error behind 500 without message or stack, and logs it', async () => {
    // Prepare
    const broken = fakeStore(RECORDS);
    broken.getRecord = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:443 secret-table');
    };
    const { handler, logger } = setup(broken);

    // Act
    const res = await handler(apiEvent(`/records/${seed.id}`));

    // Assess
    expect(res.statusCode).toBe(500);
    expect(bodyOf(res)).toEqual({
      message: 'Internal error',
      requestId: 'req-1',
    });
    expect(res.body).not.toMatch(/secret-table|ECONNREFUSED|\.ts:\d+|at /);
    expect(logger.error).toHaveBeenCalledWith(
      'unexpected error answering a query',
      { error: expect.any(Error) }
    );
  });

  it('answers a transient store fault with 503 and Retry-After', async () => {
    // Prepare
    const flaky = fakeStore(RECORDS);
    flaky.queryByYearRange = async () => {
      throw new TransientError('ProvisionedThroughputExceededException');
    };
    const { handler } = setup(flaky);

    // Act
    const res = await handler(apiEvent('/records'));

    // Assess
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('1');
    expect(res.body).not.toContain('Provisioned');
  });

  it('never puts a stack trace in any error response', async () => {
    // Prepare
    const { handler } = setup();
    const events = [
      apiEvent('/records', { limit: '-1' }),
      apiEvent('/records/nope'),
      apiEvent('/records/%zz'),
      apiEvent('/nowhere'),
      apiEvent('/records', {}, 'POST'),
    ];

    // Act
    const responses = await Promise.all(events.map((e) => handler(e)));

    // Assess
    for (const res of responses) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toMatch(/\n\s+at |\.ts:\d+|Error:/);
      expect(res.headers?.['content-type']).toContain('application/json');
    }
  });
});

describe('query handler: the web page', () => {
  it('serves index.html at / with a strict content security policy', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const res = await handler(apiEvent('/'));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers?.['content-security-policy']).toBe(PAGE_CSP);
    const html = Buffer.from(res.body ?? '', 'base64').toString('utf8');
    expect(html).toContain('<script type="module" src="app.js"></script>');
  });

  it('serves the script and the style sheet, and nothing else from the folder', async () => {
    // Prepare
    const { handler } = setup();

    // Act
    const script = await handler(apiEvent('/app.js'));
    const style = await handler(apiEvent('/app.css'));
    const source = await handler(apiEvent('/app.ts'));
    const build = await handler(apiEvent('/build.ts'));

    // Assess
    expect(script.statusCode).toBe(200);
    expect(script.headers?.['content-type']).toContain('text/javascript');
    expect(style.statusCode).toBe(200);
    expect(style.headers?.['content-type']).toContain('text/css');
    expect(source.statusCode).toBe(404);
    expect(build.statusCode).toBe(404);
  });
});

/** A handler with no assets (as the embedded runtime mounts it). */
function makeBare() {
  return {
    handler: makeHandler({
      query: createQueryService(fakeStore(RECORDS)),
      logger: { error: vi.fn(), warn: vi.fn(), info: vi.fn() },
    }),
  };
}
