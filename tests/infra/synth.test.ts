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
import {
  ESM_REQUIRE_BANNER,
  REPO_ROOT,
} from '#infra/constructs/app-function.ts';
import { buildForTest, type CfnResource, props } from './helpers.ts';

let outdir: string;
let ingest: CfnResource;
let assetDir: string;

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
  ingest = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      props(r).FunctionName === 'archive-ingest-ingest-dev'
  )!;
  // The code's S3 key is `<asset hash>.zip`; the bundle sits in
  // `asset.<hash>/` of the assembly.
  const key = String((props(ingest).Code as { S3Key: string }).S3Key);
  assetDir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
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

    // Assess
    expect(code).toContain(pinned.version);
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
  });

  it('produces a bundle that loads in a fresh Node process and exports handler', () => {
    // Prepare
    const variables = (
      props(ingest).Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const [name, value] of Object.entries(variables)) {
      // Deploy-time references (bucket, table) get placeholder names.
      env[name] = typeof value === 'string' ? value : `placeholder-${name}`;
    }
    const url = new URL(`file://${join(assetDir, 'index.mjs')}`).href;

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
