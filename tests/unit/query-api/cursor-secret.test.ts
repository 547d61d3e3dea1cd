/**
 * The deployed query function's cursor key comes from Secrets Manager
 * (issue 14, item 6): one SigV4-signed GetSecretValue call, whose failure
 * is a clear error, never a silent fallback to a guessable key.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSecretString,
  regionOfSecretArn,
} from '#shared/sources/secret-value.ts';

const ARN =
  'arn:aws:secretsmanager:eu-central-1:123456789012:secret:archive-ingest-query-cursor-key-prod-AbCdEf';
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

let server: Server;
let endpoint: string;
const seen: { req: IncomingMessage; body: string }[] = [];
let answer: { status: number; body: string };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ req, body });
      res.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.1',
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('readSecretString (Secrets Manager GetSecretValue)', () => {
  it('sends one signed GetSecretValue for the ARN and returns the string', async () => {
    // Prepare
    answer = {
      status: 200,
      body: JSON.stringify({ ARN, SecretString: 'k'.repeat(64) }),
    };

    // Act
    const value = await readSecretString(ARN, { credentials, endpoint });

    // Assess
    expect(value).toBe('k'.repeat(64));
    const { req, body } = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(JSON.parse(body)).toEqual({ SecretId: ARN });
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/
    );
  });

  it('fails naming the secret when it cannot be read or holds no string', async () => {
    // Prepare
    answer = {
      status: 400,
      body: '{"__type":"AccessDeniedException","message":"not allowed"}',
    };
    const denied = readSecretString(ARN, { credentials, endpoint });

    // Assess
    await expect(denied).rejects.toThrow(
      /GetSecretValue for arn:aws:secretsmanager:.*: 400 .*AccessDenied/
    );
    answer = { status: 200, body: JSON.stringify({ ARN }) };
    await expect(
      readSecretString(ARN, { credentials, endpoint })
    ).rejects.toThrow(/holds no string value/);
    await expect(readSecretString('not-an-arn')).rejects.toThrow(
      /cannot tell the region/
    );
    expect(regionOfSecretArn(ARN)).toBe('eu-central-1');
  });
});
