/**
 * Issue 14's infrastructure items, as template assertions: each role may
 * list a bucket only under its own prefix, the query function has reserved
 * concurrency, and its cursor key is a generated Secrets Manager secret
 * that only the query function may read (no stack id in the environment).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY, readQueryConcurrency } from '#infra/config.ts';
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

const ofType = (type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

const functionNamed = (name: string) => {
  const found = ofType('AWS::Lambda::Function').filter(
    ([, f]) => props(f).FunctionName === name
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('least privilege and limits (issue 14)', () => {
  it('limits every s3:ListBucket grant by an s3:prefix condition to the prefix the role reads', () => {
    // Prepare
    const listing = policyStatements(resources).filter(({ statement }) =>
      asArray(statement.Action).includes('s3:ListBucket')
    );
    const byRole = (role: string) =>
      listing
        .filter(({ source }) => source.startsWith(role))
        .map(({ statement }) => statement.Condition);

    // Assess: ingest and query each list incoming/ and derived/text/ only
    for (const role of ['ingestpipelineingestrole', 'queryrole']) {
      const conditions = byRole(role).map((c) => JSON.stringify(c));
      expect(conditions.sort().map((c) => JSON.parse(c))).toEqual([
        { StringLike: { 's3:prefix': ['derived/text/*'] } },
        { StringLike: { 's3:prefix': ['incoming/*'] } },
      ]);
    }
    expect(
      listing.filter(({ statement }) => statement.Condition === undefined)
    ).toEqual([]);
  });

  it('reserves concurrency for the query function (and a context can change or drop it)', () => {
    // Prepare
    const [, query] = functionNamed('archive-ingest-query-prod');
    const scope = (value: unknown) =>
      new App({ context: { queryReservedConcurrency: value } });

    // Assess
    expect(props(query).ReservedConcurrentExecutions).toBe(
      QUERY.reservedConcurrency
    );
    expect(readQueryConcurrency(scope('25'))).toBe(25);
    expect(readQueryConcurrency(scope(0))).toBe(0);
    expect(() => readQueryConcurrency(scope('lots'))).toThrow(
      /queryReservedConcurrency/
    );
  });

  it('signs cursors with a generated Secrets Manager secret that only the query function reads', () => {
    // Prepare
    const secrets = ofType('AWS::SecretsManager::Secret');
    const [, query] = functionNamed('archive-ingest-query-prod');
    const variables = (
      props(query).Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const readers = policyStatements(resources).filter(({ statement }) =>
      asArray(statement.Action).includes('secretsmanager:GetSecretValue')
    );

    // Assess
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0]!;
    expect(props(secret).GenerateSecretString).toMatchObject({
      PasswordLength: 64,
    });
    expect(variables[ENV.queryCursorSecretArn]).toEqual({ Ref: secretId });
    expect(variables[ENV.queryCursorSecret]).toBeUndefined();
    expect(JSON.stringify(variables)).not.toContain('AWS::StackId');
    expect(readers.map(({ source }) => source)).toEqual([
      expect.stringMatching(/^queryrole/),
    ]);
    expect(asArray(readers[0]!.statement.Resource)).toEqual([
      { Ref: secretId },
    ]);
  });
});
