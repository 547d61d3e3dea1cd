/**
 * Template assertions for each promise of the deployment (issue 4): built
 * once per stage without bundling, shared by every test of the file.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INGEST_OCR, INGEST_TEXT, type IngestSizing } from '#infra/config.ts';
import { QUERY_ROUTES } from '#infra/constructs/query-api.ts';
import { ENV } from '#shared/config/env.ts';
import { TABLE_DESIGN } from '#shared/store/table-design.ts';
import {
  asArray,
  buildForTest,
  type CfnResource,
  type CfnStatement,
  policyStatements,
  props,
} from './helpers.ts';

interface StageTemplates {
  stateful: Template;
  stateless: Template;
  statefulResources: Record<string, CfnResource>;
  statelessResources: Record<string, CfnResource>;
}

function build(stage: string): StageTemplates {
  const { stacks } = buildForTest({ stage });
  const stateful = Template.fromStack(stacks.stateful);
  const stateless = Template.fromStack(stacks.stateless);
  return {
    stateful,
    stateless,
    statefulResources: stateful.toJSON().Resources,
    statelessResources: stateless.toJSON().Resources,
  };
}

function ofType(
  resources: Record<string, CfnResource>,
  type: string
): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function only<T>(items: T[], what: string): T {
  expect(items, `exactly one ${what}`).toHaveLength(1);
  return items[0]!;
}

/** `{ "Fn::ImportValue": name }` as the stateless stack references it. */
function imported(name: string) {
  return { 'Fn::ImportValue': name };
}

/** The resource with this physical name (`QueueName`, `FunctionName`...). */
function named(
  resources: Record<string, CfnResource>,
  type: string,
  nameProp: string,
  name: string
): [string, CfnResource] {
  return only(
    ofType(resources, type).filter(([, r]) => props(r)[nameProp] === name),
    `${type} ${name}`
  );
}

/** The two ingest paths: physical names and sizing (infra/config.ts). */
const PATHS = [
  {
    path: 'text',
    queue: 'archive-ingest-ingest-prod',
    dlq: 'archive-ingest-ingest-dlq-prod',
    fn: 'archive-ingest-ingest-prod',
    sizing: INGEST_TEXT as IngestSizing,
  },
  {
    path: 'OCR',
    queue: 'archive-ingest-ingest-ocr-prod',
    dlq: 'archive-ingest-ingest-ocr-dlq-prod',
    fn: 'archive-ingest-ingest-ocr-prod',
    sizing: INGEST_OCR as IngestSizing,
  },
] as const;

const queueOf = (t: StageTemplates, name: string) =>
  named(t.statelessResources, 'AWS::SQS::Queue', 'QueueName', name);
const functionOf = (t: StageTemplates, name: string) =>
  named(t.statelessResources, 'AWS::Lambda::Function', 'FunctionName', name);

let prod: StageTemplates;
let dev: StageTemplates;

beforeAll(() => {
  prod = build('prod');
  dev = build('dev');
});

describe('stateful stack: buckets', () => {
  it('creates the raw, derived and access-log buckets, all SSE encrypted and fully private', () => {
    // Prepare
    const buckets = ofType(prod.statefulResources, 'AWS::S3::Bucket');

    // Assess
    expect(buckets).toHaveLength(3);
    for (const [id, bucket] of buckets) {
      expect(props(bucket).BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      });
      expect(props(bucket).PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(props(bucket).OwnershipControls, id).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
    }
  });

  it('denies every request without TLS on every bucket', () => {
    // Prepare
    const buckets = ofType(prod.statefulResources, 'AWS::S3::Bucket');
    const policies = ofType(prod.statefulResources, 'AWS::S3::BucketPolicy');

    // Assess
    for (const [bucketId] of buckets) {
      const policy = only(
        policies.filter(
          ([, p]) =>
            JSON.stringify(props(p).Bucket) ===
            JSON.stringify({ Ref: bucketId })
        ),
        `bucket policy for ${bucketId}`
      )[1];
      const statements = (
        props(policy).PolicyDocument as { Statement: CfnStatement[] }
      ).Statement;
      expect(statements, bucketId).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })
      );
    }
  });

  it('versions the raw and derived buckets, expires their old versions, and logs access to the log bucket', () => {
    // Prepare
    const buckets = ofType(prod.statefulResources, 'AWS::S3::Bucket');
    const logBucketId = only(
      buckets.filter(([id]) => id.startsWith('accesslogbucket')),
      'access-log bucket'
    )[0];
    const dataBuckets = buckets.filter(([id]) => id !== logBucketId);

    // Assess
    expect(dataBuckets.map(([id]) => id.replace(/[A-F0-9]{8}$/, ''))).toEqual([
      'rawbucket',
      'derivedbucket',
    ]);
    for (const [id, bucket] of dataBuckets) {
      expect(props(bucket).VersioningConfiguration, id).toEqual({
        Status: 'Enabled',
      });
      const rules = (
        props(bucket).LifecycleConfiguration as {
          Rules: Record<string, unknown>[];
        }
      ).Rules;
      expect(rules, id).toContainEqual(
        expect.objectContaining({
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        })
      );
      expect(props(bucket).LoggingConfiguration, id).toEqual({
        DestinationBucketName: { Ref: logBucketId },
        LogFilePrefix: expect.stringMatching(/^(raw|derived)\/$/),
      });
    }
  });

  it('retains buckets and table outside dev and disposes of them in dev', () => {
    // Prepare
    const stateful = (t: StageTemplates) =>
      Object.values(t.statefulResources).filter((r) =>
        ['AWS::S3::Bucket', 'AWS::DynamoDB::Table'].includes(r.Type)
      );

    // Assess
    for (const resource of stateful(prod)) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
    }
    for (const resource of stateful(dev)) {
      expect(resource.DeletionPolicy).toBe('Delete');
    }
    prod.stateful.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    dev.stateful.resourceCountIs('Custom::S3AutoDeleteObjects', 3);
  });
});

describe('stateful stack: records table', () => {
  it('has exactly the keys and GSIs of TABLE_DESIGN', () => {
    // Prepare
    const table = only(
      ofType(prod.statefulResources, 'AWS::DynamoDB::Table'),
      'table'
    )[1];
    const keySchema = (key: {
      partitionKey: { name: string };
      sortKey: { name: string };
    }) => [
      { AttributeName: key.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: key.sortKey.name, KeyType: 'RANGE' },
    ];
    const expectedIndexes = TABLE_DESIGN.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: keySchema(i),
      // what TABLE_DESIGN says each index projects (listings read keys and
      // facet attributes, then the record items by key)
      Projection:
        i.projection.type === 'INCLUDE'
          ? {
              ProjectionType: 'INCLUDE',
              NonKeyAttributes: [...i.projection.nonKeyAttributes],
            }
          : { ProjectionType: i.projection.type },
    }));
    const expectedAttributes = [
      TABLE_DESIGN.partitionKey,
      TABLE_DESIGN.sortKey,
      ...TABLE_DESIGN.globalSecondaryIndexes.flatMap((i) => [
        i.partitionKey,
        i.sortKey,
      ]),
    ].map((a) => ({ AttributeName: a.name, AttributeType: a.type }));
    const byName = (
      a: { AttributeName: string },
      b: { AttributeName: string }
    ) => a.AttributeName.localeCompare(b.AttributeName);

    // Assess
    expect(props(table).KeySchema).toEqual(keySchema(TABLE_DESIGN));
    expect(props(table).GlobalSecondaryIndexes).toEqual(expectedIndexes);
    // date ranges merge the type partitions: no year index
    expect(
      (props(table).GlobalSecondaryIndexes as { IndexName: string }[]).map(
        (g) => g.IndexName
      )
    ).toEqual(['by-type', 'by-telegram']);
    // no index copies whole record items
    expect(
      (
        props(table).GlobalSecondaryIndexes as {
          Projection: { ProjectionType: string };
        }[]
      ).map((g) => g.Projection.ProjectionType)
    ).not.toContain('ALL');
    expect(
      [
        ...(props(table).AttributeDefinitions as {
          AttributeName: string;
        }[]),
      ].sort(byName)
    ).toEqual(expectedAttributes.sort(byName));
  });

  it('is on-demand with point-in-time recovery, deletion-protected outside dev only', () => {
    // Prepare
    const props = (t: StageTemplates) =>
      only(ofType(t.statefulResources, 'AWS::DynamoDB::Table'), 'table')[1]
        .Properties;

    // Assess
    for (const t of [prod, dev]) {
      expect(props(t)?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(props(t)?.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
    expect(props(prod)?.DeletionProtectionEnabled).toBe(true);
    expect(props(dev)?.DeletionProtectionEnabled).toBe(false);
  });
});

describe('stateful stack: outputs and exports', () => {
  it('outputs the bucket and table names and exports them under fixed names', () => {
    // Prepare
    const outputs = prod.stateful.toJSON().Outputs as Record<
      string,
      { Export?: { Name: string } }
    >;
    const exportNames = Object.values(outputs)
      .map((o) => o.Export?.Name)
      .filter((n) => n !== undefined)
      .sort();

    // Assess
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'RawBucketName',
        'DerivedBucketName',
        'AccessLogBucketName',
        'TableName',
      ])
    );
    expect(exportNames).toEqual([
      'archive-ingest-derived-bucket-arn-prod',
      'archive-ingest-derived-bucket-name-prod',
      'archive-ingest-raw-bucket-arn-prod',
      'archive-ingest-raw-bucket-name-prod',
      'archive-ingest-table-name-prod',
    ]);
  });
});

describe('stateless stack: raw bucket events', () => {
  it('sends only created and removed events under incoming/ of the raw bucket to the text queue, none to the OCR queue', () => {
    // Prepare
    const notifications = ofType(
      prod.statelessResources,
      'Custom::S3BucketNotifications'
    );
    const [, notification] = only(notifications, 'bucket notification');
    // the text queue only: scans reach the OCR queue through the text function
    const queueId = queueOf(prod, 'archive-ingest-ingest-prod')[0];
    const config = props(notification).NotificationConfiguration as {
      QueueConfigurations: unknown[];
      LambdaFunctionConfigurations?: unknown[];
      TopicConfigurations?: unknown[];
    };
    const forEvent = (event: string) => ({
      Events: [event],
      Filter: {
        Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] },
      },
      QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
    });

    // Assess
    expect(props(notification).BucketName).toEqual(
      imported('archive-ingest-raw-bucket-name-prod')
    );
    expect(config.QueueConfigurations).toEqual([
      forEvent('s3:ObjectCreated:*'),
      forEvent('s3:ObjectRemoved:*'),
    ]);
    expect(config.LambdaFunctionConfigurations).toBeUndefined();
    expect(config.TopicConfigurations).toBeUndefined();
  });

  it('never wires the derived bucket to anything (derived text cannot re-trigger ingestion)', () => {
    // Prepare
    const template = JSON.stringify(
      ofType(prod.statelessResources, 'Custom::S3BucketNotifications')
    );

    // Assess
    expect(template).not.toContain('derived-bucket');
  });

  it('lets S3 send to the text queue only, and only from the raw bucket', () => {
    // Prepare
    const textQueueId = queueOf(prod, 'archive-ingest-ingest-prod')[0];
    const sends = policyStatements(prod.statelessResources).filter(
      ({ type, statement }) =>
        type === 'AWS::SQS::QueuePolicy' &&
        statement.Effect === 'Allow' &&
        asArray(statement.Action).includes('sqs:SendMessage')
    );

    // Assess
    const send = only(sends, 'S3 send grant');
    expect(send.statement.Resource).toEqual({
      'Fn::GetAtt': [textQueueId, 'Arn'],
    });
    expect(send.statement).toMatchObject({
      Principal: { Service: 's3.amazonaws.com' },
      Condition: {
        ArnLike: {
          'aws:SourceArn': imported('archive-ingest-raw-bucket-arn-prod'),
        },
      },
    });
  });
});

describe('stateless stack: queues', () => {
  it.each(PATHS)(
    'moves a $path message to its own DLQ after 5 receives, keeps it 14 days; queues encrypted and TLS-only',
    (p) => {
      // Prepare
      const [, queue] = queueOf(prod, p.queue);
      const [dlqId, dlq] = queueOf(prod, p.dlq);

      // Assess
      expect(props(queue).RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: 5,
      });
      expect(props(dlq).RedrivePolicy).toBeUndefined();
      expect(props(dlq).MessageRetentionPeriod).toBe(14 * 24 * 3600);
      for (const q of [queue, dlq]) {
        expect(props(q).SqsManagedSseEnabled).toBe(true);
      }
    }
  );

  it("has exactly the two paths' queues and DLQs, each with a TLS-only policy", () => {
    // Prepare
    const queues = ofType(prod.statelessResources, 'AWS::SQS::Queue');
    const queuePolicies = ofType(
      prod.statelessResources,
      'AWS::SQS::QueuePolicy'
    );

    // Assess
    expect(queues.map(([, q]) => props(q).QueueName).sort()).toEqual(
      PATHS.flatMap((p) => [p.queue, p.dlq]).sort()
    );
    expect(queuePolicies).toHaveLength(queues.length);
    for (const [id, policy] of queuePolicies) {
      const statements = (
        props(policy).PolicyDocument as { Statement: CfnStatement[] }
      ).Statement;
      expect(statements, id).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })
      );
    }
  });

  it.each(PATHS)(
    "keeps the $path queue's visibility timeout at least 6x its function's timeout",
    (p) => {
      // Prepare
      const [, queue] = queueOf(prod, p.queue);
      const [, fn] = functionOf(prod, p.fn);
      const visibility = props(queue).VisibilityTimeout as number;
      const timeout = props(fn).Timeout as number;

      // Assess
      expect(timeout).toBe(p.sizing.timeout.toSeconds());
      expect(visibility / timeout).toBeGreaterThanOrEqual(6);
      // SQS's maximum visibility timeout is 12 hours
      expect(visibility).toBeLessThanOrEqual(12 * 3600);
    }
  );

  it.each(PATHS)('alarms as soon as the $path DLQ holds a message', (p) => {
    // Prepare
    const [dlqId] = queueOf(prod, p.dlq);

    // Assess
    prod.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('stateless stack: ingest functions', () => {
  it.each(PATHS)(
    'consumes the $path queue in its batch size with a window, partial batch failures and a concurrency cap',
    (p) => {
      // Prepare
      const [queueId] = queueOf(prod, p.queue);
      const [fnId] = functionOf(prod, p.fn);
      const [, mapping] = only(
        ofType(
          prod.statelessResources,
          'AWS::Lambda::EventSourceMapping'
        ).filter(
          ([, m]) =>
            JSON.stringify(props(m).EventSourceArn) ===
            JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })
        ),
        `event source mapping of ${p.queue}`
      );

      // Assess
      expect(mapping.Properties).toMatchObject({
        FunctionName: { Ref: fnId },
        BatchSize: p.sizing.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(props(mapping).MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
      const scaling = props(mapping).ScalingConfig as {
        MaximumConcurrency: number;
      };
      expect(scaling.MaximumConcurrency).toBe(p.sizing.maxConcurrency);
    }
  );

  it('runs the text function on arm64 in batches of 10, sized for text', () => {
    // Prepare
    const [, fn] = functionOf(prod, 'archive-ingest-ingest-prod');

    // Assess
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: INGEST_TEXT.memorySize,
      Timeout: INGEST_TEXT.timeout.toSeconds(),
    });
    expect(INGEST_TEXT.batchSize).toBe(10);
    expect(INGEST_TEXT.memorySize).toBeLessThan(INGEST_OCR.memorySize);
  });

  it('runs the OCR function on x86_64 (the canvas binary shipped is linux-x64) with memory and timeout sized for OCR', () => {
    // Prepare
    const [, fn] = functionOf(prod, 'archive-ingest-ingest-ocr-prod');

    // Assess
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      // one full vCPU from 1,769 MB: OCR is CPU-bound on one thread
      MemorySize: 2048,
      Timeout: 300,
    });
  });

  it.each(PATHS)(
    'traces the $path function and logs JSON into a log group with retention',
    (p) => {
      // Prepare
      const [, fn] = functionOf(prod, p.fn);
      const logGroupRef = (
        props(fn).LoggingConfig as { LogGroup: { Ref: string } }
      ).LogGroup.Ref;

      // Assess
      expect(fn.Properties).toMatchObject({
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
      expect(prod.statelessResources[logGroupRef]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 90 },
        DeletionPolicy: 'Retain',
      });
    }
  );

  it('sets every variable each ingest handler reads, from the bindings that grant access', () => {
    // Prepare
    const variablesOf = (name: string) =>
      (
        props(functionOf(prod, name)[1]).Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
    const common = {
      NODE_OPTIONS: '--enable-source-maps',
      [ENV.maxObjectBytes]: String(25 * 1024 * 1024),
      [ENV.tableName]: imported('archive-ingest-table-name-prod'),
      [ENV.rawBucket]: imported('archive-ingest-raw-bucket-name-prod'),
      [ENV.uploadPrefix]: 'incoming/',
      [ENV.derivedBucket]: imported('archive-ingest-derived-bucket-name-prod'),
      [ENV.derivedPrefix]: 'derived/text/',
    };

    // Assess
    expect(variablesOf('archive-ingest-ingest-prod')).toEqual({
      ...common,
      POWERTOOLS_SERVICE_NAME: 'archive-ingest',
      [ENV.ocrQueueUrl]: {
        Ref: queueOf(prod, 'archive-ingest-ingest-ocr-prod')[0],
      },
    });
    expect(variablesOf('archive-ingest-ingest-ocr-prod')).toEqual({
      ...common,
      POWERTOOLS_SERVICE_NAME: 'archive-ingest-ocr',
    });
  });

  it('lets the text function send to the OCR queue, and only the text function', () => {
    // Prepare
    const [ocrQueueId] = queueOf(prod, 'archive-ingest-ingest-ocr-prod');
    const sends = policyStatements(prod.statelessResources).filter(
      ({ type, statement }) =>
        type === 'AWS::IAM::Policy' &&
        statement.Effect === 'Allow' &&
        asArray(statement.Action).includes('sqs:SendMessage')
    );

    // Assess
    const send = only(
      sends.filter(
        ({ statement }) =>
          JSON.stringify(statement.Resource) ===
          JSON.stringify({ 'Fn::GetAtt': [ocrQueueId, 'Arn'] })
      ),
      'send grant on the OCR queue'
    );
    expect(send.source).toMatch(/^ingestpipelineingestrole/);
  });

  it.each(PATHS)(
    'gives the $path function a role with no managed policies',
    (p) => {
      // Prepare
      const roleRef = functionOf(prod, p.fn)[1].Properties?.Role as {
        'Fn::GetAtt': [string, string];
      };
      const role = prod.statelessResources[roleRef['Fn::GetAtt'][0]];

      // Assess
      expect(role?.Type).toBe('AWS::IAM::Role');
      expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  );
});

describe('IAM: least privilege', () => {
  /**
   * Statements allowed `Resource: "*"`, each because AWS offers no
   * resource-level permission for the actions.
   */
  const STAR_RESOURCE_ALLOWED = new Set([
    // X-Ray (active tracing): no resource-level permissions exist.
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    // Step Functions logging to CloudWatch Logs (the backfill state
    // machine): the log-delivery actions take no resource ARN.
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ]);
  /**
   * Wildcard actions allowed, and only in dev: aws-cdk-lib's auto-delete
   * custom resource (autoDeleteObjects, dev only) grants itself these on
   * its own bucket so `cdk destroy` can empty it.
   */
  const DEV_ONLY_WILDCARD_ACTIONS = new Set([
    's3:DeleteObject*',
    's3:GetBucket*',
    's3:List*',
  ]);

  function allows(t: StageTemplates) {
    return [
      ...policyStatements(t.statefulResources),
      ...policyStatements(t.statelessResources),
    ].filter(({ statement }) => statement.Effect === 'Allow');
  }

  it('names specific actions in every Allow statement (no wildcards outside dev auto-delete)', () => {
    // Prepare
    const wildcards = (t: StageTemplates) =>
      allows(t).flatMap(({ source, statement }) =>
        asArray(statement.Action)
          .filter((action) => action.includes('*'))
          .map((action) => `${source}: ${action}`)
      );

    // Assess
    expect(allows(prod).length).toBeGreaterThan(5);
    expect(wildcards(prod)).toEqual([]);
    for (const finding of wildcards(dev)) {
      expect(
        DEV_ONLY_WILDCARD_ACTIONS.has(finding.split(': ')[1]!),
        finding
      ).toBe(true);
    }
  });

  it('uses Resource "*" only for actions AWS cannot scope', () => {
    // Prepare
    const starred = [...allows(prod), ...allows(dev)].filter(({ statement }) =>
      asArray(statement.Resource).includes('*')
    );

    // Assess
    expect(starred.length).toBeGreaterThan(0);
    for (const { source, statement } of starred) {
      for (const action of asArray(statement.Action)) {
        expect(STAR_RESOURCE_ALLOWED.has(action), `${source}: ${action}`).toBe(
          true
        );
      }
    }
  });

  it('gives the ingest function read on incoming/ and read-write on derived/text/ only, never write on the raw bucket', () => {
    // Prepare
    const s3Statements = allows(prod).filter(({ statement }) =>
      asArray(statement.Action).some((a) => a.startsWith('s3:'))
    );
    const scoped = (bucket: string, prefix: string) => ({
      'Fn::Join': [
        '',
        [imported(`archive-ingest-${bucket}-bucket-arn-prod`), prefix],
      ],
    });
    const ingestObjectGrants = s3Statements
      .filter(({ source }) => source.startsWith('ingestpipelineingestrole'))
      .map(({ statement }) => ({
        actions: asArray(statement.Action).sort(),
        resources: asArray(statement.Resource),
      }));

    // Assess
    expect(ingestObjectGrants).toEqual(
      expect.arrayContaining([
        {
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [scoped('raw', '/incoming/*')],
        },
        {
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
          resources: [scoped('derived', '/derived/text/*')],
        },
      ])
    );
    const rawWrites = s3Statements.filter(
      ({ statement }) =>
        asArray(statement.Action).some((a) =>
          /^s3:(Put|Delete)Object/.test(a)
        ) && JSON.stringify(statement.Resource).includes('raw-bucket')
    );
    expect(rawWrites).toEqual([]);
  });

  it('scopes table access to the table and its named indexes', () => {
    // Prepare
    const { statement } = only(
      allows(prod).filter(
        ({ source, statement }) =>
          source.startsWith('ingestpipelineingestrole') &&
          asArray(statement.Action).some((a) => a.startsWith('dynamodb:'))
      ),
      'ingest table grant'
    );
    const resources = asArray(statement.Resource).map((r) => JSON.stringify(r));

    // Assess
    expect(resources).toHaveLength(
      1 + TABLE_DESIGN.globalSecondaryIndexes.length
    );
    for (const index of TABLE_DESIGN.globalSecondaryIndexes) {
      expect(
        resources.some((r) => r.includes(`/index/${index.indexName}"`))
      ).toBe(true);
    }
    expect(resources.join()).not.toContain('index/*');
    expect(asArray(statement.Action).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ]);
  });
});

describe('query function', () => {
  function queryFunction(): CfnResource {
    return only(
      ofType(prod.statelessResources, 'AWS::Lambda::Function').filter(
        ([, f]) => props(f).FunctionName === 'archive-ingest-query-prod'
      ),
      'query function'
    )[1];
  }

  it('runs with the project defaults and the variables the query handler reads', () => {
    // Prepare
    const fn = queryFunction();
    const variables = (
      props(fn).Environment as { Variables: Record<string, unknown> }
    ).Variables;

    // Assess
    expect(props(fn)).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Timeout: 10,
    });
    expect(variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'archive-query',
      [ENV.queryCursorSecretArn]: {
        Ref: expect.stringMatching(/^cursorsecret/),
      },
      [ENV.tableName]: imported('archive-ingest-table-name-prod'),
      [ENV.rawBucket]: imported('archive-ingest-raw-bucket-name-prod'),
      [ENV.uploadPrefix]: 'incoming/',
      [ENV.derivedBucket]: imported('archive-ingest-derived-bucket-name-prod'),
      [ENV.derivedPrefix]: 'derived/text/',
    });
  });

  it('may only read: table read actions, object reads on incoming/ and derived/text/', () => {
    // Prepare
    const statements = allQueryStatements();
    const actions = statements.flatMap(({ statement }) =>
      asArray(statement.Action)
    );

    // Assess
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
    ]);
    expect(
      [...new Set(actions.filter((a) => a.startsWith('s3:')))].sort()
    ).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']);
    const objectResources = statements
      .filter(({ statement }) =>
        asArray(statement.Action).includes('s3:GetObject')
      )
      .flatMap(({ statement }) => asArray(statement.Resource));
    expect(objectResources).toEqual(
      expect.arrayContaining([
        {
          'Fn::Join': [
            '',
            [imported('archive-ingest-raw-bucket-arn-prod'), '/incoming/*'],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              imported('archive-ingest-derived-bucket-arn-prod'),
              '/derived/text/*',
            ],
          ],
        },
      ])
    );
    expect(objectResources).toHaveLength(2);
  });

  function allQueryStatements() {
    return policyStatements(prod.statelessResources).filter(
      ({ source, statement }) =>
        source.startsWith('queryrole') && statement.Effect === 'Allow'
    );
  }
});

describe('HTTP API', () => {
  it("routes exactly the query function's routes (and their /api twins), each with IAM authorization", () => {
    // Prepare
    const routes = ofType(prod.statelessResources, 'AWS::ApiGatewayV2::Route');

    // Assess
    expect(routes.map(([, r]) => props(r).RouteKey).sort()).toEqual(
      QUERY_ROUTES.map((r) => `${r.method} ${r.path}`).sort()
    );
    for (const [id, route] of routes) {
      expect(props(route).AuthorizationType, id).toBe('AWS_IAM');
    }
  });

  it('outputs the API URL', () => {
    // Prepare
    const outputs = prod.stateless.toJSON().Outputs as Record<string, unknown>;

    // Assess
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'IngestQueueUrl',
        'DeadLetterQueueUrl',
        'QueryFunctionName',
      ])
    );
  });
});
