/**
 * The records table, built from the one table design in shared/store so
 * the keys and indexes here cannot differ from what the store adapter and
 * the embedded runtime use.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import {
  type GsiProjection,
  TABLE_DESIGN,
} from '#shared/store/table-design.ts';
import { isDisposable, type Stage } from '../config.ts';

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
} as const;

function attribute(key: {
  readonly name: string;
  readonly type: keyof typeof ATTRIBUTE_TYPES;
}): Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] };
}

/** A GSI's projection as CDK takes it, from the table design. */
function projectionProps(p: GsiProjection): {
  projectionType: ProjectionType;
  nonKeyAttributes?: string[];
} {
  switch (p.type) {
    case 'ALL':
      return { projectionType: ProjectionType.ALL };
    case 'KEYS_ONLY':
      return { projectionType: ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return {
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...p.nonKeyAttributes],
      };
  }
}

export interface RecordsTableProps {
  readonly stage: Stage;
}

/**
 * On-demand (no capacity to size for bursty uploads), point-in-time
 * recovery always, deletion protection and RETAIN outside dev.
 */
export class RecordsTable extends Table {
  constructor(scope: Construct, id: string, props: RecordsTableProps) {
    const disposable = isDisposable(props.stage);
    super(scope, id, {
      partitionKey: attribute(TABLE_DESIGN.partitionKey),
      sortKey: attribute(TABLE_DESIGN.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: !disposable,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DESIGN.globalSecondaryIndexes) {
      this.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        ...projectionProps(index.projection),
      });
    }
  }
}

/** ARNs of the table's indexes, named (no `index/*` wildcard in grants). */
export function indexArns(tableArn: string): string[] {
  return TABLE_DESIGN.globalSecondaryIndexes.map(
    (index) => `${tableArn}/index/${index.indexName}`
  );
}
