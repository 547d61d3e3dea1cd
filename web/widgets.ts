/// <reference lib="dom" />
/**
 * Small pieces of DOM the views share: a person's name as a link to their
 * records, and the Previous / Next links of a paged list. Built with el()
 * only (text nodes, never HTML).
 */
import { el } from './dom.ts';
import { type PagePosition, personHref } from './routes.ts';

/**
 * A person's name linking to the records that name them (`person=<name>`).
 *
 * @param text what to show (the name, or `Filippov = Stalin`)
 * @param name the name to search for; defaults to `text`
 */
export function personLink(
  text: string,
  name = text,
  attrs: Record<string, string> = {}
): HTMLAnchorElement {
  return el(
    'a',
    {
      class: 'person-link',
      href: personHref(name),
      title: `Records naming ${name}`,
      ...attrs,
    },
    text
  );
}

/** Where the pager's links lead. */
export interface PagerLinks {
  at: PagePosition;
  /** The previous page, if known; null on page 1. */
  previous: string | null;
  /** The first page: offered when the previous one is not known. */
  first: string;
  /** The next page; null on the last. */
  next: string | null;
}

/**
 * Fills a pager nav: "Previous page" (or "First page" when the page was
 * opened from a link and the one before is not known), the page number,
 * "Next page". Missing links are shown as disabled text, not removed, so
 * the bar does not jump.
 */
export function fillPager(nav: HTMLElement, links: PagerLinks): void {
  const { at } = links;
  const back =
    at.page <= 1
      ? el(
          'span',
          { class: 'pager-off', 'aria-disabled': 'true' },
          'Previous page'
        )
      : links.previous !== null
        ? el('a', { href: links.previous, rel: 'prev' }, 'Previous page')
        : el('a', { href: links.first }, 'First page');
  nav.replaceChildren(
    back,
    el('span', { class: 'page-no' }, `Page ${at.page}`),
    links.next
      ? el('a', { href: links.next, rel: 'next' }, 'Next page')
      : el('span', { class: 'pager-off', 'aria-disabled': 'true' }, 'Next page')
  );
  nav.hidden = at.page <= 1 && !links.next;
}

/**
 * Remembers, for the pages seen in this tab, which page came before which
 * (cursors are one-way), so "Previous page" works after "Next page".
 */
export class PageTrail {
  readonly #before = new Map<string, PagePosition>();

  /** Notes that `next` (a cursor) follows the page at `at` of list `list`. */
  follow(list: string, at: PagePosition, next: string): void {
    this.#before.set(`${list}\n${next}`, at);
  }

  /** The page before `at`, if this tab has seen it; page 1 is always known. */
  previous(list: string, at: PagePosition): PagePosition | null {
    if (at.page <= 1 || !at.cursor) return null;
    if (at.page === 2) return { cursor: null, page: 1 };
    return this.#before.get(`${list}\n${at.cursor}`) ?? null;
  }
}
