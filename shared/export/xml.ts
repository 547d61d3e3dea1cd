/**
 * XML writing for the exports in this folder: escaping for text and
 * attributes, the characters XML 1.0 cannot carry, and a small element
 * tree that prints itself indented (the TEI header; the body is written
 * character by character in tei-body.ts, where no white space may be
 * added).
 */

/**
 * Characters XML 1.0 does not allow at all, not even as a character
 * reference: C0 controls other than tab, line feed and carriage return,
 * U+FFFE and U+FFFF, and lone surrogates.
 */
export const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when XML 1.0 cannot carry `char` (one UTF-16 code unit). */
export function isXmlForbidden(char: string): boolean {
  XML_FORBIDDEN.lastIndex = 0;
  return XML_FORBIDDEN.test(char);
}

/**
 * Text content: `&`, `<` and `>` escaped, a carriage return as `&#13;`
 * (a parser would otherwise turn `\r\n` into `\n`), characters XML cannot
 * carry left out (header values only; the body keeps them, see tei-body.ts).
 *
 * @example escapeText('a < b & c') // 'a &lt; b &amp; c'
 */
export function escapeText(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * An attribute value in double quotes: `&`, `<` and `"` escaped, and tab,
 * line feed and carriage return as character references (a parser
 * normalizes them to spaces otherwise).
 *
 * @example escapeAttr('say "hi"') // 'say &quot;hi&quot;'
 */
export function escapeAttr(value: string): string {
  return value
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Attributes in the given order; `undefined` and `null` values left out. */
export type Attrs = Record<string, string | number | null | undefined>;

/** ` a="1" b="2"` for the attributes that have a value. */
export function attrText(attrs: Attrs = {}): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    out += ` ${name}="${escapeAttr(String(value))}"`;
  }
  return out;
}

/** An element of a tree printed by `renderXml`. */
export interface XmlElement {
  name: string;
  attrs: Attrs;
  children: XmlNode[];
}

/** A child: an element, text (escaped when printed), or raw XML. */
export type XmlNode = XmlElement | string | { raw: string };

/**
 * Builds an element; `null`, `undefined` and `false` children are left out,
 * so optional parts read as `cond && el(...)`.
 *
 * @example el('idno', { type: 'fond' }, '45')
 */
export function el(
  name: string,
  attrs: Attrs = {},
  ...children: (XmlNode | null | undefined | false)[]
): XmlElement {
  return {
    name,
    attrs,
    children: children.filter(
      (c): c is XmlNode => c !== null && c !== undefined && c !== false
    ),
  };
}

function isElement(node: XmlNode): node is XmlElement {
  return typeof node === 'object' && 'name' in node;
}

/**
 * Prints a tree, two spaces per level. An element with any text among its
 * children (mixed content) stays on one line, so no white space is added
 * to its text.
 */
export function renderXml(node: XmlElement, depth = 0): string {
  const pad = '  '.repeat(depth);
  const open = `<${node.name}${attrText(node.attrs)}`;
  if (node.children.length === 0) return `${pad}${open}/>`;
  const inline = node.children.some((c) => !isElement(c));
  if (inline) {
    return `${pad}${open}>${node.children.map(inlineText).join('')}</${node.name}>`;
  }
  const inner = node.children
    .map((c) =>
      isElement(c) ? renderXml(c, depth + 1) : `${pad}  ${inlineText(c)}`
    )
    .join('\n');
  return `${pad}${open}>\n${inner}\n${pad}</${node.name}>`;
}

function inlineText(node: XmlNode): string {
  if (typeof node === 'string') return escapeText(node);
  if ('raw' in node) return node.raw;
  return renderXml(node);
}
