/**
 * The embedded runtime's HTTP server on 127.0.0.1: the query API at
 * `/api/*` (an API-Gateway-v2 handler, the same one Lambda runs), the web
 * page's static files at `/`, and the local queue's control routes at
 * `/_local/*` used by CLI commands running in another process.
 */
import { readFile, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import {
  type ApiGatewayV2Handler,
  adaptNodeRequestToApiGatewayV2Event,
  writeApiGatewayV2Result,
} from './api-gateway.ts';

/** A port that is already taken; its message is the one line to print. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use; pass --port N`);
    this.name = 'PortInUseError';
  }
}

/** A JSON route: returns the status and the JSON body. */
export type JsonRoute = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}) => Promise<{ status: number; body: unknown }>;

export interface HttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Static files served at `/` (index.html for directories). */
  webDir?: string | null;
  /** Facts reported by GET /api/health. */
  health?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Routes under `/_local/` keyed by `METHOD /path`. */
  controlRoutes?: Record<string, JsonRoute>;
}

export interface LocalHttpServer {
  url: string;
  port: number;
  /** Serves an API Gateway v2 handler at `/api/*` (GET /api/health stays). */
  mountApi(handler: ApiGatewayV2Handler): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Resolves a URL path inside `root`, or null when it would escape it. */
function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, `.${normalize(`/${decoded}`)}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function serveStatic(
  res: ServerResponse,
  root: string,
  urlPath: string
): Promise<boolean> {
  let file = safeJoin(root, urlPath);
  if (!file) return false;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const content = await readFile(file);
    res.writeHead(200, {
      'content-type':
        CONTENT_TYPES[extname(file).toLowerCase()] ??
        'application/octet-stream',
      'content-length': content.length,
    });
    res.end(content);
    return true;
  } catch {
    return false;
  }
}

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Archive Ingest</title>
<body><h1>Archive Ingest</h1>
<p>The embedded runtime is running. The query API is at
<a href="/api/health">/api/health</a>; the web page is served here once
<code>web/index.html</code> exists.</p></body></html>
`;

/**
 * Starts the server; rejects with `PortInUseError` when the port is taken.
 *
 * @param options port (0 for a free one), static root, health facts and
 *   control routes
 */
export async function startHttpServer(
  options: HttpServerOptions
): Promise<LocalHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const webRoot = options.webDir ? resolve(options.webDir) : null;
  let api: ApiGatewayV2Handler | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    if (path === '/api/health' && method === 'GET') {
      sendJson(res, 200, { status: 'ok', ...(await options.health?.()) });
      return;
    }
    if (path.startsWith('/_local/')) {
      const route = options.controlRoutes?.[`${method} ${path}`];
      if (!route) {
        sendJson(res, 404, { message: `No route ${method} ${path}` });
        return;
      }
      const raw = await readBody(req);
      let body: unknown = null;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(res, 400, { message: 'Request body is not JSON' });
          return;
        }
      }
      const result = await route({
        method,
        path,
        query: url.searchParams,
        body,
      });
      sendJson(res, result.status, result.body);
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      if (!api) {
        sendJson(res, 404, { message: `No route ${method} ${path}` });
        return;
      }
      const event = adaptNodeRequestToApiGatewayV2Event(
        req,
        await readBody(req)
      );
      writeApiGatewayV2Result(res, await api(event));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, { message: `${method} not allowed on ${path}` });
      return;
    }
    if (webRoot && (await serveStatic(res, webRoot, path))) return;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PLACEHOLDER_PAGE);
      return;
    }
    sendJson(res, 404, { message: `Not found: ${path}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // one place for unexpected errors: log here, never a stack to clients
      console.error(
        `HTTP ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`
      );
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal error' });
      else res.end();
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePromise();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, host);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    mountApi(handler) {
      api = handler;
    },
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeAllConnections();
      }),
  };
}
