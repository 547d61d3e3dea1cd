/// <reference lib="dom" />
/**
 * The page's only way to build DOM: elements from tag, attributes and
 * children, where every string child becomes a text node. Record data is
 * never parsed as HTML (no innerHTML anywhere), so a title like
 * `<img onerror=…>` shows as text.
 */

export type Child = Node | string | number | null | undefined | false;

/** Attributes set with setAttribute; `class` and data-* included. */
export type Attrs = Record<
  string,
  string | number | boolean | null | undefined
>;

/**
 * Creates an element.
 *
 * @param tag element name
 * @param attrs attributes (false/null/undefined are left out; true is "")
 * @param children nodes or text
 * @example el('li', { class: 'hit' }, el('a', { href: '#/records/x' }, title))
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'href' && !isSafeHref(String(value))) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child))
        : child
    );
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: (Child | Child[])[]) {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Only in-page, same-origin and http(s) links: never `javascript:`. */
export function isSafeHref(href: string): boolean {
  if (href.startsWith('#') || href.startsWith('/')) return true;
  try {
    const url = new URL(href, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Looks up an element the page markup must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page markup lacks #${id}`);
  return node as T;
}
