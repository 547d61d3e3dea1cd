/**
 * The lite clients' failure handling against a tiny local HTTP server that
 * answers what the test scripts: throttles and 5xx retried up to the
 * SDK's 3 attempts, client errors not retried, errors shaped as the SDK
 * shapes them (classify-error.ts reads them), SigV4 headers present, SQS
 * SendMessage in the JSON protocol with the body's MD5 checked.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '#shared/aws-lite/client-dynamodb.ts';
import { S3Client } from '#shared/aws-lite/client-s3.ts';
import { SendMessageCommand, SQSClient } from '#shared/aws-lite/client-sqs.ts';
import {
  DynamoDBDocumentClient,
  GetCommand,
} from '#shared/aws-lite/lib-dynamodb.ts';
import { classifyError } from '#shared/pipeline/classify-error.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Answer = {
  status: number;
  headers?: Record<string, string>;
  body?: string;
};

let server: Server;
let endpoint: string;
let seen: Seen[] = [];
let script: Answer[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      const answer = script.shift() ?? { status: 200, body: '{}' };
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});
beforeEach(() => {
  seen = [];
  script = [];
});

const config = () => ({
  endpoint,
  region: 'eu-west-1',
  credentials: {
    accessKeyId: 'AKID',
    secretAccessKey: 'secret',
    sessionToken: 'tok',
  },
  retryDelayBaseMs: 1,
});
const documents = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient(config()), {
    marshallOptions: { removeUndefinedValues: true },
  });
const json = (status: number, body: object): Answer => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify(body),
});
const get = new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } });

describe('DynamoDB over the JSON protocol', () => {
  it('signs the request and sends the marshalled input to the operation target', async () => {
    // Prepare
    script = [json(200, { Item: { PK: { S: 'a' }, n: { N: '3' } } })];

    // Act
    const out = await documents().send(get);

    // Assess
    expect(out.Item).toEqual({ PK: 'a', n: 3 });
    const [request] = seen;
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/dynamodb\/aws4_request/
    );
    expect(request?.headers['x-amz-security-token']).toBe('tok');
    expect(JSON.parse(request!.body)).toEqual({
      TableName: 't',
      Key: { PK: { S: 'a' }, SK: { S: 'b' } },
    });
  });

  it('retries a throttle and a 500, then succeeds on the third attempt', async () => {
    // Prepare
    script = [
      json(400, {
        __type:
          'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'slow down',
      }),
      json(500, { __type: 'InternalServerError', message: 'oops' }),
      json(200, { Item: { PK: { S: 'a' } } }),
    ];

    // Act
    const out = await documents().send(get);

    // Assess
    expect(seen).toHaveLength(3);
    expect(out.Item).toEqual({ PK: 'a' });
    expect((out.$metadata as { attempts: number }).attempts).toBe(3);
  });

  it('gives up after 3 attempts with the SDK-shaped error the pipeline classifies as transient', async () => {
    // Prepare
    const throttle = json(400, {
      __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
      message: 'rate exceeded',
    });
    script = [throttle, throttle, throttle, throttle];

    // Act
    const error = (await documents()
      .send(get)
      .catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number; attempts: number };
    };

    // Assess
    expect(seen).toHaveLength(3);
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('rate exceeded');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
    expect(classifyError(error)).toBe('transient');
  });

  it('does not retry a client error, and the pipeline does not call it transient', async () => {
    // Prepare
    script = [
      json(400, {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'bad key',
      }),
    ];

    // Act
    const error = (await documents()
      .send(get)
      .catch((e: unknown) => e)) as Error;

    // Assess
    expect(seen).toHaveLength(1);
    expect(error.name).toBe('ValidationException');
    expect(classifyError(error)).toBe('unknown');
  });

  it('retries a refused connection and throws the socket error the pipeline calls transient', async () => {
    // Prepare
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...config(), endpoint: `http://127.0.0.1:${port}` })
    );

    // Act
    const error = (await client.send(get).catch((e: unknown) => e)) as Error & {
      code?: string;
      $metadata: { attempts: number };
    };

    // Assess
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.$metadata.attempts).toBe(3);
    expect(classifyError(error)).toBe('transient');
  });

  it('refuses an operation it does not translate instead of sending it', async () => {
    // Act
    const sent = documents().send({
      input: {},
      operation: 'ExecuteStatement',
    } as never);

    // Assess
    await expect(sent).rejects.toThrow(/cannot send ExecuteStatement/);
    expect(seen).toHaveLength(0);
  });
});

describe('S3 over REST', () => {
  const s3 = () => new S3Client({ ...config(), forcePathStyle: true });

  it('names a missing key NoSuchKey from the XML error and a bodiless HEAD 404 NotFound', async () => {
    // Prepare
    script = [
      {
        status: 404,
        headers: { 'content-type': 'application/xml' },
        body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      },
      { status: 404 },
    ];

    // Act
    const get = await s3()
      .send({
        operation: 'GetObject',
        input: { Bucket: 'b', Key: 'a b/c+d' },
      } as never)
      .catch((e: unknown) => e);
    const head = await s3()
      .send({
        operation: 'HeadObject',
        input: { Bucket: 'b', Key: 'k' },
      } as never)
      .catch((e: unknown) => e);

    // Assess
    expect((get as Error).name).toBe('NoSuchKey');
    expect(classifyError(get)).toBe('not-found');
    expect((head as Error).name).toBe('NotFound');
    expect(seen[0]?.url).toBe('/b/a%20b/c%2Bd');
    expect(seen[1]?.method).toBe('HEAD');
  });

  it('refuses an object stored with a Content-Encoding fetch would decode, naming it', async () => {
    // Prepare: gzip bytes stored as such (fetch would hand back others)
    const { gzipSync } = await import('node:zlib');
    script = [
      {
        status: 200,
        headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain' },
        body: gzipSync('Telegram No. 1').toString('latin1'),
      },
    ];

    // Act
    const get = await s3()
      .send({
        operation: 'GetObject',
        input: { Bucket: 'b', Key: 'incoming/t.txt' },
      } as never)
      .catch((e: unknown) => e);

    // Assess
    expect((get as Error).name).toBe('UnsupportedContentEncoding');
    expect((get as Error).message).toContain(
      's3://b/incoming/t.txt is stored with Content-Encoding "gzip"'
    );
  });

  it('retries SlowDown and refuses an input member it does not translate', async () => {
    // Prepare
    script = [
      {
        status: 503,
        body: '<Error><Code>SlowDown</Code><Message>x</Message></Error>',
      },
      { status: 200, headers: { etag: '"e"' } },
    ];

    // Act
    const put = await s3().send({
      operation: 'PutObject',
      input: {
        Bucket: 'b',
        Key: 'k',
        Body: 'x',
        ContentType: 'text/plain',
        Metadata: { Sha256: 'h' },
      },
    } as never);
    const refused = s3().send({
      operation: 'PutObject',
      input: { Bucket: 'b', Key: 'k', Body: 'x', ChecksumAlgorithm: 'CRC32' },
    } as never);

    // Assess
    expect(put.ETag).toBe('"e"');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers['x-amz-meta-sha256']).toBe('h');
    expect(seen[1]?.headers['content-type']).toBe('text/plain');
    await expect(refused).rejects.toThrow(
      /does not translate ChecksumAlgorithm/
    );
  });
});

describe('SQS SendMessage (JSON protocol stand-in)', () => {
  it('sends the body to AmazonSQS.SendMessage at the queue URL host and checks the MD5', async () => {
    // Prepare
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    script = [
      json(200, { MessageId: 'm-1', MD5OfMessageBody: md5('hello') }),
      json(200, { MessageId: 'm-2', MD5OfMessageBody: md5('other') }),
    ];
    const { endpoint: _omit, ...noEndpoint } = config();
    const sqs = new SQSClient(noEndpoint);
    const QueueUrl = `${endpoint}/000000000000/ocr`;

    // Act
    const out = await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'hello' })
    );
    const corrupted = sqs
      .send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }))
      .catch((e: unknown) => e);

    // Assess
    expect(out.MessageId).toBe('m-1');
    expect(seen[0]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(seen[0]?.headers.authorization).toMatch(
      /\/eu-west-1\/sqs\/aws4_request/
    );
    expect(JSON.parse(seen[0]!.body)).toEqual({
      QueueUrl,
      MessageBody: 'hello',
    });
    expect(String(await corrupted)).toMatch(/MD5/);
  });
});
