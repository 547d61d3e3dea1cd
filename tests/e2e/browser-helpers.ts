/**
 * Helpers for the browser end-to-end test: `archive up` on the fixtures in
 * this process (in memory, a free port), and Debian's Chromium driven by
 * playwright-core.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { runUp } from '#cli/commands/up.ts';
import type { CliIo } from '#cli/io.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags CI runs Chromium with (no sandbox: containers lack userns). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export interface RunningArchive {
  /** `http://127.0.0.1:<port>` serving the page at / and the API at /api. */
  url: string;
  /** What `archive up` printed so far. */
  output: () => string;
  /** Stops serving; resolves with the exit code. */
  stop: () => Promise<number>;
}

/**
 * Runs `archive up --memory --port 0` (ingests fixtures/pages, then
 * serves) and resolves once it prints where it serves.
 */
export function startArchiveUp(): Promise<RunningArchive> {
  let out = '';
  let stopServing!: () => void;
  const until = new Promise<void>((resolve) => {
    stopServing = resolve;
  });
  return new Promise<RunningArchive>((resolve, reject) => {
    let exit: Promise<number> | null = null;
    const io: CliIo = {
      stdout: (text) => {
        out += text;
        const url = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        if (url && exit) {
          const running = exit;
          resolve({
            url,
            output: () => out,
            stop: async () => {
              stopServing();
              return running;
            },
          });
        }
      },
      stderr: (text) => {
        out += text;
      },
      isTTY: false,
    };
    exit = runUp({ memory: true, port: 0, until }, io);
    exit.then(
      (code) =>
        reject(
          new Error(`archive up ended (code ${code}) before serving:\n${out}`)
        ),
      (error: unknown) =>
        reject(
          new Error(`archive up failed: ${(error as Error).message}\n${out}`)
        )
    );
  });
}
