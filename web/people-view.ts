/// <reference lib="dom" />
/**
 * The people index (`#/people?prefix=K`): everyone the records name,
 * spellings merged, by surname. A letter or typed prefix narrows it; each
 * person shows their record count, roles, years and other spellings, and
 * their name links to their records.
 */
import { fetchPeople, type PeopleResponse, type PersonSummary } from './api.ts';
import { byId, el, replace } from './dom.ts';
import {
  ALPHABET,
  otherSpellings,
  recordCount,
  rolesText,
  yearSpan,
} from './people.ts';
import type { Shell } from './record-view.ts';
import { type PagePosition, peopleHref } from './routes.ts';
import { fillPager, PageTrail, personLink } from './widgets.ts';

/** People per page. */
const PAGE_SIZE = 50;

function personItem(p: PersonSummary): HTMLLIElement {
  const others = otherSpellings(p);
  const roles = rolesText(p.roles);
  return el(
    'li',
    { class: 'person' },
    el(
      'div',
      { class: 'person-head' },
      personLink(p.name, p.name, { class: 'person-link person-name' }),
      el('span', { class: 'person-count' }, recordCount(p.records))
    ),
    el(
      'div',
      { class: 'person-meta' },
      roles ? el('span', {}, roles) : null,
      el('span', {}, yearSpan(p.years))
    ),
    others.length > 0
      ? el('p', { class: 'variants' }, 'Also written: ', others.join('; '))
      : null
  );
}

/** The people view: one instance, filled by `show`. */
export class PeoplePage {
  readonly view = byId('people-view');
  readonly #heading = byId('people-heading');
  readonly #alphabet = byId('alphabet');
  readonly #form = byId<HTMLFormElement>('people-form');
  readonly #input = byId<HTMLInputElement>('p-prefix');
  readonly #status = byId('people-status');
  readonly #list = byId('people');
  readonly #pager = byId('people-pager');
  readonly #trail = new PageTrail();
  /** Counts `show` calls: an answer to an older one is dropped. */
  #asked = 0;
  #shown: {
    prefix: string;
    cursor: string | null;
    page: PeopleResponse;
  } | null = null;

  constructor(private readonly shell: Shell) {
    this.#fillAlphabet();
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = peopleHref(this.#input.value);
      this.#shown = null;
      if (location.hash === next)
        void this.show(this.#input.value, { cursor: null, page: 1 });
      else location.hash = next;
    });
  }

  #fillAlphabet(): void {
    replace(
      this.#alphabet,
      el('li', {}, el('a', { href: peopleHref(), 'data-prefix': '' }, 'All')),
      ALPHABET.map((letter) =>
        el(
          'li',
          {},
          el(
            'a',
            {
              href: peopleHref(letter),
              'data-prefix': letter,
              'aria-label': `Surnames beginning with ${letter}`,
            },
            letter
          )
        )
      )
    );
  }

  /** Marks the letter shown (the links stay, so focus stays on them). */
  #markLetter(prefix: string): void {
    const current = prefix.toLocaleUpperCase();
    for (const link of Array.from(
      this.#alphabet.querySelectorAll<HTMLElement>('a[data-prefix]')
    )) {
      if (link.getAttribute('data-prefix') === current) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
  }

  /** Shows one page of the index for `prefix` ('' for everyone). */
  async show(prefix: string, at: PagePosition): Promise<void> {
    this.#markLetter(prefix);
    this.#input.value = prefix;
    document.title = prefix
      ? `People: ${prefix} · Archive records`
      : 'People · Archive records';
    const { main, report, clear } = this.shell;
    const shown = this.#shown;
    const asked = ++this.#asked;
    let page: PeopleResponse;
    if (shown && shown.prefix === prefix && shown.cursor === at.cursor) {
      page = shown.page;
    } else {
      main.setAttribute('aria-busy', 'true');
      this.#status.textContent = 'Loading people…';
      try {
        page = await fetchPeople(prefix, at.cursor, PAGE_SIZE);
        // a later navigation asked again (Back, a letter, the form):
        // its answer is the one to show, whenever it comes
        if (asked !== this.#asked) return;
        clear();
      } catch (error) {
        if (asked !== this.#asked) return;
        report(error);
        this.#status.textContent = '';
        replace(this.#list);
        this.#pagerFor(prefix, at, null);
        return;
      } finally {
        if (asked === this.#asked) main.removeAttribute('aria-busy');
      }
      this.#shown = { prefix, cursor: at.cursor, page };
      if (page.cursor) this.#trail.follow(prefix, at, page.cursor);
    }
    replace(this.#list, page.items.map(personItem));
    const n = page.items.length;
    const whose = prefix ? ` whose surname begins with "${prefix}"` : '';
    this.#status.textContent =
      n === 0
        ? `No people${whose}.`
        : `${n} ${n === 1 ? 'person' : 'people'}${whose}${at.page > 1 ? ` on page ${at.page}` : ''}${page.cursor ? ', more on the next page' : ''}.`;
    this.#pagerFor(prefix, at, page.cursor);
  }

  #pagerFor(prefix: string, at: PagePosition, next: string | null): void {
    const previous = this.#trail.previous(prefix, at);
    fillPager(this.#pager, {
      at,
      previous: previous ? peopleHref(prefix, previous) : null,
      first: peopleHref(prefix),
      next: next
        ? peopleHref(prefix, { cursor: next, page: at.page + 1 })
        : null,
    });
  }

  /** Moves focus to the heading (on arriving from another view). */
  focus(): void {
    this.#heading.focus();
  }
}
