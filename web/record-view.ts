/// <reference lib="dom" />
/**
 * The record view (`#/records/<id>`): the record's fields as tables, each
 * value tied to its span in the decoded text beside it (hover or focus a
 * value to mark its span; click marked text to learn which field it is).
 * People's names link to their records. Then warnings, the source with its
 * downloads (file, decoded text, TEI XML) and the audit trail.
 */
import {
  getRecordText,
  getRecordView,
  type RecordView,
  teiHref,
  textHref,
} from './api.ts';
import { byId, el, replace } from './dom.ts';
import {
  type Cell,
  type FieldValue,
  fieldLabels,
  recordSections,
  type Section,
} from './fields.ts';
import { personHref } from './routes.ts';
import { SourceView } from './source-view.ts';

/** What the record view needs from the page around it. */
export interface Shell {
  main: HTMLElement;
  report: (error: unknown) => void;
  clear: () => void;
}

function valueNode(v: FieldValue): HTMLElement {
  const provenance = v.path
    ? { 'data-path': v.path, 'aria-describedby': 'source-heading' }
    : {};
  if (v.person) {
    // a link to the person's records; hovering or focusing it still
    // marks its span in the source, as a value button does
    return el(
      'a',
      {
        class: v.path ? 'val person-link' : 'val plain person-link',
        href: personHref(v.person),
        title: `Records naming ${v.person}`,
        ...provenance,
      },
      v.text
    );
  }
  return v.path
    ? el('button', { type: 'button', class: 'val', ...provenance }, v.text)
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
    [
      'Export',
      el(
        'span',
        { class: 'exports' },
        r.text ? el('a', { href: textHref(r.id) }, 'Decoded text') : null,
        r.status === 'ok'
          ? el(
              'a',
              { href: teiHref(r.id), type: 'application/tei+xml' },
              'TEI XML'
            )
          : null
      ),
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

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
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

function pathOf(target: EventTarget | null): string | null {
  return target instanceof Element
    ? (target.closest('[data-path]')?.getAttribute('data-path') ?? null)
    : null;
}

/** The record view: one instance, filled by `show`. */
export class RecordPage {
  readonly view = byId('record-view');
  readonly #title = byId('record-title');
  readonly #meta = byId('record-meta');
  readonly #fields = byId('record-fields');
  readonly #picked = byId('picked');
  readonly #text = byId('source-text');
  readonly #back = byId<HTMLAnchorElement>('back');
  readonly #source = new SourceView(this.#text, (paths) =>
    this.#pickField(paths)
  );
  #labels = new Map<string, string>();

  constructor(private readonly shell: Shell) {
    const fields = this.#fields;
    fields.addEventListener('focusin', (e) =>
      this.#setActive(pathOf(e.target))
    );
    fields.addEventListener('focusout', (e) =>
      this.#setActive(pathOf(e.relatedTarget))
    );
    fields.addEventListener('mouseover', (e) => {
      const path = pathOf(e.target);
      if (path) this.#setActive(path);
    });
    fields.addEventListener('mouseout', (e) => {
      if (!pathOf(e.target)) return;
      this.#setActive(
        pathOf(e.relatedTarget) ?? pathOf(document.activeElement)
      );
    });
  }

  /** Where "Back to results" leads (the last search shown). */
  set backHref(href: string) {
    this.#back.setAttribute('href', href);
  }

  #pickField(paths: string[]): void {
    const [path, ...outer] = paths;
    if (!path) return;
    const label = this.#labels.get(path) ?? path;
    const around = outer
      .map((p) => this.#labels.get(p))
      .filter((l): l is string => Boolean(l));
    this.#picked.textContent = `Marked text is ${label} (${path})${around.length > 0 ? `, inside ${around.join(', ')}` : ''}.`;
    const value = this.#fields.querySelector<HTMLElement>(
      `[data-path="${CSS.escape(path)}"]`
    );
    if (value) {
      value.focus();
      value.classList.remove('flash');
      void value.offsetWidth; // restart the animation
      value.classList.add('flash');
    } else {
      this.#source.highlight(path);
    }
  }

  #setActive(path: string | null): void {
    for (const node of Array.from(
      this.#fields.querySelectorAll('.val.active')
    )) {
      node.classList.remove('active');
    }
    if (path) {
      for (const node of Array.from(
        this.#fields.querySelectorAll(`[data-path="${CSS.escape(path)}"]`)
      )) {
        node.classList.add('active');
      }
    }
    this.#source.highlight(path);
  }

  /** Loads and shows one record; focus moves to its heading. */
  async show(id: string): Promise<void> {
    const { main, report, clear } = this.shell;
    replace(this.#title, 'Loading…');
    replace(this.#meta);
    replace(this.#fields);
    replace(this.#picked);
    this.#text.textContent = '';
    main.setAttribute('aria-busy', 'true');
    try {
      const [view, text] = await Promise.all([
        getRecordView(id),
        getRecordText(id).catch((error: unknown) => error as Error),
      ]);
      clear();
      const r = view.record;
      replace(this.#title, r.title ?? r.source.key ?? r.id);
      replace(
        this.#meta,
        el('span', {}, r.date ?? 'undated'),
        el(
          'span',
          {},
          r.status === 'failed' ? 'not processed' : r.documentType
        ),
        el('span', { class: 'mono' }, r.id)
      );
      const sections = recordSections(r);
      this.#labels = fieldLabels(sections);
      replace(
        this.#fields,
        warningsNode(view),
        sections.map(sectionNode),
        sourceNode(view),
        auditNode(view)
      );
      if (typeof text === 'string') {
        this.#source.render(text, r.provenance);
      } else {
        this.#text.textContent = `The decoded text is not available (${text.message}).`;
      }
      document.title = `${r.title ?? r.id} · Archive records`;
      this.#title.focus();
    } catch (error) {
      replace(this.#title, 'Record not available');
      report(error);
    } finally {
      main.removeAttribute('aria-busy');
    }
  }
}
