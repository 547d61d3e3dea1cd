/**
 * Node HTTP ↔ API Gateway HTTP API (payload format 2.0), so the query
 * function's handler runs unchanged behind the local server.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';

/** An HTTP API handler as Lambda runs it (context is optional here). */
export type ApiGatewayV2Handler = (
  event: APIGatewayProxyEventV2
) => Promise<APIGatewayProxyResultV2>;

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript))/;

/**
 * Builds the event API Gateway would send for this request.
 *
 * @param req the Node request (its body already read into `body`)
 * @param body the raw request body
 */
export function adaptNodeRequestToApiGatewayV2Event(
  req: IncomingMessage,
  body: Buffer
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value)
      ? value.join(',')
      : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    // API Gateway joins repeated parameters with commas
    queryStringParameters[name] =
      name in queryStringParameters
        ? `${queryStringParameters[name]},${value}`
        : value;
  }
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const method = (req.method ?? 'GET').toUpperCase();
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie ? headers.cookie.split(/;\s*/) : undefined,
    headers,
    queryStringParameters:
      Object.keys(queryStringParameters).length > 0
        ? queryStringParameters
        : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body:
      body.length === 0
        ? undefined
        : isText
          ? body.toString('utf8')
          : body.toString('base64'),
    isBase64Encoded: !isText,
  };
  return event;
}

/**
 * Writes a handler's result to the Node response, with API Gateway's rules:
 * a string or object result without `statusCode` is a 200 JSON body.
 */
export function writeApiGatewayV2Result(
  res: ServerResponse,
  result: APIGatewayProxyResultV2
): void {
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result),
        };
  const headers: Record<string, string | number | boolean | string[]> = {
    ...(structured.headers ?? {}),
  };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  res.writeHead(structured.statusCode ?? 200, headers as never);
  const body = structured.body ?? '';
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
