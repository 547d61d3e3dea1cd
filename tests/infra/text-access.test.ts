/**
 * A UTF-8 text's record has no derived copy: its text is its source object
 * at its version (docs/INGEST.md). The functions that read record texts
 * (query: the text route; review: span checks) may therefore read object
 * versions under the raw bucket's upload prefix, and no more of it.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PREFIX } from '#infra/config.ts';
import { asArray, buildForTest, policyStatements } from './helpers.ts';

let statements: ReturnType<typeof policyStatements>;

beforeAll(() => {
  const { stacks } = buildForTest({ stage: 'prod' });
  statements = policyStatements(
    Template.fromStack(stacks.stateless).toJSON().Resources
  );
});

/** S3 object actions a role's policy allows on the raw bucket, by resource. */
function rawObjectGrants(rolePrefix: string): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const { source, statement } of statements) {
    if (!source.startsWith(rolePrefix) || statement.Effect !== 'Allow')
      continue;
    const actions = asArray(statement.Action).filter((a) =>
      a.startsWith('s3:GetObject')
    );
    if (actions.length === 0) continue;
    for (const resource of asArray(statement.Resource as unknown[])) {
      const text = JSON.stringify(resource);
      if (!/raw-?bucket/i.test(text)) continue;
      grants.set(text, [...(grants.get(text) ?? []), ...actions].sort());
    }
  }
  return grants;
}

describe('reading a text that is its source object', () => {
  it.each([
    ['the query function', 'queryrole'],
    ['the review function', 'reviewrole'],
  ])(
    '%s may get object versions under the upload prefix only',
    (_name, role) => {
      // Act
      const grants = [...rawObjectGrants(role)];
      // Assess
      expect(grants).toHaveLength(1);
      const [resource, actions] = grants[0]!;
      expect(resource).toContain(`/${UPLOAD_PREFIX}*`);
      expect(actions).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    }
  );
});
