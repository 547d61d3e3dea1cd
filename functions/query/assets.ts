/**
 * The web page's files as the query function serves them. In Lambda they
 * sit next to the bundle (`web/` in the asset, copied there by the CDK
 * bundling hook); tests point at the repository's `web/`. The embedded
 * runtime's HTTP server serves `web/` itself and passes no assets.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WEB_ASSETS } from './routes.ts';

export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

/** Where the handler reads the page's files from. */
export interface StaticAssets {
  /** The named file, or null when it is not there. */
  get(name: (typeof WEB_ASSETS)[number]): Promise<StaticAsset | null>;
}

const CONTENT_TYPES: Record<(typeof WEB_ASSETS)[number], string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * Reads the page's files from a directory once each and keeps them: they
 * do not change while a Lambda container lives.
 *
 * @param dir folder holding the files of `WEB_ASSETS`
 */
export function directoryAssets(dir: string): StaticAssets {
  const cache = new Map<string, Promise<StaticAsset | null>>();
  return {
    get(name) {
      let hit = cache.get(name);
      if (!hit) {
        hit = readFile(join(dir, name)).then(
          (body) => ({ body, contentType: CONTENT_TYPES[name] }),
          () => null
        );
        cache.set(name, hit);
      }
      return hit;
    },
  };
}
