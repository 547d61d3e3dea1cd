/**
 * `npm run synth` works offline on a fresh clone: the app synthesizes with
 * bundling (local esbuild, no Docker) and cdk-nag, the ingest bundles are
 * ESM that loads (the text one without OCR modules, the OCR one with
 * them), and the CLI path (cdk.json → tsx infra/app.ts) works.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ASSETS } from '#functions/query/routes.ts';
import { moduleClosure } from '#infra/bundling/ship-modules.ts';
import {
  ESM_REQUIRE_BANNER,
  REPO_ROOT,
} from '#infra/constructs/app-function.ts';
import {
  OCR_SHIP_MODULES,
  TEXT_ABSENT_MODULES,
  TEXT_SHIP_MODULES,
  TEXT_USES_AWS_LITE,
} from '#infra/constructs/ingest-pipeline.ts';

import { ENV } from '#shared/config/env.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { DynamoDocumentStore } from '#shared/store/dynamo-store.ts';
import {
  s3Notification,
  sqsEvent,
  sqsRecord,
} from '../integration/helpers/events.ts';
import {
  type LocalStack,
  startLocalStack,
} from '../integration/helpers/local-stack.ts';
import { buildForTest, type CfnResource, props } from './helpers.ts';

const execFileAsync = promisify(execFile);

/** `http://127.0.0.1:<port>` of a client pointed at a local server. */
async function endpointOf(client: {
  config: { endpoint?: unknown };
}): Promise<string> {
  const provider = client.config.endpoint as () => Promise<{
    protocol: string;
    hostname: string;
    port?: number;
  }>;
  const { protocol, hostname, port } = await provider();
  return `${protocol}//${hostname}:${port}`;
}

let outdir: string;
/** The OCR function's asset folder. */
let assetDir: string;
let functions: Record<
  'ingest' | 'ingest-ocr' | 'query',
  { fn: CfnResource; dir: string }
>;

/** Bundle folder of a function: its code's S3 key is `<hash>.zip`. */
function assetDirOf(fn: CfnResource): string {
  const key = String((props(fn).Code as { S3Key: string }).S3Key);
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'archive-synth-'));
  const { app, stacks } = buildForTest({
    stage: 'dev',
    bundling: true,
    nag: true,
    outdir,
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stacks.stateless.stackName)
    .template as { Resources: Record<string, CfnResource> };
  const named = (name: string) => {
    const fn = Object.values(template.Resources).find(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        props(r).FunctionName === `archive-ingest-${name}-dev`
    );
    if (fn === undefined) throw new Error(`no ${name} function in template`);
    return { fn, dir: assetDirOf(fn) };
  };
  functions = {
    ingest: named('ingest'),
    'ingest-ocr': named('ingest-ocr'),
    query: named('query'),
  };
  assetDir = functions['ingest-ocr'].dir;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('in-process synth (what infra/app.ts runs)', () => {
  it.each(['ingest', 'ingest-ocr'] as const)(
    'bundles the %s handler into an ESM file with a source map, its packages beside it',
    (name) => {
      // Prepare
      const { fn, dir } = functions[name];

      // Assess
      expect(readdirSync(dir).sort()).toEqual([
        'index.mjs',
        'index.mjs.map',
        'node_modules',
      ]);
      expect(props(fn).Handler).toBe('index.handler');
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    }
  );

  it.each([
    // the canvas is named in a lazy import the text path never reaches
    ['ingest', [...TEXT_SHIP_MODULES, ...TEXT_ABSENT_MODULES]],
    // the English model is read from its folder, not imported
    [
      'ingest-ocr',
      OCR_SHIP_MODULES.filter((m) => m !== '@tesseract.js-data/eng'),
    ],
  ] as const)(
    'bundles the pinned AWS SDK into the %s bundle instead of relying on the runtime copy',
    (name, expected) => {
      // Prepare
      const pinned = JSON.parse(
        readFileSync(
          join(REPO_ROOT, 'node_modules/@aws-sdk/client-s3/package.json'),
          'utf8'
        )
      ) as { version: string };
      const code = readFileSync(join(functions[name].dir, 'index.mjs'), 'utf8');

      const imported = new Set(
        [...code.matchAll(/(?:\bfrom|\bimport\()\s*["']([@a-z][^"']*)["']/g)]
          .map((m) => m[1]!)
          .filter((name) => !name.startsWith('node:'))
      );

      // Assess
      // (the text bundle speaks to AWS through shared/aws-lite/ instead)
      if (name !== 'ingest' || !TEXT_USES_AWS_LITE) {
        expect(code).toContain(pinned.version);
      }
      // Only the lazily loaded packages (shipped in node_modules, or never
      // loaded on this path) stay outside the bundle.
      expect([...imported].sort()).toEqual([...expected].sort());
      expect([...imported].some((n) => n.startsWith('@aws-sdk/'))).toBe(false);
    }
  );

  it.each(['ingest', 'ingest-ocr', 'query'] as const)(
    'produces a %s bundle that loads in a fresh Node process and exports handler',
    (name) => {
      // Prepare
      const { fn, dir } = functions[name];
      const variables = (
        props(fn).Environment as { Variables: Record<string, unknown> }
      ).Variables;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      for (const [key, value] of Object.entries(variables)) {
        // Deploy-time references (bucket, table) get placeholder names.
        env[key] = typeof value === 'string' ? value : `placeholder-${key}`;
      }
      const url = new URL(`file://${join(dir, 'index.mjs')}`).href;

      // Act
      const run = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`,
        ],
        { env, encoding: 'utf8', timeout: 30_000 }
      );

      // Assess
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('function');
    }
  );

  it('ships the web page files the query function serves next to its bundle', () => {
    // Prepare
    const present = WEB_ASSETS.filter((file) =>
      existsSync(join(REPO_ROOT, 'web', file))
    );

    // Assess
    expect(existsSync(join(functions.query.dir, 'web'))).toBe(true);
    expect(readdirSync(join(functions.query.dir, 'web')).sort()).toEqual(
      [...present].sort()
    );
    for (const file of present) {
      expect(
        readFileSync(join(functions.query.dir, 'web', file)).length
      ).toBeGreaterThan(0);
    }
  });
});

/** Every package folder of a `node_modules`, nested ones too (a/node_modules/b). */
function packagesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const names = entry.startsWith('@')
      ? readdirSync(join(dir, entry)).map((sub) => `${entry}/${sub}`)
      : [entry];
    return names.flatMap((name) => {
      const nested = join(dir, name, 'node_modules');
      return [
        `${prefix}${name}`,
        ...(existsSync(nested)
          ? packagesIn(nested, `${prefix}${name}/node_modules/`)
          : []),
      ];
    });
  });
}

describe('text ingest asset: no OCR code', () => {
  it('ships exactly the closure of the lazy decoders for arm64: no tesseract.js, no model, no canvas', () => {
    // Prepare
    const modules = join(functions.ingest.dir, 'node_modules');
    const top = packagesIn(modules);
    const closure = moduleClosure(TEXT_SHIP_MODULES, REPO_ROOT, {
      os: 'linux',
      cpu: 'arm64',
      libc: 'glibc',
    }).map((pkg) => pkg.path.replace(/^node_modules\//, ''));

    // Assess
    expect(top.sort()).toEqual(closure.sort());
    expect(top).toEqual(expect.arrayContaining(['unpdf', 'iconv-lite']));
    for (const name of top) {
      expect(name).not.toMatch(/tesseract|@napi-rs\/canvas/);
    }
    expect(
      readFileSync(join(functions.ingest.dir, 'index.mjs'), 'utf8')
    ).not.toContain('tesseract.js-core');
  });
});

describe('ingest asset: OCR packages shipped beside the bundle', () => {
  it('holds tesseract.js with its worker script and LSTM WebAssembly cores, the English model, the canvas and its linux-x64 binary', () => {
    // Prepare
    const modules = join(assetDir, 'node_modules');
    const expected = [
      'tesseract.js/package.json',
      'tesseract.js/src/worker-script/node/index.js',
      'tesseract.js-core/tesseract-core-lstm.js',
      'tesseract.js-core/tesseract-core-lstm.wasm',
      'tesseract.js-core/tesseract-core-simd-lstm.wasm',
      'tesseract.js-core/tesseract-core-relaxedsimd-lstm.wasm',
      'wasm-feature-detect/package.json',
      'node-fetch/package.json',
      '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
      '@napi-rs/canvas/index.js',
      '@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node',
    ];

    // Assess
    for (const file of expected) {
      expect(existsSync(join(modules, file)), file).toBe(true);
    }
    // the copies are the installed files, byte for byte
    expect(
      readFileSync(
        join(
          modules,
          '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'
        )
      ).equals(
        readFileSync(
          join(
            REPO_ROOT,
            'node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'
          )
        )
      )
    ).toBe(true);
  });

  it('ships exactly the closure of the lazily loaded packages (no other platform binaries, no project packages)', () => {
    // Prepare
    const top = packagesIn(join(assetDir, 'node_modules'));
    const closure = moduleClosure(OCR_SHIP_MODULES, REPO_ROOT, {
      os: 'linux',
      cpu: 'x64',
      libc: 'glibc',
    }).map((pkg) => pkg.path.replace(/^node_modules\//, ''));

    // Assess
    expect(top.sort()).toEqual(closure.sort());
    expect(top).toEqual(
      expect.arrayContaining(['tesseract.js-core', 'whatwg-url'])
    );
    for (const name of top) {
      expect(name).not.toMatch(/^(@aws-sdk\/|aws-cdk-lib$|zod$)/);
      if (name.startsWith('@napi-rs/canvas-')) {
        expect(name).toBe('@napi-rs/canvas-linux-x64-gnu');
      }
    }
  });

  it('keeps the query asset free of node_modules', () => {
    // Assess
    expect(existsSync(join(functions.query.dir, 'node_modules'))).toBe(false);
  });
});

/**
 * SQS's JSON protocol, just `SendMessage`: keeps the bodies and answers
 * with the MD5 the SDK checks.
 */
async function fakeSqs(): Promise<{
  server: Server;
  url: string;
  bodies: string[];
}> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const input = JSON.parse(raw) as { MessageBody: string };
      if (req.headers['x-amz-target'] !== 'AmazonSQS.SendMessage') {
        res.writeHead(400).end();
        return;
      }
      bodies.push(input.MessageBody);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          MessageId: randomUUID(),
          MD5OfMessageBody: createHash('md5')
            .update(input.MessageBody)
            .digest('hex'),
        })
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, bodies };
}

describe('ingest assets as Lambda loads them (packaging smoke)', () => {
  let stack: LocalStack;
  let sqs: Awaited<ReturnType<typeof fakeSqs>>;

  beforeAll(async () => {
    stack = await startLocalStack();
    sqs = await fakeSqs();
  });

  afterAll(async () => {
    await stack?.close();
    await new Promise((ok) => sqs?.server.close(ok));
  });

  /** Runs one asset's handler on `event` in a fresh Node process, as Lambda does. */
  async function invoke(
    name: 'ingest' | 'ingest-ocr',
    event: unknown,
    extraEnv: Record<string, string> = {}
  ) {
    const { fn, dir } = functions[name];
    const variables = (
      props(fn).Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_S3: await endpointOf(stack.s3),
      AWS_ENDPOINT_URL_DYNAMODB: await endpointOf(stack.dynamo),
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    for (const [key, value] of Object.entries(variables)) {
      if (typeof value === 'string') env[key] = value;
    }
    env[ENV.tableName] = stack.tableName;
    env[ENV.rawBucket] = stack.rawBucket;
    env[ENV.derivedBucket] = stack.derivedBucket;
    Object.assign(env, extraEnv);
    // what Lambda's Node runtime does: import the handler file, call it
    const script = `
      import { createRequire } from 'node:module';
      const { handler } = await import('./index.mjs');
      const response = await handler(JSON.parse(process.env.SMOKE_EVENT));
      const require = createRequire(new URL('./index.mjs', import.meta.url));
      const resolve = (name) => { try { return require.resolve(name); } catch { return null; } };
      console.log(JSON.stringify({
        response,
        resolved: {
          tesseract: resolve('tesseract.js'),
          canvas: resolve('@napi-rs/canvas'),
          model: resolve('@tesseract.js-data/eng/package.json'),
        },
      }));
    `;
    const run = await execFileAsync(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: dir,
        env: { ...env, SMOKE_EVENT: JSON.stringify(event) },
        encoding: 'utf8',
        timeout: 90_000,
      }
    );
    const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(lastLine) as {
      response: { batchItemFailures: unknown[] };
      resolved: Record<string, string | null>;
    };
  }

  it('the text bundle stores a page and forwards scans to the OCR queue; the OCR bundle reads them, with OCR modules only from its asset', async () => {
    // Prepare
    // nothing above the assets may hold packages: they can come only from them
    for (const { dir: asset } of [functions.ingest, functions['ingest-ocr']]) {
      for (let dir = dirname(asset); dir !== dirname(dir); dir = dirname(dir)) {
        expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
      }
    }
    const objects = [
      { key: 'incoming/smoke/page.txt', file: 'fixtures/pages/seed.txt' },
      {
        key: 'incoming/smoke/letter.png',
        file: 'fixtures/scans/letter-kim-il-sung-1949.150dpi.png',
      },
      {
        key: 'incoming/smoke/report.pdf',
        file: 'fixtures/scans/report-vyshinsky-1953.2pages.pdf',
      },
    ];
    const messages = [];
    for (const o of objects) {
      const bytes = readFileSync(join(REPO_ROOT, o.file));
      const put = await stack.s3.send(
        new PutObjectCommand({
          Bucket: stack.rawBucket,
          Key: o.key,
          Body: bytes,
        })
      );
      messages.push(
        sqsRecord(
          s3Notification({
            bucket: stack.rawBucket,
            key: o.key,
            eTag: (put.ETag ?? '').replace(/"/g, ''),
            size: bytes.length,
          })
        )
      );
    }
    const store = new DynamoDocumentStore(stack.db, stack.tableName);
    const recordOf = (key: string) =>
      store.getRecord(documentIdFor(stack.rawBucket, key));

    // Act 1: the text function
    const text = await invoke('ingest', sqsEvent(...messages), {
      [ENV.ocrQueueUrl]: `${sqs.url}/000000000000/archive-ingest-ingest-ocr-dev`,
    });

    // Assess 1
    expect(text.response.batchItemFailures).toEqual([]);
    expect(text.resolved).toEqual({
      tesseract: null,
      canvas: null,
      model: null,
    });
    expect((await recordOf('incoming/smoke/page.txt'))?.status).toBe('ok');
    expect(await recordOf('incoming/smoke/letter.png')).toBeNull();
    expect(sqs.bodies.sort()).toEqual(
      [messages[1]!.body, messages[2]!.body].sort()
    );

    // Act 2: the OCR function, on what the text function forwarded
    const ocr = await invoke(
      'ingest-ocr',
      sqsEvent(...sqs.bodies.map((body) => sqsRecord(body)))
    );

    // Assess 2
    expect(ocr.response.batchItemFailures).toEqual([]);
    for (const resolved of Object.values(ocr.resolved)) {
      expect(resolved).toContain(join(assetDir, 'node_modules'));
    }
    const [letter, report] = await Promise.all([
      recordOf('incoming/smoke/letter.png'),
      recordOf('incoming/smoke/report.pdf'),
    ]);
    expect(letter?.status, JSON.stringify(letter?.failure)).toBe('ok');
    expect(letter?.ocr).toMatchObject({ engine: 'tesseract.js', pages: 1 });
    expect(letter?.ocr?.meanConfidence).toBeGreaterThan(80);
    expect(letter?.title).toMatch(/Kim Il Sung/);
    expect(report?.status, JSON.stringify(report?.failure)).toBe('ok');
    expect(report?.ocr).toMatchObject({ engine: 'tesseract.js', pages: 2 });
    expect(report?.title).toMatch(/Vyshinsky/);
  }, 180_000);
});

describe('npm run synth (the CLI path)', () => {
  it('synthesizes both stacks offline through cdk.json', () => {
    // Prepare
    const cliOut = mkdtempSync(join(tmpdir(), 'archive-cli-synth-'));

    try {
      // Act
      const run = spawnSync(
        'npm',
        ['run', '-s', 'synth', '--', '-o', cliOut, '--no-notices'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 90_000,
          env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
        }
      );

      // Assess
      expect(run.status, run.stderr).toBe(0);
      for (const stack of ['stateful', 'stateless']) {
        expect(
          existsSync(join(cliOut, `archive-ingest-${stack}-dev.template.json`))
        ).toBe(true);
      }
    } finally {
      rmSync(cliOut, { recursive: true, force: true });
    }
  }, 90_000);
});
