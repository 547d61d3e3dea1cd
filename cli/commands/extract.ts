/**
 * `archive extract <files or folders...>`: one record per input as JSON
 * Lines, in input order, each with `source.path`.
 */
import type { Command } from 'commander';
import { extractFile, listInputs } from '../files.ts';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract records from local pages; prints JSON Lines')
    .argument('<paths...>', 'files or folders of pages')
    .option('--pretty', 'print indented JSON')
    .action(async (paths: string[], opts: { pretty?: boolean }) => {
      let failed = 0;
      for (const path of await listInputs(paths, (msg) => {
        failed++;
        process.stderr.write(`archive extract: ${msg}\n`);
      })) {
        const result = await extractFile(path);
        if (!result.ok) {
          failed++;
          process.stderr.write(`archive extract: ${path}: ${result.message}\n`);
          continue;
        }
        process.stdout.write(
          `${opts.pretty ? JSON.stringify(result.record, null, 2) : JSON.stringify(result.record)}\n`
        );
      }
      if (failed > 0) process.exitCode = 1;
    });
}
