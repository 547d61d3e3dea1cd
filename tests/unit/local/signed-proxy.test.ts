import { createServer, type IncomingMessage, type Server } from 'node:http';
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
    const out: string[] = [];
    const running = runWeb(
      {
        api: apiUrl,
        region: 'eu-central-1',
        port: 0,
        until,
        credentials,
        onListening: (u) => {
          url = u;
        },
      },
      { stdout: (t) => out.push(t), stderr: () => {}, isTTY: false }
    );
    while (!url) await new Promise((r) => setTimeout(r, 10));

    // Act
    const page = await fetch(`${url}/`);
    const records = await fetch(`${url}/api/records?person=Kim%20Il%20Sung`);
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

  it('reads the region from an execute-api host, and refuses a missing URL', async () => {
    expect(
      regionOfApiUrl('https://abc123.execute-api.eu-central-1.amazonaws.com')
    ).toBe('eu-central-1');
    expect(regionOfApiUrl('https://example.org')).toBeNull();
    await expect(runWeb({ api: '' })).rejects.toThrow(/pass --api URL/);
    await expect(runWeb({ api: 'ftp://x' })).rejects.toThrow(/http\(s\) URL/);
  });
});
