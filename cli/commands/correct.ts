/**
 * `archive correct <id> --set path=value [--span start:end] [--note TEXT]`
 * (or `--add list=value`, `--remove path`): one correction of a record,
 * made as the OS user, checked against the record as shown and its
 * decoded text like the API's (docs/REVIEW.md). The value is JSON when it
 * parses, else the text as typed (a text field keeps the text).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  type Correction,
  type CorrectionInput,
  parseCliValue,
} from '#shared/corrections/index.ts';
import { type CliIo, processIo, runAction, UsageError } from '../io.ts';
import { printable } from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';

export interface CorrectFlags extends TargetFlags {
  set?: string;
  add?: string;
  remove?: string;
  span?: string;
  note?: string;
  id?: string;
  json?: boolean;
}

/** `path=value` → its parts; the value may contain `=`. */
function assignment(flag: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) {
    throw new UsageError(
      `${flag} takes path=value, e.g. ${flag} telegram.distribution.recipients.2.copies=3 (got "${printable(text)}")`
    );
  }
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

/** `120:127` (or `120-127`) → a span. */
export function parseSpan(text: string): { start: number; end: number } {
  const m = /^\s*(\d{1,9})\s*[:-]\s*(\d{1,9})\s*$/.exec(text);
  if (!m) {
    throw new UsageError(
      `--span takes start:end, character offsets into the decoded text (archive get --json shows the text's spans), e.g. --span 120:127 (got "${printable(text)}")`
    );
  }
  return { start: Number(m[1]), end: Number(m[2]) };
}

/**
 * The correction the flags ask for (without who and when).
 *
 * @throws UsageError when not exactly one of --set, --add, --remove is given
 */
export function correctionFromFlags(flags: CorrectFlags): CorrectionInput {
  const ops = (['set', 'add', 'remove'] as const).filter(
    (op) => flags[op] !== undefined
  );
  if (ops.length !== 1) {
    throw new UsageError(
      'give one of --set path=value, --add list=value or --remove path'
    );
  }
  const op = ops[0]!;
  const extra = {
    ...(flags.span !== undefined ? { span: parseSpan(flags.span) } : {}),
    ...(flags.note !== undefined ? { note: flags.note } : {}),
    ...(flags.id !== undefined ? { id: flags.id } : {}),
  };
  if (op === 'remove') {
    return { op, path: (flags.remove ?? '').trim(), ...extra };
  }
  const [path, raw] = assignment(`--${op}`, flags[op] ?? '');
  return { op, path, value: parseCliValue(path, raw, op), ...extra };
}

/** One correction in words: what changed, where it reads, its status. */
export function describeCorrection(c: Correction): string {
  const show = (v: unknown) =>
    printable(typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
  const change =
    c.op === 'add'
      ? `added to ${c.path}: ${show(c.value)}`
      : c.op === 'remove'
        ? `removed ${c.path} (was ${show(c.oldValue)})`
        : `${c.path}: ${show(c.oldValue)} → ${show(c.value)}`;
  const span = c.span ? ` (text ${c.span.start}-${c.span.end})` : '';
  const detail = c.statusDetail ? `: ${c.statusDetail}` : '';
  return `${change}${span} [${c.status}${detail}] by ${printable(c.by)} at ${c.at}`;
}

/** The command body; a bad correction throws ValidationError (exit 2). */
export async function runCorrect(
  id: string,
  flags: CorrectFlags,
  io: CliIo = processIo,
  by: string = userInfo().username
): Promise<number> {
  const input = correctionFromFlags(flags);
  const target = await openTarget(flags, { requires: ['table'] });
  try {
    const { correction, created } = await target.query.correct(id, input, by);
    if (flags.json) {
      io.stdout(`${JSON.stringify({ correction, created }, null, 2)}\n`);
    } else {
      io.stdout(
        `${created ? 'Corrected' : 'Already corrected'} ${id}: ${describeCorrection(correction)}\n`
      );
    }
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerCorrect(program: Command): void {
  addTargetOptions(
    program
      .command('correct')
      .description(
        'correct a field of a record (kept beside the extraction, audited, re-applied after reprocessing)'
      )
      .argument('<id>', 'record id (see archive review, archive query)')
      .option(
        '--set <path=value>',
        'set a field or list entry: date=1950-08-31, authors.0="Kim Il Sung", telegram.distribution.recipients.2.copies=3'
      )
      .option(
        '--add <list=value>',
        'add an entry to a list: authors=Beria, telegram.distribution.recipients=\'{"name":"Beria","copies":1}\''
      )
      .option(
        '--remove <path>',
        'remove a list entry (authors.1), or empty a field that may be null'
      )
      .option(
        '--span <start:end>',
        'where the value stands in the decoded text; it must read as the value'
      )
      .option('--note <text>', 'why (kept with the correction)')
      .option(
        '--id <id>',
        'a correction id of your own (8-80 characters): running the same command again changes nothing'
      )
      .option('--json', 'print the correction as JSON')
  ).action(async (id: string, opts: CorrectFlags) => {
    await runAction(() => runCorrect(id, opts));
  });
}
