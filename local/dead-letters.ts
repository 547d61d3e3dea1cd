/**
 * The embedded runtime's dead-letter queues: messages that failed
 * `maxReceiveCount` deliveries, kept until `archive redrive` replays them;
 * one store per queue (the text path's and the OCR path's), as in AWS.
 *
 * Persisted as one JSON file under the data dir (written to a temporary
 * file, then renamed, so a crash never leaves half a file), or kept in
 * memory for a `--memory` run.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface DeadLetter {
  messageId: string;
  body: string;
  /** Deliveries before it was dead-lettered. */
  receiveCount: number;
  firstSentAt: string;
  deadLetteredAt: string;
  /** The error of the last failed delivery, when the handler threw. */
  lastError: string | null;
  /** Where the message points, when it names an object (for listings). */
  bucket: string | null;
  key: string | null;
  /**
   * The queue it failed on: `ingest` (the text path) or `ingest-ocr`
   * (letters written before the OCR path existed have none: `ingest`).
   */
  queue?: string;
}

export interface DeadLetterStore {
  list(): Promise<DeadLetter[]>;
  add(letter: DeadLetter): Promise<void>;
  /** Removes and returns the letters with these ids (all when omitted). */
  take(ids?: readonly string[]): Promise<DeadLetter[]>;
}

/** A dead-letter store that lives as long as the process. */
export function memoryDeadLetters(): DeadLetterStore {
  let letters: DeadLetter[] = [];
  return {
    list: async () => [...letters],
    add: async (letter) => {
      letters.push(letter);
    },
    take: async (ids) => {
      const taken = letters.filter((l) => !ids || ids.includes(l.messageId));
      letters = letters.filter((l) => !taken.includes(l));
      return taken;
    },
  };
}

/**
 * A dead-letter store in `file`; operations are serialized so concurrent
 * batches cannot lose each other's writes.
 */
export function fileDeadLetters(file: string): DeadLetterStore {
  let chain: Promise<unknown> = Promise.resolve();
  const serialize = <T>(op: () => Promise<T>): Promise<T> => {
    const next = chain.then(op, op);
    chain = next.catch(() => undefined);
    return next;
  };
  const read = async (): Promise<DeadLetter[]> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (!Array.isArray(parsed)) {
        throw new Error(`${file}: expected a JSON array of dead letters`);
      }
      return parsed as DeadLetter[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  };
  const write = async (letters: DeadLetter[]): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(letters, null, 2)}\n`);
    await rename(tmp, file);
  };
  return {
    list: () => serialize(read),
    add: (letter) =>
      serialize(async () => {
        const letters = await read();
        letters.push(letter);
        await write(letters);
      }),
    take: (ids) =>
      serialize(async () => {
        const letters = await read();
        const taken = letters.filter((l) => !ids || ids.includes(l.messageId));
        await write(letters.filter((l) => !taken.includes(l)));
        return taken;
      }),
  };
}
