/**
 * Bad deployment input fails at synth with a message naming the value.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Architecture, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { INGEST_OCR, INGEST_TEXT, readStage } from '#infra/config.ts';
import { AppFunction } from '#infra/constructs/app-function.ts';
import {
  ocrWorstBatchSeconds,
  visibilityTimeoutFor,
} from '#infra/constructs/ingest-pipeline.ts';
import { buildForTest } from './helpers.ts';

describe('readStage', () => {
  it('defaults to dev when no stage is given', () => {
    // Prepare
    const app = new App();

    // Act
    const stage = readStage(app);

    // Assess
    expect(stage).toBe('dev');
  });

  it('rejects a stage unfit for AWS names, naming it', () => {
    // Prepare
    const app = new App({ context: { stage: 'Prod_1' } });

    // Act
    const act = () => readStage(app);

    // Assess
    expect(act).toThrow(/Invalid context "stage": "Prod_1"/);
  });
});

describe('buildArchiveApp', () => {
  it('rejects an alarmEmail that is not an e-mail address', () => {
    // Act
    const act = () =>
      buildForTest({ stage: 'dev', context: { alarmEmail: 'ops' } });

    // Assess
    expect(act).toThrow(/Invalid context "alarmEmail": "ops"/);
  });
});

describe('AppFunction', () => {
  it('names the missing entry file when a function folder has no handler', () => {
    // Prepare
    const stack = new Stack(new App(), 'entry-test');

    // Act
    const act = () =>
      new AppFunction(stack, 'missing', {
        stage: 'dev',
        name: 'does-not-exist',
        description: 'test',
        memorySize: 128,
        timeout: Duration.seconds(3),
        serviceName: 'test',
      });

    // Assess
    expect(act).toThrow(
      /functions\/does-not-exist\/handler\.ts does not exist/
    );
  });

  it('refuses a bucket prefix without a trailing slash', () => {
    // Prepare
    const stack = new Stack(
      new App({ context: { 'aws:cdk:bundling-stacks': [] } }),
      'prefix-test'
    );
    const fn = new AppFunction(stack, 'ingest', {
      stage: 'dev',
      name: 'ingest',
      description: 'test',
      memorySize: 128,
      timeout: Duration.seconds(3),
      serviceName: 'test',
    });

    // Act
    const act = () =>
      fn.bindBucket(new Bucket(stack, 'bucket'), {
        nameEnv: 'BUCKET_NAME_RAW',
        prefix: 'incoming',
        access: 'read',
      });

    // Assess
    expect(act).toThrow(
      /prefix "incoming" for BUCKET_NAME_RAW must end with "\/"/
    );
  });
  it('refuses to ship a native package whose binary is installed for another architecture, naming it', () => {
    // Prepare
    const stack = new Stack(
      new App({ context: { 'aws:cdk:bundling-stacks': [] } }),
      'arch-test'
    );

    // Act
    const act = () =>
      new AppFunction(stack, 'ingest', {
        stage: 'dev',
        name: 'ingest',
        description: 'test',
        memorySize: 128,
        timeout: Duration.seconds(3),
        serviceName: 'test',
        architecture: Architecture.ARM_64,
        shipModules: ['@napi-rs/canvas'],
      });

    // Assess
    expect(act).toThrow(
      /@napi-rs\/canvas has no platform package installed for linux\/arm64\/glibc \(installed: @napi-rs\/canvas-linux-x64-gnu \[linux\/x64\/glibc\]\)/
    );
  });

  it('ships nothing and adds no bundling hook by default', () => {
    // Prepare
    const stack = new Stack(
      new App({ context: { 'aws:cdk:bundling-stacks': [] } }),
      'default-test'
    );

    // Act
    const fn = new AppFunction(stack, 'query', {
      stage: 'dev',
      name: 'query',
      description: 'test',
      memorySize: 128,
      timeout: Duration.seconds(3),
      serviceName: 'test',
    });

    // Assess
    expect(fn.shippedPackages).toEqual([]);
    expect(
      (fn.function.node.defaultChild as CfnFunction).architectures
    ).toEqual(['arm64']);
  });
});

describe('visibilityTimeoutFor', () => {
  it.each([
    ['text', INGEST_TEXT, 60 * 6 + 5],
    ['OCR', INGEST_OCR, 300 * 6 + 5],
  ] as const)(
    'is the %s function timeout times six plus the batching window',
    (_, sizing, expected) => {
      // Act
      const seconds = visibilityTimeoutFor(sizing).toSeconds();

      // Assess
      expect(seconds).toBe(expected);
    }
  );
});

describe('ingest sizing', () => {
  it('lets the worst OCR batch (every object an image-only PDF at the OCR page cap) finish within the timeout', () => {
    // Act
    const worst = ocrWorstBatchSeconds();

    // Assess
    expect(worst).toBe(INGEST_OCR.batchSize * 50 * 1.6 + 1);
    expect(worst).toBeLessThanOrEqual(INGEST_OCR.timeout.toSeconds());
  });

  it('gives the OCR function at least one full vCPU (1,769 MB), on x86_64 for the canvas binary', () => {
    // Assess
    expect(INGEST_OCR.memorySize).toBeGreaterThanOrEqual(1769);
    expect(INGEST_OCR.architecture.name).toBe('x86_64');
  });

  it('runs text on arm64 in batches of 10, with less memory than OCR', () => {
    // Assess
    expect(INGEST_TEXT.architecture.name).toBe('arm64');
    expect(INGEST_TEXT.batchSize).toBe(10);
    expect(INGEST_TEXT.memorySize).toBeLessThan(INGEST_OCR.memorySize);
  });
});

describe('AppFunction absentModules', () => {
  it('refuses a package both shipped and absent, naming it', () => {
    // Prepare
    const stack = new Stack(new App(), 'absent-test');

    // Act
    const act = () =>
      new AppFunction(stack, 'fn', {
        stage: 'dev',
        name: 'ingest',
        description: 'test',
        memorySize: 128,
        timeout: Duration.seconds(3),
        serviceName: 'test',
        shipModules: ['unpdf'],
        absentModules: ['unpdf'],
      });

    // Assess
    expect(act).toThrow(/unpdf cannot be both shipped and absent/);
  });
});
