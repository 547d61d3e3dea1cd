/// <reference lib="dom" />
/**
 * The review queue (`#/review`): the records the extractor flagged, oldest
 * first, with counts by flag over the whole queue that narrow the list
 * (`#/review?flag=…`), each record linking to its record view, where it is
 * corrected and marked reviewed. `GET /review` has no flag filter, so a
 * flag narrows each page of the queue as it arrives (pages of 100).
 */
import {
  getReviewQueue,
  type ReviewQueue,
  type ReviewQueueItem,
} from './api.ts';
import { byId, el, replace } from './dom.ts';
import { formatWhen } from './edits.ts';
import type { Shell } from './record-view.ts';
import { flagCounts, flagLabel, flagMessage, queueSentence } from './review.ts';
import { type PagePosition, recordHref, reviewHref } from './routes.ts';
import { fillPager, PageTrail } from './widgets.ts';

/** Records per page of the queue (the API's limit is 200). */
const PAGE_SIZE = 100;

function itemNode(item: ReviewQueueItem): HTMLLIElement {
  return el(
    'li',
    { class: 'hit', 'data-id': item.id },
    el(
      'a',
      { class: 'hit-title', href: recordHref(item.id) },
      item.title ?? item.id
    ),
    el(
      'div',
      { class: 'hit-meta' },
      el('span', { class: 'hit-date' }, item.date ?? 'undated'),
      el('span', { class: 'hit-type' }, item.documentType),
      el(
        'span',
        {},
        'processed ',
        el('time', { datetime: item.processedAt }, formatWhen(item.processedAt))
      )
    ),
    el(
      'ul',
      { class: 'badges', 'aria-label': 'Flags' },
      item.flags.map((f) =>
        el(
          'li',
          {},
          el(
            'span',
            { class: 'badge warn', title: flagMessage(f), 'data-flag': f },
            flagLabel(f)
          )
        )
      )
    )
  );
}

/** The review view: one instance, filled by `show`. */
export class ReviewPage {
  readonly view = byId('review-view');
  readonly #heading = byId('review-heading');
  readonly #status = byId('review-status');
  readonly #counts = byId('review-counts');
  readonly #list = byId('review-list');
  readonly #pager = byId('review-pager');
  readonly #trail = new PageTrail();
  /** Counts `show` calls: an answer to an older one is dropped. */
  #asked = 0;

  /**
   * @param onTotal told the size of the whole queue whenever a page of it
   *   without a flag filter arrives (the nav link's count)
   */
  constructor(
    private readonly shell: Shell,
    private readonly onTotal: (total: number) => void = () => {}
  ) {}

  /** Moves focus to the view's heading (arriving from another view). */
  focus(): void {
    this.#heading.focus();
  }

  /** Loads and shows one page of the queue. */
  async show(flag: string | null, at: PagePosition): Promise<void> {
    const { main, report, clear } = this.shell;
    const asked = ++this.#asked;
    main.setAttribute('aria-busy', 'true');
    this.#status.textContent = 'Loading…';
    try {
      const page = await getReviewQueue(at.cursor, PAGE_SIZE);
      if (asked !== this.#asked) return;
      clear();
      if (!flag) this.onTotal(page.total);
      this.#render(page, flag, at);
      document.title = 'Needs review · Archive records';
    } catch (error) {
      if (asked !== this.#asked) return;
      this.#status.textContent = 'The review queue could not be loaded.';
      replace(this.#list);
      replace(this.#counts);
      this.#pager.hidden = true;
      report(error);
    } finally {
      if (asked === this.#asked) main.removeAttribute('aria-busy');
    }
  }

  #render(page: ReviewQueue, flag: string | null, at: PagePosition): void {
    // a page of the whole queue, narrowed here to the flag asked for
    const items = flag
      ? page.items.filter((i) => i.flags.includes(flag))
      : page.items;
    const counts = flagCounts(page.counts);
    replace(
      this.#counts,
      el(
        'li',
        {},
        el(
          'a',
          {
            class: flag ? 'facet all' : 'facet all on',
            href: reviewHref(),
            'aria-current': flag ? null : 'true',
          },
          el('span', { class: 'facet-label' }, 'All flags'),
          el('span', { class: 'facet-count' }, page.total)
        )
      ),
      counts.map((c) =>
        el(
          'li',
          {},
          el(
            'a',
            {
              class: c.flag === flag ? 'facet on' : 'facet',
              href: reviewHref(c.flag === flag ? null : c.flag),
              'aria-current': c.flag === flag ? 'true' : null,
              'aria-label': `${c.label}: ${c.count} ${c.count === 1 ? 'record' : 'records'}${c.flag === flag ? ', selected; show all' : ''}`,
              title: flagMessage(c.flag),
              'data-flag': c.flag,
            },
            el('span', { class: 'facet-label' }, c.label),
            el('span', { class: 'facet-count' }, c.count)
          )
        )
      )
    );
    this.#status.textContent = flag
      ? `${queueSentence(page.counts[flag] ?? items.length, flag)}${page.cursor || at.page > 1 ? ` Page ${at.page} of the queue has ${items.length}.` : ''}`
      : queueSentence(page.total);
    replace(this.#list, items.map(itemNode));
    const list = `review\n${flag ?? ''}`;
    if (page.cursor) this.#trail.follow(list, at, page.cursor);
    const previous = this.#trail.previous(list, at);
    fillPager(this.#pager, {
      at,
      previous: previous ? reviewHref(flag, previous) : null,
      first: reviewHref(flag),
      next: page.cursor
        ? reviewHref(flag, { cursor: page.cursor, page: at.page + 1 })
        : null,
    });
  }
}
