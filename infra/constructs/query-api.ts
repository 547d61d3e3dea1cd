/**
 * The query HTTP API: every route behind IAM authorization (SigV4), stage
 * throttling and JSON access logs. Takes the query function as a prop, so
 * wiring `functions/query` is one `new QueryApi(...)` in the stateless
 * stack.
 *
 * Reading does not let you write: the read routes (GET) go to the query
 * function (read-only on the table), the write routes (POST corrections
 * and reviewed marker, docs/REVIEW.md) to a separate writer function. The
 * construct creates the policy of readers (`execute-api:Invoke` on the GET
 * routes only) and the reviewer role (the same, plus the write routes),
 * and the writer function accepts sessions of that role only.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRootPrincipal,
  Effect,
  ManagedPolicy,
  PolicyDocument,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_PREFIX, ROUTES } from '#functions/query/routes.ts';
import {
  isDisposable,
  LOG_RETENTION_DAYS,
  physicalName,
  QUERY,
  type Stage,
} from '../config.ts';

export interface QueryRoute {
  readonly method: HttpMethod;
  readonly path: string;
  /** A write route: the writer function, the reviewer role only. */
  readonly write: boolean;
}

/**
 * The query function's routes, read from its own route table
 * (functions/query/routes.ts) so the API cannot expose a path the function
 * does not answer, or miss one it does. JSON API routes also get an
 * `/api` twin: the web page calls `api/records` relative to itself (the
 * embedded runtime mounts the API there), and the function strips it.
 */
export const QUERY_ROUTES: readonly QueryRoute[] = ROUTES.flatMap((route) => {
  const method = HttpMethod[route.method];
  const paths = route.api
    ? [route.path, `${API_PREFIX}${route.path}`]
    : [route.path];
  return paths.map((path) => ({ method, path, write: route.write === true }));
});

/** The resource path of an IAM grant: each path parameter (`{id}`) becomes `*`. */
export function grantPath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}

/** HTTP API access-log line (HTTP API `$context` variables only). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  sourceIp: '$context.identity.sourceIp',
  latencyMs: '$context.responseLatency',
  responseLength: '$context.responseLength',
  integrationError: '$context.integrationErrorMessage',
};

export interface QueryApiProps {
  readonly stage: Stage;
  readonly handler: IFunction;
  readonly routes?: readonly QueryRoute[];
  /**
   * Defaults to IAM (SigV4): the CLI already holds AWS credentials. A JWT
   * authorizer (e.g. Cognito) can be passed for browser users instead.
   */
  readonly authorizer?: IHttpRouteAuthorizer;
  /**
   * The function answering the write routes (functions/review); without
   * it the write routes are not exposed and no reviewer role is made.
   */
  readonly writeHandler?: IFunction;
  /** Name of the reviewer role (the writer function checks callers against it). */
  readonly reviewerRoleName?: string;
}

export class QueryApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: HttpRoute[] = [];
  /** `execute-api:Invoke` on the read (GET) routes only: attach it to readers. */
  readonly readerPolicy: ManagedPolicy;
  /** The role that may also call the write routes (with a writer function). */
  readonly reviewerRole?: Role;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const disposable = isDisposable(props.stage);

    this.api = new HttpApi(this, 'api', {
      apiName: physicalName('query', props.stage),
      description: 'Archive records query API (IAM-authorized)',
      // Authorization applies to every route added below; there is no
      // route without it.
      defaultAuthorizer: props.authorizer ?? new HttpIamAuthorizer(),
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'access-logs', {
      retention: disposable ? LOG_RETENTION_DAYS.dev : LOG_RETENTION_DAYS.other,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    this.stage = new HttpStage(this, 'stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: QUERY.throttleRateLimit,
        burstLimit: QUERY.throttleBurstLimit,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const integration = new HttpLambdaIntegration('query', props.handler);
    const writes = props.writeHandler
      ? new HttpLambdaIntegration('review', props.writeHandler)
      : null;
    const routes = (props.routes ?? QUERY_ROUTES).filter(
      (r) => !r.write || writes
    );
    for (const route of routes) {
      this.routes.push(
        ...this.api.addRoutes({
          path: route.path,
          methods: [route.method],
          integration: route.write && writes ? writes : integration,
        })
      );
    }

    const invoke = (rs: readonly QueryRoute[]) =>
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['execute-api:Invoke'],
        resources: rs.map((r) =>
          this.api.arnForExecuteApi(
            r.method,
            grantPath(r.path),
            this.stage.stageName
          )
        ),
      });
    this.readerPolicy = new ManagedPolicy(this, 'reader-policy', {
      description: `Read the archive query API (${physicalName('query', props.stage)}): GET routes only`,
      statements: [invoke(routes.filter((r) => !r.write))],
    });
    if (writes) {
      this.reviewerRole = new Role(this, 'reviewer-role', {
        roleName:
          props.reviewerRoleName ?? physicalName('reviewer', props.stage),
        description:
          'Reviews records: reads the query API and calls its write routes (corrections, reviewed marker)',
        // principals of this account that are allowed to assume it
        assumedBy: new AccountRootPrincipal(),
        managedPolicies: [this.readerPolicy],
        inlinePolicies: {
          'write-routes': new PolicyDocument({
            statements: [invoke(routes.filter((r) => r.write))],
          }),
        },
      });
    }
  }

  /** Base URL of the API (the `$default` stage). */
  get url(): string {
    return this.stage.url;
  }
}
