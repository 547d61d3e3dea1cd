/**
 * The key that signs the query service's cursors in the embedded runtime:
 * random, made once per data dir and kept in `<data>/cursor-secret`
 * (mode 0600), so a cursor printed by one command stays valid for the next
 * and a cursor of another archive (or a forged one) is refused. A
 * `--memory` run gets a fresh key (its cursors die with it anyway).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newSecret } from './boundary.ts';

/** File name of the cursor key in the data dir. */
export const CURSOR_SECRET_FILE = 'cursor-secret';

/** A key shorter than this was not made here: regenerated. */
const MIN_LENGTH = 32;

/**
 * Reads the data dir's cursor key, making it on first use.
 *
 * @param dataDir the runtime's data dir, or null for a throwaway run
 */
export async function loadCursorSecret(
  dataDir: string | null
): Promise<string> {
  if (!dataDir) return newSecret();
  const file = join(dataDir, CURSOR_SECRET_FILE);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= MIN_LENGTH) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = newSecret();
  try {
    // `wx`: two processes starting at once keep the first one's key
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= MIN_LENGTH) return existing;
    // a truncated file (crash mid-write): replace it
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
