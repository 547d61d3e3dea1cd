/**
 * Bad deployment input fails at synth with a message naming the value.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { readStage } from '#infra/config.ts';
import { AppFunction } from '#infra/constructs/app-function.ts';
import { ingestVisibilityTimeout } from '#infra/constructs/ingest-pipeline.ts';
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
});

describe('ingestVisibilityTimeout', () => {
  it('is the function timeout times six plus the batching window', () => {
    // Act
    const seconds = ingestVisibilityTimeout().toSeconds();

    // Assess
    expect(seconds).toBe(60 * 6 + 5);
  });
});
