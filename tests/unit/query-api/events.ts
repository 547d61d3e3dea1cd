/** API Gateway HTTP API (payload 2.0) events for the query handler tests. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * A request as API Gateway would deliver it.
 *
 * @param path raw (percent-encoded) path, with or without `/api`
 * @param query decoded query-string parameters
 */
export function apiEvent(
  path: string,
  query: Record<string, string> = {},
  method = 'GET'
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: { host: 'api.example' },
    queryStringParameters:
      Object.keys(query).length > 0 ? { ...query } : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2024:00:00:00 +0000',
      timeEpoch: 1_704_067_200_000,
    },
    isBase64Encoded: false,
  };
}
