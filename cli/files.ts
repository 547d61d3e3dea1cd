/**
 * Local files for `extract` and `eval`: folders expanded in name order,
 * bytes decoded the same way the ingest function decodes S3 objects.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decode } from '#shared/decode/index.ts';
import { isLowOcrConfidence } from '#shared/decode/ocr/index.ts';
import type { OcrInfo } from '#shared/decode/ocr/port.ts';
import { sharedTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { extract, PARSER_VERSION } from '#shared/extract/index.ts';
import type { Extraction, FailureReason } from '#shared/schema/record.ts';

export type FileResult =
  | {
      ok: true;
      record: Extraction & {
        source: { path: string; sha256: string; size: number };
        parserVersion: string;
        ocr: OcrInfo | null;
      };
    }
  /** `reason` is a failure reason of RECORD.md when the page was read. */
  | { ok: false; reason: FailureReason | null; message: string };

/**
 * Expands folders one level (sorted, hidden entries and subfolders
 * skipped); reports missing paths and broken or looping symlinks.
 */
export async function listInputs(
  paths: readonly string[],
  report: (message: string) => void
): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) {
        const names = (await readdir(p))
          .filter((n) => !n.startsWith('.'))
          .sort();
        for (const n of names) {
          const full = join(p, n);
          // links are followed; one that leads nowhere is named, and the
          // rest of the folder still runs
          const entry = await stat(full).catch((error: unknown) => {
            const code = (error as NodeJS.ErrnoException).code;
            report(
              `${full}: ${code === 'ENOENT' ? 'broken symlink (its target does not exist)' : code === 'ELOOP' ? 'symlink loop' : String(error)}`
            );
            return null;
          });
          if (entry?.isFile()) out.push(full);
        }
      } else out.push(p);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      report(
        `${p}: ${code === 'ENOENT' ? 'no such file or folder' : String(error)}`
      );
    }
  }
  return out;
}

/** Reads, decodes and extracts one local file. */
export async function extractFile(path: string): Promise<FileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: null,
      message:
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a folder'
            : String(error),
    };
  }
  // scans are read by OCR (tesseract.js loads on the first scan only)
  const decoded = await decode(bytes, {
    key: path,
    ocr: sharedTesseractEngine(),
  });
  if (!decoded.ok)
    return {
      ok: false,
      reason: decoded.reason,
      message: `${decoded.reason}: ${decoded.message}`,
    };
  let record: Extraction;
  try {
    record = extract(decoded.text);
  } catch (error) {
    // a rule's defect: reported by name, never an ok record with empty fields
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'extract-error',
      message: `extract-error: ${message}`,
    };
  }
  if (decoded.ocr) {
    // the same confidence check the ingest pipeline applies
    if (
      isLowOcrConfidence(decoded.ocr) &&
      !record.warnings.includes('low-ocr-confidence')
    )
      record.warnings = [
        ...record.warnings,
        'low-ocr-confidence' as const,
      ].sort();
  }
  return {
    ok: true,
    record: {
      ...record,
      source: {
        path,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
      },
      parserVersion: PARSER_VERSION,
      ocr: decoded.ocr ?? null,
    },
  };
}
