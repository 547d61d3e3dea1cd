import { createHash } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWeb } from '#cli/commands/web.ts';
import { regionOfApiUrl, Sha256 } from '#local/signed-proxy.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** A stand-in for the deployed API: records what reached it. */
let api: Server;
let apiUrl: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  api = createServer((req, res) => {
    seen.push(req);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, items: [] }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => api.close(r));
});

describe('archive web (signing proxy to a deployed API)', () => {
  it('serves the page and forwards API calls signed with SigV4 for execute-api', async () => {
    // Prepare
    let stop!: () => void;
    const until = new Promise<void>((r) => {
      stop = r;
    });
    let url = '';
    let secret = '';
    const out: string[] = [];
    const running = runWeb(
      {
        api: apiUrl,
        region: 'eu-central-1',
        port: 0,
        until,
        credentials,
        onListening: (u, s) => {
          url = u;
          secret = s;
        },
      },
      { stdout: (t) => out.push(t), stderr: () => {}, isTTY: false }
    );
    while (!url) await new Promise((r) => setTimeout(r, 10));

    // Act
    const page = await fetch(`${url}/`);
    const records = await fetch(`${url}/api/records?person=Kim%20Il%20Sung`, {
      headers: { 'x-archive-secret': secret },
    });
    stop();
    await running;

    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    expect(records.status).toBe(200);
    expect(await records.json()).toEqual({
      path: '/api/records?person=Kim%20Il%20Sung',
      items: [],
    });
    const auth = String(seen.at(-1)?.headers.authorization);
    expect(auth).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/
    );
    expect(seen.at(-1)?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    // verify as API Gateway would: recompute from the request as received
    const got = seen.at(-1)!;
    const received = new URL(String(got.url), apiUrl);
    const signedHeaders =
      /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const amzDate = String(got.headers['x-amz-date']);
    const verifier = new SignatureV4({
      service: 'execute-api',
      region: 'eu-central-1',
      credentials,
      sha256: Sha256,
    });
    const expected = await verifier.sign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: received.hostname,
        port: Number(received.port),
        path: received.pathname,
        query: Object.fromEntries(received.searchParams),
        headers: Object.fromEntries(
          signedHeaders
            .filter((h) => h !== 'x-amz-date')
            .map((h) => [h, String(got.headers[h])])
        ),
      },
      {
        signingDate: new Date(
          amzDate.replace(
            /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
            '$1-$2-$3T$4:$5:$6Z'
          )
        ),
      }
    );
    expect(auth).toBe(expected.headers.authorization);
    expect(out.join('')).toMatch(/signed with your AWS credentials/);
  });

  it('forwards a write with its JSON body, covered by the signature', async () => {
    // Prepare: a stand-in API that keeps the body it received
    const bodies: string[] = [];
    const requests: IncomingMessage[] = [];
    const writeApi = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push(req);
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => writeApi.listen(0, '127.0.0.1', r));
    const writeUrl = `http://127.0.0.1:${(writeApi.address() as AddressInfo).port}`;
    let stop!: () => void;
    const until = new Promise<void>((r) => {
      stop = r;
    });
    let url = '';
    let secret = '';
    const running = runWeb(
      {
        api: writeUrl,
        region: 'eu-central-1',
        port: 0,
        until,
        credentials,
        onListening: (u, s) => {
          url = u;
          secret = s;
        },
      },
      { stdout: () => {}, stderr: () => {}, isTTY: false }
    );
    while (!url) await new Promise((r) => setTimeout(r, 10));
    const payload = JSON.stringify({ op: 'set', path: 'date', value: '1950' });

    // Act
    const res = await fetch(`${url}/api/records/r1/corrections`, {
      method: 'POST',
      headers: {
        'x-archive-secret': secret,
        'content-type': 'application/json',
      },
      body: payload,
    });
    stop();
    await running;
    await new Promise((r) => writeApi.close(r));

    // Assess: the body arrived as sent, and the signature covers it
    expect(res.status).toBe(201);
    expect(bodies).toEqual([payload]);
    const got = requests[0]!;
    expect(got.method).toBe('POST');
    const auth = String(got.headers.authorization);
    const signedHeaders =
      /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const amzDate = String(got.headers['x-amz-date']);
    const received = new URL(String(got.url), writeUrl);
    const verify = (body: string) =>
      new SignatureV4({
        service: 'execute-api',
        region: 'eu-central-1',
        credentials,
        sha256: Sha256,
      }).sign(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: received.hostname,
          port: Number(received.port),
          path: received.pathname,
          query: {},
          headers: Object.fromEntries(
            signedHeaders
              .filter((h) => h !== 'x-amz-date')
              .map((h) => [h, String(got.headers[h])])
          ),
          body,
        },
        {
          signingDate: new Date(
            amzDate.replace(
              /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
              '$1-$2-$3T$4:$5:$6Z'
            )
          ),
        }
      );
    expect(auth).toBe((await verify(payload)).headers.authorization);
    // the signature covers the body: the payload hash in the canonical
    // request is the body's (signed as a header, or computed from it)
    const payloadHash = got.headers['x-amz-content-sha256'];
    if (payloadHash !== undefined) {
      expect(signedHeaders).toContain('x-amz-content-sha256');
      expect(payloadHash).toBe(
        createHash('sha256').update(payload).digest('hex')
      );
    } else {
      expect(auth).not.toBe((await verify('{}')).headers.authorization);
    }
  });

  it('signs nothing for a rebinding page, another origin or a request without the secret', async () => {
    // Prepare
    let stop!: () => void;
    const until = new Promise<void>((r) => {
      stop = r;
    });
    let url = '';
    let secret = '';
    const out: string[] = [];
    const running = runWeb(
      {
        api: apiUrl,
        region: 'eu-central-1',
        port: 0,
        until,
        credentials,
        onListening: (u, s) => {
          url = u;
          secret = s;
        },
      },
      { stdout: (t) => out.push(t), stderr: () => {}, isTTY: false }
    );
    while (!url) await new Promise((r) => setTimeout(r, 10));
    const port = Number(new URL(url).port);
    const before = seen.length;
    const ask = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/records',
            headers: { host: `127.0.0.1:${port}`, ...headers },
            setHost: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }
        );
        req.on('error', reject);
        req.end();
      });

    // Act
    const rebinding = await ask({
      host: `rebind.attacker.example:${port}`,
      'x-archive-secret': secret,
    });
    const crossOrigin = await ask({
      origin: 'https://attacker.example',
      'x-archive-secret': secret,
    });
    const noSecret = await ask({});
    stop();
    await running;

    // Assess
    expect(rebinding).toBe(421);
    expect(crossOrigin).toBe(403);
    expect(noSecret).toBe(401);
    expect(seen.length).toBe(before);
    expect(out.join('')).toContain(`/?s=${secret}`);
  });

  it('reads the region from an execute-api host, and refuses a missing URL', async () => {
    expect(
      regionOfApiUrl('https://abc123.execute-api.eu-central-1.amazonaws.com')
    ).toBe('eu-central-1');
    expect(regionOfApiUrl('https://example.org')).toBeNull();
    await expect(runWeb({ api: '' })).rejects.toThrow(/pass --api URL/);
    await expect(runWeb({ api: 'ftp://x' })).rejects.toThrow(/http\(s\) URL/);
  });
});
