/**
 * The query API's review routes through the handler: the review queue
 * (GET), corrections and the reviewed marker (POST, JSON body): answered
 * only with a caller, 403 for a caller who may not write, 404 in the
 * read-only function, bodies bounded and validated, errors naming the part.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { reviewerCaller } from '#functions/query/caller.ts';
import {
  makeHandler,
  type QueryLogger,
} from '#functions/query/make-handler.ts';
import type { Correction } from '#shared/corrections/index.ts';
import { ValidationError } from '#shared/errors/index.ts';
import type { QueryService, RecordView } from '#shared/query/index.ts';
import { apiEvent } from './events.ts';

const correction: Correction = {
  id: '20261201100000000-0a1b2c3d',
  op: 'set',
  path: 'authors.0',
  value: 'Molotov',
  oldValue: 'Molotof',
  span: { start: 10, end: 17 },
  note: null,
  by: 'archivist',
  at: '2026-12-01T10:00:00.000Z',
  status: 'applied',
};

function fakeQuery() {
  return {
    correct: vi.fn(async () => ({
      correction,
      created: true,
      view: { corrections: [correction] } as unknown as RecordView,
    })),
    markReviewed: vi.fn(async (_id: string, input: unknown, by: string) => ({
      reviewed: {
        by,
        at: '2026-12-01T10:00:00.000Z',
        note: (input as { note?: string }).note ?? null,
        flags: ['time-order'],
      },
    })),
    reviewQueue: vi.fn(async () => ({
      items: [
        {
          id: 'doc-1',
          title: 'Telegram',
          date: '1950-01-01',
          documentType: 'telegram',
          flags: ['time-order'],
          processedAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      counts: { 'time-order': 1 },
      total: 1,
      cursor: null,
    })),
  };
}

const silent: QueryLogger = { error: vi.fn(), warn: vi.fn(), info: vi.fn() };

function post(
  path: string,
  body: string | undefined,
  headers: Record<string, string> = { 'content-type': 'application/json' }
): APIGatewayProxyEventV2 {
  const event = apiEvent(path, {}, 'POST');
  return {
    ...event,
    headers: { ...event.headers, ...headers },
    ...(body === undefined ? {} : { body }),
  };
}

function setup(caller?: (e: APIGatewayProxyEventV2) => string | null) {
  const query = fakeQuery();
  const handler = makeHandler({
    query: query as unknown as QueryService,
    logger: silent,
    ...(caller ? { caller } : {}),
  });
  return { query, handler };
}

function bodyOf(res: APIGatewayProxyStructuredResultV2) {
  return JSON.parse(res.body ?? 'null') as Record<string, unknown>;
}

const CORRECTION = JSON.stringify({
  op: 'set',
  path: 'authors.0',
  value: 'Molotov',
  span: { start: 10, end: 17 },
});

describe('POST /records/{id}/corrections', () => {
  it('makes the correction as the caller and answers 201 with it and the view', async () => {
    // Prepare
    const { query, handler } = setup(() => 'archivist');

    // Act
    const res = (await handler(
      post('/records/doc-1/corrections', CORRECTION)
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res).correction).toEqual(correction);
    expect(query.correct).toHaveBeenCalledWith(
      'doc-1',
      JSON.parse(CORRECTION),
      'archivist'
    );
  });

  it('is not answered by the read-only function (no caller): 404', async () => {
    // Prepare
    const { query, handler } = setup();

    // Act
    const res = (await handler(
      post('/api/records/doc-1/corrections', CORRECTION)
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(404);
    expect(query.correct).not.toHaveBeenCalled();
  });

  it('refuses a caller who may not write: 403, nothing done', async () => {
    // Prepare
    const { query, handler } = setup(() => null);

    // Act
    const res = (await handler(
      post('/records/doc-1/corrections', CORRECTION)
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(403);
    expect(query.correct).not.toHaveBeenCalled();
  });

  it('names a bad body: not JSON, too large, not sent as JSON', async () => {
    // Prepare
    const { query, handler } = setup(() => 'archivist');
    const send = async (event: APIGatewayProxyEventV2) =>
      (await handler(event)) as APIGatewayProxyStructuredResultV2;

    // Act
    const notJson = await send(post('/records/doc-1/corrections', '{op:'));
    const large = await send(
      post(
        '/records/doc-1/corrections',
        JSON.stringify({ note: 'x'.repeat(40_000) })
      )
    );
    const form = await send(
      post('/records/doc-1/corrections', 'op=set', {
        'content-type': 'application/x-www-form-urlencoded',
      })
    );

    // Assess
    expect(notJson.statusCode).toBe(400);
    expect(bodyOf(notJson)).toMatchObject({
      message: 'body: not valid JSON',
      parameter: 'body',
    });
    expect(bodyOf(large).message).toBe('body: larger than 32768 bytes');
    expect(bodyOf(form).message).toMatch(/^body: send JSON/);
    expect(query.correct).not.toHaveBeenCalled();
  });

  it("answers 400 naming the part the service refused (the span's text)", async () => {
    // Prepare
    const { query, handler } = setup(() => 'archivist');
    query.correct.mockRejectedValueOnce(
      new ValidationError(
        "span: the text at 10-17 reads 'Malenkov', not 'Molotov'"
      )
    );

    // Act
    const res = (await handler(
      post('/records/doc-1/corrections', CORRECTION)
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({
      message: "span: the text at 10-17 reads 'Malenkov', not 'Molotov'",
      parameter: 'span',
    });
  });

  it('answers GET on a write path with 405 allowing POST', async () => {
    // Prepare
    const { handler } = setup(() => 'archivist');

    // Act
    const res = (await handler(
      apiEvent('/records/doc-1/corrections')
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(405);
    expect(res.headers?.allow).toBe('POST');
  });
});

describe('POST /records/{id}/reviewed', () => {
  it('marks the record reviewed as the caller, with the note; an empty body is no note', async () => {
    // Prepare
    const { query, handler } = setup(() => 'archivist');

    // Act
    const noted = (await handler(
      post('/records/doc-1/reviewed', JSON.stringify({ note: 'checked' }))
    )) as APIGatewayProxyStructuredResultV2;
    const bare = (await handler(
      post('/api/records/doc-1/reviewed', undefined)
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(noted.statusCode).toBe(200);
    expect(bodyOf(noted).reviewed).toMatchObject({
      by: 'archivist',
      note: 'checked',
    });
    expect(query.markReviewed).toHaveBeenLastCalledWith(
      'doc-1',
      {},
      'archivist'
    );
    expect(bare.statusCode).toBe(200);
  });
});

describe('GET /review', () => {
  it('lists the queue with counts; refuses a bad limit and unknown parameters', async () => {
    // Prepare
    const { query, handler } = setup();

    // Act
    const ok = (await handler(
      apiEvent('/api/review', { limit: '5' })
    )) as APIGatewayProxyStructuredResultV2;
    const bad = (await handler(
      apiEvent('/review', { limit: 'all' })
    )) as APIGatewayProxyStructuredResultV2;
    const unknown = (await handler(
      apiEvent('/review', { flag: 'x' })
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(ok.statusCode).toBe(200);
    expect(bodyOf(ok)).toMatchObject({ total: 1, counts: { 'time-order': 1 } });
    expect(query.reviewQueue).toHaveBeenCalledWith({ limit: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad).parameter).toBe('limit');
    expect(bodyOf(unknown).message).toBe('unknown parameter "flag"');
  });
});

describe('reviewerCaller', () => {
  const withArn = (arn: string | undefined) => {
    const event = apiEvent('/records/doc-1/corrections', {}, 'POST');
    return {
      ...event,
      requestContext: {
        ...event.requestContext,
        ...(arn ? { authorizer: { iam: { userArn: arn } } } : {}),
      },
    } as APIGatewayProxyEventV2;
  };

  it('accepts sessions of the reviewer role only', () => {
    // Prepare
    const caller = reviewerCaller('archive-ingest-reviewer-prod');

    // Assess
    const session =
      'arn:aws:sts::123456789012:assumed-role/archive-ingest-reviewer-prod/alice';
    expect(caller(withArn(session))).toBe(session);
    expect(
      caller(withArn('arn:aws:sts::123456789012:assumed-role/admin-role/alice'))
    ).toBeNull();
    expect(caller(withArn('arn:aws:iam::123456789012:user/alice'))).toBeNull();
    expect(caller(withArn(undefined))).toBeNull();
  });
});
