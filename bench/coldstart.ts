/**
 * Cold start: each function bundled the way infra/ bundles it (CDK's
 * NodejsFunction with esbuild: minified ESM, target node24, createRequire
 * banner, external source maps without sources, `@aws-sdk/*` bundled,
 * `externalModules: []`), its size, and the time a fresh Node process takes
 * to import it, next to an empty handler bundled the same way.
 *
 * Variants measured for the ingest function, because its decoders import
 * unpdf and iconv-lite lazily but a single-file bundle inlines them anyway:
 * - `single`: what CDK deploys today (one file; the OCR packages infra
 *   ships in node_modules are external, as there);
 * - `split`: esbuild `splitting: true` (lazy imports become chunks loaded
 *   only when called; CDK's NodejsFunction cannot do this);
 * - `external`: the lazy decoder packages left external, as
 *   `bundling.externalModules` + `bundling.nodeModules` would ship them in
 *   node_modules beside the bundle (CDK can do this).
 *
 * Times: medians over interleaved spawns (every variant once per round),
 * so machine noise hits all of them alike; ratios are taken within the run.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import {
  LAZY_DECODER_MODULES,
  OCR_MODULES,
} from '#infra/constructs/ingest-pipeline.ts';
import { median } from './stats.ts';

/** Same string as infra/constructs/app-function.ts ESM_REQUIRE_BANNER. */
const BANNER =
  "import { createRequire as __archiveCreateRequire } from 'node:module';" +
  'const require = __archiveCreateRequire(import.meta.url);';

/**
 * Packages infra/ leaves out of the ingest bundle and ships in its
 * node_modules: the OCR packages (esbuild cannot inline a native `.node`
 * binary or a worker script) and the lazily loaded decoders.
 */
export const SHIPPED_BY_INFRA: readonly string[] = [
  ...OCR_MODULES,
  ...LAZY_DECODER_MODULES,
];

/** Packages only the decoders load, on demand (PDF, legacy encodings, HTML, OCR). */
export const LAZY_PACKAGES = [
  'unpdf',
  'iconv-lite',
  'node-html-parser',
  'tesseract.js',
  '@napi-rs/canvas',
];

export interface BundleFigures {
  name: string;
  variant: 'single' | 'split' | 'external';
  /** The entry file (what a cold start parses first), KB. */
  entryKb: number;
  /** Every .mjs/.js file written (entry plus chunks), KB. */
  totalKb: number;
  /** Median wall time of a fresh `node` process importing the entry, ms. */
  processMs: number;
  /** Median time of the `import()` itself inside that process, ms. */
  importMs: number;
  /** The same process time without `--enable-source-maps`, ms. */
  processNoMapsMs: number;
  /** Why esbuild could not bundle this variant (then no figures). */
  error?: string;
}

export interface ColdStartResult {
  rounds: number;
  empty: BundleFigures;
  bundles: BundleFigures[];
  /** Ingest (single file, as deployed): process time over the empty handler's. */
  ingestOverEmpty: number;
  ingestKb: number;
}

const common = (root: string): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  banner: { js: BANNER },
  absWorkingDir: root,
  logLevel: 'silent',
  outExtension: { '.js': '.mjs' },
});

const ENV_FOR_IMPORT = {
  TABLE_NAME_RECORDS: 'records',
  BUCKET_NAME_RAW: 'raw',
  BUCKET_NAME_DERIVED: 'derived',
  QUEUE_URL_INGEST: 'https://sqs.us-east-1.amazonaws.com/000000000000/ingest',
  QUERY_CURSOR_SECRET: 'cold-start-bench-secret-0123456789abcdef',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Bundles and times every function; `rounds` spawns per bundle (≥ 10).
 *
 * @param root the repository root
 */
export async function benchColdStart(
  root: string,
  rounds = 12
): Promise<ColdStartResult> {
  const out = mkdtempSync(join(tmpdir(), 'coldstart-'));
  try {
    const emptyEntry = join(out, 'empty-handler.ts');
    writeFileSync(
      emptyEntry,
      'export const handler = async (event: unknown) => ({ ok: true, event });\n'
    );
    const targets: { name: string; entry: string }[] = [
      { name: 'empty', entry: emptyEntry },
      { name: 'ingest', entry: join(root, 'functions/ingest/handler.ts') },
    ];
    const query = join(root, 'functions/query/handler.ts');
    try {
      statSync(query);
      targets.push({ name: 'query', entry: query });
    } catch {
      // no query function yet
    }

    const built: { figures: BundleFigures; file: string }[] = [];
    for (const t of targets) {
      built.push(await bundle(root, out, t.name, t.entry, 'single'));
      if (t.name === 'ingest') {
        built.push(await bundle(root, out, t.name, t.entry, 'split'));
        built.push(await bundle(root, out, t.name, t.entry, 'external'));
      }
    }

    const processTimes = built.map(() => [] as number[]);
    const importTimes = built.map(() => [] as number[]);
    const noMapsTimes = built.map(() => [] as number[]);
    for (let r = 0; r < rounds + 1; r += 1) {
      for (const [i, b] of built.entries()) {
        if (!b.file) continue;
        const t = timeImport(b.file, true);
        const bare = timeImport(b.file, false);
        if (r === 0) continue; // the first round warms the file cache
        processTimes[i]?.push(t.processMs);
        importTimes[i]?.push(t.importMs);
        noMapsTimes[i]?.push(bare.processMs);
      }
    }
    for (const [i, b] of built.entries()) {
      if (!b.file) continue;
      b.figures.processMs = median(processTimes[i] ?? []);
      b.figures.importMs = median(importTimes[i] ?? []);
      b.figures.processNoMapsMs = median(noMapsTimes[i] ?? []);
    }
    const figures = built.map((b) => b.figures);
    const empty = figures[0] as BundleFigures;
    const ingest = figures.find(
      (f) => f.name === 'ingest' && f.variant === 'single'
    ) as BundleFigures;
    // the ratio of medians of interleaved spawns
    return {
      rounds,
      empty,
      bundles: figures.slice(1),
      ingestOverEmpty: ingest.processMs / empty.processMs,
      ingestKb: ingest.entryKb,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function bundle(
  root: string,
  out: string,
  name: string,
  entry: string,
  variant: BundleFigures['variant']
): Promise<{ figures: BundleFigures; file: string }> {
  const dir = join(out, `${name}-${variant}`);
  mkdirSync(dir, { recursive: true });
  try {
    await build({
      ...common(root),
      entryPoints: { index: entry },
      outdir: dir,
      ...(variant === 'split' ? { splitting: true } : {}),
      external: [
        ...(variant === 'external' ? LAZY_PACKAGES : SHIPPED_BY_INFRA),
      ],
    });
  } catch (error) {
    // reported, not fatal: CDK's bundling would fail the same way
    const message = error instanceof Error ? error.message : String(error);
    return {
      file: '',
      figures: {
        name,
        variant,
        entryKb: Number.NaN,
        totalKb: Number.NaN,
        processMs: Number.NaN,
        importMs: Number.NaN,
        processNoMapsMs: Number.NaN,
        error: message.split('\n').slice(0, 2).join(' '),
      },
    };
  }
  const files = readdirSync(dir).filter((f) => /\.m?js$/.test(f));
  const size = (f: string) => statSync(join(dir, f)).size / 1024;
  const file = join(dir, 'index.mjs');
  return {
    file,
    figures: {
      name,
      variant,
      entryKb: size('index.mjs'),
      totalKb: files.reduce((a, f) => a + size(f), 0),
      processMs: Number.NaN,
      importMs: Number.NaN,
      processNoMapsMs: Number.NaN,
    },
  };
}

/**
 * Spawns `node`, imports the bundle, returns wall and import times. With
 * `maps`, Node runs with `--enable-source-maps` as infra/ sets it.
 */
function timeImport(
  file: string,
  maps: boolean
): { processMs: number; importMs: number } {
  const script = `const t=performance.now();const m=await import(${JSON.stringify(pathToFileURL(file).href)});if(typeof m.handler!=='function')throw new Error('no handler');process.stdout.write(String(performance.now()-t));`;
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      ...(maps ? ['--enable-source-maps'] : []),
      '--input-type=module',
      '-e',
      script,
    ],
    { env: { PATH: process.env.PATH, ...ENV_FOR_IMPORT }, encoding: 'utf8' }
  );
  const processMs = performance.now() - started;
  if (r.status !== 0) {
    throw new Error(`importing ${file} failed: ${r.stderr.slice(0, 500)}`);
  }
  return { processMs, importMs: Number(r.stdout) };
}

// `tsx bench/coldstart.ts` runs it alone
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchColdStart(resolve('.')).then((r) =>
    console.log(JSON.stringify(r, null, 1))
  );
}
