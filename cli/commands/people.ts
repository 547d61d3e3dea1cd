/**
 * `archive people [--prefix P] [--json]`: the people the archive names,
 * spellings merged, surname first, each with record counts by role and
 * the years they appear (the same as `GET /people`). Pages like `query`.
 */
import type { Command } from 'commander';
import { PERSON_ROLES, type PersonSummary } from '#shared/query/index.ts';
import { type CliIo, positiveInt, processIo, runAction } from '../io.ts';
import { printable, renderTable } from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';

export interface PeopleFlags extends TargetFlags {
  prefix?: string;
  limit?: number;
  cursor?: string;
  json?: boolean;
}

/** Roles in the order the person index lists them. */
const ROLE_ORDER = PERSON_ROLES;

/** `1949–1953` or `1950`; empty when undated only. */
export function yearSpan(years: readonly string[]): string {
  if (years.length === 0) return '';
  const first = years[0]!;
  const last = years.at(-1)!;
  return first === last ? first : `${first}–${last}`;
}

/** `author 3, recipient 2` in the roles' usual order. */
export function roleCounts(roles: Record<string, number>): string {
  return ROLE_ORDER.filter((r) => roles[r])
    .map((r) => `${r} ${roles[r]}`)
    .join(', ');
}

const COLUMNS = [
  { header: 'person', value: (p: PersonSummary) => printable(p.name) },
  { header: 'records', value: (p: PersonSummary) => String(p.records) },
  { header: 'years', value: (p: PersonSummary) => yearSpan(p.years) },
  { header: 'roles', value: (p: PersonSummary) => roleCounts(p.roles) },
  {
    header: 'also written',
    value: (p: PersonSummary) =>
      printable(
        p.variants
          .filter((v) => v !== p.name)
          .slice(0, 4)
          .join('; ')
      ),
  },
];

/** The command body (tests call it in-process); throws, `runAction` maps. */
export async function runPeople(
  options: PeopleFlags,
  io: CliIo = processIo
): Promise<number> {
  const target = await openTarget(options, { requires: ['table'] });
  try {
    const page = await target.query.listPeople({
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
    });
    if (options.json) {
      io.stdout(`${JSON.stringify(page, null, 2)}\n`);
    } else if (page.items.length === 0) {
      io.stdout(
        options.prefix
          ? `No people whose name starts with "${printable(options.prefix)}".\n`
          : 'No people in the archive yet.\n'
      );
    } else {
      io.stdout(renderTable(page.items, COLUMNS));
    }
    if (page.cursor) io.stderr(`more: --cursor ${page.cursor}\n`);
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerPeople(program: Command): void {
  addTargetOptions(
    program
      .command('people')
      .description(
        'the people the archive names, spellings merged, with record counts by role and years'
      )
      .option(
        '--prefix <letters>',
        'names whose surname starts so (K, Kim, "Kim Il")'
      )
      .option(
        '--limit <n>',
        'people per page (1-200, default 50)',
        positiveInt(200)
      )
      .option('--cursor <cursor>', 'the cursor printed with the previous page')
      .option('--json', 'one JSON object: { items, cursor }')
  ).action(async (opts: PeopleFlags) => {
    await runAction(() => runPeople(opts));
  });
}
