/**
 * Mounts the query function at `/api/*` of the local server, once it
 * exists (functions/query/, built in another issue), so the embedded
 * runtime serves exactly the handler Lambda runs.
 *
 * Contract for functions/query: a module `make-handler.ts` (preferred, no
 * env needed) or `handler.ts` exporting
 * `makeHandler(deps: LocalApiDeps): ApiGatewayV2Handler`; `deps` carries
 * the query service and the adapters built for the local servers.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type { QueryService } from '#shared/query/index.ts';
import type { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import type { ApiGatewayV2Handler } from './api-gateway.ts';
import type { LocalConfig, LocalRuntime } from './runtime.ts';

export interface LocalApiDeps {
  query: QueryService;
  store: DynamoDocumentStore;
  s3: S3Client;
  config: LocalConfig;
  /**
   * Who writes through the write routes (corrections, reviewed marker):
   * the OS user running the runtime. The per-run secret of the local
   * server (local/http.ts) is what lets a request through at all.
   */
  caller: () => string;
}

type QueryModule = {
  makeHandler?: (deps: LocalApiDeps) => ApiGatewayV2Handler;
};

/**
 * Mounts the query API if its module exists; returns whether it did.
 *
 * @param runtime the running runtime (its HTTP server and adapters)
 * @param query the query service over the runtime's store
 */
export async function mountQueryApi(
  runtime: LocalRuntime,
  query: QueryService,
  log: (line: string) => void = () => undefined
): Promise<boolean> {
  for (const name of ['make-handler.ts', 'handler.ts']) {
    const url = new URL(`../functions/query/${name}`, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    // a computed specifier: the module may not exist in this checkout
    let mod: QueryModule;
    try {
      mod = (await import(url.href)) as QueryModule;
    } catch (error) {
      log(
        `query API not mounted: functions/query/${name}: ${(error as Error).message}`
      );
      continue;
    }
    if (typeof mod.makeHandler !== 'function') continue;
    runtime.http.mountApi(
      mod.makeHandler({
        query,
        store: runtime.store,
        s3: runtime.s3,
        config: runtime.config,
        caller: () => userInfo().username,
      })
    );
    return true;
  }
  return false;
}
