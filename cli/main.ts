#!/usr/bin/env node
/**
 * `archive`: the command-line interface. Each command lives in
 * cli/commands/<name>.ts and registers itself on the program.
 */
import { Command } from 'commander';
import { registerEval } from './commands/eval.ts';
import { registerExtract } from './commands/extract.ts';

const program = new Command('archive')
  .description('Archive Ingest: turn raw archive pages into queryable records')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's usage errors exit 2 (help and version exit 0)
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

registerExtract(program);
registerEval(program);

await program.parseAsync(process.argv);
