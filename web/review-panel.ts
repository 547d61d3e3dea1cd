/// <reference lib="dom" />
/**
 * The record view's review parts: the panel at the top (the record's
 * flags in words, who reviewed it and when, "Mark reviewed" with a note)
 * and the "Corrections" section (every correction with who, when, old →
 * new, its place in the page and its status). Built with el() only.
 */
import {
  ApiError,
  type Correction,
  errorMessage,
  type ReviewableView,
  type ReviewedMark,
} from './api.ts';
import { el } from './dom.ts';
import { byWhen, changeText, formatWhen, shortPrincipal } from './edits.ts';
import { reviewState } from './review.ts';

/** "Reviewed by alice, 2024-05-01 10:20 UTC: checked the copies." */
function reviewedText(mark: ReviewedMark, prefix = 'Reviewed'): string {
  return `${prefix} ${byWhen(mark)}${mark.note ? `: ${mark.note}` : '.'}`;
}

/**
 * The review panel: the record's warnings in words (with their
 * record-specific messages), whether it needs review or who reviewed it
 * and when, and, while it needs review, a form that marks it reviewed.
 * Null for a record with no warnings and no review.
 *
 * @param mark sends "reviewed" with the note; rejects with the API's error
 */
export function reviewPanel(
  view: ReviewableView,
  mark: (note: string | null) => Promise<void>
): HTMLElement | null {
  const state = reviewState(view);
  const flags = state.flags;
  if (state.state === 'clear' && flags.length === 0) return null;
  const list =
    flags.length > 0
      ? el(
          'ul',
          { class: 'flags' },
          flags.map((f) =>
            el(
              'li',
              { 'data-flag': f.code },
              el('span', { class: 'badge warn', title: f.code }, f.label),
              ' ',
              f.message
            )
          )
        )
      : null;
  let status: HTMLElement | null = null;
  if (state.state === 'needed') {
    const queued = flags.filter((f) => f.queued).map((f) => f.label);
    status = el(
      'p',
      { class: 'review-status', 'aria-live': 'polite' },
      state.earlier
        ? `${reviewedText(state.earlier)} Flagged again since: ${queued.join(', ')}.`
        : `Needs review: ${queued.join(', ')}.`
    );
  } else if (state.state === 'reviewed') {
    status = el(
      'p',
      { class: 'review-status', 'aria-live': 'polite' },
      reviewedText(state.reviewed)
    );
  }
  const kind =
    state.state === 'needed'
      ? 'review-panel warnings'
      : state.state === 'reviewed'
        ? 'review-panel reviewed'
        : 'review-panel warnings plain';
  return el(
    'section',
    { class: kind, 'aria-labelledby': 'review-panel-heading' },
    el(
      'h3',
      { id: 'review-panel-heading', tabindex: '-1' },
      state.state === 'clear' ? 'Warnings' : 'Review'
    ),
    status,
    list,
    state.state === 'needed' && status ? reviewForm(mark, status) : null
  );
}

function reviewForm(
  mark: (note: string | null) => Promise<void>,
  status: HTMLElement
): HTMLFormElement {
  const note = el('input', {
    id: 'review-note',
    name: 'note',
    type: 'text',
    maxlength: 500,
    autocomplete: 'off',
  });
  const error = el('p', {
    class: 'editor-error',
    id: 'review-error',
    role: 'alert',
    hidden: true,
  });
  const button = el('button', { type: 'submit' }, 'Mark reviewed');
  const form = el(
    'form',
    { class: 'review-form', 'aria-label': 'Mark reviewed', novalidate: true },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'review-note' }, 'Review note (optional)'),
      note
    ),
    el(
      'div',
      { class: 'field field-submit' },
      el('span', { class: 'label-spacer', 'aria-hidden': 'true' }),
      button
    ),
    error
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    status.textContent = 'Saving…';
    mark(note.value.trim() || null)
      .catch((e: unknown) => {
        error.textContent =
          e instanceof ApiError
            ? errorMessage(e)
            : `The archive could not be reached (${(e as Error).message}).`;
        error.hidden = false;
        status.textContent = 'Not marked reviewed.';
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}

/** A path that may break after its dots (`telegram.<wbr>distribution.<wbr>…`). */
function pathPieces(path: string): (string | HTMLElement)[] {
  return path
    .split('.')
    .flatMap((part, i) => (i === 0 ? [part] : ['.', el('wbr'), part]));
}

/** A correction's status as a badge, with why in words when it has it. */
function statusNode(c: Correction): HTMLElement {
  return el(
    'span',
    { class: `status-${c.status}` },
    el('span', { class: `badge correction-${c.status}` }, c.status),
    c.statusDetail ? ` ${c.statusDetail}` : null
  );
}

/**
 * The "Corrections" section: every correction of the record, oldest
 * first; null when there are none.
 *
 * @param labels path → field label (from the record's sections)
 */
export function correctionsSection(
  view: ReviewableView,
  labels: Map<string, string>
): HTMLElement | null {
  const corrections = view.corrections ?? [];
  if (corrections.length === 0) return null;
  return el(
    'section',
    {
      class: 'fields-section corrections',
      'aria-labelledby': 'corrections-heading',
    },
    el('h3', { id: 'corrections-heading' }, 'Corrections'),
    el(
      'p',
      { class: 'hint' },
      'Kept beside the extraction and applied to it again after every reprocessing. Absorbed: the extractor now reads the value by itself. Conflict: the correction no longer fits and waits for review.'
    ),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'grid corrections-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['When', 'By', 'Field', 'Change', 'Status'].map((c) =>
              el('th', { scope: 'col' }, c)
            )
          )
        ),
        el(
          'tbody',
          {},
          corrections.map((c) =>
            el(
              'tr',
              { 'data-correction': c.id, class: `correction-${c.status}` },
              el('td', {}, el('time', { datetime: c.at }, formatWhen(c.at))),
              el('td', { title: c.by }, shortPrincipal(c.by)),
              el(
                'td',
                { class: 'field' },
                labels.get(c.path) ?? null,
                labels.has(c.path) ? el('br') : null,
                el('span', { class: 'mono' }, pathPieces(c.path))
              ),
              el(
                'td',
                { class: 'change' },
                changeText(c),
                c.span
                  ? el(
                      'span',
                      { class: 'hint-inline' },
                      ' (page characters ',
                      el(
                        'span',
                        { class: 'nowrap' },
                        `${c.span.start}–${c.span.end}`
                      ),
                      ')'
                    )
                  : c.op !== 'remove'
                    ? el('span', { class: 'hint-inline' }, ' (typed)')
                    : null,
                c.note ? el('span', { class: 'note' }, `Note: ${c.note}`) : null
              ),
              el('td', {}, statusNode(c))
            )
          )
        )
      )
    )
  );
}
