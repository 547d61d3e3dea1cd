import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import { fixtureBytes, fixtureText } from './helpers.ts';

/** Decodes an HTML string (UTF-8) and returns the text, failing otherwise. */
async function htmlText(html: string, contentType?: string): Promise<string> {
  const result = await decode(Buffer.from(html, 'utf8'), { contentType });
  if (!result.ok) throw new Error(result.message);
  expect(result.format).toBe('html');
  return result.text;
}

describe('decode (HTML)', () => {
  it('turns the archive document page into the text of its main region', async () => {
    // Prepare
    const bytes = fixtureBytes('archive-page.html');
    const expectedLines = fixtureText('archive-page.txt')
      .replace(/\n$/, '')
      .split('\n');

    // Act
    const result = await decode(bytes, {
      key: 'incoming/archive-page.html',
      contentType: 'text/html; charset=utf-8',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      format: 'html',
      encoding: 'utf-8',
    });
    if (!result.ok) return;
    expect(result.text.split('\n')).toEqual(expectedLines);
  });

  it('drops navigation, header, footer, forms, scripts, hidden labels and share links', async () => {
    // Prepare
    const bytes = fixtureBytes('archive-page.html');

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const chrome of [
      'Skip to content',
      'Collections',
      'Search',
      'Home',
      'Privacy',
      'Share',
      'Email',
      'dataLayer',
      'document-view',
      'Enable JavaScript',
      'Archive logo',
      'Source',
      'font-family',
    ]) {
      expect(result.text).not.toContain(chrome);
    }
  });

  it('decodes entities and folds inline whitespace within a line', async () => {
    // Act
    const text = await htmlText(
      '<!doctype html><body><p>  Comrade\n   <b>KIM</b>&nbsp;IL&#32;SUNG &amp; &lt;Pak&gt;\t&ldquo;yes&rdquo;  </p></body>'
    );

    // Assess
    expect(text).toBe('Comrade KIM\u00a0IL SUNG & <Pak> “yes”');
  });

  it('keeps words joined across inline elements', async () => {
    // Act
    const text = await htmlText(
      '<html><body><p>Dis<span>tri</span>bution: <em>Stalin</em>, <a href="#">Molotov</a>.</p></body></html>'
    );

    // Assess
    expect(text).toBe('Distribution: Stalin, Molotov.');
  });

  it('separates paragraphs by one blank line and breaks lines at <br> and <div>', async () => {
    // Act
    const text = await htmlText(
      '<html><body><h1>Title</h1><p>Sent 10/09/50<br>Received 10/09/50</p>' +
        '<div>line one</div><div>line two</div><p>&nbsp;</p><p></p><p>Last</p></body></html>'
    );

    // Assess
    expect(text).toBe(
      'Title\n\nSent 10/09/50\nReceived 10/09/50\n\nline one\nline two\n\nLast'
    );
  });

  it('numbers ordered list items and keeps them on their own lines', async () => {
    // Act
    const text = await htmlText(
      '<html><body><p>Requests:</p><ol start="3"><li>Pilots</li><li><p>Tankists</p></li></ol>' +
        '<ul><li>first</li><li>second</li></ul></body></html>'
    );

    // Assess
    expect(text).toBe('Requests:\n\n3. Pilots\n4. Tankists\n\nfirst\nsecond');
  });

  it('writes table rows as lines with cells separated by pipes', async () => {
    // Act
    const text = await htmlText(
      '<html><body><table><tr><th>Copy</th><th>To</th></tr>' +
        '<tr><td>No. 1</td><td>Cde. Stalin</td></tr></table></body></html>'
    );

    // Assess
    expect(text).toBe('Copy | To\nNo. 1 | Cde. Stalin');
  });

  it('keeps the whitespace of <pre> blocks', async () => {
    // Act
    const text = await htmlText(
      '<html><body><p>Header</p><pre>  No. 1001\n  Copies:   Stalin (2)</pre></body></html>'
    );

    // Assess
    expect(text).toBe('Header\n\n  No. 1001\n  Copies:   Stalin (2)');
  });

  it('prefers <main> and falls back to a lone <article>', async () => {
    // Act
    const withMain = await htmlText(
      '<html><body><div>Sidebar teaser</div><main><p>Body text</p></main></body></html>'
    );
    const withArticle = await htmlText(
      '<html><body><div>Sidebar teaser</div><article><p>Body text</p></article></body></html>'
    );

    // Assess
    expect(withMain).toBe('Body text');
    expect(withArticle).toBe('Body text');
  });

  it('drops a page-level header and footer but keeps one inside an article', async () => {
    // Act
    const text = await htmlText(
      '<html><body><header>Site name</header>' +
        '<section><header><p>March 4, 1951</p></header><p>Body</p></section>' +
        '<footer>Copyright</footer></body></html>'
    );

    // Assess
    expect(text).toBe('March 4, 1951\n\nBody');
  });

  it('drops hidden and aria-hidden elements and navigation by role or class', async () => {
    // Act
    const text = await htmlText(
      '<html><body><main><p hidden>a</p><p aria-hidden="true">b</p>' +
        '<p style="display: none">c</p><div role="navigation">d</div>' +
        '<div class="page-nav">e</div><div class="visually-hidden">f</div>' +
        '<P HIDDEN>g</P><DIV ROLE="Navigation">h</DIV><p>kept</p></main></body></html>'
    );

    // Assess
    expect(text).toBe('kept');
  });

  it('detects HTML by content type for a fragment', async () => {
    // Act
    const text = await htmlText(
      '<p>One</p><p>Two &amp; three</p>',
      'text/html'
    );

    // Assess
    expect(text).toBe('One\n\nTwo & three');
  });

  it('treats HTML markup in a .txt object as HTML when it starts like a document', async () => {
    // Act
    const result = await decode(
      Buffer.from('<!DOCTYPE html><html><body><p>Text</p></body></html>'),
      { key: 'page.txt', contentType: 'text/plain' }
    );

    // Assess
    expect(result).toMatchObject({ ok: true, format: 'html', text: 'Text' });
  });

  it('leaves markup inside plain text alone', async () => {
    // Act
    const result = await decode(Buffer.from('Copies: <b>2</b>\n<p>not html'));

    // Assess
    expect(result).toMatchObject({
      ok: true,
      format: 'text',
      text: 'Copies: <b>2</b>\n<p>not html',
    });
  });

  it('honours a <meta charset> of windows-1251', async () => {
    // Prepare
    const html =
      '<html><head><meta charset="windows-1251"></head><body><p>Телеграмма</p></body></html>';
    const bytes = iconv.encode(html, 'windows-1251');

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: 'Телеграмма',
      format: 'html',
      encoding: 'windows-1251',
    });
  });

  it('honours a charset in <meta http-equiv="Content-Type">', async () => {
    // Prepare
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>' +
      '<body><p>Шифротелеграмма</p></body></html>';
    const bytes = iconv.encode(html, 'koi8-r');

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      text: 'Шифротелеграмма',
      encoding: 'koi8-r',
    });
  });

  it('decodes UTF-16 HTML with a BOM', async () => {
    // Prepare
    const html =
      '<!DOCTYPE html><html><body><p>Шифротелеграмма</p><p>No. 5</p></body></html>';
    const bytes = iconv.encode(html, 'utf-16le', { addBOM: true });

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: 'Шифротелеграмма\n\nNo. 5',
      format: 'html',
      encoding: 'utf-16le',
    });
  });

  it('reports a page without text content as empty', async () => {
    // Act
    const result = await decode(
      Buffer.from(
        '<html><body><nav>Menu</nav><script>x()</script></body></html>'
      ),
      { key: 'blank.html' }
    );

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'empty' });
    if (!result.ok) expect(result.message).toContain('blank.html');
  });

  it('survives very deeply nested and unclosed markup', async () => {
    // Prepare
    const deep = `<html><body>${'<div>'.repeat(20_000)}deep text${'</div>'.repeat(10)}<p>unclosed`;

    // Act
    const result = await decode(Buffer.from(deep));

    // Assess
    expect(result).toMatchObject({ ok: true, format: 'html' });
    if (result.ok) expect(result.text).toBe('deep text\n\nunclosed');
  });
});
