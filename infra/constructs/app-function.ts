/**
 * The base function construct: every Lambda of the project gets the same
 * runtime, bundling, logging and tracing, and gains access to a resource
 * only through `bindTable` / `bindBucket`, which grant AND set the
 * environment variable in one call so names and permissions cannot drift.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  Effect,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import {
  NodejsFunction,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { ENV } from '#shared/config/env.ts';
import {
  moduleClosure,
  type ShippedPackage,
  shipModulesCommands,
  type TargetPlatform,
} from '../bundling/ship-modules.ts';
import {
  isDisposable,
  LOG_RETENTION_DAYS,
  physicalName,
  type Stage,
} from '../config.ts';
import { indexArns } from './records-table.ts';

/** Repository root: entries, lock file and tsconfig are resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Node.js 24 is the current LTS and the newest runtime Lambda and
 * aws-cdk-lib 2.276 offer, so cdk-nag's AwsSolutions-L1 holds unsuppressed.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/**
 * ESM bundles have no `require`; some CommonJS dependencies bundled into
 * them still call it, so the banner recreates it from `import.meta.url`.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __archiveCreateRequire } from 'node:module';" +
  'const require = __archiveCreateRequire(import.meta.url);';

/** esbuild target of every bundle: the runtime's Node.js major. */
export const BUNDLE_TARGET = 'node24';

/**
 * The esbuild options `NodejsFunction` runs for an `AppFunction` with these
 * packages (its own entry and output paths aside): tests/infra and
 * bench/coldstart.ts build a function's bundle with them to inspect it
 * (esbuild's metafile) and time it without synthesizing a stack.
 *
 * @param props the function's `shipModules` and `absentModules`
 */
export function lambdaBuildOptions(
  props: Pick<AppFunctionProps, 'shipModules' | 'absentModules' | 'alias'>
): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_BANNER },
    external: [...(props.shipModules ?? []), ...(props.absentModules ?? [])],
    outExtension: { '.js': '.mjs' },
    ...(props.alias && Object.keys(props.alias).length > 0
      ? { alias: { ...props.alias } }
      : {}),
  };
}

/**
 * An `alias` map as esbuild CLI arguments (`--alias:<package>=<path>`),
 * which is how `NodejsFunction` passes options it has no property for.
 */
export function aliasEsbuildArgs(
  alias: Readonly<Record<string, string>> | undefined
): Record<string, string[]> {
  const entries = Object.entries(alias ?? {});
  for (const [name, path] of entries) {
    if (!path.startsWith('./') || /[\s"'$`]/.test(name + path)) {
      throw new Error(
        `AppFunction alias: "${name}" → "${path}" must map a package to a ` +
          './repository-relative path without spaces or quotes'
      );
    }
  }
  return entries.length === 0
    ? {}
    : { '--alias': entries.map(([name, path]) => `${name}=${path}`) };
}

/** Table access levels; actions are listed, never wildcarded. */
export const TABLE_ACTIONS = {
  RO: [
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
  ],
  RW: [
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:BatchWriteItem',
    'dynamodb:DeleteItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ],
} as const;

export type TableAccess = keyof typeof TABLE_ACTIONS;

/** Object actions per bucket access level, scoped to one key prefix. */
export const BUCKET_OBJECT_ACTIONS = {
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  write: ['s3:PutObject'],
  'read-write': ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
} as const;

export type BucketAccess = keyof typeof BUCKET_OBJECT_ACTIONS;

export interface BucketBinding {
  /** Variable receiving the bucket name, from `ENV` (shared/config/env.ts). */
  readonly nameEnv: string;
  /** Key prefix the function may touch, e.g. `incoming/`. */
  readonly prefix: string;
  /** Variable receiving the prefix, so code and grant use the same one. */
  readonly prefixEnv?: string;
  readonly access: BucketAccess;
}

export interface AppFunctionProps {
  readonly stage: Stage;
  /** Folder under functions/ holding `handler.ts` (exports `handler`). */
  readonly name: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Powertools service name, shown in every log line and metric. */
  readonly serviceName: string;
  /** Settings that are not resource bindings (limits, feature switches). */
  readonly environment?: Record<string, string>;
  /**
   * Instruction set (default arm64: cheaper per GB-second). A function
   * shipping a native binary needs the one installed here (linux-x64 on
   * the build machine), so it runs on x86_64.
   */
  readonly architecture?: Architecture;
  /**
   * Packages esbuild cannot inline (a native `.node` binary, a worker
   * script started from its own file, WebAssembly and data files read from
   * the package folder): left external and copied, with their runtime
   * dependency closure, from the project's `node_modules` into
   * `<asset>/node_modules/` (infra/bundling/ship-modules.ts). Offline, no
   * `npm install`. Platform binaries must be installed for the function's
   * architecture, or the construct throws naming the package.
   */
  readonly shipModules?: readonly string[];
  /**
   * Packages the bundle names (in a lazy import) but this function never
   * loads: left external and NOT shipped, so the asset stays free of them
   * and a path that did load one would fail with ERR_MODULE_NOT_FOUND
   * instead of running code the function was not sized for (the text
   * ingest function and the canvas only the OCR path uses).
   */
  readonly absentModules?: readonly string[];
  /**
   * Repository files shipped next to the bundle, e.g. the web page the
   * query function serves: `{ dir: 'web', files: ['index.html'] }` puts
   * `web/index.html` in the asset. Files that do not exist are skipped.
   */
  readonly files?: { readonly dir: string; readonly files: readonly string[] };
  /**
   * esbuild `alias`: package → repository-relative module (`./...`) that
   * replaces it in this function's bundle only. The text ingest function
   * swaps the AWS SDK for shared/aws-lite/ this way (cold start).
   */
  readonly alias?: Readonly<Record<string, string>>;
  /** Executions reserved for (and the most allowed to) this function; none when unset or 0. */
  readonly reservedConcurrency?: number;
}

/**
 * Shell commands (run by the local bundler after esbuild) copying the
 * listed repository files into the asset, same relative path.
 */
export function copyFilesCommands(
  inputDir: string,
  outputDir: string,
  files: { readonly dir: string; readonly files: readonly string[] }
): string[] {
  if (
    !/^[\w-]+$/.test(files.dir) ||
    files.files.some((f) => !/^[\w.-]+$/.test(f))
  ) {
    throw new Error(
      `AppFunction files: "${files.dir}" / ${JSON.stringify(files.files)} ` +
        'must be plain names (letters, digits, ".", "-", "_")'
    );
  }
  const from = join(inputDir, files.dir);
  const to = join(outputDir, files.dir);
  return [
    `mkdir -p "${to}"`,
    ...files.files.map(
      (file) =>
        `if [ -f "${from}/${file}" ]; then cp "${from}/${file}" "${to}/${file}"; fi`
    ),
  ];
}

/** npm's platform terms for a Lambda architecture (Amazon Linux: glibc). */
export function targetPlatform(architecture: Architecture): TargetPlatform {
  if (architecture.name === Architecture.ARM_64.name) {
    return { os: 'linux', cpu: 'arm64', libc: 'glibc' };
  }
  if (architecture.name === Architecture.X86_64.name) {
    return { os: 'linux', cpu: 'x64', libc: 'glibc' };
  }
  throw new Error(`Unknown Lambda architecture ${architecture.name}`);
}

/**
 * A `NodejsFunction` with the project defaults: Node.js 24 on arm64
 * (cheaper per GB-second than x86) unless told otherwise, minified ESM
 * bundled by the local esbuild (no Docker), packages it cannot inline
 * shipped beside it, the AWS SDK bundled too (`externalModules: []`) so
 * the pinned SDK runs instead of whatever the runtime ships, source maps
 * with `--enable-source-maps`, active X-Ray tracing, JSON logs into an
 * explicit log group with retention, and a role that starts empty.
 */
export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** What `shipModules` puts in the asset's `node_modules`, by path. */
  readonly shippedPackages: readonly ShippedPackage[];

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const entry = join(REPO_ROOT, 'functions', props.name, 'handler.ts');
    if (!existsSync(entry)) {
      throw new Error(
        `Function "${props.name}": entry ${entry} does not exist; ` +
          'each function needs functions/<name>/handler.ts exporting `handler`'
      );
    }
    const both = (props.absentModules ?? []).filter((m) =>
      props.shipModules?.includes(m)
    );
    if (both.length > 0) {
      throw new Error(
        `Function "${props.name}": ${both.join(', ')} cannot be both shipped and absent`
      );
    }
    const disposable = isDisposable(props.stage);
    const architecture = props.architecture ?? Architecture.ARM_64;
    // resolved now, so a missing package or a binary for the wrong
    // platform fails every synth, also the ones that skip bundling
    this.shippedPackages = moduleClosure(
      props.shipModules ?? [],
      REPO_ROOT,
      targetPlatform(architecture)
    );
    const afterBundling = (inputDir: string, outputDir: string): string[] => [
      ...(props.files === undefined
        ? []
        : copyFilesCommands(inputDir, outputDir, props.files)),
      ...shipModulesCommands(this.shippedPackages, outputDir),
    ];
    const hooks = props.files !== undefined || this.shippedPackages.length > 0;

    this.logGroup = new LogGroup(this, 'logs', {
      retention: disposable ? LOG_RETENTION_DAYS.dev : LOG_RETENTION_DAYS.other,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: that managed policy
    // lets the function write to any log group in the account.
    this.role = new Role(this, 'role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${physicalName(props.name, props.stage)}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'fn', {
      functionName: physicalName(props.name, props.stage),
      description: props.description,
      entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.reservedConcurrency
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      role: this.role,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Everything else is bundled, the AWS SDK included.
        externalModules: [
          ...(props.shipModules ?? []),
          ...(props.absentModules ?? []),
        ],
        banner: ESM_REQUIRE_BANNER,
        // esbuild runs in the repository root (local bundling), where the
        // alias paths are resolved
        esbuildArgs: aliasEsbuildArgs(props.alias),
        forceDockerBundling: false,
        ...(hooks
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling,
              },
            }
          : {}),
      },
    });
  }

  /**
   * Grants the listed table actions on the table and its named indexes and
   * sets `TABLE_NAME_RECORDS`.
   *
   * @param table the records table
   * @param access `RO` for readers (query), `RW` for the ingest writer
   */
  bindTable(table: ITable, access: TableAccess): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...TABLE_ACTIONS[access]],
        resources: [table.tableArn, ...indexArns(table.tableArn)],
      })
    );
    this.function.addEnvironment(ENV.tableName, table.tableName);
  }

  /**
   * Grants object access under one prefix of a bucket and sets the bucket
   * (and prefix) variables.
   *
   * `s3:ListBucket` comes with any read access: without it S3 answers a
   * missing key with 403 instead of 404, and a deleted object would look
   * like a permission fault (retried into the DLQ) instead of "gone". It
   * is limited by an `s3:prefix` condition to the same prefix, so the role
   * cannot list the rest of the bucket (S3 checks a missing key's 404
   * against ListBucket on that key's prefix).
   *
   * @param bucket the bucket to bind
   * @param binding variable names, prefix and access level
   */
  bindBucket(bucket: IBucket, binding: BucketBinding): void {
    if (!binding.prefix.endsWith('/')) {
      throw new Error(
        `bindBucket: prefix "${binding.prefix}" for ${binding.nameEnv} ` +
          'must end with "/" so the grant cannot match sibling prefixes'
      );
    }
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...BUCKET_OBJECT_ACTIONS[binding.access]],
        resources: [bucket.arnForObjects(`${binding.prefix}*`)],
      })
    );
    if (binding.access !== 'write') {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${binding.prefix}*`] } },
        })
      );
    }
    this.function.addEnvironment(binding.nameEnv, bucket.bucketName);
    if (binding.prefixEnv !== undefined) {
      this.function.addEnvironment(binding.prefixEnv, binding.prefix);
    }
  }
}
