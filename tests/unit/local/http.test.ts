import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHttpServer, startHttpServer } from '#local/http.ts';

describe('startHttpServer', () => {
  let web: string;
  let server: LocalHttpServer;
  const events: unknown[] = [];
  /** What the CLI sends: the per-run secret as a header. */
  const withSecret = (init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      'x-archive-secret': server.secret,
    },
  });

  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'web-'));
    await writeFile(join(web, 'index.html'), '<h1>records</h1>');
    await writeFile(join(tmpdir(), 'secret.txt'), 'secret');
    server = await startHttpServer({
      port: 0,
      webDir: web,
      health: () => ({ queue: 'idle' }),
      controlRoutes: {
        'POST /_local/echo': async ({ body }) => ({ status: 200, body }),
      },
    });
    server.mountApi(async (event) => {
      events.push(event);
      return {
        statusCode: 201,
        headers: { 'x-test': '1' },
        body: '{"ok":true}',
      };
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(web, { recursive: true, force: true });
  });

  it('answers the health check on 127.0.0.1', async () => {
    // Act
    const response = await fetch(`${server.url}/api/health`, withSecret());

    // Assess
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await response.json()).toEqual({ status: 'ok', queue: 'idle' });
  });

  it('passes /api requests to the mounted handler as API Gateway v2 events', async () => {
    // Act
    const response = await fetch(
      `${server.url}/api/records?person=Kim+Il+Sung&limit=2`,
      withSecret({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      })
    );

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-test')).toBe('1');
    expect(events.at(-1)).toMatchObject({
      version: '2.0',
      rawPath: '/api/records',
      rawQueryString: 'person=Kim+Il+Sung&limit=2',
      queryStringParameters: { person: 'Kim Il Sung', limit: '2' },
      requestContext: { http: { method: 'POST', path: '/api/records' } },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
  });

  it('serves the web page and refuses paths outside it', async () => {
    // Act
    const page = await fetch(`${server.url}/`);
    const outside = await fetch(`${server.url}/..%2Fsecret.txt`);

    // Assess
    expect(await page.text()).toBe('<h1>records</h1>');
    expect(outside.status).toBe(404);
  });

  it('routes control calls with JSON bodies', async () => {
    // Act
    const response = await fetch(
      `${server.url}/_local/echo`,
      withSecret({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [1] }),
      })
    );

    // Assess
    expect(await response.json()).toEqual({ messages: [1] });
  });

  it('says in one line that a taken port is taken', async () => {
    // Act + Assess
    await expect(startHttpServer({ port: server.port })).rejects.toThrow(
      `port ${server.port} is in use; pass --port N`
    );
  });
});
