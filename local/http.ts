/**
 * The embedded runtime's HTTP server on 127.0.0.1: the query API at
 * `/api/*` (an API-Gateway-v2 handler, the same one Lambda runs), the web
 * page's static files at `/`, and the local queue's control routes at
 * `/_local/*` used by CLI commands running in another process.
 *
 * Every request passes the local security boundary (local/boundary.ts):
 * Host and Origin must be the server's own; `/api/*` and `/_local/*` need
 * the per-run secret (header or session cookie); bodies are bounded JSON.
 */
import { readFile, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PAGE_CSP } from '#functions/query/make-handler.ts';
import { ValidationError } from '#shared/errors/index.ts';
import {
  attachmentDisposition,
  SOURCE_DOWNLOAD_TYPE,
} from '#shared/sources/attachment.ts';
import {
  type ApiGatewayV2Handler,
  adaptNodeRequestToApiGatewayV2Event,
  writeApiGatewayV2Result,
} from './api-gateway.ts';
import {
  BoundaryRefusal,
  checkJsonRequest,
  checkOrigin,
  checkSecret,
  newSecret,
  openUrl,
  readBoundedBody,
  SECRET_PARAM,
  secretMatches,
  sendRefusal,
  sessionCookie,
} from './boundary.ts';

/** A port that is already taken; its message is the one line to print. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use; pass --port N`);
    this.name = 'PortInUseError';
  }
}

/**
 * A control route: returns the status and the JSON body, or a file to
 * download (served as an attachment that no browser renders). A
 * `ValidationError` thrown here is a 400 with its message.
 */
export type JsonRoute = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}) => Promise<
  | { status: number; body: unknown }
  | { status: 200; download: { bytes: Buffer; filename: string } }
>;

export interface HttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Static files served at `/` (index.html for directories). */
  webDir?: string | null;
  /** Facts reported by GET /api/health. */
  health?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * Routes under `/_local/` keyed by `METHOD /path`; a key ending in `/*`
   * matches every path under it (`GET /_local/source/*`).
   */
  controlRoutes?: Record<string, JsonRoute>;
  /** The per-run secret `/api/*` and `/_local/*` require (default: a new one). */
  secret?: string;
  /**
   * Start-up still running (reconciliation): until `setStarting(null)`,
   * `/api/*` answers 503 "starting" with Retry-After, and the health check
   * says `starting` with this progress.
   */
  starting?: Record<string, unknown>;
}

export interface LocalHttpServer {
  url: string;
  port: number;
  /** The per-run secret (header `x-archive-secret` or the session cookie). */
  secret: string;
  /** The URL to print and open: hands the page its secret once. */
  openUrl: string;
  /** Serves an API Gateway v2 handler at `/api/*` (GET /api/health stays). */
  mountApi(handler: ApiGatewayV2Handler): void;
  /** Start-up progress (503 "starting" on `/api/*`), or null once ready. */
  setStarting(progress: Record<string, unknown> | null): void;
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

/**
 * A file from a control route, as a download: the browser saves it and
 * never renders it (an uploaded HTML page must not run script here).
 */
function sendDownload(
  res: ServerResponse,
  file: { bytes: Buffer; filename: string }
): void {
  res.writeHead(200, {
    'content-type': SOURCE_DOWNLOAD_TYPE,
    'content-length': file.bytes.length,
    'content-disposition': attachmentDisposition(file.filename),
    'content-security-policy': "default-src 'none'; sandbox",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(file.bytes);
}

/** The control route for `METHOD path`: exact, else the longest `/*` prefix. */
function findRoute(
  routes: Record<string, JsonRoute> | undefined,
  method: string,
  path: string
): JsonRoute | undefined {
  if (!routes) return undefined;
  const exact = routes[`${method} ${path}`];
  if (exact) return exact;
  let best: { length: number; route: JsonRoute } | undefined;
  for (const [key, route] of Object.entries(routes)) {
    if (!key.endsWith('/*') || !key.startsWith(`${method} `)) continue;
    const prefix = key.slice(method.length + 1, -1);
    if (path.startsWith(prefix) && path.length > prefix.length) {
      if (!best || prefix.length > best.length) {
        best = { length: prefix.length, route };
      }
    }
  }
  return best?.route;
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
    const type =
      CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': content.length,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...(type.startsWith('text/html')
        ? { 'content-security-policy': PAGE_CSP }
        : {}),
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
  const secret = options.secret ?? newSecret();
  let api: ApiGatewayV2Handler | null = null;
  let starting: Record<string, unknown> | null = options.starting ?? null;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    checkOrigin(req, port);
    const isApi = path === '/api' || path.startsWith('/api/');
    if (isApi || path.startsWith('/_local/')) {
      checkSecret(req, port, secret);
      if (method !== 'GET' && method !== 'HEAD') checkJsonRequest(req);
    }
    if (path === '/api/health' && method === 'GET') {
      sendJson(res, 200, {
        status: starting ? 'starting' : 'ok',
        ...(starting ? { starting } : {}),
        ...(await options.health?.()),
      });
      return;
    }
    if (path.startsWith('/_local/')) {
      const route = findRoute(options.controlRoutes, method, path);
      if (!route) {
        sendJson(res, 404, { message: `No route ${method} ${path}` });
        return;
      }
      const raw = await readBoundedBody(req);
      let body: unknown = null;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(res, 400, { message: 'Request body is not JSON' });
          return;
        }
      }
      let result: Awaited<ReturnType<JsonRoute>>;
      try {
        result = await route({ method, path, query: url.searchParams, body });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        sendJson(res, 400, { message: error.message });
        return;
      }
      if ('download' in result) sendDownload(res, result.download);
      else sendJson(res, result.status, result.body);
      return;
    }
    if (isApi && starting) {
      // answers exist once start-up ends; a 404 now would say "no such API"
      res.setHeader('retry-after', '1');
      sendJson(res, 503, {
        message: 'starting: the runtime is checking its stored objects',
        starting,
      });
      return;
    }
    if (isApi) {
      if (!api) {
        sendJson(res, 404, { message: `No route ${method} ${path}` });
        return;
      }
      const event = adaptNodeRequestToApiGatewayV2Event(
        req,
        await readBoundedBody(req)
      );
      writeApiGatewayV2Result(res, await api(event));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, { message: `${method} not allowed on ${path}` });
      return;
    }
    const given = url.searchParams.get(SECRET_PARAM);
    if (given !== null) {
      // the URL the CLI printed: keep the secret in a cookie, then leave
      // the URL (and the browser history) without it
      if (!secretMatches(given, secret)) {
        throw new BoundaryRefusal(
          401,
          'this link is not valid for the running server: open the URL it printed last'
        );
      }
      url.searchParams.delete(SECRET_PARAM);
      // a path, never `//host` (which a browser reads as another origin)
      const here = path.replace(/^\/+/, '/');
      res.writeHead(303, {
        location: `${here}${url.search}`,
        'set-cookie': sessionCookie(port, secret),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end();
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
      if (error instanceof BoundaryRefusal) {
        if (!res.headersSent) sendRefusal(res, error);
        else res.end();
        req.resume();
        return;
      }
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
  port = (server.address() as AddressInfo).port;
  const base = `http://${host}:${port}`;
  return {
    url: base,
    port,
    secret,
    openUrl: openUrl(base, secret),
    setStarting(progress) {
      starting = progress;
    },
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
