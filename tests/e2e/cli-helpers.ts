import type { CliIo } from '#cli/io.ts';

/** A CliIo that keeps what commands print. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => {
      out.push(text);
    },
    stderr: (text) => {
      err.push(text);
    },
    isTTY: false,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** JSON Lines → values. */
export function parseJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}
