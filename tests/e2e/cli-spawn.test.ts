/**
 * The real entry points, as a user runs them: `npm start` and the
 * `archive` command in a child process.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ARCHIVE_PORT: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const archive = (args: string[], env?: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], env);

describe('npm start', () => {
  it('-- --once --memory ingests the sample pages and exits 0', async () => {
    // Act
    const { code, stdout, stderr } = await run('npm', [
      'start',
      '--silent',
      '--',
      '--once',
      '--memory',
      '--port',
      '0',
    ]);

    // Assess
    expect(stderr).not.toMatch(/NodeDeprecationWarning|at .*\.ts:\d+/);
    expect(stdout).toMatch(/Pages processed (\d+): \1 ok, 0 failed/);
    expect(code).toBe(0);
  }, 60_000);
});

describe('archive', () => {
  it('exits 2 with a usage message on a bad argument', async () => {
    // Act
    const { code, stderr } = await archive([
      'query',
      '--limit',
      '0',
      '--memory',
    ]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain("option '--limit <n>' argument '0' is invalid");
    expect(stderr).toContain('Usage: archive query');
  }, 60_000);

  it('says in one line when the AWS target cannot be reached', async () => {
    // Act
    const { code, stderr } = await archive(
      ['query', '--person', 'Kim Il Sung'],
      {
        ARCHIVE_TABLE: 'archive-records',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      }
    );

    // Assess
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^archive: cannot reach AWS/);
  }, 60_000);
});
