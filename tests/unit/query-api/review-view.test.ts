/**
 * Review flags where a person sees them: the query service's record view,
 * `archive get`, and the web page's record sections and source pane.
 */
import { describe, expect, it } from 'vitest';
import { formatRecordView } from '#cli/commands/get.ts';
import { extract } from '#shared/extract/index.ts';
import { createQueryService } from '#shared/query/index.ts';
import { recordSections } from '../../../web/fields.ts';
import { segment } from '../../../web/source-view.ts';
import { fakeStore } from '../query/fake-store.ts';
import { makeRecord } from '../query/records.ts';

/** An invented telegram page with one line no reader takes. */
const TEXT = [
  'Skip to content',
  '',
  'March 4, 1951',
  '',
  'Ciphered Telegram, Zakharov to Filippov [Stalin]',
  '',
  'Sent 4.3.51 at 18:00',
  '',
  'The report follows in the usual order for your information and decision today.',
  '',
  'Distribution list on the reverse',
  '',
  'Zakharov reports on the situation.',
  '',
  'Record ID',
  '',
  '1',
].join('\n');

function flaggedRecord() {
  return makeRecord('r1', { ...extract(TEXT) });
}

describe('review flags in the record view', () => {
  it('lists each flag with its line, span and provenance path, and quotes it in the warning', async () => {
    // Prepare
    const service = createQueryService(fakeStore([flaggedRecord()]));

    // Act
    const view = await service.getRecordView('r1');

    // Assess
    expect(view.review).toEqual([
      {
        code: 'unread-header-line',
        message: expect.stringMatching(/not read/),
        text: 'Distribution list on the reverse',
        span: view.record.provenance['review.0.text'],
        path: 'review.0.text',
      },
    ]);
    const warning = view.warnings.find((w) => w.code === 'unread-header-line');
    expect(warning?.message).toContain('"Distribution list on the reverse"');
  });

  it('prints a "Needs review" block in archive get', async () => {
    const service = createQueryService(fakeStore([flaggedRecord()]));
    const view = await service.getRecordView('r1');

    const out = formatRecordView(view);

    expect(out).toMatch(
      /^Needs review:\n {2}unread-header-line at \d+-\d+: "Distribution list on the reverse"$/m
    );
  });

  it('shows the flag as a value linked to its line, and marks the line in the source', () => {
    // Prepare
    const record = flaggedRecord();

    // Act
    const sections = recordSections(record);
    const segments = segment(TEXT.length, record.provenance);

    // Assess
    const review = sections.find((s) => s.title === 'Needs review');
    expect(review?.rows[0]?.values[0]).toMatchObject({
      text: 'Distribution list on the reverse',
      path: 'review.0.text',
    });
    const marked = segments.filter((s) => s.paths.includes('review.0.text'));
    expect(marked.map((s) => TEXT.slice(s.start, s.end)).join('')).toBe(
      'Distribution list on the reverse'
    );
  });

  it('shows nothing to review on a record stored before review flags', () => {
    const { review: _review, ...old } = flaggedRecord();

    const sections = recordSections(old as ReturnType<typeof makeRecord>);

    expect(sections.some((s) => s.title === 'Needs review')).toBe(false);
  });
});
