/**
 * Stands in for `@aws-sdk/client-sqs` in the text ingest bundle:
 * SendMessage in SQS's AWS JSON 1.0 protocol (`X-Amz-Target:
 * AmazonSQS.SendMessage`, what client-sqs ≥ 3.6xx speaks), sent to the
 * queue URL's host as the SDK does by default, with the SDK's check of
 * the body's MD5.
 */
import { createHash } from 'node:crypto';
import { jsonError, operationOf } from './client-dynamodb.ts';
import {
  type LiteClientConfig,
  ServiceException,
  SignedTransport,
} from './http.ts';

export type SQSClientConfig = LiteClientConfig;
export class SQSServiceException extends ServiceException {}

export class SendMessageCommand<
  I extends { QueueUrl: string; MessageBody: string } = {
    QueueUrl: string;
    MessageBody: string;
    [member: string]: unknown;
  },
> {
  readonly operation = 'SendMessage';
  constructor(readonly input: I) {}
}

export class SQSClient {
  readonly transport: SignedTransport;

  constructor(readonly config: LiteClientConfig = {}) {
    this.transport = new SignedTransport('sqs', config, (r, b) =>
      jsonError(r, b, {}, SQSServiceException)
    );
  }

  async send(cmd: { input: object }): Promise<Record<string, unknown>> {
    const operation = operationOf(cmd);
    if (operation !== 'SendMessage') {
      throw new Error(`aws-lite: SQS ${operation} is not supported`);
    }
    const input = cmd.input as { QueueUrl: string; MessageBody: string };
    const t = this.transport;
    const origin = t.endpoint('SQS', () => new URL(input.QueueUrl).origin);
    const { response, $metadata } = await t.send({
      method: 'POST',
      url: new URL(`${origin}/`),
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AmazonSQS.${operation}`,
        'x-amzn-query-mode': 'true',
      },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    const out = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const md5 = createHash('md5').update(input.MessageBody).digest('hex');
    if (out.MD5OfMessageBody !== undefined && out.MD5OfMessageBody !== md5) {
      throw new Error(
        `aws-lite: SQS answered MD5 ${String(out.MD5OfMessageBody)} for a body whose MD5 is ${md5}`
      );
    }
    return { ...out, $metadata };
  }

  destroy(): void {}
}
