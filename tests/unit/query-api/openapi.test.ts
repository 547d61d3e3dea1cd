import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#functions/query/routes.ts';
import { QueryFiltersSchema } from '#shared/query/index.ts';
import {
  buildOpenApi,
  OPENAPI_PATH,
  openApiText,
} from '../../../scripts/openapi.ts';

describe('docs/openapi.json', () => {
  it('equals what scripts/openapi.ts generates from the code', async () => {
    // Act
    const committed = await readFile(OPENAPI_PATH, 'utf8');

    // Assess
    expect(
      committed,
      'docs/openapi.json is stale: run `npx tsx scripts/openapi.ts`'
    ).toBe(openApiText());
  });

  it('describes every API route and every filter of the query service', () => {
    // Act
    const doc = buildOpenApi() as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };

    // Assess
    expect(Object.keys(doc.paths).sort()).toEqual(
      ROUTES.filter((r) => r.api)
        .map((r) => r.path)
        .sort()
    );
    expect(doc.paths['/records']?.get.parameters.map((p) => p.name)).toEqual(
      Object.keys(QueryFiltersSchema.def.shape)
    );
    expect(
      doc.paths['/records/{id}/text']?.get.parameters.map((p) => p.name)
    ).toEqual(['id']);
  });
});
