/**
 * Review flags and state (web/review.ts), the review route
 * (web/routes.ts) and the selection → text offsets of the source pane
 * (web/source-view.ts `textOffset`).
 */
import { describe, expect, it } from 'vitest';
import type { Correction, ReviewableView } from '../../../web/api.ts';
import {
  flagCounts,
  flagLabel,
  flagMessage,
  queueSentence,
  recordFlags,
  reviewState,
} from '../../../web/review.ts';
import { parseRoute, reviewHref } from '../../../web/routes.ts';
import { type NodeLike, textOffset } from '../../../web/source-view.ts';
import { makeRecord } from '../query/records.ts';

function view(fields: Partial<ReviewableView> = {}): ReviewableView {
  return {
    record: makeRecord('r1', { processedAt: '2024-03-01T12:00:00.000Z' }),
    warnings: [],
    review: [],
    source: { bucket: null, key: null, uri: null, link: null },
    auditTrail: [],
    corrections: [],
    corrected: {},
    reviewed: null,
    reviewFlags: [],
    ...fields,
  };
}

/** The queue's flag for COPIES. */
const QUEUED = ['distribution-copies-mismatch'];

const COPIES = {
  code: 'distribution-copies-mismatch',
  message:
    'The distribution list states 6 copies, but its entries add up to 4.',
};

function conflict(id: string): Correction {
  return {
    id,
    op: 'set',
    path: 'telegram.number',
    value: '12/sh',
    oldValue: '21/sh',
    span: null,
    note: null,
    by: 'archivist',
    at: '2024-02-01T09:00:00.000Z',
    status: 'conflict',
    statusDetail: 'the field is no longer extracted',
  };
}

describe('web review: flags in words', () => {
  it('words every flag, known or not', () => {
    expect(flagLabel('distribution-copies-mismatch')).toBe(
      'copies do not add up'
    );
    expect(flagLabel('some-new-flag')).toBe('some new flag');
    expect(flagMessage('truncated')).toContain('stops mid-document');
    expect(flagMessage('correction-conflict')).toContain('no longer fits');
  });

  it("lists a record's warnings with their own messages, and conflicting corrections", () => {
    const flags = recordFlags(
      view({
        warnings: [COPIES],
        corrections: [conflict('c1'), conflict('c2')],
        reviewFlags: [...QUEUED, 'correction-conflict'],
      })
    );

    expect(flags.map((f) => [f.code, f.queued])).toEqual([
      ['distribution-copies-mismatch', true],
      ['correction-conflict', true],
    ]);
    expect(flags[0]?.message).toBe(COPIES.message);
    expect(flags[1]?.message).toMatch(/^2 corrections no longer fit/);
  });

  it('counts flags largest first and says how many records wait', () => {
    expect(flagCounts({ truncated: 1, 'unread-header-line': 4, x: 0 })).toEqual(
      [
        { flag: 'unread-header-line', label: 'unread header line', count: 4 },
        { flag: 'truncated', label: 'text cut off', count: 1 },
      ]
    );
    expect(queueSentence(0)).toBe('Nothing needs review.');
    expect(queueSentence(1)).toBe('1 record needs review.');
    expect(queueSentence(1200)).toBe(
      '1,200 records need review, oldest first.'
    );
    expect(queueSentence(2, 'truncated')).toBe(
      '2 records are flagged "text cut off", oldest first.'
    );
  });
});

describe('web review: state of a record', () => {
  const reviewed = {
    by: 'archivist',
    at: '2024-03-02T08:00:00.000Z',
    note: 'copies checked against the scan',
    flags: ['distribution-copies-mismatch'],
  };

  it('needs review with a flag the queue takes and no review', () => {
    expect(
      reviewState(view({ warnings: [COPIES], reviewFlags: QUEUED }))
    ).toMatchObject({ state: 'needed', earlier: null });
    expect(reviewState(view())).toEqual({ state: 'clear', flags: [] });
  });

  it('works the flags out by the queue rule when the view has none', () => {
    const { reviewFlags: _, ...old } = view({
      record: makeRecord('r2', { warnings: ['distribution-copies-mismatch'] }),
      warnings: [COPIES],
    });

    expect(reviewState(old as ReviewableView)).toMatchObject({
      state: 'needed',
      flags: [{ code: 'distribution-copies-mismatch', queued: true }],
    });
  });

  it('shows a warning the queue does not take without asking for review', () => {
    const truncated = { code: 'truncated', message: 'The page stops.' };

    const state = reviewState(view({ warnings: [truncated] }));

    expect(state).toMatchObject({
      state: 'clear',
      flags: [{ code: 'truncated', queued: false }],
    });
  });

  it('is reviewed when the marker covers every flag', () => {
    expect(
      reviewState(view({ warnings: [COPIES], reviewFlags: QUEUED, reviewed }))
    ).toMatchObject({ state: 'reviewed', reviewed });
  });

  it('needs review again when a flag the marker did not cover appears', () => {
    const before = { ...reviewed, flags: ['unread-header-line'] };

    expect(
      reviewState(
        view({ warnings: [COPIES], reviewFlags: QUEUED, reviewed: before })
      )
    ).toMatchObject({ state: 'needed', earlier: before });
    expect(
      reviewState(
        view({
          corrections: [conflict('c1')],
          reviewFlags: ['correction-conflict'],
          reviewed,
        })
      )
    ).toMatchObject({ state: 'needed', earlier: reviewed });
  });
});

describe('web review: the queue URL', () => {
  it('round-trips the flag and the page', () => {
    const at = { cursor: 'abc', page: 3 };
    const href = reviewHref('truncated', at);

    expect(href).toBe('#/review?flag=truncated&cursor=abc&page=3');
    expect(parseRoute(href)).toEqual({
      view: 'review',
      flag: 'truncated',
      ...at,
    });
    expect(parseRoute('#/review')).toEqual({
      view: 'review',
      flag: null,
      cursor: null,
      page: 1,
    });
    expect(reviewHref()).toBe('#/review');
  });
});

/** A stand-in DOM: elements with children, text nodes with text. */
function tree(spec: (string | NodeLike)[]): NodeLike {
  const node: { -readonly [K in keyof NodeLike]: NodeLike[K] } = {
    nodeType: 1,
    parentNode: null,
    childNodes: [],
    textContent: '',
  };
  const children = spec.map((c) =>
    typeof c === 'string'
      ? { nodeType: 3, parentNode: node, childNodes: [], textContent: c }
      : Object.assign(c, { parentNode: node })
  );
  node.childNodes = children;
  node.textContent = children.map((c) => c.textContent).join('');
  return node;
}

describe('web source pane: a selection as offsets into the text', () => {
  // "To: " + <span>"Molotov"</span> + ", " + <span><span>"Beria"</span></span>
  const molotov = tree(['Molotov']);
  const beria = tree(['Beria']);
  const outer = tree([beria]);
  const pre = tree(['To: ', molotov, ', ', outer]);

  it('counts the text before a position in a text node, across pieces', () => {
    expect(textOffset(pre, molotov.childNodes[0]!, 3)).toBe(7);
    expect(textOffset(pre, beria.childNodes[0]!, 5)).toBe(18);
    expect(textOffset(pre, pre.childNodes[0]!, 0)).toBe(0);
  });

  it('counts whole children before an element position', () => {
    expect(textOffset(pre, pre, 2)).toBe(11);
    expect(textOffset(pre, outer, 1)).toBe(18);
    expect(textOffset(pre, pre, 4)).toBe(pre.textContent!.length);
  });

  it('says null for a position outside the pane', () => {
    const elsewhere = tree(['Title']);

    expect(textOffset(pre, elsewhere.childNodes[0]!, 2)).toBeNull();
  });
});
