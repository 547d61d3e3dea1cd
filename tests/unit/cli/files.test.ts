import { describe, expect, it } from 'vitest';
import { extractFile, listInputs } from '#cli/files.ts';
import { projectFile } from '../../helpers/corpus.ts';

describe('archive extract on local files', () => {
  it('reads a scan by OCR and records how sure the reading was', async () => {
    // Act
    const result = await extractFile(
      projectFile('fixtures/scans/telegram-filippov-1951.150dpi.png')
    );

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.title).toBe(
      'Ciphered Telegram No. 31418, Zakharov to Filippov [Stalin]'
    );
    expect(result.record.ocr?.engine).toBe('tesseract.js');
    expect(result.record.ocr?.meanConfidence).toBeGreaterThan(60);
    expect(result.record.warnings).not.toContain('low-ocr-confidence');
  });

  it('flags a scan with no text instead of inventing fields', async () => {
    const result = await extractFile(projectFile('fixtures/scans/blank.png'));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.warnings).toContain('low-ocr-confidence');
    expect(result.record.title).toBeNull();
    expect(result.record.authors).toEqual([]);
  });

  it('names the file and what is wrong when it cannot be read', async () => {
    const missing = await extractFile(projectFile('fixtures/no-such-page.txt'));
    const empty = await extractFile(projectFile('fixtures/bad/empty.txt'));
    const reported: string[] = [];
    const listed = await listInputs(
      [projectFile('fixtures/pages'), projectFile('fixtures/nope')],
      (m) => reported.push(m)
    );

    expect(missing).toEqual({
      ok: false,
      reason: null,
      message: 'no such file',
    });
    expect(empty).toMatchObject({ ok: false, reason: 'empty' });
    expect(empty.ok ? '' : empty.message).toMatch(/^empty: .*empty\.txt/);
    expect(listed.length).toBeGreaterThan(5);
    expect(reported).toEqual([
      `${projectFile('fixtures/nope')}: no such file or folder`,
    ]);
  });
});
