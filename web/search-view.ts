/// <reference lib="dom" />
/**
 * The search view (`#/?person=…&type=…`): the count of the match, the
 * active filters as removable chips, the facets (type, year, person: one
 * click narrows, a click on the selected value removes it), the result
 * list with people linked and text-search snippets, and the pager. Every
 * state is a URL, so each click is a navigation the back button undoes.
 */
import {
  ApiError,
  type Facets,
  type RecordSummary,
  type SearchResponse,
  searchRecords,
} from './api.ts';
import { byId, el, replace } from './dom.ts';
import {
  type FacetEntry,
  type FacetGroup,
  facetGroups,
  filterChips,
  matchSentence,
} from './facets.ts';
import type { Filters } from './options.ts';
import type { Shell } from './record-view.ts';
import {
  filtersKey,
  type PagePosition,
  recordHref,
  searchHref,
} from './routes.ts';
import { snippetPieces } from './snippet.ts';
import { fillPager, PageTrail, personLink } from './widgets.ts';

/** Facet values shown before "Show all": keeps the panel short on phones. */
const FACET_SHOWN = 8;

/** The API's page size when `limit` is not given (DEFAULT_LIMIT). */
const DEFAULT_LIMIT = 20;

function namesNode(names: readonly string[]): (Node | string)[] {
  return names.flatMap((name, i) => [i > 0 ? ', ' : '', personLink(name)]);
}

/** `Kim Il Sung → Stalin (via Shtykov)`, each name a link. */
function peopleNode(r: RecordSummary): HTMLElement | null {
  if (r.authors.length + r.recipients.length + r.via.length === 0) return null;
  const from = namesNode(r.authors);
  const to = namesNode(r.recipients);
  const both = r.authors.length > 0 && r.recipients.length > 0;
  return el(
    'span',
    { class: 'hit-people' },
    from,
    both ? ' → ' : '',
    to,
    r.via.length > 0 ? [' (via ', ...namesNode(r.via), ')'] : []
  );
}

function snippetNode(r: RecordSummary): HTMLElement | null {
  if (!r.snippet) return null;
  return el(
    'p',
    { class: 'snippet' },
    snippetPieces(r.snippet).map((p) =>
      p.marked ? el('mark', {}, p.text) : p.text
    )
  );
}

function resultItem(r: RecordSummary): HTMLLIElement {
  return el(
    'li',
    { class: 'hit' },
    el(
      'a',
      { class: 'hit-title', href: recordHref(r.id) },
      r.title ?? r.sourceKey ?? r.id
    ),
    el(
      'div',
      { class: 'hit-meta' },
      el('span', { class: 'hit-date' }, r.date ?? 'undated'),
      el(
        'span',
        { class: 'hit-type' },
        r.status === 'failed' ? 'not processed' : r.documentType
      ),
      r.telegramNumber
        ? el('span', { class: 'hit-number' }, `No. ${r.telegramNumber}`)
        : null,
      peopleNode(r)
    ),
    snippetNode(r),
    r.warnings.length > 0
      ? el(
          'ul',
          { class: 'badges', 'aria-label': 'Warnings' },
          r.warnings.map((w) =>
            el(
              'li',
              { class: 'badge warn', title: w.message },
              w.code.replace(/-/g, ' ')
            )
          )
        )
      : null
  );
}

function entryNode(group: FacetGroup, e: FacetEntry): HTMLLIElement {
  const records = `${e.count} record${e.count === 1 ? '' : 's'}`;
  const body = [
    el('span', { class: 'facet-label' }, e.label),
    el('span', { class: 'facet-count' }, e.count),
  ];
  if (!e.href) {
    return el(
      'li',
      {},
      el(
        'span',
        {
          class: 'facet facet-plain',
          title: 'No filter for records without a date',
        },
        body
      )
    );
  }
  return el(
    'li',
    {},
    el(
      'a',
      {
        class: e.active ? 'facet on' : 'facet',
        href: e.href,
        'aria-current': e.active ? 'true' : null,
        'aria-label': e.active
          ? `${e.label}: ${records}, selected; remove this filter`
          : `${e.label}: ${records}`,
        'data-focus-key': `${group.name}:${e.label}`,
      },
      body
    )
  );
}

function groupNode(group: FacetGroup): HTMLElement | null {
  if (group.entries.length === 0) return null;
  const headingId = `facet-${group.name}`;
  const items = group.entries.map((e, i) => {
    const item = entryNode(group, e);
    if (i >= FACET_SHOWN && !e.active) item.hidden = true;
    return item;
  });
  const hidden = items.filter((i) => i.hidden);
  const list = el(
    'ul',
    { class: 'facet-list', 'aria-labelledby': headingId },
    items
  );
  let toggle: HTMLButtonElement | null = null;
  if (hidden.length > 0) {
    const more = `Show all ${group.entries.length}`;
    toggle = el(
      'button',
      { type: 'button', class: 'facet-more', 'aria-expanded': 'false' },
      more
    );
    const button = toggle;
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      for (const item of hidden) item.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? 'Show fewer' : more;
    });
  }
  return el(
    'section',
    { class: `facet-group facet-${group.name}` },
    el('h4', { id: headingId }, group.title),
    list,
    toggle
  );
}

interface Shown {
  key: string;
  at: PagePosition;
  page: SearchResponse;
  facets: Facets | null;
}

/** The search view: one instance, filled by `show`. */
export class SearchPage {
  readonly view = byId('results-view');
  readonly #heading = byId('results-heading');
  readonly #status = byId('results-status');
  readonly #chips = byId('active-filters');
  readonly #facets = byId('facets');
  readonly #facetsNote = byId('facets-note');
  readonly #facetGroups = byId('facet-groups');
  readonly #list = byId('results');
  readonly #pager = byId('results-pager');
  readonly #trail = new PageTrail();
  /** Facets of each search seen (they come with page 1 only). */
  readonly #facetCache = new Map<string, Facets>();
  #shown: Shown | null = null;
  /** Counts `show` calls: an answer to an older one is dropped. */
  #asked = 0;
  /** The facet or chip clicked last: focus returns to it after the load. */
  #focusKey: string | null = null;

  constructor(private readonly shell: Shell) {
    this.view.addEventListener('click', (e) => {
      const link =
        e.target instanceof Element
          ? e.target.closest<HTMLElement>('[data-focus-key]')
          : null;
      if (link) this.#focusKey = link.getAttribute('data-focus-key');
    });
  }

  /** Drops what is cached, so the next `show` asks the API again. */
  forget(): void {
    this.#shown = null;
    this.#facetCache.clear();
  }

  /** Shows one page of a search, from the cache when it is the same. */
  async show(filters: Filters, at: PagePosition): Promise<void> {
    const key = filtersKey(filters);
    const shown = this.#shown;
    const asked = ++this.#asked;
    if (shown && shown.key === key && shown.at.cursor === at.cursor) {
      this.#render(filters, shown); // back from a record: same page
      return;
    }
    const { main, report, clear } = this.shell;
    main.setAttribute('aria-busy', 'true');
    this.#status.textContent = 'Searching…';
    try {
      const cached = this.#facetCache.get(key);
      // facets come with page 1; a later page opened from a link asks
      const page = await searchRecords(filters, at.cursor, {
        facets: Boolean(at.cursor) && !cached,
      });
      const facets = page.facets ?? cached ?? null;
      if (facets) this.#facetCache.set(key, facets);
      if (page.cursor) this.#trail.follow(key, at, page.cursor);
      // a later search was asked for: its answer is the one to show
      if (asked !== this.#asked) return;
      clear();
      this.#shown = { key, at, page, facets };
      this.#render(filters, this.#shown);
    } catch (error) {
      if (asked !== this.#asked) return;
      report(error);
      this.#status.textContent = '';
      replace(this.#list);
      this.#facets.hidden = true;
      this.#chipsFor(filters);
      this.#pagerFor(filters, at, null);
      if (error instanceof ApiError && error.parameter === 'cursor') {
        this.#status.textContent =
          'This page link no longer works; start again from the first page.';
      }
    } finally {
      if (asked === this.#asked) main.removeAttribute('aria-busy');
    }
  }

  #render(filters: Filters, shown: Shown): void {
    const { page, facets, at } = shown;
    replace(this.#list, page.items.map(resultItem));
    this.#status.textContent = this.#statusText(filters, shown);
    this.#chipsFor(filters);
    if (facets && facets.total > 0) {
      const groups = facetGroups(facets, filters);
      replace(this.#facetGroups, groups.map(groupNode));
      this.#facetsNote.textContent = facets.complete
        ? ''
        : `Counts cover the newest ${facets.total} records of the match.`;
      this.#facetsNote.hidden = facets.complete;
      this.#facets.hidden = false;
    } else {
      replace(this.#facetGroups);
      this.#facets.hidden = true;
    }
    this.#pagerFor(filters, at, page.cursor);
    this.#restoreFocus();
  }

  #statusText(filters: Filters, { page, facets, at }: Shown): string {
    const n = page.items.length;
    if (n === 0 && at.page === 1) return 'No records match.';
    const count = facets ? matchSentence(facets) : '';
    if (at.page === 1 && !page.cursor && count) return count; // one page
    const size = Number(filters.limit) || DEFAULT_LIMIT;
    const first = (at.page - 1) * size + 1;
    const range =
      n === 0
        ? `Page ${at.page} is empty.`
        : `Page ${at.page}: ${n === 1 ? `record ${first}` : `records ${first}–${first + n - 1}`}${page.cursor ? ', more on the next page' : ''}.`;
    return count ? `${count} ${range}` : range;
  }

  #chipsFor(filters: Filters): void {
    const chips = filterChips(filters);
    replace(
      this.#chips,
      chips.map((c) =>
        el(
          'li',
          { class: 'chip' },
          el('span', {}, `${c.label}: `, el('strong', {}, c.value)),
          el(
            'a',
            {
              class: 'chip-remove',
              href: c.removeHref,
              'aria-label': `Remove filter ${c.label}: ${c.value}`,
              title: 'Remove this filter',
              'data-focus-key': 'heading',
            },
            '×'
          )
        )
      ),
      chips.length > 1
        ? el(
            'li',
            {},
            el(
              'a',
              { href: searchHref({}), 'data-focus-key': 'heading' },
              'Clear all'
            )
          )
        : null
    );
    this.#chips.hidden = chips.length === 0;
  }

  #pagerFor(filters: Filters, at: PagePosition, next: string | null): void {
    const key = filtersKey(filters);
    const previous = this.#trail.previous(key, at);
    fillPager(this.#pager, {
      at,
      previous: previous ? searchHref(filters, previous) : null,
      first: searchHref(filters),
      next: next
        ? searchHref(filters, { cursor: next, page: at.page + 1 })
        : null,
    });
  }

  #restoreFocus(): void {
    const key = this.#focusKey;
    if (!key) return;
    this.#focusKey = null;
    const target =
      key === 'heading'
        ? null
        : this.view.querySelector<HTMLElement>(
            `[data-focus-key="${CSS.escape(key)}"]`
          );
    (target ?? this.#heading).focus();
  }
}
