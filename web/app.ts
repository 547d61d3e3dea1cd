/// <reference lib="dom" />
/**
 * The query web page's entry: the search form, the error box, and the
 * navigation between its four views (search-view.ts, people-view.ts,
 * review-view.ts, record-view.ts), with the count of records that need
 * review on its nav link. No framework: DOM code bundled by esbuild
 * (web/build.ts) into app.js.
 *
 * Every view is a URL fragment (routes.ts), so the back button, reloads,
 * bookmarks and shared links work: `#/?person=Mao&type=telegram` is a
 * search, `#/people?prefix=K` the people index, `#/review` the review
 * queue, `#/records/<id>` a record.
 */
import { ApiError, errorMessage, getReviewQueue } from './api.ts';
import { byId, el } from './dom.ts';
import { filterChips } from './facets.ts';
import {
  FILTER_NAMES,
  type Filters,
  LIMIT_OPTIONS,
  ROLE_OPTIONS,
  TYPE_OPTIONS,
} from './options.ts';
import { PeoplePage } from './people-view.ts';
import { RecordPage, type Shell } from './record-view.ts';
import { ReviewPage } from './review-view.ts';
import { parseRoute, type Route, searchHref } from './routes.ts';
import { SearchPage } from './search-view.ts';

const form = byId<HTMLFormElement>('search');
const errorBox = byId('error');
const main = byId('main');
const navRecords = byId('nav-records');
const navPeople = byId('nav-people');
const navReview = byId('nav-review');
const navReviewCount = byId('nav-review-count');

// ---- the form and the error box ------------------------------------------

function control(name: string): HTMLInputElement | HTMLSelectElement | null {
  const node = form.elements.namedItem(name);
  return node instanceof HTMLInputElement || node instanceof HTMLSelectElement
    ? node
    : null;
}

function fillSelect(name: string, options: readonly string[]): void {
  const select = control(name);
  for (const option of options) {
    select?.append(el('option', { value: option }, option));
  }
}

function filtersFromForm(): Filters {
  const data = new FormData(form);
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const value = String(data.get(name) ?? '').trim();
    if (value) filters[name] = value;
  }
  return filters;
}

function showFiltersInForm(filters: Filters): void {
  for (const name of FILTER_NAMES) {
    const node = control(name);
    if (!node) continue;
    const value = filters[name] ?? '';
    // a value from a shared link the select does not offer (limit=30)
    if (
      node instanceof HTMLSelectElement &&
      value &&
      !Array.from(node.options).some((o) => o.value === value)
    ) {
      node.append(el('option', { value }, value));
    }
    node.value = value;
  }
}

function showError(error: unknown): void {
  const message =
    error instanceof ApiError
      ? error.refused
        ? errorMessage(error)
        : error.parameter
          ? `Check "${error.parameter}": ${error.message}`
          : error.message
      : `The archive could not be reached (${(error as Error).message}).`;
  errorBox.textContent = message;
  errorBox.hidden = false;
  if (error instanceof ApiError && error.parameter) {
    control(error.parameter)?.setAttribute('aria-invalid', 'true');
  }
}

function clearError(): void {
  errorBox.hidden = true;
  errorBox.textContent = '';
  for (const node of Array.from(form.elements)) {
    node.removeAttribute('aria-invalid');
  }
}

// ---- the count on "Needs review" -----------------------------------------

function showReviewCount(total: number): void {
  navReviewCount.textContent = total.toLocaleString('en-US');
  navReviewCount.hidden = total === 0;
  navReview.setAttribute(
    'aria-label',
    total === 1
      ? 'Needs review: 1 record'
      : `Needs review: ${total.toLocaleString('en-US')} records`
  );
}

/** Asks the queue's size (one item) for the nav link; quiet on failure. */
async function refreshReviewCount(): Promise<void> {
  try {
    showReviewCount((await getReviewQueue(null, 1)).total);
  } catch {
    // the link still works; the queue view reports the error
  }
}

const shell: Shell = {
  main,
  report: showError,
  clear: clearError,
  changed: () => void refreshReviewCount(),
};
const searchPage = new SearchPage(shell);
const peoplePage = new PeoplePage(shell);
const reviewPage = new ReviewPage(shell, showReviewCount);
const recordPage = new RecordPage(shell);

// ---- navigation ----------------------------------------------------------

let currentView: Route['view'] | null = null;

function showView(view: Route['view']): void {
  searchPage.view.hidden = view !== 'search';
  peoplePage.view.hidden = view !== 'people';
  reviewPage.view.hidden = view !== 'review';
  recordPage.view.hidden = view !== 'record';
  const setCurrent = (link: HTMLElement, on: boolean) => {
    if (on) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  };
  setCurrent(navRecords, view === 'search');
  setCurrent(navPeople, view === 'people');
  setCurrent(navReview, view === 'review');
}

async function route(): Promise<void> {
  const next = parseRoute(location.hash);
  const arrived = currentView !== null && currentView !== next.view;
  currentView = next.view;
  showView(next.view);
  switch (next.view) {
    case 'record':
      await recordPage.show(next.id); // focuses the record's heading
      return;
    case 'people':
      await peoplePage.show(next.prefix, next);
      if (arrived) peoplePage.focus();
      return;
    case 'review':
      await reviewPage.show(next.flag, next);
      if (arrived) reviewPage.focus();
      return;
    case 'search': {
      const chips = filterChips(next.filters).map((c) => c.value);
      document.title =
        chips.length > 0
          ? `${chips.join(', ')} · Archive records`
          : 'Archive records';
      showFiltersInForm(next.filters);
      recordPage.backHref = searchHref(next.filters, next);
      await searchPage.show(next.filters, next);
      if (arrived) byId('results-heading').focus();
      return;
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = searchHref(filtersFromForm());
  searchPage.forget(); // a submitted search always asks again
  if (location.hash === next) void route();
  else location.hash = next;
});

fillSelect('role', ROLE_OPTIONS);
fillSelect('type', TYPE_OPTIONS);
fillSelect('limit', LIMIT_OPTIONS);
window.addEventListener('hashchange', () => void route());
void route();
void refreshReviewCount();
