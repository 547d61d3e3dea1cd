/**
 * The local security boundary over HTTP, as a page in the user's browser
 * would meet it: DNS rebinding (a foreign Host), cross-site requests (a
 * foreign Origin or fetch metadata), a form's text/plain POST, an oversized
 * body, and no secret. Requests are sent with node:http so every header is
 * exactly what the test says (fetch would not let it set Host).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isOwnHost,
  isOwnOrigin,
  openUrl,
  secretMatches,
} from '#local/boundary.ts';
import { type LocalHttpServer, startHttpServer } from '#local/http.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly these headers (Host included). */
function send(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
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
    // a refused upload may be cut off before it is all sent
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET'
        ? resolve({ status: -1, headers: {}, body: error.code })
        : reject(error)
    );
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('local security boundary (startHttpServer)', () => {
  let server: LocalHttpServer;
  const enqueued: unknown[] = [];
  let apiCalls = 0;

  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      webDir: null,
      health: () => ({ pid: 1234, dataDir: '/home/someone/.archive' }),
      controlRoutes: {
        'POST /_local/enqueue': async ({ body }) => {
          enqueued.push(body);
          return { status: 202, body: { enqueued: 1 } };
        },
      },
    });
    server.mountApi(async () => {
      apiCalls += 1;
      return { statusCode: 200, body: '{"items":[]}' };
    });
  });
  afterAll(() => server.close());

  const secret = () => ({ 'x-archive-secret': server.secret });

  it('refuses a rebinding page: a foreign Host gets 421 and no data, even with a cookie-less secret guess', async () => {
    // Act
    const health = await send(server.port, {
      path: '/api/health',
      headers: { host: `attacker.example:${server.port}`, ...secret() },
    });
    const records = await send(server.port, {
      path: '/api/records',
      headers: { host: `attacker.example:${server.port}` },
    });
    const page = await send(server.port, {
      path: '/',
      headers: { host: `attacker.example:${server.port}` },
    });

    // Assess
    expect(health.status).toBe(421);
    expect(health.body).not.toContain('1234');
    expect(health.body).not.toContain('.archive');
    expect(records.status).toBe(421);
    expect(page.status).toBe(421);
    expect(apiCalls).toBe(0);
  });

  it('refuses a cross-site request: foreign Origin or Sec-Fetch-Site cross-site gets 403', async () => {
    // Act
    const byOrigin = await send(server.port, {
      path: '/api/records',
      headers: { origin: 'https://attacker.example', ...secret() },
    });
    const otherPort = await send(server.port, {
      path: '/api/records',
      headers: { origin: 'http://127.0.0.1:1', ...secret() },
    });
    const byFetchSite = await send(server.port, {
      path: '/api/records',
      headers: { 'sec-fetch-site': 'cross-site', ...secret() },
    });

    // Assess
    expect(byOrigin.status).toBe(403);
    expect(JSON.parse(byOrigin.body).message).toMatch(/another origin/);
    expect(otherPort.status).toBe(403);
    expect(byFetchSite.status).toBe(403);
    expect(apiCalls).toBe(0);
  });

  it('answers API and health only with the per-run secret (401 with a one-line reason otherwise)', async () => {
    // Act
    const without = await send(server.port, { path: '/api/health' });
    const wrong = await send(server.port, {
      path: '/api/health',
      headers: { 'x-archive-secret': 'guess' },
    });
    const right = await send(server.port, {
      path: '/api/health',
      headers: secret(),
    });

    // Assess
    expect(without.status).toBe(401);
    expect(JSON.parse(without.body).message).toMatch(/per-run secret/);
    expect(without.body).not.toMatch(/\n\s+at /);
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
    expect(JSON.parse(right.body)).toMatchObject({ pid: 1234 });
  });

  it('refuses a cross-site text/plain POST to /_local/enqueue (a form needs no preflight)', async () => {
    // Prepare: what a page's <form enctype="text/plain"> sends
    const forged = JSON.stringify({ messages: [{ forged: true }] });

    // Act
    const fromPage = await send(server.port, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: {
        origin: 'https://attacker.example',
        'content-type': 'text/plain',
      },
      body: forged,
    });
    const textPlainWithSecret = await send(server.port, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: { 'content-type': 'text/plain', ...secret() },
      body: forged,
    });

    // Assess
    expect(fromPage.status).toBe(403);
    expect(textPlainWithSecret.status).toBe(415);
    expect(enqueued).toEqual([]);
  });

  it('refuses a 50 MB body with 413 without reading it all', async () => {
    // Prepare
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);

    // Act: declared length, and the same body chunked (no length)
    const declared = await send(server.port, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: {
        'content-type': 'application/json',
        'content-length': String(big.length),
        ...secret(),
      },
      body: big,
    });
    const chunked = await send(server.port, {
      method: 'POST',
      path: '/_local/enqueue',
      headers: {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        ...secret(),
      },
      body: big,
    });

    // Assess: 413, or the connection cut while the rest was still coming
    expect([413, -1]).toContain(declared.status);
    expect([413, -1]).toContain(chunked.status);
    expect(enqueued).toEqual([]);
  });

  it('hands the page its secret once: ?s= sets a SameSite=Strict HttpOnly cookie and redirects to the clean URL', async () => {
    // Act
    const opened = await send(server.port, {
      path: `/?s=${encodeURIComponent(server.secret)}`,
    });
    const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
    const withCookie = await send(server.port, {
      path: '/api/records',
      headers: { cookie },
    });
    const badLink = await send(server.port, { path: '/?s=not-the-secret' });

    // Assess
    expect(server.openUrl).toBe(openUrl(server.url, server.secret));
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe('/');
    expect(String(opened.headers['set-cookie'])).toMatch(
      /HttpOnly; SameSite=Strict; Path=\//
    );
    expect(withCookie.status).toBe(200);
    expect(badLink.status).toBe(401);
    expect(badLink.headers['set-cookie']).toBeUndefined();
  });

  it('serves the page itself without the secret, to its own host only', async () => {
    // Act
    const page = await send(server.port, {
      path: '/',
      headers: { host: `localhost:${server.port}` },
    });

    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/Archive Ingest/);
  });
});

describe('boundary checks', () => {
  it('accepts only its own loopback host and origin, and compares secrets exactly', () => {
    expect(isOwnHost('127.0.0.1:3000', 3000)).toBe(true);
    expect(isOwnHost('LOCALHOST:3000', 3000)).toBe(true);
    expect(isOwnHost('127.0.0.1:3001', 3000)).toBe(false);
    expect(isOwnHost('127.0.0.1', 3000)).toBe(false);
    expect(isOwnHost('rebind.example:3000', 3000)).toBe(false);
    expect(isOwnHost(undefined, 3000)).toBe(false);
    expect(isOwnOrigin(undefined, 3000)).toBe(true);
    expect(isOwnOrigin('http://localhost:3000', 3000)).toBe(true);
    expect(isOwnOrigin('null', 3000)).toBe(false);
    expect(isOwnOrigin('https://127.0.0.1:3000', 3000)).toBe(false);
    expect(secretMatches('abc', 'abc')).toBe(true);
    expect(secretMatches('abcd', 'abc')).toBe(false);
    expect(secretMatches(null, 'abc')).toBe(false);
  });
});
