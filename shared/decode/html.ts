/**
 * HTML → plain text that reads like the archive's text pages: the main
 * region only, block structure kept as line breaks, navigation and chrome
 * dropped. The rules are listed in docs/DECODING.md.
 *
 * node-html-parser is imported on first use so text-only workloads never load
 * it.
 */
import type { HTMLElement, Node } from 'node-html-parser';

type Parse = typeof import('node-html-parser')['parse'];
let parseHtml: Parse | undefined;

async function parser(): Promise<Parse> {
  if (!parseHtml) parseHtml = (await import('node-html-parser')).parse;
  return parseHtml;
}

/** Elements whose content is never page text. */
const SKIP_TAGS = new Set([
  'head',
  'title',
  'meta',
  'link',
  'base',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'map',
  'nav',
  'menu',
  'form',
  'button',
  'input',
  'select',
  'option',
  'textarea',
  'label',
  'dialog',
]);

/** Block elements separated from their neighbours by a blank line. */
const PARAGRAPH_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'hr',
  'address',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'main',
  'details',
  'fieldset',
]);

/** Block elements that only start a new line. */
const LINE_TAGS = new Set([
  'div',
  'li',
  'tr',
  'dt',
  'dd',
  'caption',
  'figcaption',
  'summary',
  'center',
  'legend',
  'body',
  'html',
]);

/** ARIA roles of page chrome rather than content. */
const CHROME_ROLES = new Set([
  'navigation',
  'menu',
  'menubar',
  'search',
  'banner',
  'contentinfo',
  'dialog',
  'alertdialog',
]);

/** class/id tokens of hidden or screen-reader-only elements. */
const HIDDEN_TOKENS = new Set([
  'hidden',
  'sr-only',
  'visually-hidden',
  'visuallyhidden',
  'element-invisible',
  'screen-reader-text',
  'skip-link',
  'skiplink',
]);

/** class/id words (between `-`/`_` separators) of navigation chrome. */
const CHROME_WORD =
  /(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|share|sharing|social|cookies?)(?:[-_]|$)/i;

/** HTML's ASCII whitespace, folded to one space outside `<pre>`. */
const HTML_SPACE = /[ \t\n\r\f]+/g;

/**
 * Converts an HTML document to text: prefers `<main>` (or `role="main"`,
 * else a lone `<article>`, else `<body>`), turns blocks into line breaks and
 * paragraphs into blank-line-separated lines, decodes entities and folds
 * inline whitespace. Never throws on malformed markup (the parser repairs it).
 */
export async function htmlToText(html: string): Promise<string> {
  const parse = await parser();
  const root = parse(html, {
    lowerCaseTagName: false,
    comment: false,
    // keep unclosed elements where they are: the library's repair of them
    // is quadratic in nesting depth, and text extraction does not need it
    parseNoneClosedTags: true,
    // raw-text elements: their content is skipped without being parsed
    blockTextElements: {
      script: false,
      style: false,
      noscript: false,
      textarea: false,
      template: false,
    },
  });
  const content = pickContent(root);
  const writer = new TextWriter();
  walk(content, writer, content !== root && isBodyLike(content));
  return writer.finish();
}

function isBodyLike(element: HTMLElement): boolean {
  const tag = element.rawTagName?.toLowerCase();
  return tag === 'body' || tag === 'html';
}

/**
 * One iterative pass (css-select's recursive search overflows the stack on
 * deeply nested markup) finding the first `<main>`, `role="main"`, the
 * articles and the body.
 */
function pickContent(root: HTMLElement): HTMLElement {
  let main: HTMLElement | undefined;
  let roleMain: HTMLElement | undefined;
  let body: HTMLElement | undefined;
  const articles: HTMLElement[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType !== 1) continue;
    const element = node as HTMLElement;
    const tag = tagOf(element);
    if (tag === 'main') {
      main = element;
      break;
    }
    if (!roleMain && attrsOf(element).role?.toLowerCase() === 'main') {
      roleMain = element;
    }
    if (tag === 'article') articles.push(element);
    if (!body && tag === 'body') body = element;
    const children = element.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  if (main ?? roleMain) return (main ?? roleMain)!;
  if (articles.length === 1) return articles[0]!;
  return body ?? root;
}

function tagOf(element: HTMLElement): string {
  return (element.rawTagName ?? '').toLowerCase();
}

/** Attributes with lower-case names (`<P HIDDEN ROLE=...>` in old pages). */
function attrsOf(element: HTMLElement): Record<string, string> {
  const attrs = element.attributes;
  for (const name in attrs) {
    if (name !== name.toLowerCase()) {
      const lower: Record<string, string> = {};
      for (const [key, value] of Object.entries(attrs)) {
        lower[key.toLowerCase()] = value;
      }
      return lower;
    }
  }
  return attrs;
}

function isChrome(element: HTMLElement, tag: string, inBody: boolean): boolean {
  if (SKIP_TAGS.has(tag)) return true;
  const attrs = attrsOf(element);
  if ('hidden' in attrs) return true;
  if (attrs['aria-hidden'] === 'true') return true;
  const role = attrs.role?.toLowerCase();
  if (role && CHROME_ROLES.has(role)) return true;
  const style = attrs.style;
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) {
    return true;
  }
  // a page-level header or footer (outside main/article/section) is site chrome
  if (inBody && (tag === 'header' || tag === 'footer')) return true;
  for (const token of tokens(attrs.class, attrs.id)) {
    if (HIDDEN_TOKENS.has(token.toLowerCase()) || CHROME_WORD.test(token)) {
      return true;
    }
  }
  return false;
}

function tokens(...values: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (value)
      for (const token of value.split(/\s+/)) if (token) out.push(token);
  }
  return out;
}

/** A frame of the explicit-stack walk (deeply nested markup cannot overflow). */
type Frame =
  | { type: 'node'; node: Node; inBody: boolean; inPre: boolean }
  | { type: 'close'; tag: string };

function walk(root: HTMLElement, writer: TextWriter, inBody: boolean): void {
  const lists: { ordered: boolean; next: number }[] = [];
  const stack: Frame[] = [];
  pushChildren(stack, root, inBody, false);
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.type === 'close') {
      closeElement(frame.tag, writer, lists);
      continue;
    }
    const { node } = frame;
    if (node.nodeType === 3) {
      // TextNode: `.text` is the entity-decoded text
      writer.text(node.text, frame.inPre);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as HTMLElement;
    const tag = tagOf(element);
    if (isChrome(element, tag, frame.inBody)) continue;
    openElement(element, tag, writer, lists);
    stack.push({ type: 'close', tag });
    const sectioning = tag === 'main' || tag === 'article' || tag === 'section';
    pushChildren(
      stack,
      element,
      frame.inBody && !sectioning,
      frame.inPre || tag === 'pre'
    );
  }
}

function pushChildren(
  stack: Frame[],
  element: HTMLElement,
  inBody: boolean,
  inPre: boolean
): void {
  const children = element.childNodes;
  for (let i = children.length - 1; i >= 0; i--) {
    stack.push({ type: 'node', node: children[i]!, inBody, inPre });
  }
}

function openElement(
  element: HTMLElement,
  tag: string,
  writer: TextWriter,
  lists: { ordered: boolean; next: number }[]
): void {
  if (tag === 'br') {
    writer.lineBreak();
    return;
  }
  if (tag === 'ol' || tag === 'ul') {
    writer.block(lists.length > 0 ? 1 : 2);
    const start = Number.parseInt(attrsOf(element).start ?? '1', 10);
    lists.push({
      ordered: tag === 'ol',
      next: Number.isFinite(start) ? start : 1,
    });
    return;
  }
  if (PARAGRAPH_TAGS.has(tag)) {
    writer.block(2);
    return;
  }
  if (LINE_TAGS.has(tag)) {
    writer.block(1);
    if (tag === 'li') {
      const list = lists.at(-1);
      if (list?.ordered) {
        const value = Number.parseInt(attrsOf(element).value ?? '', 10);
        if (Number.isFinite(value)) list.next = value;
        writer.marker(`${list.next}.`);
        list.next++;
      }
    }
    return;
  }
  if (tag === 'td' || tag === 'th') {
    writer.cell();
  }
}

function closeElement(
  tag: string,
  writer: TextWriter,
  lists: { ordered: boolean; next: number }[]
): void {
  if (tag === 'ol' || tag === 'ul') {
    lists.pop();
    writer.block(lists.length > 0 ? 1 : 2);
  } else if (PARAGRAPH_TAGS.has(tag)) {
    writer.block(2);
  } else if (LINE_TAGS.has(tag)) {
    if (tag === 'li') writer.endItem();
    writer.block(1);
  }
}

/**
 * Accumulates text with pending breaks: a break is written only when more
 * text follows, so the output has no leading or trailing blank lines and at
 * most one blank line between blocks.
 */
class TextWriter {
  private readonly parts: string[] = [];
  private started = false;
  private lineHasText = false;
  private pendingBreaks = 0;
  private pendingSpace = false;
  private pendingSeparator: string | null = null;
  /** The current line holds only a list marker (`1. `) so far. */
  private markerOnly = false;

  /** Requests `n` newlines (1: new line, 2: blank line) before more text. */
  block(n: 1 | 2): void {
    if (!this.started || this.markerOnly) return;
    this.pendingBreaks = Math.max(this.pendingBreaks, n);
    this.pendingSpace = false;
    this.pendingSeparator = null;
  }

  /** `<br>`: one more newline; two in a row make a blank line. */
  lineBreak(): void {
    if (!this.started) return;
    this.pendingBreaks = Math.min(2, this.pendingBreaks + 1);
    this.pendingSpace = false;
    this.pendingSeparator = null;
    this.markerOnly = false;
  }

  /** A table cell after another one on the same row gets ` | ` before it. */
  cell(): void {
    if (this.lineHasText && this.pendingBreaks === 0) {
      this.pendingSeparator = ' | ';
    }
  }

  /** An ordered-list number, kept on the same line as the item's text. */
  marker(s: string): void {
    this.write(s);
    this.pendingSpace = true;
    this.markerOnly = true;
  }

  /** Ends a list item, so an empty item still gets its own line. */
  endItem(): void {
    this.markerOnly = false;
  }

  text(raw: string, preformatted: boolean): void {
    if (preformatted) {
      const lines = raw.replace(/\r\n?/g, '\n').split('\n');
      lines.forEach((line, index) => {
        if (index > 0) this.lineBreak();
        if (line) this.write(line);
      });
      return;
    }
    let s = raw.replace(HTML_SPACE, ' ');
    if (s.startsWith(' ')) {
      this.pendingSpace = true;
      s = s.slice(1);
    }
    if (s === '') return;
    const trailing = s.endsWith(' ');
    if (trailing) s = s.slice(0, -1);
    this.write(s);
    this.pendingSpace = trailing;
  }

  private write(s: string): void {
    if (this.pendingBreaks > 0) {
      this.parts.push('\n'.repeat(this.pendingBreaks));
      this.lineHasText = false;
    } else if (this.pendingSeparator !== null) {
      this.parts.push(this.pendingSeparator);
    } else if (this.pendingSpace && this.lineHasText) {
      this.parts.push(' ');
    }
    this.pendingBreaks = 0;
    this.pendingSpace = false;
    this.pendingSeparator = null;
    this.markerOnly = false;
    this.parts.push(s);
    this.started = true;
    this.lineHasText = true;
  }

  /**
   * Joins the parts; lines holding only (no-break) spaces become empty and
   * runs of empty lines shrink to one (`<p>&nbsp;</p>` spacers).
   */
  finish(): string {
    const lines = this.parts.join('').split('\n');
    const out: string[] = [];
    let blank = true; // suppresses leading blank lines
    for (const line of lines) {
      if (/^[\s\u00a0]*$/.test(line)) {
        if (!blank) out.push('');
        blank = true;
      } else {
        out.push(line);
        blank = false;
      }
    }
    while (out.length > 0 && out.at(-1) === '') out.pop();
    return out.join('\n');
  }
}
