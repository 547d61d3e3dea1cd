/**
 * What each ingest function's bundle holds, read from esbuild's metafile
 * with the options `NodejsFunction` runs (`lambdaBuildOptions`): the text
 * function imports no OCR code, not even through another module, and
 * leaves out of its entry what its hot path does not need; the OCR
 * function carries the tesseract.js engine. No synth needed: the asset
 * layout itself is checked in synth.test.ts.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  lambdaBuildOptions,
  REPO_ROOT,
} from '#infra/constructs/app-function.ts';
import {
  OCR_MODULES,
  OCR_SHIP_MODULES,
  TEXT_ABSENT_MODULES,
  TEXT_ALIAS,
  TEXT_SHIP_MODULES,
  TEXT_USES_AWS_LITE,
} from '#infra/constructs/ingest-pipeline.ts';

interface Built {
  /** Repository-relative paths of every input the entry's output holds. */
  inputs: string[];
  /** Packages the output imports from outside the bundle. */
  external: string[];
}

async function bundle(
  entry: string,
  modules: {
    shipModules: readonly string[];
    absentModules: readonly string[];
    alias?: Readonly<Record<string, string>>;
  }
): Promise<Built> {
  const result = await build({
    ...lambdaBuildOptions(modules),
    entryPoints: { index: join(REPO_ROOT, entry) },
    absWorkingDir: REPO_ROOT,
    outdir: join(REPO_ROOT, '.bundle-test-out'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.values(
    result.metafile.outputs
  ) as Metafile['outputs'][string][];
  const out = outputs.find((o) => o.entryPoint !== undefined)!;
  return {
    inputs: Object.keys(out.inputs),
    external: [
      ...new Set(out.imports.filter((i) => i.external).map((i) => i.path)),
    ].sort(),
  };
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const OCR_CODE = [
  /^shared\/decode\/ocr\/tesseract\.ts$/,
  /node_modules\/tesseract\.js\//,
  /node_modules\/tesseract\.js-core\//,
  /node_modules\/@tesseract\.js-data\//,
  /node_modules\/@napi-rs\/canvas/,
];

let text: Built;
let ocr: Built;

beforeAll(async () => {
  [text, ocr] = await Promise.all([
    bundle('functions/ingest/handler.ts', {
      shipModules: TEXT_SHIP_MODULES,
      absentModules: TEXT_ABSENT_MODULES,
      alias: TEXT_ALIAS,
    }),
    bundle('functions/ingest-ocr/handler.ts', {
      shipModules: OCR_SHIP_MODULES,
      absentModules: [],
    }),
  ]);
}, 60_000);

describe('text ingest bundle', () => {
  it('imports no OCR engine, not even transitively (tesseract.ts, tesseract.js, its model, the canvas)', () => {
    // Assess
    for (const pattern of OCR_CODE) {
      expect(
        text.inputs.filter((p) => pattern.test(p)),
        String(pattern)
      ).toEqual([]);
    }
  });

  it('imports from outside the bundle only the lazy decoders it ships and the canvas it never loads', () => {
    // Prepare
    const packages = text.external.filter((p) => !builtins.has(p));

    // Assess
    expect(packages).toEqual(
      [...TEXT_SHIP_MODULES, ...TEXT_ABSENT_MODULES].sort()
    );
    for (const name of OCR_MODULES) {
      expect(TEXT_SHIP_MODULES as readonly string[], name).not.toContain(name);
    }
  });

  it('leaves out what its hot path does not use: full zod, Powertools parser, lib-storage, the presigner, the query service', () => {
    // Assess
    for (const pattern of [
      /node_modules\/zod\/v4\/classic\//,
      /node_modules\/@aws-lambda-powertools\/parser\//,
      /node_modules\/@aws-sdk\/lib-storage\//,
      /node_modules\/@aws-sdk\/s3-request-presigner\//,
      /^shared\/query\/service\.ts$/,
    ]) {
      expect(
        text.inputs.filter((p) => pattern.test(p)),
        String(pattern)
      ).toEqual([]);
    }
  });
});

describe.runIf(TEXT_USES_AWS_LITE)(
  'text ingest bundle on the lite AWS clients',
  () => {
    it('holds no AWS SDK or Smithy code: the lite clients and aws4fetch stand in for it', () => {
      // Assess
      expect(
        text.inputs.filter((p) =>
          /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(p)
        )
      ).toEqual([]);
      expect(text.inputs).toEqual(
        expect.arrayContaining([
          'shared/aws-lite/client-dynamodb.ts',
          'shared/aws-lite/lib-dynamodb.ts',
          'shared/aws-lite/client-s3.ts',
          'shared/aws-lite/client-sqs.ts',
          'node_modules/aws4fetch/dist/aws4fetch.esm.mjs',
        ])
      );
    });

    it("the OCR bundle keeps the real SDK (the alias is the text function's only)", () => {
      // Assess
      expect(ocr.inputs.some((p) => p.includes('node_modules/@aws-sdk/'))).toBe(
        true
      );
      expect(ocr.inputs.some((p) => p.startsWith('shared/aws-lite/'))).toBe(
        false
      );
    });
  }
);

describe('OCR ingest bundle', () => {
  it('carries the tesseract.js engine and loads tesseract.js and the canvas from the modules it ships', () => {
    // Assess
    expect(ocr.inputs).toContain('shared/decode/ocr/tesseract.ts');
    expect(ocr.external).toEqual(
      expect.arrayContaining(['tesseract.js', '@napi-rs/canvas'])
    );
    for (const name of ocr.external.filter((p) => !builtins.has(p))) {
      expect(OCR_SHIP_MODULES as readonly string[], name).toContain(name);
    }
  });
});
