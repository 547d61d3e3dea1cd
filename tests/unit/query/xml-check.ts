/**
 * A small XML well-formedness check for tests: one root, tags nested and
 * closed in order, attributes quoted, only the five predefined entities or
 * character references, no raw `<` or `&` in text. Returns the element
 * names in document order so tests can count them.
 */
export function parseXmlElements(xml: string): string[] {
  const elements: string[] = [];
  const stack: string[] = [];
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  let roots = 0;
  const checkText = (text: string) => {
    if (text.includes('<'))
      throw new Error(`raw < in text: ${text.slice(0, 40)}`);
    const amp = text.match(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    if (amp)
      throw new Error(
        `bad entity near: ${text.slice(amp.index, (amp.index ?? 0) + 20)}`
      );
  };
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    if (open === -1) {
      if (rest.trim()) throw new Error('text after the root element');
      break;
    }
    const text = rest.slice(0, open);
    if (stack.length === 0 && text.trim())
      throw new Error('text outside the root');
    checkText(text);
    const close = rest.indexOf('>', open);
    if (close === -1) throw new Error('unterminated tag');
    const tag = rest.slice(open + 1, close);
    rest = rest.slice(close + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name)
        throw new Error(`</${name}> closes the wrong element`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const match =
      /^([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*\/?$/.exec(
        tag
      );
    if (!match) throw new Error(`malformed tag <${tag.slice(0, 40)}>`);
    const name = match[1]!;
    checkText(match[2] ?? '');
    if (stack.length === 0) roots += 1;
    if (roots > 1) throw new Error('more than one root element');
    elements.push(name);
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (roots !== 1) throw new Error('no root element');
  return elements;
}
