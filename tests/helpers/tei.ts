/**
 * Reading TEI exports back in tests, with a real XML parser (@xmldom/xmldom)
 * and a real RELAX NG validator (xmllint-wasm, libxml2): parse strictly,
 * take the body's text back, locate every body element by the offsets of
 * the text it covers (so a value can be checked at its provenance span),
 * join the parts of split elements, validate against the project's TEI
 * subset schema, and compare two documents element by element.
 */
import { readFileSync } from 'node:fs';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { validateXML } from 'xmllint-wasm';
import { TEI_NS } from '#shared/export/tei.ts';
import { projectFile } from './corpus.ts';

/** The project's RELAX NG schema of the TEI it writes. */
export const TEI_SCHEMA_PATH = projectFile('fixtures/tei/archive-tei.rng');

/** Parses XML; any warning or error of the parser throws. */
export function parseXml(xml: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

/** Child elements of `el`, in order. */
export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
  }
  return out;
}

/** Every TEI element with this local name, in document order. */
export function teiElements(root: Document | Element, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(TEI_NS, name));
}

/** The first TEI element found at `path` (`teiHeader/fileDesc/titleStmt`). */
export function teiPath(root: Element, path: string): Element | null {
  let current: Element | null = root;
  for (const step of path.split('/')) {
    current =
      childElements(current).find(
        (c) => c.namespaceURI === TEI_NS && c.localName === step
      ) ?? null;
    if (!current) return null;
  }
  return current;
}

/** The outer `body` (`TEI/text/body`). */
export function teiBodyElement(doc: Document): Element {
  const body = doc.documentElement
    ? teiPath(doc.documentElement, 'text/body')
    : null;
  if (!body) throw new Error('no TEI/text/body');
  return body;
}

/** An element's text as the round trip reads it: `g` gives back its character. */
function textOf(node: Element): string {
  let out = '';
  for (let n = node.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) {
      out += n.nodeValue ?? '';
    } else if (n.nodeType === ELEMENT_NODE) {
      const el = n as Element;
      if (el.localName === 'g' && el.getAttribute('type') === 'non-xml-char') {
        out += String.fromCharCode(
          Number.parseInt((el.getAttribute('n') ?? '').slice(2), 16)
        );
      } else out += textOf(el);
    }
  }
  return out;
}

/**
 * The text of the body with the markup stripped: the decoded text when
 * the round trip holds. Each `g type="non-xml-char"` stands for the
 * character its `n` names.
 */
export function bodyText(doc: Document): string {
  return textOf(teiBodyElement(doc));
}

/** A body element and the offsets of the text it covers. */
export interface Located {
  el: Element;
  start: number;
  end: number;
}

/** Every element inside the body with its `[start, end)` in the body's text. */
export function locateElements(doc: Document): Located[] {
  const out: Located[] = [];
  let pos = 0;
  const walk = (node: Element) => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) {
        pos += (n.nodeValue ?? '').length;
      } else if (n.nodeType === ELEMENT_NODE) {
        const el = n as Element;
        // in document order: an element before the elements inside it
        const entry = { el, start: pos, end: pos };
        out.push(entry);
        if (el.localName === 'g' && el.getAttribute('type') === 'non-xml-char')
          pos += 1;
        else walk(el);
        entry.end = pos;
      }
    }
  };
  walk(teiBodyElement(doc));
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * The elements of the body with split elements joined: a part that has
 * `prev` is folded into the element its chain starts with, which then
 * covers from its first part's start to its last part's end.
 */
export function logicalElements(doc: Document): Located[] {
  const located = locateElements(doc);
  const byId = new Map<string, Located>();
  for (const l of located) {
    const id = l.el.getAttribute('xml:id');
    if (id) byId.set(id, l);
  }
  const out: Located[] = [];
  for (const l of located) {
    if (l.el.getAttribute('prev')) continue;
    let end = l.end;
    let next = l.el.getAttribute('next');
    const seen = new Set<string>();
    while (next && !seen.has(next)) {
      seen.add(next);
      const part = byId.get(next.replace(/^#/, ''));
      if (!part) throw new Error(`next="${next}" points at no element`);
      end = part.end;
      next = part.el.getAttribute('next');
    }
    out.push({ el: l.el, start: l.start, end });
  }
  return out;
}

/**
 * Validates XML documents against the project's TEI schema, all in one
 * run of xmllint (libxml2 compiled to WebAssembly).
 *
 * @returns the validator's error messages (none when all are valid)
 */
export async function validateTei(
  files: readonly { name: string; xml: string }[]
): Promise<string[]> {
  if (files.length === 0) return [];
  const result = await validateXML({
    xml: files.map((f) => ({ fileName: f.name, contents: f.xml })),
    schema: [readFileSync(TEI_SCHEMA_PATH, 'utf8')],
    extension: 'relaxng',
    maxMemoryPages: 16 * 1024,
  });
  return result.errors.map((e) => e.rawMessage);
}

/** `/TEI/text/body/p[3]/persName[1]`, for messages. */
function where(el: Element): string {
  const parts: string[] = [];
  for (let n: Element | null = el; n; n = n.parentNode as Element | null) {
    if (n.nodeType !== ELEMENT_NODE) break;
    const parent = n.parentNode as Element | null;
    const same =
      parent && parent.nodeType === ELEMENT_NODE
        ? childElements(parent).filter((c) => c.localName === n!.localName)
        : [n];
    parts.unshift(`${n.localName}[${same.indexOf(n) + 1}]`);
  }
  return `/${parts.join('/')}`;
}

function attributesOf(el: Element): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of Array.from(el.attributes)) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    out[a.name] = a.value;
  }
  return out;
}

/**
 * Compares two documents element by element: names and namespaces,
 * attributes, and text. Inside `body` every text node counts, white space
 * included (the body is the page); elsewhere text is compared with white
 * space folded and white-space-only text between elements is ignored
 * (indentation).
 *
 * @returns one line per difference, with the path where it is
 */
export function compareXml(expected: Document, actual: Document): string[] {
  const diffs: string[] = [];
  const compare = (e: Element, a: Element, inBody: boolean) => {
    const at = where(e);
    if (e.localName !== a.localName || e.namespaceURI !== a.namespaceURI) {
      diffs.push(
        `${at}: expected <${e.localName}>, got <${a.localName}> (${a.namespaceURI})`
      );
      return;
    }
    const ea = attributesOf(e);
    const aa = attributesOf(a);
    for (const name of new Set([...Object.keys(ea), ...Object.keys(aa)])) {
      if (ea[name] !== aa[name])
        diffs.push(
          `${at}/@${name}: expected ${JSON.stringify(ea[name])}, got ${JSON.stringify(aa[name])}`
        );
    }
    const body =
      inBody ||
      (e.localName === 'body' &&
        (e.parentNode as Element | null)?.localName === 'text');
    const kids = (el: Element) => {
      const out: ({ text: string } | Element)[] = [];
      for (let n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
        else if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) {
          const text = body
            ? (n.nodeValue ?? '')
            : (n.nodeValue ?? '').replace(/\s+/g, ' ').trim();
          if (text === '') continue;
          const last = out.at(-1);
          if (last && 'text' in last) last.text += text;
          else out.push({ text });
        }
      }
      return out;
    };
    const ek = kids(e);
    const ak = kids(a);
    for (let i = 0; i < Math.max(ek.length, ak.length); i++) {
      const x = ek[i];
      const y = ak[i];
      if (!x || !y) {
        diffs.push(
          `${at}: child ${i + 1}: expected ${x ? describe(x) : 'nothing'}, got ${y ? describe(y) : 'nothing'}`
        );
        break;
      }
      if ('text' in x || 'text' in y) {
        if (!('text' in x && 'text' in y) || x.text !== y.text) {
          diffs.push(
            `${at}: child ${i + 1}: expected ${describe(x)}, got ${describe(y)}`
          );
        }
        continue;
      }
      compare(x, y, body);
    }
  };
  if (!expected.documentElement || !actual.documentElement)
    return ['a document has no root element'];
  compare(expected.documentElement, actual.documentElement, false);
  return diffs;
}

function describe(node: { text: string } | Element): string {
  return 'text' in node
    ? `text ${JSON.stringify(node.text.slice(0, 80))}`
    : `<${node.localName}>`;
}
