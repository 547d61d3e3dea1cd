/**
 * Builds the deployment for tests through the same `buildArchiveApp` that
 * infra/app.ts uses, with cdk.json's context (feature flags) so the tests
 * see what `cdk synth` sees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type ArchiveStacks, buildArchiveApp } from '#infra/build-app.ts';
import { REPO_ROOT } from '#infra/constructs/app-function.ts';

export interface TestBuildOptions {
  readonly stage: string;
  /** Bundle function code with esbuild (slow); off unless assets matter. */
  readonly bundling?: boolean;
  readonly nag?: boolean;
  /** Record nag acknowledgments (default true). */
  readonly acknowledge?: boolean;
  readonly outdir?: string;
  readonly context?: Record<string, unknown>;
}

/** cdk.json's `context`, minus the stage (tests pick it). */
export function cdkJsonContext(): Record<string, unknown> {
  const raw = readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8');
  const { context } = JSON.parse(raw) as { context: Record<string, unknown> };
  return context;
}

/** A fresh App with the project's stacks for one stage. */
export function buildForTest(options: TestBuildOptions): {
  app: App;
  stacks: ArchiveStacks;
} {
  const app = new App({
    outdir: options.outdir,
    context: {
      ...cdkJsonContext(),
      stage: options.stage,
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stacks = buildArchiveApp(app, {
    nag: options.nag ?? false,
    acknowledge: options.acknowledge,
  });
  return { app, stacks };
}

/** A CloudFormation resource as the template JSON holds it. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** An IAM policy statement as synthesized (single values not in arrays). */
export interface CfnStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Every policy statement of a template: identity policies (inline and
 * managed, and roles' inline policies) and resource policies (bucket and
 * queue policies), each with the logical id it came from.
 */
export function policyStatements(
  resources: Record<string, CfnResource>
): { source: string; type: string; statement: CfnStatement }[] {
  const found: { source: string; type: string; statement: CfnStatement }[] = [];
  const add = (source: string, type: string, document: unknown) => {
    const statements = (document as { Statement?: CfnStatement[] })?.Statement;
    for (const statement of statements ?? []) {
      found.push({ source, type, statement });
    }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::S3::BucketPolicy':
      case 'AWS::SQS::QueuePolicy':
      case 'AWS::SNS::TopicPolicy':
        add(id, resource.Type, props.PolicyDocument);
        break;
      case 'AWS::IAM::Role':
        for (const policy of asArray(
          props.Policies as { PolicyDocument: unknown }[] | undefined
        )) {
          add(id, resource.Type, policy.PolicyDocument);
        }
        break;
      default:
        break;
    }
  }
  return found;
}

/** A resource's properties, `{}` when it has none. */
export function props(resource: CfnResource): Record<string, unknown> {
  return resource.Properties ?? {};
}
