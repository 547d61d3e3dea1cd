/**
 * The local security boundary: what a request to one of this machine's
 * servers (the runtime's HTTP server, `archive web`, and the dynalite and
 * s3rver behind them) must show before it is answered.
 *
 * A web page in the user's browser is the attacker here: it can send
 * requests to 127.0.0.1 (simple cross-site POSTs need no CORS preflight)
 * and, with DNS rebinding, read the answers under its own host name. So:
 *
 * - `Host` must name the server itself (`127.0.0.1:<port>` or
 *   `localhost:<port>`): a rebinding page's requests carry its own name.
 * - A request carrying an `Origin` other than the server's own, or fetch
 *   metadata saying it comes from another site, is refused.
 * - Every API and control request carries the per-run secret: the CLI
 *   sends it as a header (it reads `runtime.json`, mode 0600), the page as
 *   a `SameSite=Strict; HttpOnly` cookie it got by opening the URL the CLI
 *   printed (`/?s=<secret>`, exchanged once, then redirected away).
 * - Bodies are JSON and bounded.
 *
 * docs/LOCAL.md ("Security boundary") says why each rule is there.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Header the CLI (and tests) send the per-run secret in. */
export const SECRET_HEADER = 'x-archive-secret';

/** Query parameter of the URL the CLI prints and opens: `/?s=<secret>`. */
export const SECRET_PARAM = 's';

/** Largest request body a local server reads (JSON control messages). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The cookie holding the secret in the browser. Cookies ignore ports, so
 * the name carries it: `archive up` and `archive web` side by side keep
 * their own.
 */
export const sessionCookieName = (port: number): string =>
  `archive_session_${port}`;

/** A fresh per-run secret: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The URL that opens the page and hands it the secret.
 *
 * @example openUrl('http://127.0.0.1:3000', 's3cr3t') // 'http://127.0.0.1:3000/?s=s3cr3t'
 */
export function openUrl(baseUrl: string, secret: string): string {
  return `${baseUrl}/?${SECRET_PARAM}=${encodeURIComponent(secret)}`;
}

/** The header that carries the secret, for `fetch` calls from the CLI. */
export function secretHeaders(secret: string): Record<string, string> {
  return { [SECRET_HEADER]: secret };
}

/** A request the boundary refuses: the status and the one line to show. */
export class BoundaryRefusal extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'BoundaryRefusal';
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/** Host names a loopback server answers to (it listens on 127.0.0.1). */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'] as const;

/** True when `host` is `127.0.0.1:<port>` or `localhost:<port>`. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const lower = host.toLowerCase();
  return LOOPBACK_NAMES.some((name) => lower === `${name}:${port}`);
}

/** True when `origin` is absent or this server's own (`http://127.0.0.1:<port>`). */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const lower = origin.toLowerCase();
  return LOOPBACK_NAMES.some((name) => lower === `http://${name}:${port}`);
}

/**
 * Fetch metadata (`Sec-Fetch-Site`) a browser adds: only a request from the
 * page itself (`same-origin`) or one the user typed or opened from outside
 * the browser (`none`) is let through. Absent: not a browser.
 */
export function isOwnFetchSite(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * The Host, Origin and fetch-metadata checks every request of a local
 * server passes, static files included.
 *
 * @throws BoundaryRefusal 421 for another host name, 403 for another origin
 */
export function checkOrigin(req: IncomingMessage, port: number): void {
  if (!isOwnHost(header(req, 'host'), port)) {
    throw new BoundaryRefusal(
      421,
      `this server answers only to 127.0.0.1:${port} or localhost:${port}, not to host "${header(req, 'host') ?? ''}"`
    );
  }
  if (!isOwnOrigin(header(req, 'origin'), port)) {
    throw new BoundaryRefusal(
      403,
      `requests from another origin (${header(req, 'origin')}) are refused`
    );
  }
  if (!isOwnFetchSite(header(req, 'sec-fetch-site'))) {
    throw new BoundaryRefusal(
      403,
      `requests from another site (sec-fetch-site: ${header(req, 'sec-fetch-site')}) are refused`
    );
  }
}

/** The secret a request presents: the header, else the session cookie. */
export function presentedSecret(
  req: IncomingMessage,
  port: number
): string | null {
  const fromHeader = header(req, SECRET_HEADER);
  if (fromHeader) return fromHeader;
  const name = sessionCookieName(port);
  for (const part of (header(req, 'cookie') ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return null;
}

/** Constant-time comparison (hashes first, so lengths do not leak). */
export function secretMatches(given: string | null, secret: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The secret check of API and control routes.
 *
 * @throws BoundaryRefusal 401 naming where the secret comes from
 */
export function checkSecret(
  req: IncomingMessage,
  port: number,
  secret: string
): void {
  if (!secretMatches(presentedSecret(req, port), secret)) {
    throw new BoundaryRefusal(
      401,
      'this server needs its per-run secret: open the URL the archive command printed (it ends in ?s=...), or send the x-archive-secret header from runtime.json'
    );
  }
}

/** `Set-Cookie` value that keeps the secret for this server's page. */
export function sessionCookie(port: number, secret: string): string {
  return `${sessionCookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * The JSON-body rules of a request that has a body: `application/json`
 * (a browser form cannot send it without a CORS preflight) and at most
 * `limit` bytes by its declared length.
 *
 * @throws BoundaryRefusal 415 or 413
 */
export function checkJsonRequest(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES
): void {
  const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim();
  if (type?.toLowerCase() !== 'application/json') {
    throw new BoundaryRefusal(
      415,
      `request body must be application/json, not "${type ?? ''}"`
    );
  }
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new BoundaryRefusal(
      413,
      `request body is ${declared} bytes; at most ${limit} are accepted`
    );
  }
}

/**
 * Reads a body, stopping (413) as soon as it passes `limit`: a chunked
 * body declares no length.
 *
 * @throws BoundaryRefusal 413
 */
export async function readBoundedBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new BoundaryRefusal(
        413,
        `request body is over ${limit} bytes; at most ${limit} are accepted`
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Writes a refusal as JSON (never a stack) and closes the connection. */
export function sendRefusal(res: ServerResponse, refusal: BoundaryRefusal) {
  const text = JSON.stringify({ message: refusal.message });
  res.writeHead(refusal.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // an unread body of a refused upload must not be parsed as a next request
    connection: 'close',
  });
  res.end(text);
}

const CORS_HEADER = /^access-control-/i;

/** Drops `Access-Control-*` headers from whatever the handler writes. */
function stripCorsHeaders(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = ((name: string, value: number | string | string[]) =>
    CORS_HEADER.test(name) ? res : setHeader(name, value)) as never;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => unknown;
  res.writeHead = ((...args: unknown[]) => {
    const last = args.at(-1);
    if (last && typeof last === 'object' && !Array.isArray(last)) {
      args[args.length - 1] = Object.fromEntries(
        Object.entries(last).filter(([name]) => !CORS_HEADER.test(name))
      );
    } else if (Array.isArray(last)) {
      // raw [name, value, name, value...] form
      const kept: unknown[] = [];
      for (let i = 0; i + 1 < last.length; i += 2) {
        if (!CORS_HEADER.test(String(last[i]))) kept.push(last[i], last[i + 1]);
      }
      args[args.length - 1] = kept;
    }
    return writeHead(...args);
  }) as never;
}

/**
 * True when a request to a storage server (dynalite, s3rver) can only have
 * come from a browser: fetch metadata, an Origin, a CORS preflight or an
 * HTML-form upload. The SDK clients of the runtime and the CLI send none
 * of these.
 */
function looksLikeBrowser(req: IncomingMessage): string | null {
  if (header(req, 'origin') !== undefined) return 'an Origin header';
  if (Object.keys(req.headers).some((h) => h.startsWith('sec-fetch-'))) {
    return 'browser fetch metadata';
  }
  if (req.method === 'OPTIONS') return 'a CORS preflight';
  const type = header(req, 'content-type') ?? '';
  if (
    /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)
  ) {
    return 'an HTML form body';
  }
  return null;
}

/** True when the request is SigV4-signed (header or presigned query). */
function isSigned(req: IncomingMessage): boolean {
  if (/^AWS4-HMAC-SHA256 /.test(header(req, 'authorization') ?? '')) {
    return true;
  }
  return /[?&]X-Amz-Signature=/.test(req.url ?? '');
}

/**
 * Puts the boundary in front of a storage server that runs in this process
 * (dynalite, s3rver): its own `request` listeners run only for a request
 * addressed to `127.0.0.1:<port>`/`localhost:<port>`, signed the SDK way
 * and bearing no mark of a browser; `Access-Control-*` response headers
 * are dropped, so no page of another origin can read an answer either.
 * Call it once the server listens.
 *
 * @param server the storage server's HTTP server
 * @param name for refusal messages ("dynalite", "s3rver")
 */
export function guardStorageServer(server: Server, name: string): void {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const handlers = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse
  ) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    let refusal: string | null = null;
    if (!isOwnHost(header(req, 'host'), port)) {
      refusal = `host "${header(req, 'host') ?? ''}" is not 127.0.0.1:${port}`;
    } else {
      const browser = looksLikeBrowser(req);
      if (browser) refusal = `${browser} (browsers are not served)`;
      else if (!isSigned(req)) refusal = 'an unsigned request';
    }
    if (refusal) {
      sendRefusal(res, new BoundaryRefusal(403, `${name} refuses ${refusal}`));
      req.resume();
      return;
    }
    stripCorsHeaders(res);
    for (const handle of handlers) handle.call(server, req, res);
  });
}
