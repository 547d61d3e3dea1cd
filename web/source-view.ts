/// <reference lib="dom" />
/**
 * The decoded source text with every provenance span addressable: the text
 * is cut at every span boundary, so each piece knows which fields cover it
 * (spans nest: a name inside the title, a quantity inside a request).
 * Highlighting a field marks its pieces; clicking a piece reports the
 * innermost field it belongs to.
 */
import type { Provenance } from '#shared/schema/record.ts';
import { el } from './dom.ts';

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

export class SourceView {
  private pieces: { node: HTMLElement; paths: string[] }[] = [];

  /**
   * @param pre the element that shows the text (and scrolls)
   * @param onPick called with the paths of a clicked piece, innermost first
   */
  constructor(
    private readonly pre: HTMLElement,
    onPick: (paths: string[]) => void
  ) {
    pre.addEventListener('click', (event) => {
      const target = (event.target as HTMLElement).closest('[data-seg]');
      if (!target) return;
      const piece = this.pieces[Number(target.getAttribute('data-seg'))];
      if (piece && piece.paths.length > 0) onPick(piece.paths);
    });
  }

  /** Shows `text` with the spans of `provenance` addressable. */
  render(text: string, provenance: Provenance): void {
    this.pieces = [];
    this.pre.replaceChildren();
    for (const s of segment(text.length, provenance)) {
      const slice = text.slice(s.start, s.end);
      if (s.paths.length === 0) {
        this.pre.append(document.createTextNode(slice));
        continue;
      }
      const node = el(
        'span',
        {
          // a line flagged for review stays marked while nothing is picked
          class: s.paths.some((p) => p.startsWith('review.'))
            ? 'seg review'
            : 'seg',
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
