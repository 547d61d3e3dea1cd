/// <reference lib="dom" />
/**
 * The record view (`#/records/<id>`): the record's fields as tables, each
 * value tied to its span in the decoded text beside it (hover or focus a
 * value to mark its span; click marked text to learn which field it is).
 * People's names link to their records. On top, the review panel (flags
 * in words, "Mark reviewed"); then the fields, the corrections, the source
 * with its downloads (file, decoded text, TEI XML) and the audit trail.
 *
 * "Correct fields" gives every scored value a Correct button and every
 * list an Add button; the form (correction-editor.ts) takes the new value
 * from text selected in the source pane or typed, and the view is drawn
 * again from the record view the API returns. Corrected values carry a
 * "corrected" badge saying who and when.
 */
import {
  type CorrectedMark,
  type CorrectionRequest,
  getRecordText,
  getReviewableView,
  markReviewed,
  postCorrection,
  type RecordView,
  type ReviewableView,
  teiHref,
  textHref,
} from './api.ts';
import { CorrectionEditor, type EditRequest } from './correction-editor.ts';
import { byId, el, replace } from './dom.ts';
import { byWhen, changeText, correctedMark } from './edits.ts';
import {
  type Cell,
  EMPTY_TEXT,
  editLabels,
  type FieldRow,
  type FieldValue,
  fieldLabels,
  recordSections,
  type Section,
} from './fields.ts';
import { correctionsSection, reviewPanel } from './review-panel.ts';
import { personHref } from './routes.ts';
import { SourceView } from './source-view.ts';

/** What the record view needs from the page around it. */
export interface Shell {
  main: HTMLElement;
  report: (error: unknown) => void;
  clear: () => void;
  /** A record was corrected or reviewed: counts elsewhere may change. */
  changed?: () => void;
}

/** How values are drawn: with Correct buttons or not, and their marks. */
interface DrawContext {
  editing: boolean;
  corrected: Record<string, CorrectedMark> | undefined;
  /** Keeps what a Correct or Add button edits; returns its number. */
  register: (request: EditRequest) => number;
}

/** A Correct / Add button; `data-fix` finds what it edits. */
function fixButton(
  index: number,
  text: string,
  label: string,
  path: string,
  spanPath: string | null = null
): HTMLButtonElement {
  return el(
    'button',
    {
      type: 'button',
      class: 'fix',
      'data-fix': index,
      'data-edit': path,
      // focusing it marks the value's span, as focusing the value does
      'data-path': spanPath,
      'aria-label': label,
      'aria-expanded': 'false',
    },
    text
  );
}

/** The "corrected" badge: who and when, from `view.corrected`. */
function correctedBadge(path: string, mark: CorrectedMark): HTMLElement {
  return el(
    'span',
    {
      class: 'badge corrected',
      'data-corrected': path,
      title: `Corrected ${byWhen(mark)}; see Corrections below`,
    },
    'corrected ',
    el('span', { class: 'who' }, byWhen(mark))
  );
}

/** A value with its "corrected" badge and, while editing, its Correct button. */
function valueGroup(v: FieldValue, ctx: DrawContext): HTMLElement {
  const node = v.empty
    ? el('span', { class: 'val plain empty' }, v.text)
    : valueNode(v);
  const markPath = v.edit?.path ?? v.path;
  const mark = markPath ? correctedMark(markPath, ctx.corrected) : null;
  const fix =
    ctx.editing && v.edit
      ? fixButton(
          ctx.register({ op: 'set', target: v.edit, label: v.label }),
          v.empty ? 'Fill in' : 'Correct',
          `${v.empty ? 'Fill in' : 'Correct'} ${v.label}`,
          v.edit.path,
          v.path
        )
      : null;
  if (!mark && !fix) return node;
  return el(
    'span',
    { class: 'val-group' },
    node,
    mark && markPath ? correctedBadge(markPath, mark) : null,
    fix
  );
}

/** A list's own mark (an entry added or removed) and its Add button. */
function listTools(
  path: string,
  label: string,
  ctx: DrawContext,
  add: EditRequest | null
): (HTMLElement | null)[] {
  const mark = ctx.corrected?.[path];
  return [
    mark ? correctedBadge(path, mark) : null,
    ctx.editing && add
      ? fixButton(ctx.register(add), label, label, path)
      : null,
  ];
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

function cellNodes(cell: Cell, ctx: DrawContext): (HTMLElement | string)[] {
  if (typeof cell === 'string') return [cell];
  const values = Array.isArray(cell) ? cell : [cell];
  return values.map((v) => valueGroup(v, ctx));
}

function rowValues(row: FieldRow, ctx: DrawContext): HTMLElement {
  return el(
    'div',
    { class: 'vals' },
    row.values.length === 0
      ? el('span', { class: 'val plain empty' }, EMPTY_TEXT)
      : row.values.map((v) => valueGroup(v, ctx)),
    row.add
      ? listTools(row.add.path, row.add.label, ctx, {
          op: 'add',
          target: row.add,
        })
      : null
  );
}

function sectionNode(section: Section, ctx: DrawContext): HTMLElement {
  const rows = section.rows.map((row) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, row.label),
      el('td', {}, rowValues(row, ctx))
    )
  );
  const adds = section.adds ?? [];
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
                  el(
                    'td',
                    {},
                    el('div', { class: 'vals' }, cellNodes(cell, ctx))
                  )
                )
              )
            )
          )
        )
      : null,
    adds.length > 0 &&
      (ctx.editing || adds.some((a) => ctx.corrected?.[a.path]))
      ? el(
          'div',
          { class: 'adds' },
          adds.flatMap((a) =>
            listTools(a.path, a.label, ctx, { op: 'add', target: a })
          )
        )
      : null
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

/** The open correction form: what it edits, where it sits, who opened it. */
interface OpenEditor {
  editor: CorrectionEditor;
  request: EditRequest;
  /** The element to remove when it closes (the form, or its table row). */
  container: HTMLElement;
  /** The Correct / Add button that opened it (focus returns there). */
  opener: HTMLButtonElement;
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
  readonly #toggle = byId<HTMLButtonElement>('edit-toggle');
  readonly #tools = byId('record-tools');
  readonly #status = byId('record-status');
  readonly #source = new SourceView(
    this.#text,
    (paths) => this.#pickField(paths),
    (span) => this.#editor?.editor.useSpan(span)
  );
  #labels = new Map<string, string>();
  #view: ReviewableView | null = null;
  #sourceText: string | null = null;
  /** Correct buttons shown (stays on from record to record in this tab). */
  #editing = false;
  #edits: EditRequest[] = [];
  #editor: OpenEditor | null = null;
  /** Counts `show` calls: an answer to an older one is dropped. */
  #asked = 0;

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
    fields.addEventListener('click', (e) => {
      const button =
        e.target instanceof Element
          ? e.target.closest<HTMLButtonElement>('button.fix')
          : null;
      if (button) this.#openEditor(button);
    });
    this.#toggle.addEventListener('click', () => {
      this.#editing = !this.#editing;
      this.#draw();
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
        this.#fields.querySelectorAll(`.val[data-path="${CSS.escape(path)}"]`)
      )) {
        node.classList.add('active');
      }
    }
    this.#source.highlight(path);
  }

  // ---- corrections ---------------------------------------------------------

  #openEditor(opener: HTMLButtonElement): void {
    const request = this.#edits[Number(opener.getAttribute('data-fix'))];
    if (!request || !this.#view) return;
    if (this.#editor?.opener === opener) {
      this.#editor.editor.focus();
      return;
    }
    this.#closeEditor(false);
    const editor = new CorrectionEditor(request, {
      text: this.#sourceText,
      markSpan: (span) => this.#source.markPending(span),
      save: (body) => this.#save(body, request),
      close: () => this.#closeEditor(true),
    });
    // beside the field: in its cell, or in a row under a table's entry
    const row = opener.closest('tr');
    let container: HTMLElement = editor.form;
    if (row?.closest('table')?.classList.contains('grid')) {
      container = el(
        'tr',
        { class: 'editor-row' },
        el('td', { colspan: row.children.length }, editor.form)
      );
      row.after(container);
    } else if (row) {
      opener.closest('td')?.append(editor.form);
    } else {
      (opener.closest('.adds') ?? opener).after(editor.form);
    }
    opener.setAttribute('aria-expanded', 'true');
    this.#editor = { editor, request, container, opener };
    this.#source.picking = false;
    editor.focus();
  }

  #closeEditor(refocus: boolean): void {
    const open = this.#editor;
    if (!open) return;
    this.#editor = null;
    open.container.remove();
    open.opener.setAttribute('aria-expanded', 'false');
    this.#source.picking = true;
    this.#source.markPending(null);
    if (refocus) open.opener.focus();
  }

  async #save(body: CorrectionRequest, request: EditRequest): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const { correction, view: next } = await postCorrection(
      view.record.id,
      body
    );
    this.#editor = null;
    this.#view = next;
    this.#draw();
    const label =
      request.op === 'set'
        ? request.label
        : request.target.label.replace(/^Add /, '');
    const how =
      correction.status === 'applied'
        ? ''
        : ` It is ${correction.status}${correction.statusDetail ? `: ${correction.statusDetail}` : ''}.`;
    this.#status.textContent = `Saved: ${label}, ${changeText(correction)}, corrected ${byWhen(correction)}.${how}`;
    // back to the field (or the list) that was corrected
    const again = this.#fields.querySelector<HTMLElement>(
      `button.fix[data-edit="${CSS.escape(request.target.path)}"]`
    );
    (again ?? this.#status).focus();
    this.shell.changed?.();
  }

  async #markReviewed(note: string | null): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const { reviewed } = await markReviewed(view.record.id, note);
    this.#view = { ...view, reviewed };
    this.#draw();
    this.#status.textContent = `Marked reviewed ${byWhen(reviewed)}.`;
    this.#fields.querySelector<HTMLElement>('#review-panel-heading')?.focus();
    this.shell.changed?.();
  }

  // ---- drawing -------------------------------------------------------------

  /** Draws the current view: fields, panels and the source text. */
  #draw(): void {
    const view = this.#view;
    if (!view) return;
    this.#editor = null;
    this.#source.picking = true;
    const r = view.record;
    replace(this.#title, r.title ?? r.source.key ?? r.id);
    replace(
      this.#meta,
      el('span', {}, r.date ?? 'undated'),
      el('span', {}, r.status === 'failed' ? 'not processed' : r.documentType),
      el('span', { class: 'mono' }, r.id)
    );
    document.title = `${r.title ?? r.id} · Archive records`;
    const editable = r.status === 'ok';
    const editing = this.#editing && editable;
    this.#tools.hidden = !editable;
    this.#toggle.setAttribute('aria-pressed', String(editing));
    this.#toggle.textContent = editing ? 'Done correcting' : 'Correct fields';
    this.view.classList.toggle('editing', editing);
    const sections = recordSections(r, { editing });
    this.#labels = fieldLabels(sections);
    this.#edits = [];
    const ctx: DrawContext = {
      editing,
      corrected: view.corrected,
      register: (request) => this.#edits.push(request) - 1,
    };
    replace(
      this.#fields,
      reviewPanel(view, (note) => this.#markReviewed(note)),
      sections.map((s) => sectionNode(s, ctx)),
      correctionsSection(
        view,
        editLabels(recordSections(r, { editing: true }))
      ),
      sourceNode(view),
      auditNode(view)
    );
    if (this.#sourceText !== null) {
      this.#source.render(this.#sourceText, r.provenance);
    }
  }

  /** Loads and shows one record; focus moves to its heading. */
  async show(id: string): Promise<void> {
    const { main, report, clear } = this.shell;
    const asked = ++this.#asked;
    replace(this.#title, 'Loading…');
    replace(this.#meta);
    replace(this.#fields);
    replace(this.#picked);
    this.#status.textContent = '';
    this.#tools.hidden = true;
    this.#view = null;
    this.#editor = null;
    this.#sourceText = null;
    this.#text.textContent = '';
    main.setAttribute('aria-busy', 'true');
    try {
      const [view, text] = await Promise.all([
        getReviewableView(id),
        getRecordText(id).catch((error: unknown) => error as Error),
      ]);
      if (asked !== this.#asked) return; // another record was asked for
      clear();
      this.#view = view;
      this.#sourceText = typeof text === 'string' ? text : null;
      this.#draw();
      if (typeof text !== 'string') {
        this.#text.textContent = `The decoded text is not available (${text.message}).`;
      }
      this.#title.focus();
    } catch (error) {
      if (asked !== this.#asked) return;
      replace(this.#title, 'Record not available');
      report(error);
    } finally {
      if (asked === this.#asked) main.removeAttribute('aria-busy');
    }
  }
}
