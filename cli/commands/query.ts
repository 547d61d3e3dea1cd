/**
 * `archive query`: records matching filters, newest date first; a table,
 * or --json / --jsonl / --csv. Filters are validated by the query service's
 * schema (the API uses the same), so a bad one exits 2 naming it.
 */
import type { Command } from 'commander';
import { type CliIo, positiveInt, processIo, runAction } from '../io.ts';
import {
  addFormatOptions,
  chosenFormat,
  type FormatFlags,
  printRecords,
} from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';

export interface QueryFlags {
  person?: string;
  role?: string;
  type?: string;
  from?: string;
  to?: string;
  telegram?: string;
  text?: string;
  status?: string;
  limit?: number;
  cursor?: string;
}

/** Adds the query filters (shared by `query` and `reprocess`). */
export function addFilterOptions(command: Command, withPaging = true): Command {
  command
    .option(
      '--person <name>',
      'a person in any role, by any part of the name in any spelling (Mao, "Chou En-lai", "I.V. Stalin"; code names the page identifies count)'
    )
    .option(
      '--role <role>',
      'with --person: author|recipient|via|participant|signatory|signer (of a letter)|distribution'
    )
    .option(
      '--type <type>',
      'telegram|letter|conversation|report|minutes|diary|memorandum|speech|other'
    )
    .option('--from <date>', 'from this date (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'up to this date, inclusive')
    .option('--telegram <number>', 'telegram number, exact')
    .option(
      '--text <words>',
      'words and "quoted phrases" that must all occur in the decoded text (embedded runtime; on AWS: title, summary or names)'
    )
    .option('--status <status>', 'ok (default) or failed (failure records)');
  if (withPaging) {
    command
      .option('--limit <n>', 'records per page (1-100)', positiveInt(100))
      .option('--cursor <cursor>', 'the cursor printed with the previous page');
  }
  return command;
}

const FILTER_FLAGS = [
  'person',
  'role',
  'type',
  'from',
  'to',
  'telegram',
  'text',
  'status',
  'limit',
  'cursor',
] as const satisfies readonly (keyof QueryFlags)[];

/** Filter flags as the query service's input (undefined ones dropped). */
export function filtersFrom(flags: QueryFlags): Record<string, unknown> {
  return Object.fromEntries(
    FILTER_FLAGS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]])
  );
}

export type QueryCommandOptions = QueryFlags &
  FormatFlags &
  TargetFlags & {
    /** Print counts by type, year and person for the whole match. */
    facets?: boolean;
  };

/** The command body (tests call it in-process); throws, `runAction` maps. */
export async function runQuery(
  options: QueryCommandOptions,
  io: CliIo = processIo
): Promise<number> {
  const format = chosenFormat(options);
  const target = await openTarget(options, { requires: ['table'] });
  try {
    const { items, cursor, facets, snippets } = await target.query.search(
      filtersFrom(options),
      { facets: options.facets === true }
    );
    printRecords(io, format, items, cursor, {
      ...(facets ? { facets } : {}),
      ...(snippets ? { snippets } : {}),
    });
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerQuery(program: Command): void {
  const command = program
    .command('query')
    .description('find records (newest date first)');
  addFilterOptions(command);
  command.option(
    '--facets',
    'also count the whole match by type, year and person'
  );
  addFormatOptions(command, true);
  addTargetOptions(command).action(async (opts: QueryCommandOptions) => {
    await runAction(() => runQuery(opts));
  });
}
