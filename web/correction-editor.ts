/// <reference lib="dom" />
/**
 * The form that corrects one field of the record view (or adds an entry to
 * a list, or removes one): the new value, typed or taken from text the
 * person selects in the source pane, which also gives it its span; a
 * keyboard way to the same span ("Find in the page"); an optional note;
 * the API's answer beside the field. Built with el() only.
 */
import {
  ApiError,
  type CorrectionRequest,
  errorMessage,
  type TextSpan,
} from './api.ts';
import { el } from './dom.ts';
import {
  type AddTarget,
  type EditTarget,
  ENTRY_INPUTS,
  findOccurrences,
  formatValue,
  inputText,
  KIND_HINTS,
  type Parsed,
  parseEntry,
  parseValue,
  type ValueKind,
} from './edits.ts';
import { TYPE_OPTIONS } from './options.ts';

/** What the editor corrects: one value (`set`, maybe `remove`), or a list (`add`). */
export type EditRequest =
  | { op: 'set'; target: EditTarget; label: string }
  | { op: 'add'; target: AddTarget };

/** What the editor needs from the record view. */
export interface EditorHost {
  /** The decoded text (null when it could not be loaded). */
  text: string | null;
  /** Marks (or unmarks) the span the correction will carry in the pane. */
  markSpan: (span: TextSpan | null) => void;
  /** Sends the correction; rejects with the API's error. */
  save: (body: CorrectionRequest) => Promise<void>;
  /** The person cancelled: take the form away. */
  close: () => void;
}

let editorCount = 0;

/** One open correction form. */
export class CorrectionEditor {
  readonly form: HTMLFormElement;
  readonly #request: EditRequest;
  readonly #host: EditorHost;
  readonly #inputs: {
    name: string;
    label: string;
    kind: ValueKind;
    node: HTMLInputElement | HTMLSelectElement;
  }[] = [];
  readonly #note: HTMLInputElement;
  readonly #spanStatus: HTMLElement;
  readonly #forget: HTMLButtonElement;
  readonly #places: HTMLElement;
  readonly #error: HTMLElement;
  readonly #buttons: HTMLButtonElement[] = [];
  #span: TextSpan | null = null;
  /** The input a selection fills (the one last focused). */
  #target = 0;

  constructor(request: EditRequest, host: EditorHost) {
    this.#request = request;
    this.#host = host;
    const id = `edit-${++editorCount}`;
    const title =
      request.op === 'set'
        ? `Correct ${request.label}`
        : `${request.target.label}`;
    const path = request.target.path;

    const fields =
      request.op === 'set'
        ? [
            this.#input(
              `${id}-value`,
              'value',
              'New value',
              request.target.kind,
              inputText(request.target.kind, request.target.value)
            ),
          ]
        : ENTRY_INPUTS[request.target.kind].map((i) =>
            this.#input(`${id}-${i.name}`, i.name, i.label, i.kind, '')
          );

    this.#spanStatus = el('p', {
      class: 'span-status',
      id: `${id}-span`,
      'aria-live': 'polite',
    });
    this.#forget = el(
      'button',
      { type: 'button', class: 'secondary', hidden: true },
      'Forget the place'
    );
    this.#forget.addEventListener('click', () => this.useSpan(null));
    const find = el(
      'button',
      { type: 'button', class: 'secondary' },
      'Find in the page'
    );
    find.addEventListener('click', () => this.#findPlaces());
    this.#places = el('ul', {
      class: 'places',
      'aria-label': 'Places in the page',
      hidden: true,
    });
    this.#note = el('input', {
      id: `${id}-note`,
      name: 'note',
      type: 'text',
      maxlength: 500,
      autocomplete: 'off',
    });
    this.#error = el('p', {
      class: 'editor-error',
      id: `${id}-error`,
      role: 'alert',
      hidden: true,
    });

    const save = el(
      'button',
      { type: 'submit' },
      request.op === 'set' ? 'Save correction' : 'Add'
    );
    const cancel = el(
      'button',
      { type: 'button', class: 'secondary' },
      'Cancel'
    );
    cancel.addEventListener('click', () => host.close());
    const removePath = request.op === 'set' ? request.target.remove : null;
    const remove = removePath
      ? el('button', { type: 'button', class: 'danger' }, 'Remove this entry')
      : null;
    remove?.addEventListener('click', () => void this.#remove(removePath!));
    this.#buttons.push(save, cancel, ...(remove ? [remove] : []));

    this.form = el(
      'form',
      { class: 'editor', 'aria-labelledby': `${id}-title`, novalidate: true },
      el(
        'p',
        { class: 'editor-title', id: `${id}-title` },
        el('strong', {}, title),
        ' ',
        el('span', { class: 'mono' }, path)
      ),
      request.op === 'set'
        ? el(
            'p',
            { class: 'editor-now' },
            'Now: ',
            el('q', {}, formatValue(request.target.value))
          )
        : null,
      el('div', { class: 'editor-fields' }, fields),
      el(
        'div',
        {
          class: 'editor-span',
          role: 'group',
          'aria-labelledby': `${id}-where`,
        },
        el(
          'p',
          { class: 'editor-where', id: `${id}-where` },
          'Where the page says it'
        ),
        el(
          'p',
          { class: 'hint' },
          host.text === null
            ? 'The decoded text is not available: the value is typed.'
            : 'Select the value in the source text: it fills the field and marks the place. Or type it, and find it in the page.'
        ),
        this.#spanStatus,
        el(
          'div',
          { class: 'editor-actions' },
          host.text === null ? null : find,
          this.#forget
        ),
        this.#places
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: `${id}-note` }, 'Correction note (optional)'),
        this.#note
      ),
      this.#error,
      el('div', { class: 'editor-actions' }, save, remove, cancel)
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
    this.form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        host.close();
      }
    });
    this.#showSpan();
  }

  #input(
    id: string,
    name: string,
    label: string,
    kind: ValueKind,
    now: string
  ): HTMLElement {
    const index = this.#inputs.length;
    const hintId = `${id}-hint`;
    const node =
      kind === 'type'
        ? el(
            'select',
            { id, name, 'aria-describedby': hintId },
            TYPE_OPTIONS.map((t) =>
              el('option', { value: t, selected: t === now }, t)
            )
          )
        : el('input', {
            id,
            name,
            type: 'text',
            value: now,
            autocomplete: 'off',
            spellcheck: 'false',
            inputmode: kind === 'int' ? 'numeric' : null,
            'aria-describedby': hintId,
          });
    node.addEventListener('focus', () => {
      this.#target = index;
    });
    this.#inputs.push({ name, label, kind, node });
    return el(
      'div',
      { class: `field field-${kind}` },
      el('label', { for: id }, label),
      node,
      el('span', { class: 'hint', id: hintId }, KIND_HINTS[kind])
    );
  }

  /** Moves focus to the first input. */
  focus(): void {
    this.#inputs[0]?.node.focus();
  }

  /**
   * Gives the correction a place in the page (null: none, the value is
   * typed). With a span, the text there fills the input last focused.
   */
  useSpan(span: TextSpan | null): void {
    this.#span = span;
    this.#places.hidden = true;
    if (span && this.#host.text !== null) {
      const input = this.#inputs[this.#target] ?? this.#inputs[0];
      const read = this.#host.text.slice(span.start, span.end);
      if (input && input.node instanceof HTMLSelectElement) {
        const option = read.trim().toLowerCase();
        if ((TYPE_OPTIONS as readonly string[]).includes(option)) {
          input.node.value = option;
        }
      } else if (input) {
        input.node.value = read.replace(/\s+/g, ' ').trim();
      }
    }
    this.#host.markSpan(span);
    this.#showSpan();
  }

  #showSpan(): void {
    const span = this.#span;
    const text = this.#host.text;
    this.#forget.hidden = span === null;
    this.#spanStatus.replaceChildren();
    if (span && text !== null) {
      this.#spanStatus.append(
        `From the page, characters ${span.start}–${span.end}: `,
        el('q', {}, text.slice(span.start, span.end)),
        '.'
      );
    } else {
      this.#spanStatus.append(
        'No place in the page: the value is saved as typed.'
      );
    }
  }

  /** Lists where the typed value stands in the text, each a button. */
  #findPlaces(): void {
    const text = this.#host.text;
    if (text === null) return;
    const input = this.#inputs[this.#target] ?? this.#inputs[0];
    const needle = input?.node.value ?? '';
    const found = findOccurrences(text, needle);
    this.#places.replaceChildren();
    this.#places.hidden = false;
    if (found.length === 0) {
      this.#places.append(
        el(
          'li',
          {},
          needle.trim()
            ? `"${needle.trim()}" is not in the page: it will be saved as typed.`
            : 'Type the value first.'
        )
      );
      return;
    }
    for (const place of found) {
      const button = el(
        'button',
        { type: 'button', class: 'place' },
        `${place.start}–${place.end}: `,
        `…${place.before}`,
        el('mark', {}, place.match),
        `${place.after}…`
      );
      button.addEventListener('click', () => {
        this.useSpan({ start: place.start, end: place.end });
        input?.node.focus();
      });
      this.#places.append(el('li', {}, button));
    }
    this.#places.querySelector<HTMLButtonElement>('button')?.focus();
  }

  #read(): Parsed {
    const request = this.#request;
    if (request.op === 'set') {
      const input = this.#inputs[0]!;
      return parseValue(
        request.target.kind,
        input.node.value,
        request.target.nullable
      );
    }
    const values: Record<string, string> = {};
    for (const i of this.#inputs) values[i.name] = i.node.value;
    return parseEntry(request.target.kind, values);
  }

  #noteText(): string | null {
    return this.#note.value.trim() || null;
  }

  async #submit(): Promise<void> {
    const parsed = this.#read();
    if (!parsed.ok) {
      this.#fail(parsed.error, 'value');
      return;
    }
    const request = this.#request;
    const body: CorrectionRequest = {
      op: request.op,
      path: request.target.path,
      value: parsed.value,
    };
    if (this.#span) body.span = this.#span;
    const note = this.#noteText();
    if (note) body.note = note;
    await this.#send(body);
  }

  async #remove(path: string): Promise<void> {
    const body: CorrectionRequest = { op: 'remove', path };
    const note = this.#noteText();
    if (note) body.note = note;
    await this.#send(body);
  }

  async #send(body: CorrectionRequest): Promise<void> {
    this.#clearError();
    this.form.setAttribute('aria-busy', 'true');
    for (const b of this.#buttons) b.disabled = true;
    try {
      await this.#host.save(body);
    } catch (error) {
      if (error instanceof ApiError) {
        this.#fail(errorMessage(error), error.parameter);
      } else {
        this.#fail(
          `The archive could not be reached (${(error as Error).message}).`
        );
      }
    } finally {
      this.form.removeAttribute('aria-busy');
      for (const b of this.#buttons) b.disabled = false;
    }
  }

  /**
   * Shows what is wrong beside the field and marks the input at fault: the
   * note for a bad note, otherwise the value (a span that does not read as
   * the value is the value's problem as much as the place's).
   */
  #fail(message: string, part?: string): void {
    this.#error.textContent = message;
    this.#error.hidden = false;
    const at = part ?? /^(\w+):/.exec(message)?.[1];
    const input =
      at === 'note'
        ? this.#note
        : (this.#inputs[this.#target] ?? this.#inputs[0])?.node;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute(
        'aria-describedby',
        `${input.getAttribute('aria-describedby') ?? ''} ${this.#error.id}`.trim()
      );
    }
  }

  #clearError(): void {
    this.#error.hidden = true;
    this.#error.textContent = '';
    for (const node of [...this.#inputs.map((i) => i.node), this.#note]) {
      node.removeAttribute('aria-invalid');
      const describedBy = (node.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((t) => t && t !== this.#error.id)
        .join(' ');
      if (describedBy) node.setAttribute('aria-describedby', describedBy);
      else node.removeAttribute('aria-describedby');
    }
  }
}
