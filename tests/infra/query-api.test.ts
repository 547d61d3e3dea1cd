/**
 * The QueryApi construct, around stand-in functions: every route
 * IAM-authorized, throttled, access-logged, the write routes on the
 * writer function, and clean under cdk-nag (its only findings, the path
 * parameters of the route grants, acknowledged as the app does).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY } from '#infra/config.ts';
import { FUNCTION_RUNTIME } from '#infra/constructs/app-function.ts';
import { QUERY_ROUTES, QueryApi } from '#infra/constructs/query-api.ts';
import {
  apiAccessAcknowledgments,
  apiLogicalIdOf,
} from '#infra/nag-suppressions.ts';
import { type CfnResource, cdkJsonContext, props } from './helpers.ts';

let outdir: string;
let template: Template;
let resources: Record<string, CfnResource>;
let nagViolations: unknown[];

beforeAll(() => {
  // Prepare
  outdir = mkdtempSync(join(tmpdir(), 'archive-query-api-'));
  const app = new App({ outdir, context: { ...cdkJsonContext() } });
  const stack = new Stack(app, 'query-api-test');
  const standIn = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: FUNCTION_RUNTIME,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({});'),
      role: new Role(stack, `${id}-role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      }),
    });
  const api = new QueryApi(stack, 'query-api', {
    stage: 'prod',
    handler: standIn('stand-in'),
    writeHandler: standIn('writer-stand-in'),
  });
  const apiId = apiLogicalIdOf(api);
  Validations.of(api.readerPolicy).acknowledge(
    ...apiAccessAcknowledgments(apiId, false)
  );
  Validations.of(api.reviewerRole!).acknowledge(
    ...apiAccessAcknowledgments(apiId, true)
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  // Act
  const assembly = app.synth();
  template = Template.fromJSON(
    assembly.getStackByName(stack.stackName).template
  );
  resources = template.toJSON().Resources;
  const report = JSON.parse(
    readFileSync(join(outdir, 'validation-report.json'), 'utf8')
  ) as { pluginReports: { violations: unknown[] }[] };
  nagViolations = report.pluginReports.flatMap((r) => r.violations);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

function ofType(type: string): CfnResource[] {
  return Object.values(resources).filter((r) => r.Type === type);
}

describe('QueryApi', () => {
  it('exposes exactly the query routes, each with IAM authorization', () => {
    // Prepare
    const routes = ofType('AWS::ApiGatewayV2::Route');

    // Assess
    expect(routes.map((r) => props(r).RouteKey).sort()).toEqual(
      QUERY_ROUTES.map((r) => `${r.method} ${r.path}`).sort()
    );
    expect(routes.map((r) => props(r).RouteKey)).toContain(
      'GET /records/{id}/source'
    );
    for (const route of routes) {
      expect(
        props(route).AuthorizationType,
        String(props(route).RouteKey)
      ).toBe('AWS_IAM');
    }
  });

  it('throttles the stage and writes JSON access logs to a log group', () => {
    // Prepare
    const stage = ofType('AWS::ApiGatewayV2::Stage');

    // Assess
    expect(stage).toHaveLength(1);
    expect(props(stage[0]!)).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: QUERY.throttleRateLimit,
        ThrottlingBurstLimit: QUERY.throttleBurstLimit,
      },
    });
    const logs = props(stage[0]!).AccessLogSettings as { Format: string };
    expect(JSON.parse(logs.Format)).toMatchObject({
      requestId: '$context.requestId',
      userArn: '$context.identity.userArn',
      status: '$context.status',
    });
  });

  it('lets API Gateway invoke the function only from its own routes', () => {
    // Prepare
    const permissions = ofType('AWS::Lambda::Permission');

    // Assess
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(props(permission).Principal).toBe('apigateway.amazonaws.com');
      // arn:…:execute-api:<region>:<account>:<api id>/*/*/<route path>
      const arn = JSON.stringify(props(permission).SourceArn);
      expect(arn).toContain('"Ref":"queryapi');
      expect(arn).toMatch(
        /\/\*\/\*\/(records|api\/records|people|api\/people|review|api\/review|\{asset\}|")/
      );
    }
  });

  it('passes cdk-nag AwsSolutions without acknowledgments', () => {
    // Assess
    expect(nagViolations).toEqual([]);
  });
});
