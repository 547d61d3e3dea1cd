import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHttpServer, startHttpServer } from '#local/http.ts';

describe('startHttpServer while starting', () => {
  let server: LocalHttpServer;
  const headers = { 'x-archive-secret': 'test-secret' };

  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      secret: 'test-secret',
      starting: { phase: 'listing', objects: 0 },
      health: () => ({ pid: 1 }),
    });
    server.mountApi(async () => ({ statusCode: 200, body: '{"items":[]}' }));
  });
  afterAll(() => server.close());

  it('answers /api/* with 503 "starting" and Retry-After until ready, then serves', async () => {
    // Prepare
    server.setStarting({ phase: 'checking', objects: 4000, records: 1000 });

    // Act
    const starting = await fetch(`${server.url}/api/records`, { headers });
    const health = await fetch(`${server.url}/api/health`, { headers });
    server.setStarting(null);
    const ready = await fetch(`${server.url}/api/records`, { headers });

    // Assess
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('1');
    expect(await starting.json()).toEqual({
      message: 'starting: the runtime is checking its stored objects',
      starting: { phase: 'checking', objects: 4000, records: 1000 },
    });
    expect(await health.json()).toMatchObject({
      status: 'starting',
      starting: { phase: 'checking' },
      pid: 1,
    });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ items: [] });
  });
});
