/**
 * Who makes a write request on AWS: the IAM principal API Gateway
 * authenticated (SigV4), from the request context the IAM authorizer
 * fills. The review function accepts only sessions of the reviewer role
 * the stack creates, whatever other principal may hold
 * `execute-api:Invoke` on the API.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The IAM identity API Gateway puts in an HTTP API event (IAM authorizer). */
interface IamContext {
  authorizer?: { iam?: { userArn?: string | null } | null } | null;
}

/** The caller's principal ARN, or null when the request was not IAM-authorized. */
export function iamCaller(event: APIGatewayProxyEventV2): string | null {
  const context = event.requestContext as unknown as IamContext;
  const arn = context.authorizer?.iam?.userArn;
  return typeof arn === 'string' && arn !== '' ? arn : null;
}

/** `arn:aws:sts::123456789012:assumed-role/<role>/<session>` → `<role>`. */
export function assumedRoleName(arn: string): string | null {
  const m =
    /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/([\w+=,.@-]+)\/[^/]+$/.exec(arn);
  return m?.[1] ?? null;
}

/**
 * A caller function for the write routes: the principal ARN when it is a
 * session of `roleName`, else null (the handler answers 403).
 *
 * @param roleName the reviewer role's name
 * @example makeHandler({ query, caller: reviewerCaller('reviewer-prod') })
 */
export function reviewerCaller(
  roleName: string
): (event: APIGatewayProxyEventV2) => string | null {
  return (event) => {
    const arn = iamCaller(event);
    return arn && assumedRoleName(arn) === roleName ? arn : null;
  };
}
