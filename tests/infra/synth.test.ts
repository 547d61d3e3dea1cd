/**
 * `npm run synth` works offline on a fresh clone: the app synthesizes with
 * bundling (local esbuild, no Docker) and cdk-nag, the ingest bundle is
 * ESM that loads, and the CLI path (cdk.json → tsx infra/app.ts) works.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ASSETS } from '#functions/query/routes.ts';
import {
  ESM_REQUIRE_BANNER,
  REPO_ROOT,
} from '#infra/constructs/app-function.ts';
import { OCR_MODULES } from '#infra/constructs/ingest-pipeline.ts';
import { buildForTest, type CfnResource, props } from './helpers.ts';

let outdir: string;
let ingest: CfnResource;
let assetDir: string;
let functions: Record<'ingest' | 'query', { fn: CfnResource; dir: string }>;

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
  functions = { ingest: named('ingest'), query: named('query') };
  ingest = functions.ingest.fn;
  assetDir = functions.ingest.dir;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('in-process synth (what infra/app.ts runs)', () => {
  it('bundles the ingest handler into an ESM file with a source map', () => {
    // Assess
    expect(ingest).toBeDefined();
    expect(readdirSync(assetDir).sort()).toEqual([
      'index.mjs',
      'index.mjs.map',
    ]);
    expect(props(ingest).Handler).toBe('index.handler');
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
  });

  it('bundles the pinned AWS SDK instead of relying on the runtime copy', () => {
    // Prepare
    const pinned = JSON.parse(
      readFileSync(
        join(REPO_ROOT, 'node_modules/@aws-sdk/client-s3/package.json'),
        'utf8'
      )
    ) as { version: string };
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    const imported = new Set(
      [...code.matchAll(/(?:\bfrom|\bimport\()\s*["']([@a-z][^"']*)["']/g)]
        .map((m) => m[1]!)
        .filter((name) => !name.startsWith('node:'))
    );

    // Assess
    expect(code).toContain(pinned.version);
    // Only the OCR packages (excluded on purpose) stay outside the bundle.
    for (const name of imported) {
      expect(OCR_MODULES as readonly string[], name).toContain(name);
    }
    expect([...imported].some((name) => name.startsWith('@aws-sdk/'))).toBe(
      false
    );
  });

  it.each(['ingest', 'query'] as const)(
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
