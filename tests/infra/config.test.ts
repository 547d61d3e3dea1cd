/**
 * Bad deployment input fails at synth with a message naming the value.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Architecture, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { INGEST, readStage } from '#infra/config.ts';
import { AppFunction } from '#infra/constructs/app-function.ts';
import {
  ingestVisibilityTimeout,
  ingestWorstBatchSeconds,
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

describe('ingestVisibilityTimeout', () => {
  it('is the function timeout times six plus the batching window', () => {
    // Act
    const seconds = ingestVisibilityTimeout().toSeconds();

    // Assess
    expect(seconds).toBe(300 * 6 + 5);
  });
});

describe('INGEST sizing', () => {
  it('lets the worst batch (every object an image-only PDF at the OCR page cap) finish within the timeout', () => {
    // Act
    const worst = ingestWorstBatchSeconds();

    // Assess
    expect(worst).toBe(INGEST.batchSize * 50 * 1.6 + 1);
    expect(worst).toBeLessThanOrEqual(INGEST.timeout.toSeconds());
  });

  it('gives the ingest function at least one full vCPU (1,769 MB) for OCR', () => {
    // Assess
    expect(INGEST.memorySize).toBeGreaterThanOrEqual(1769);
  });
});
