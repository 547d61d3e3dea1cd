#!/usr/bin/env node
/**
 * `archive`: the command-line interface. Each command lives in
 * cli/commands/<name>.ts and registers itself on the program.
 */
import { Command } from 'commander';
import { registerCorrect } from './commands/correct.ts';
import { registerEval } from './commands/eval.ts';
import { registerExport } from './commands/export.ts';
import { registerExtract } from './commands/extract.ts';
import { registerFailures } from './commands/failures.ts';
import { registerGet } from './commands/get.ts';
import { registerPeople } from './commands/people.ts';
import { registerQuery } from './commands/query.ts';
import { registerRedrive } from './commands/redrive.ts';
import { registerReprocess } from './commands/reprocess.ts';
import { registerReview } from './commands/review.ts';
import { registerUp } from './commands/up.ts';
import { registerUpload } from './commands/upload.ts';
import { registerWeb } from './commands/web.ts';

const program = new Command('archive')
  .description('Archive Ingest: turn raw archive pages into queryable records')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's usage errors exit 2 (help and version exit 0)
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

registerExtract(program);
registerEval(program);
registerUp(program);
registerUpload(program);
registerQuery(program);
registerPeople(program);
registerGet(program);
registerExport(program);
registerReprocess(program);
registerReview(program);
registerCorrect(program);
registerFailures(program);
registerRedrive(program);
registerWeb(program);

await program.parseAsync(process.argv);
