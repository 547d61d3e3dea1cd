/**
 * The query HTTP API: every route behind IAM authorization (SigV4), stage
 * throttling and JSON access logs. Takes the query function as a prop, so
 * wiring `functions/query` is one `new QueryApi(...)` in the stateless
 * stack.
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
  return paths.map((path) => ({ method, path }));
});

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
}

export class QueryApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: HttpRoute[] = [];

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
    for (const route of props.routes ?? QUERY_ROUTES) {
      this.routes.push(
        ...this.api.addRoutes({
          path: route.path,
          methods: [route.method],
          integration,
        })
      );
    }
  }

  /** Base URL of the API (the `$default` stage). */
  get url(): string {
    return this.stage.url;
  }
}
