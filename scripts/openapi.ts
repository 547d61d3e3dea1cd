/**
 * Generates docs/openapi.json from the code: the routes of
 * functions/query/routes.ts, the filters of `QueryFiltersSchema` and the
 * response schemas of functions/query/schemas.ts (zod → JSON Schema, which
 * OpenAPI 3.1 uses as is). A unit test regenerates it and fails when the
 * committed file differs, so the description cannot drift from the code.
 *
 *   npx tsx scripts/openapi.ts          # write docs/openapi.json
 *   npx tsx scripts/openapi.ts --check  # exit 1 when it is stale
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { ROUTES } from '#functions/query/routes.ts';
import {
  CorrectionResponseSchema,
  ErrorResponseSchema,
  RecordIdSchema,
  RecordViewSchema,
  ReviewedResponseSchema,
  ReviewQueueResponseSchema,
  SearchResponseSchema,
  SourceLinkSchema,
} from '#functions/query/schemas.ts';
import {
  CorrectionInputSchema,
  ReviewedInputSchema,
} from '#shared/corrections/index.ts';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  QueryFiltersSchema,
} from '#shared/query/index.ts';

export const OPENAPI_PATH = fileURLToPath(
  new URL('../docs/openapi.json', import.meta.url)
);

type JsonSchema = Record<string, unknown>;

function jsonSchema(
  schema: z.core.$ZodType,
  io: 'input' | 'output' = 'output'
): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const FILTER_DOCS: Record<string, string> = {
  person:
    'A person in any role (or in `role`); case, spacing and code names the pages identify (`Filippov [Stalin]`) do not matter.',
  role: 'Only documents naming `person` in this role. Needs `person`.',
  type: 'Document type.',
  from: 'Earliest date, inclusive: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Must not be after `to`.',
  to: 'Latest date, inclusive (a prefix covers the whole year or month).',
  telegram: 'Exact telegram number, e.g. `600382/sh`.',
  text: 'Words that must all occur in the title, summary, telegram number or names (case-insensitive). Scans at small scale; see docs/API.md.',
  status:
    '`failed` lists failure records (pages that could not be processed); default `ok`.',
  limit: `Records per page, 1-${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`,
  cursor:
    'The `cursor` of the previous page. Opaque and signed: valid only with the same filters, else 400.',
};

const ERROR_RESPONSES = {
  '403':
    'Not the reviewer role (AWS: only its sessions may write; locally the per-run secret is required)',
  '404': 'No such record or route',
  '500': 'Unexpected error (logged; the body carries only a request id)',
  '503': 'A transient store fault; retry (see `Retry-After`)',
};

function errorResponses(
  codes: readonly string[],
  badRequest?: string
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const all: Record<string, string> = {
    ...(badRequest ? { '400': badRequest } : {}),
    ...ERROR_RESPONSES,
  };
  for (const code of [...(badRequest ? ['400'] : []), ...codes]) {
    out[code] = {
      description: all[code],
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ErrorResponse' },
        },
      },
    };
  }
  return out;
}

const ID_PARAMETER = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Record id (from a search hit).',
  schema: jsonSchema(RecordIdSchema, 'input'),
};

function body(ref: string, description: string) {
  return {
    required: true,
    description,
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
    },
  };
}

function json(ref: string, description: string) {
  return {
    description,
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
    },
  };
}

/** The OpenAPI 3.1 document of the query API. */
export function buildOpenApi(): Record<string, unknown> {
  const filters = jsonSchema(QueryFiltersSchema, 'input') as {
    properties: Record<string, JsonSchema>;
  };
  const filterParameters = Object.entries(filters.properties).map(
    ([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      description: FILTER_DOCS[name] ?? name,
      schema,
    })
  );
  const summaryOf = (name: string) =>
    ROUTES.find((r) => r.name === name)?.summary ?? name;
  const operations: Record<string, Record<string, unknown>> = {
    searchRecords: {
      parameters: filterParameters,
      responses: {
        '200': json('SearchResponse', 'One page of matching records'),
        ...errorResponses(
          ['500', '503'],
          'A bad filter; `parameter` names it (also a cursor from another query)'
        ),
      },
    },
    getRecord: {
      parameters: [ID_PARAMETER],
      responses: {
        '200': json('RecordView', 'The record and what explains it'),
        ...errorResponses(['404', '500', '503'], 'A malformed id'),
      },
    },
    getRecordText: {
      parameters: [ID_PARAMETER],
      responses: {
        '200': {
          description:
            'The full decoded text (UTF-8); provenance spans are UTF-16 code-unit offsets into it',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        ...errorResponses(['404', '500', '503'], 'A malformed id'),
      },
    },
    getRecordTei: {
      parameters: [ID_PARAMETER],
      responses: {
        '200': {
          description:
            'A TEI P5 document (UTF-8, sent as an attachment `<id>.xml`): the header describes the source, the body is the decoded text with each extracted value marked up where it stands (docs/TEI.md). A failure record has no text to mark up: 404.',
          content: {
            'application/xml': {
              schema: { type: 'string', contentMediaType: 'application/xml' },
            },
          },
        },
        ...errorResponses(['404', '500', '503'], 'A malformed id'),
      },
    },
    getRecordSource: {
      parameters: [ID_PARAMETER],
      responses: {
        '200': json('SourceLink', 'A short-lived link to the source object'),
        ...errorResponses(['404', '500', '503'], 'A malformed id'),
      },
    },
    reviewQueue: {
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: 'Records per page, 1-200 (default 50).',
          schema: { type: 'integer', minimum: 1, maximum: 200 },
        },
        {
          name: 'cursor',
          in: 'query',
          required: false,
          description: 'The `cursor` of the previous page (opaque, signed).',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': json(
          'ReviewQueueResponse',
          'One page of the records waiting for review, oldest first, with counts by flag over the whole queue'
        ),
        ...errorResponses(['500', '503'], 'A bad limit or cursor'),
      },
    },
    correctRecord: {
      description:
        'A write route: on AWS only the reviewer role the stack creates may call it (its principal ARN is recorded as `by`); locally the per-run secret is required (the OS user is `by`). The correction is kept beside the extraction, is an audit event, and is re-applied after reprocessing (docs/REVIEW.md). Send an `id` of your own to retry safely.',
      parameters: [ID_PARAMETER],
      requestBody: body(
        'CorrectionInput',
        '`{ op, path, value?, span?, note?, id? }` as JSON (at most 32 KB)'
      ),
      responses: {
        '201': json(
          'CorrectionResponse',
          'The correction as stored (with its status) and the record view after it'
        ),
        '200': json(
          'CorrectionResponse',
          'A retry of a request already saved (same `id`): the correction as it was saved'
        ),
        ...errorResponses(
          ['403', '404', '500', '503'],
          'The part at fault is named: path, value, span (the text there reads otherwise), note, body'
        ),
      },
    },
    markReviewed: {
      description:
        'A write route (as corrections): the record leaves the review queue until a flag it did not have appears.',
      parameters: [ID_PARAMETER],
      requestBody: body('ReviewedInput', '`{ note? }` as JSON (may be empty)'),
      responses: {
        '200': json('ReviewedResponse', 'The reviewed marker'),
        ...errorResponses(
          ['403', '404', '500', '503'],
          'A malformed id or note, or a failure record'
        ),
      },
    },
  };
  const paths: Record<string, unknown> = {};
  for (const route of ROUTES) {
    if (!route.api) continue;
    paths[route.path] = {
      [route.method.toLowerCase()]: {
        operationId: route.name,
        summary: summaryOf(route.name),
        ...operations[route.name],
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Archive Ingest query API',
      version: '1.0.0',
      description:
        'Access to the records the ingest pipeline extracted: search, one record with its provenance, corrections and audit trail, the decoded text, a link to the source file, the review queue; and, for the reviewer role only, corrections and the reviewed marker. Generated by scripts/openapi.ts from the code; see docs/API.md and docs/REVIEW.md.',
    },
    servers: [
      {
        url: 'http://127.0.0.1:3000/api',
        description: 'Embedded runtime (`npm start`)',
      },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description:
          'AWS (stack output `ApiUrl`); every path is also served under `/api`',
        variables: {
          apiId: { default: 'example' },
          region: { default: 'eu-west-1' },
        },
      },
    ],
    security: [{ sigv4: [] }],
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'AWS Signature Version 4 (HTTP API IAM authorization); not used by the embedded runtime.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
      schemas: {
        SearchResponse: jsonSchema(SearchResponseSchema),
        RecordView: jsonSchema(RecordViewSchema),
        SourceLink: jsonSchema(SourceLinkSchema),
        ReviewQueueResponse: jsonSchema(ReviewQueueResponseSchema),
        CorrectionInput: jsonSchema(CorrectionInputSchema, 'input'),
        CorrectionResponse: jsonSchema(CorrectionResponseSchema),
        ReviewedInput: jsonSchema(ReviewedInputSchema, 'input'),
        ReviewedResponse: jsonSchema(ReviewedResponseSchema),
        ErrorResponse: jsonSchema(ErrorResponseSchema),
      },
    },
  };
}

/** The file's exact text (stable key order, trailing newline). */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

async function main(): Promise<void> {
  const fresh = openApiText();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OPENAPI_PATH, 'utf8').catch(() => '');
    if (committed !== fresh) {
      console.error(
        'docs/openapi.json is stale: run `npx tsx scripts/openapi.ts`'
      );
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(OPENAPI_PATH, fresh);
  console.log(`docs/openapi.json: ${Object.keys(buildOpenApi()).length} keys`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
