/**
 * Review and correction on AWS (issue 13): reading does not let you write.
 * The write routes go to the review function, the only function that may
 * write records besides ingest; only the reviewer role the stack creates
 * may invoke them; the reader policy allows the GET routes only; the
 * query function stays read-only.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_ROUTES } from '#infra/constructs/query-api.ts';
import { ENV } from '#shared/config/env.ts';
import {
  asArray,
  buildForTest,
  type CfnResource,
  policyStatements,
  props,
} from './helpers.ts';

let resources: Record<string, CfnResource>;

beforeAll(() => {
  const { stacks } = buildForTest({ stage: 'prod' });
  resources = Template.fromStack(stacks.stateless).toJSON().Resources;
});

function ofType(type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function functionId(name: string): string {
  const found = ofType('AWS::Lambda::Function').filter(
    ([, f]) => props(f).FunctionName === name
  );
  expect(found, name).toHaveLength(1);
  return found[0]![0];
}

/** `POST /records/{id}/corrections` → `POST/records/*\/corrections` as granted. */
function granted(route: { method: string; path: string }): string {
  return `/$default/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`;
}

/** Every execute-api:Invoke resource a statement grants, as its path tail. */
function invokeTails(statement: { Resource?: unknown }): string[] {
  return asArray(statement.Resource as unknown[]).map((r) => {
    const parts = (r as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return String(parts.at(-1));
  });
}

const WRITES = QUERY_ROUTES.filter((r) => r.write);
const READS = QUERY_ROUTES.filter((r) => !r.write);

describe('the write routes', () => {
  it('are the POST routes, each IAM-authorized and integrated with the review function only', () => {
    // Prepare
    const review = functionId('archive-ingest-review-prod');
    const query = functionId('archive-ingest-query-prod');
    const integrations = new Map(
      ofType('AWS::ApiGatewayV2::Integration').map(([id, i]) => [
        id,
        JSON.stringify(props(i).IntegrationUri),
      ])
    );
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
      const target = JSON.stringify(props(r).Target);
      const integration = [...integrations].find(([id]) => target.includes(id));
      return {
        key: String(props(r).RouteKey),
        auth: props(r).AuthorizationType,
        uri: integration?.[1] ?? '',
      };
    });

    // Assess
    expect(WRITES.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /api/records/{id}/corrections',
      'POST /api/records/{id}/reviewed',
      'POST /records/{id}/corrections',
      'POST /records/{id}/reviewed',
    ]);
    for (const route of routes) {
      expect(route.auth, route.key).toBe('AWS_IAM');
      const write = route.key.startsWith('POST ');
      expect(route.uri.includes(review), route.key).toBe(write);
      expect(route.uri.includes(query), route.key).toBe(!write);
    }
    expect(routes.filter((r) => r.key.startsWith('POST '))).toHaveLength(
      WRITES.length
    );
  });

  it('may be invoked by the reviewer role only; the reader policy allows GET routes only', () => {
    // Prepare
    const invokes = policyStatements(resources).filter(({ statement }) =>
      asArray(statement.Action).some((a) => a.startsWith('execute-api:'))
    );
    const bySource = (prefix: string) =>
      invokes
        .filter(({ source }) => source.startsWith(prefix))
        .flatMap(({ statement }) => invokeTails(statement));

    // Assess: the only grants of the API are the reader policy's and the role's
    expect(
      [
        ...new Set(
          invokes.map(({ source }) => source.replace(/[A-F0-9]{8}$/, ''))
        ),
      ].sort()
    ).toEqual(['queryapireaderpolicy', 'queryapireviewerrole']);
    expect(bySource('queryapireaderpolicy').sort()).toEqual(
      [...new Set(READS.map(granted))].sort()
    );
    expect(bySource('queryapireviewerrole').sort()).toEqual(
      [...new Set(WRITES.map(granted))].sort()
    );
    for (const { statement } of invokes) {
      expect(asArray(statement.Action)).toEqual(['execute-api:Invoke']);
    }
  });

  it('the reviewer role reads too (the reader policy), is assumable in the account, and is the one the review function accepts', () => {
    // Prepare
    const [, role] = ofType('AWS::IAM::Role').find(([id]) =>
      id.startsWith('queryapireviewerrole')
    )!;
    const [, fn] = ofType('AWS::Lambda::Function').find(
      ([, f]) => props(f).FunctionName === 'archive-ingest-review-prod'
    )!;
    const variables = (
      props(fn).Environment as { Variables: Record<string, unknown> }
    ).Variables;

    // Assess
    expect(props(role).RoleName).toBe('archive-ingest-reviewer-prod');
    expect(variables[ENV.reviewerRoleName]).toBe(props(role).RoleName);
    expect(JSON.stringify(props(role).ManagedPolicyArns)).toContain(
      'queryapireaderpolicy'
    );
    expect(JSON.stringify(props(role).AssumeRolePolicyDocument)).toContain(
      ':root'
    );
  });
});

describe('function roles', () => {
  const tableActions = (prefix: string) =>
    policyStatements(resources)
      .filter(
        ({ source, statement }) =>
          source.startsWith(prefix) && statement.Effect === 'Allow'
      )
      .flatMap(({ statement }) => asArray(statement.Action))
      .filter((a) => a.startsWith('dynamodb:'))
      .sort();

  it('the query function cannot write to the table; the review function can', () => {
    // Assess
    expect(tableActions('queryrole')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
    ]);
    expect(tableActions('reviewrole')).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:BatchWriteItem'])
    );
  });
});
