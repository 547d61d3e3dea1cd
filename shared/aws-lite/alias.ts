/**
 * The esbuild `alias` that swaps the AWS SDK packages the text ingest
 * path imports for the lite clients (infra/constructs/ingest-pipeline.ts
 * passes it to that function only). Paths are relative to the repository
 * root, where CDK runs esbuild. A bundled module importing a name a lite
 * module does not export fails the build, so a store change that needs
 * more of the SDK cannot slip through silently.
 */
export const AWS_LITE_ALIAS: Readonly<Record<string, string>> = {
  '@aws-sdk/client-dynamodb': './shared/aws-lite/client-dynamodb.ts',
  '@aws-sdk/lib-dynamodb': './shared/aws-lite/lib-dynamodb.ts',
  '@aws-sdk/client-s3': './shared/aws-lite/client-s3.ts',
  '@aws-sdk/client-sqs': './shared/aws-lite/client-sqs.ts',
};
