/// <reference lib="dom" />
/**
 * The query web page: search form → result list → record view with the
 * source text beside it. No framework: a few hundred lines of DOM code
 * bundled by esbuild (web/build.ts) into app.js.
 *
 * Navigation is in the URL fragment, so the back button and links work:
 * `#/?text=…&person=…` is a search, `#/records/<id>` a record.
 */
import {
  ApiError,
  type Filters,
  getRecordText,
  getRecordView,
  type RecordSummary,
  type RecordView,
  type SearchResponse,
  searchRecords,
} from './api.ts';
import { byId, el, replace } from './dom.ts';
import {
  type Cell,
  type FieldValue,
  fieldLabels,
  recordSections,
  type Section,
} from './fields.ts';
import { FILTER_NAMES, ROLE_OPTIONS, TYPE_OPTIONS } from './options.ts';
import { SourceView } from './source-view.ts';

const form = byId<HTMLFormElement>('search');
const errorBox = byId('error');
const main = byId('main');
const resultsView = byId('results-view');
const resultsStatus = byId('results-status');
const resultsList = byId('results');
const prevButton = byId<HTMLButtonElement>('prev');
const nextButton = byId<HTMLButtonElement>('next');
const pageNo = byId('page-no');
const recordView = byId('record-view');
const recordTitle = byId('record-title');
const recordMeta = byId('record-meta');
const recordFields = byId('record-fields');
const picked = byId('picked');
const sourceText = byId('source-text');

let labels = new Map<string, string>();
const source = new SourceView(sourceText, pickField);

// ---- search ------------------------------------------------------------

interface SearchState {
  key: string;
  filters: Filters;
  /** Cursor of each page shown so far (page 1: null). */
  cursors: (string | null)[];
  page: SearchResponse | null;
}
let search: SearchState | null = null;

function fillSelect(name: string, options: readonly string[]): void {
  const select = form.elements.namedItem(name) as HTMLSelectElement;
  for (const option of options) {
    select.append(el('option', { value: option }, option));
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
    const control = form.elements.namedItem(name) as HTMLInputElement | null;
    if (control) control.value = filters[name] ?? '';
  }
}

function showError(error: unknown): void {
  const message =
    error instanceof ApiError
      ? error.parameter
        ? `Check "${error.parameter}": ${error.message}`
        : error.message
      : `The archive could not be reached (${(error as Error).message}).`;
  errorBox.textContent = message;
  errorBox.hidden = false;
  if (error instanceof ApiError && error.parameter) {
    const control = form.elements.namedItem(error.parameter);
    if (control instanceof HTMLElement) {
      control.setAttribute('aria-invalid', 'true');
    }
  }
}

function clearError(): void {
  errorBox.hidden = true;
  errorBox.textContent = '';
  for (const control of Array.from(form.elements)) {
    control.removeAttribute('aria-invalid');
  }
}

function people(r: RecordSummary): string {
  const from = r.authors.join(', ');
  const to = r.recipients.join(', ');
  const via = r.via.length > 0 ? ` (via ${r.via.join(', ')})` : '';
  if (from && to) return `${from} → ${to}${via}`;
  return `${from || to}${via}`;
}

function resultItem(r: RecordSummary): HTMLLIElement {
  return el(
    'li',
    { class: 'hit' },
    el(
      'a',
      { class: 'hit-title', href: `#/records/${encodeURIComponent(r.id)}` },
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
      people(r) ? el('span', { class: 'hit-people' }, people(r)) : null
    ),
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

function renderResults(): void {
  if (!search?.page) return;
  const { items, cursor } = search.page;
  const n = search.cursors.length;
  replace(resultsList, items.map(resultItem));
  resultsStatus.textContent =
    items.length === 0
      ? 'No records match.'
      : `Page ${n}: ${items.length} record${items.length === 1 ? '' : 's'}${cursor ? ', more on the next page' : ''}.`;
  pageNo.textContent = `Page ${n}`;
  prevButton.disabled = n <= 1;
  nextButton.disabled = !cursor;
}

async function loadPage(): Promise<void> {
  if (!search) return;
  const cursor = search.cursors.at(-1) ?? null;
  main.setAttribute('aria-busy', 'true');
  resultsStatus.textContent = 'Searching…';
  try {
    search.page = await searchRecords(search.filters, cursor);
    clearError();
    renderResults();
  } catch (error) {
    showError(error);
    resultsStatus.textContent = '';
  } finally {
    main.removeAttribute('aria-busy');
  }
}

async function showSearch(filters: Filters): Promise<void> {
  recordView.hidden = true;
  resultsView.hidden = false;
  showFiltersInForm(filters);
  const key = new URLSearchParams(filters).toString();
  if (search?.key === key && search.page) {
    renderResults(); // back from a record: same page as before
    return;
  }
  search = { key, filters, cursors: [null], page: null };
  await loadPage();
}

// ---- record ------------------------------------------------------------

function valueNode(v: FieldValue): HTMLElement {
  return v.path
    ? el(
        'button',
        {
          type: 'button',
          class: 'val',
          'data-path': v.path,
          'aria-describedby': 'source-heading',
        },
        v.text
      )
    : el('span', { class: 'val plain' }, v.text);
}

function cellNodes(cell: Cell): (HTMLElement | string)[] {
  if (typeof cell === 'string') return [cell];
  const values = Array.isArray(cell) ? cell : [cell];
  return values.map(valueNode);
}

function sectionNode(section: Section): HTMLElement {
  const rows = section.rows.map((row) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, row.label),
      el('td', {}, el('div', { class: 'vals' }, row.values.map(valueNode)))
    )
  );
  const table = section.table;
  return el(
    'section',
    { class: 'fields-section' },
    el('h3', {}, section.title),
    rows.length > 0
      ? el('table', { class: 'kv' }, el('tbody', {}, rows))
      : null,
    table
      ? el(
          'table',
          { class: 'grid' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              table.columns.map((c) => el('th', { scope: 'col' }, c))
            )
          ),
          el(
            'tbody',
            {},
            table.rows.map((cells) =>
              el(
                'tr',
                {},
                cells.map((cell) =>
                  el('td', {}, el('div', { class: 'vals' }, cellNodes(cell)))
                )
              )
            )
          )
        )
      : null
  );
}

function warningsNode(view: RecordView): HTMLElement | null {
  if (view.warnings.length === 0) return null;
  return el(
    'section',
    { class: 'warnings', 'aria-labelledby': 'warnings-heading' },
    el('h3', { id: 'warnings-heading' }, 'Warnings'),
    el(
      'ul',
      {},
      view.warnings.map((w) =>
        el(
          'li',
          {},
          el('span', { class: 'badge warn' }, w.code.replace(/-/g, ' ')),
          ' ',
          w.message
        )
      )
    )
  );
}

function sourceNode(view: RecordView): HTMLElement {
  const r = view.record;
  const rows: [string, string | HTMLElement | null][] = [
    [
      'File',
      view.source.link
        ? el(
            'a',
            {
              href: view.source.link,
              target: '_blank',
              rel: 'noopener noreferrer',
            },
            'Open the source file'
          )
        : 'No link: the source object is not in the archive bucket.',
    ],
    ['Key', view.source.key ?? r.source.path ?? null],
    ['Version', r.source.versionId ?? r.source.etag ?? null],
    ['SHA-256', r.source.sha256],
    ['Size', `${r.source.size.toLocaleString('en-US')} bytes`],
    ['Content type', r.source.contentType],
    [
      'Decoded as',
      r.text
        ? `${r.text.format}${r.text.encoding ? `, ${r.text.encoding}` : ''}`
        : null,
    ],
    ['Processed', `${r.processedAt} by parser ${r.parserVersion}`],
    ['Duplicate of', r.duplicateOf],
  ];
  return el(
    'section',
    { class: 'fields-section' },
    el('h3', {}, 'Source'),
    el(
      'table',
      { class: 'kv' },
      el(
        'tbody',
        {},
        rows
          .filter(([, v]) => v !== null && v !== '')
          .map(([label, v]) =>
            el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, v))
          )
      )
    ),
    view.source.link
      ? el(
          'p',
          { class: 'hint' },
          'The link is valid for a few minutes; reopen the record for a new one.'
        )
      : null
  );
}

function auditNode(view: RecordView): HTMLElement {
  return el(
    'section',
    { class: 'fields-section' },
    el('h3', {}, 'Audit trail'),
    view.auditTrail.length === 0
      ? el('p', {}, 'No processing events recorded.')
      : el(
          'div',
          { class: 'table-scroll' },
          el(
            'table',
            { class: 'grid audit' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ['When', 'Step', 'Outcome', 'By', 'Detail'].map((c) =>
                  el('th', { scope: 'col' }, c)
                )
              )
            ),
            el(
              'tbody',
              {},
              view.auditTrail.map((e) =>
                el(
                  'tr',
                  {},
                  el(
                    'td',
                    {},
                    el(
                      'time',
                      { datetime: e.at },
                      e.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
                    )
                  ),
                  el('td', {}, e.type),
                  el('td', { class: `outcome-${e.outcome}` }, e.outcome),
                  el('td', {}, `${e.agent} ${e.parserVersion}`),
                  el('td', { class: 'detail' }, detailText(e.detail))
                )
              )
            )
          )
        )
  );
}

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

function pickField(paths: string[]): void {
  const [path, ...outer] = paths;
  if (!path) return;
  const label = labels.get(path) ?? path;
  const around = outer
    .map((p) => labels.get(p))
    .filter((l): l is string => Boolean(l));
  picked.textContent = `Marked text is ${label} (${path})${around.length > 0 ? `, inside ${around.join(', ')}` : ''}.`;
  const button = recordFields.querySelector<HTMLElement>(
    `[data-path="${CSS.escape(path)}"]`
  );
  if (button) {
    button.focus();
    button.classList.remove('flash');
    void button.offsetWidth; // restart the animation
    button.classList.add('flash');
  } else {
    source.highlight(path);
  }
}

function pathOf(target: EventTarget | null): string | null {
  return target instanceof Element
    ? (target.closest('[data-path]')?.getAttribute('data-path') ?? null)
    : null;
}

function setActive(path: string | null): void {
  for (const node of Array.from(recordFields.querySelectorAll('.val.active'))) {
    node.classList.remove('active');
  }
  if (path) {
    for (const node of Array.from(
      recordFields.querySelectorAll(`[data-path="${CSS.escape(path)}"]`)
    )) {
      node.classList.add('active');
    }
  }
  source.highlight(path);
}

recordFields.addEventListener('focusin', (e) => setActive(pathOf(e.target)));
recordFields.addEventListener('focusout', (e) =>
  setActive(pathOf(e.relatedTarget))
);
recordFields.addEventListener('mouseover', (e) => {
  const path = pathOf(e.target);
  if (path) setActive(path);
});
recordFields.addEventListener('mouseout', (e) => {
  if (!pathOf(e.target)) return;
  setActive(pathOf(e.relatedTarget) ?? pathOf(document.activeElement));
});

async function showRecord(id: string): Promise<void> {
  resultsView.hidden = true;
  recordView.hidden = false;
  replace(recordTitle, 'Loading…');
  replace(recordMeta);
  replace(recordFields);
  replace(picked);
  sourceText.textContent = '';
  main.setAttribute('aria-busy', 'true');
  try {
    const [view, text] = await Promise.all([
      getRecordView(id),
      getRecordText(id).catch((error: unknown) => error as Error),
    ]);
    clearError();
    const r = view.record;
    replace(recordTitle, r.title ?? r.source.key ?? r.id);
    replace(
      recordMeta,
      el('span', {}, r.date ?? 'undated'),
      el('span', {}, r.status === 'failed' ? 'not processed' : r.documentType),
      el('span', { class: 'mono' }, r.id)
    );
    const sections = recordSections(r);
    labels = fieldLabels(sections);
    replace(
      recordFields,
      warningsNode(view),
      sections.map(sectionNode),
      sourceNode(view),
      auditNode(view)
    );
    if (typeof text === 'string') {
      source.render(text, r.provenance);
    } else {
      sourceText.textContent = `The decoded text is not available (${text.message}).`;
    }
    document.title = `${r.title ?? r.id} · Archive records`;
    recordTitle.focus();
  } catch (error) {
    replace(recordTitle, 'Record not available');
    showError(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

// ---- navigation --------------------------------------------------------

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, '');
  const record = /^\/records\/(.+)$/.exec(hash);
  if (record) {
    await showRecord(decodeURIComponent(record[1]!));
    return;
  }
  document.title = 'Archive records';
  const query = hash.startsWith('/?') ? hash.slice(2) : '';
  await showSearch(Object.fromEntries(new URLSearchParams(query)));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = new URLSearchParams(filtersFromForm()).toString();
  const next = `#/?${query}`;
  search = null; // a submitted search always asks again
  if (location.hash === next) void route();
  else location.hash = next;
});

prevButton.addEventListener('click', () => {
  if (!search || search.cursors.length <= 1) return;
  search.cursors.pop();
  void loadPage();
});

nextButton.addEventListener('click', () => {
  const cursor = search?.page?.cursor;
  if (!search || !cursor) return;
  search.cursors.push(cursor);
  void loadPage();
});

fillSelect('role', ROLE_OPTIONS);
fillSelect('type', TYPE_OPTIONS);
window.addEventListener('hashchange', () => void route());
void route();
