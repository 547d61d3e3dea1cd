/**
 * Reads one secret from AWS Secrets Manager (`GetSecretValue`), signed
 * with SigV4 by hand: the project pins no Secrets Manager client, and this
 * one call (made once per cold start of the query function) does not
 * justify one. The JSON 1.1 protocol is a POST with an `X-Amz-Target`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  Provider,
  SourceData,
} from '@smithy/types';

/** node:crypto SHA-256 (and HMAC) in the shape the signer expects. */
export class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string'
        ? this.secret
        : Buffer.from(
            this.secret instanceof ArrayBuffer
              ? new Uint8Array(this.secret)
              : new Uint8Array(
                  this.secret.buffer,
                  this.secret.byteOffset,
                  this.secret.byteLength
                )
          );
    return createHmac('sha256', key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export interface SecretReadOptions {
  /** Default: the region in the secret's ARN. */
  region?: string;
  /** Default: the SDK's chain (in Lambda, the function role's keys). */
  credentials?: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** For tests. */
  fetch?: typeof fetch;
  /** For tests: instead of `https://secretsmanager.<region>.amazonaws.com`. */
  endpoint?: string;
}

/** `arn:aws:secretsmanager:eu-central-1:123:secret:name` → `eu-central-1`. */
export function regionOfSecretArn(arn: string): string | null {
  return /^arn:aws[\w-]*:secretsmanager:([a-z0-9-]+):/.exec(arn)?.[1] ?? null;
}

/**
 * The secret's string value.
 *
 * @param secretId the secret's ARN (its region is read from it)
 * @throws Error naming the secret and Secrets Manager's answer when the
 *   read fails or the secret holds no string
 */
export async function readSecretString(
  secretId: string,
  options: SecretReadOptions = {}
): Promise<string> {
  const region = options.region ?? regionOfSecretArn(secretId);
  if (!region) {
    throw new Error(`cannot tell the region of secret ${secretId}`);
  }
  const endpoint = new URL(
    options.endpoint ?? `https://secretsmanager.${region}.amazonaws.com`
  );
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Sha256,
  });
  const body = JSON.stringify({ SecretId: secretId });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: '/',
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  });
  const response = await (options.fetch ?? fetch)(endpoint, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `Secrets Manager refused GetSecretValue for ${secretId}: ${response.status} ${text.slice(0, 300)}`
    );
  }
  const value = (JSON.parse(text) as { SecretString?: unknown }).SecretString;
  if (typeof value !== 'string' || value === '') {
    throw new Error(`secret ${secretId} holds no string value`);
  }
  return value;
}
