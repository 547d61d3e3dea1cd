/**
 * A text-search snippet as pieces: the decoded text around a match cut at
 * the API's marks, each piece marked or not. The page turns marked pieces
 * into `<mark>` elements with text content (never HTML). Pure.
 */
import type { RecordSummary } from '#functions/query/schemas.ts';

export type Snippet = NonNullable<RecordSummary['snippet']>;

export interface SnippetPiece {
  text: string;
  marked: boolean;
}

/**
 * Cuts a snippet at its marks. Marks are sorted, clipped to the text, and
 * overlapping or touching ones merged; empty or inverted ones are dropped,
 * so odd input never loses or repeats text.
 *
 * @example snippetPieces({ text: 'the Yalu crossing', marks: [[4, 8]] })
 * // [{ text: 'the ', marked: false }, { text: 'Yalu', marked: true }, { text: ' crossing', marked: false }]
 */
export function snippetPieces(snippet: Snippet): SnippetPiece[] {
  const { text } = snippet;
  const marks = snippet.marks
    .map(([s, e]) => [Math.max(0, s), Math.min(text.length, e)] as const)
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && s < e)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of marks) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const pieces: SnippetPiece[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) pieces.push({ text: text.slice(at, s), marked: false });
    pieces.push({ text: text.slice(s, e), marked: true });
    at = e;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
