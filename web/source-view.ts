/// <reference lib="dom" />
/**
 * The decoded source text with every provenance span addressable: the text
 * is cut at every span boundary, so each piece knows which fields cover it
 * (spans nest: a name inside the title, a quantity inside a request).
 * Highlighting a field marks its pieces; clicking a piece reports the
 * innermost field it belongs to. Selecting text (to give a correction its
 * value) reports the selection as offsets into the text, however many
 * pieces it crosses; the span a correction will carry stays marked.
 */
import type { Provenance } from '#shared/schema/record.ts';
import type { TextSpan } from './api.ts';
import { el } from './dom.ts';
import { trimSpan } from './edits.ts';

export interface Segment {
  start: number;
  end: number;
  /** Paths whose span covers the segment, innermost (shortest) first. */
  paths: string[];
}

/**
 * Cuts `[0, length)` at every span boundary. Spans outside the text are
 * clipped; empty ones are ignored.
 *
 * @param length the text's length (UTF-16 code units, as the spans count)
 * @param provenance path → span
 */
export function segment(length: number, provenance: Provenance): Segment[] {
  const spans = Object.entries(provenance)
    .map(([path, s]) => ({
      path,
      start: Math.max(0, Math.min(length, s.start)),
      end: Math.max(0, Math.min(length, s.end)),
    }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.end - a.start - (b.end - b.start));
  const cuts = new Set([0, length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const start = points[i]!;
    const end = points[i + 1]!;
    segments.push({
      start,
      end,
      paths: spans
        .filter((s) => s.start <= start && s.end >= end)
        .map((s) => s.path),
    });
  }
  return segments;
}

/** The part of the DOM `textOffset` walks (a Node, or a stand-in in tests). */
export interface NodeLike {
  readonly nodeType: number;
  readonly parentNode: NodeLike | null;
  readonly childNodes: ArrayLike<NodeLike>;
  readonly textContent: string | null;
}

const TEXT_NODE = 3;

/** Characters of text inside `node` (all of it for a text node). */
const textLength = (node: NodeLike) => node.textContent?.length ?? 0;

/**
 * A DOM position (a selection's end: a container and an offset, as
 * `Range` has them) as an offset into the text `root` shows: the text of
 * every node before it, in document order. Null when the position is not
 * inside `root`.
 *
 * @param root the element showing the text (the source pane)
 * @param container a text node (offset in characters) or an element
 *   (offset in child nodes)
 */
export function textOffset(
  root: NodeLike,
  container: NodeLike,
  offset: number
): number | null {
  let total = 0;
  if (container.nodeType === TEXT_NODE) total += offset;
  else {
    const children = Array.from(container.childNodes).slice(0, offset);
    for (const child of children) total += textLength(child);
  }
  let node = container;
  while (node !== root) {
    const parent = node.parentNode;
    if (!parent) return null; // not inside root
    for (const sibling of Array.from(parent.childNodes)) {
      if (sibling === node) break;
      total += textLength(sibling);
    }
    node = parent;
  }
  return total;
}

/** The provenance key of the span a correction being made will carry. */
const PENDING = '(correction)';

export class SourceView {
  private pieces: { node: HTMLElement; paths: string[] }[] = [];
  private text = '';
  private provenance: Provenance = {};
  /** While false (a correction is being made), a click picks no field. */
  picking = true;

  /**
   * @param pre the element that shows the text (and scrolls)
   * @param onPick called with the paths of a clicked piece, innermost first
   * @param onSelect called when the person has selected text in the pane
   *   (mouse or keyboard released), with its span, white space trimmed
   */
  constructor(
    private readonly pre: HTMLElement,
    onPick: (paths: string[]) => void,
    onSelect: (span: TextSpan) => void = () => {}
  ) {
    pre.addEventListener('click', (event) => {
      // the end of a drag that selected text is not a pick
      if (!this.picking || this.selectedSpan()) return;
      const target = (event.target as HTMLElement).closest('[data-seg]');
      if (!target) return;
      const piece = this.pieces[Number(target.getAttribute('data-seg'))];
      const paths = piece?.paths.filter((p) => p !== PENDING) ?? [];
      if (paths.length > 0) onPick(paths);
    });
    const selected = () => {
      const span = this.selectedSpan();
      if (span) onSelect(span);
    };
    pre.addEventListener('mouseup', selected);
    pre.addEventListener('keyup', selected);
    pre.addEventListener('touchend', selected);
  }

  /**
   * The text selected in the pane, as offsets into the text (trimmed of
   * white space); null when nothing, or something outside the pane, is
   * selected.
   */
  selectedSpan(): TextSpan | null {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return null;
    }
    const range = selection.getRangeAt(0);
    const start = textOffset(this.pre, range.startContainer, range.startOffset);
    const end = textOffset(this.pre, range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    return trimSpan(this.text, { start, end });
  }

  /** The text between two offsets (what a span reads). */
  slice(span: TextSpan): string {
    return this.text.slice(span.start, span.end);
  }

  /** The whole decoded text shown. */
  get fullText(): string {
    return this.text;
  }

  /**
   * Marks the span a correction will carry (none: `null`) until the next
   * render, and scrolls it into view. Clears the browser's selection,
   * whose text nodes are replaced.
   */
  markPending(span: TextSpan | null): void {
    const provenance = { ...this.provenance };
    if (span) provenance[PENDING] = span;
    this.draw(provenance);
    window.getSelection()?.removeAllRanges();
    const first = this.pieces.find((p) => p.paths.includes(PENDING));
    if (first) this.scrollIntoPane(first.node);
  }

  /** Shows `text` with the spans of `provenance` addressable. */
  render(text: string, provenance: Provenance): void {
    this.text = text;
    this.provenance = provenance;
    this.draw(provenance);
  }

  private draw(provenance: Provenance): void {
    const text = this.text;
    this.pieces = [];
    this.pre.replaceChildren();
    for (const s of segment(text.length, provenance)) {
      const slice = text.slice(s.start, s.end);
      if (s.paths.length === 0) {
        this.pre.append(document.createTextNode(slice));
        continue;
      }
      const classes = ['seg'];
      // a line flagged for review stays marked while nothing is picked
      if (s.paths.some((p) => p.startsWith('review.'))) classes.push('review');
      if (s.paths.includes(PENDING)) classes.push('pending');
      const node = el(
        'span',
        {
          class: classes.join(' '),
          'data-seg': this.pieces.length,
          title: 'Click to see which field this is',
        },
        slice
      );
      this.pieces.push({ node, paths: s.paths });
      this.pre.append(node);
    }
  }

  /**
   * Marks the pieces of one field (none: `null`) and scrolls the text, not
   * the page, so the first piece is in view.
   */
  highlight(path: string | null): void {
    let first: HTMLElement | null = null;
    for (const { node, paths } of this.pieces) {
      const on = path !== null && paths.includes(path);
      node.classList.toggle('hl', on);
      if (on && !first) first = node;
    }
    if (first) this.scrollIntoPane(first);
  }

  /** The text of the highlighted pieces, joined (what the user sees marked). */
  highlightedText(): string {
    return this.pieces
      .filter((p) => p.node.classList.contains('hl'))
      .map((p) => p.node.textContent)
      .join('');
  }

  private scrollIntoPane(node: HTMLElement): void {
    const pane = this.pre;
    const top = node.offsetTop;
    const bottom = top + node.offsetHeight;
    if (top < pane.scrollTop || bottom > pane.scrollTop + pane.clientHeight) {
      pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
    }
  }
}
