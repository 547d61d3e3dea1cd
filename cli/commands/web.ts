/**
 * `archive web --api URL`: the web page for a deployed stack. Serves the
 * page on http://127.0.0.1:3000 and forwards its API calls to the deployed,
 * IAM-authorized HTTP API, signed with your AWS credentials (the SDK's
 * default chain: profile, SSO, environment). See docs/WEB.md.
 *
 * The server signs whatever reaches its API, so it sits behind the local
 * boundary (local/boundary.ts): own Host and Origin only, and the per-run
 * secret (the printed URL hands it to the page as a cookie) on `/api/*`.
 */
import { fileURLToPath } from 'node:url';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { Command } from 'commander';
import { startHttpServer } from '#local/http.ts';
import { createSignedProxy } from '#local/signed-proxy.ts';
import { type CliIo, ExitError, processIo, runAction } from '../io.ts';
import { resolvePort } from './up.ts';

export interface WebOptions {
  api?: string;
  region?: string;
  port?: number;
  /** Test hook: resolves to stop serving (default: SIGINT/SIGTERM). */
  until?: Promise<void>;
  /** Test hook: credentials instead of the default chain. */
  credentials?: Parameters<typeof createSignedProxy>[0]['credentials'];
  /** Test hook: called with the server URL and its secret once it listens. */
  onListening?: (url: string, secret: string) => void;
}

/** The command body; resolves with the exit code once it has stopped. */
export async function runWeb(
  options: WebOptions,
  io: CliIo = processIo
): Promise<number> {
  const api = options.api ?? process.env.ARCHIVE_API_URL;
  if (!api) {
    throw new ExitError(
      'pass --api URL (the stack output ApiUrl) or set ARCHIVE_API_URL',
      2
    );
  }
  if (!/^https?:\/\//.test(api)) {
    throw new ExitError(`--api must be an http(s) URL, got "${api}"`, 2);
  }
  const proxy = createSignedProxy({
    apiUrl: api,
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
  });
  const server = await startHttpServer({
    port: resolvePort(options.port),
    webDir: fileURLToPath(new URL('../../web', import.meta.url)),
  });
  server.mountApi(proxy);
  try {
    io.stdout(
      `Web page for ${api} on ${server.openUrl} (API calls signed with your AWS credentials; only this URL, which carries the run's secret, opens them). Press Ctrl-C to stop.\n`
    );
    options.onListening?.(server.url, server.secret);
    await (options.until ?? signalled());
    return 0;
  } finally {
    await server.close();
  }
}

function signalled(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerWeb(program: Command): void {
  program
    .command('web')
    .description(
      'serve the web page for a deployed stack, signing its API calls with your AWS credentials'
    )
    .option('--api <url>', 'the deployed API URL (env ARCHIVE_API_URL)')
    .option('--region <region>', 'the API region (default: from the URL)')
    .option(
      '--port <port>',
      'HTTP port (env ARCHIVE_PORT; 0 = any free port)',
      Number
    )
    .action(async (opts: WebOptions) => {
      await runAction(() => runWeb(opts));
    });
}
