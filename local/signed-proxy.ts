/**
 * The deployed query API is IAM-authorized (SigV4), which a browser cannot
 * do. `archive web --api URL` serves the web page on 127.0.0.1 and forwards
 * its `/api/*` calls to the deployed API, signed with the user's AWS
 * credentials (the SDK's default chain): the page works in AWS without
 * opening the API to anyone without an IAM identity.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Sha256 } from '#shared/sources/secret-value.ts';
import type { ApiGatewayV2Handler } from './api-gateway.ts';

/** node:crypto SHA-256 for the signer (shared with the secret reader). */
export { Sha256 };

export interface SignedProxyOptions {
  /** The deployed API's base URL (the stack output `ApiUrl`). */
  apiUrl: string;
  /** Region of the API; read from an execute-api host name when absent. */
  region?: string;
  credentials: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** For tests. */
  fetch?: typeof fetch;
}

/** `abc123.execute-api.eu-central-1.amazonaws.com` → `eu-central-1`. */
export function regionOfApiUrl(apiUrl: string): string | null {
  const host = new URL(apiUrl).hostname;
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] ?? null;
}

const HOP_BY_HOP = new Set([
  'connection',
  'content-length',
  'transfer-encoding',
  'content-encoding',
]);

/**
 * An API Gateway v2 handler that forwards each request to the deployed API
 * with a SigV4 signature (service `execute-api`).
 *
 * @example
 * server.mountApi(createSignedProxy({ apiUrl, credentials: fromNodeProviderChain() }));
 */
export function createSignedProxy(
  options: SignedProxyOptions
): ApiGatewayV2Handler {
  const base = new URL(options.apiUrl);
  const region = options.region ?? regionOfApiUrl(options.apiUrl);
  if (!region) {
    throw new Error(
      `cannot tell the region of ${options.apiUrl}; pass --region`
    );
  }
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const send = options.fetch ?? fetch;
  return async (event: APIGatewayProxyEventV2) => {
    const path = `${base.pathname.replace(/\/$/, '')}${event.rawPath}`;
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(event.rawQueryString)) {
      query[k] = v;
    }
    // a write (corrections, marking reviewed) carries a JSON body: it is
    // forwarded as read and covered by the signature
    const body =
      event.body === undefined || event.body === ''
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64')
          : Buffer.from(event.body, 'utf8');
    const contentType = event.headers['content-type'];
    const signed = await signer.sign({
      method: event.requestContext.http.method,
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path,
      query,
      headers: {
        host: base.host,
        accept: event.headers.accept ?? '*/*',
        ...(body && contentType ? { 'content-type': contentType } : {}),
      },
      ...(body ? { body } : {}),
    });
    const url = new URL(path, base);
    url.search = event.rawQueryString;
    const response = await send(url, {
      method: signed.method,
      headers: signed.headers as Record<string, string>,
      ...(body ? { body } : {}),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) headers[name] = value;
    });
    return {
      statusCode: response.status,
      headers,
      body: await response.text(),
    };
  };
}
