/**
 * Helpers for the browser end-to-end test: `archive up` on the fixtures in
 * this process (in memory, a free port), Debian's Chromium driven by
 * playwright-core, and a text selection made with the mouse.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
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
  /**
   * The URL `archive up` printed, `http://127.0.0.1:<port>/?s=<secret>`:
   * opening it hands the page the run's secret (a cookie) and lands on `/`.
   */
  url: string;
  /** `http://127.0.0.1:<port>`: the page at / and the API at /api. */
  baseUrl: string;
  /** The run's secret, for requests made outside the page (header `x-archive-secret`). */
  secret: string;
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
        const printed =
          /Serving on ((http:\/\/127\.0\.0\.1:\d+)\/\?s=([\w-]+))/.exec(out);
        if (printed && exit) {
          const running = exit;
          resolve({
            url: printed[1]!,
            baseUrl: printed[2]!,
            secret: printed[3]!,
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

/**
 * Selects `needle` (its first occurrence) in the record view's source pane
 * the way a person does: a mouse drag from its first character to its
 * last. The pane is scrolled so the text is in view first.
 *
 * @returns the offsets of the selected text in the decoded text
 */
export async function selectSourceText(
  page: Page,
  needle: string
): Promise<{ start: number; end: number }> {
  // no named functions inside: a runner that keeps names (tsx) would
  // wrap them in a helper the page does not have
  const at = await page.evaluate((wanted) => {
    const pre = document.getElementById('source-text');
    const text = pre?.textContent ?? '';
    const start = text.indexOf(wanted);
    if (!pre || start < 0) return null;
    const end = start + wanted.length;
    // the first and last characters as ranges over their text nodes
    const ranges: Range[] = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let n = walker.nextNode(); n && ranges.length < 2; ) {
      const length = (n as Text).length;
      const offset = ranges.length === 0 ? start : end - 1;
      if (offset < seen + length) {
        const range = document.createRange();
        range.setStart(n, offset - seen);
        range.setEnd(n, offset - seen + 1);
        ranges.push(range);
      } else {
        seen += length;
        n = walker.nextNode();
      }
    }
    const [head, tail] = ranges;
    if (!head || !tail) return null;
    const top = head.getBoundingClientRect().top;
    pre.scrollTop +=
      top - pre.getBoundingClientRect().top - pre.clientHeight / 3;
    const first = head.getBoundingClientRect();
    const last = tail.getBoundingClientRect();
    return {
      start,
      end,
      from: { x: first.left + 1, y: first.top + first.height / 2 },
      to: { x: last.right - 1, y: last.top + last.height / 2 },
    };
  }, needle);
  if (!at) throw new Error(`"${needle}" is not in the source pane`);
  await page.mouse.move(at.from.x, at.from.y);
  await page.mouse.down();
  await page.mouse.move(at.to.x, at.to.y, { steps: 5 });
  await page.mouse.up();
  return { start: at.start, end: at.end };
}
