import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors/index.ts';
import {
  MAX_QUERY_TERMS,
  matchesText,
  parseTextQuery,
  queryTerms,
  type Snippet,
  snippet,
  tokenize,
  tokenSpans,
} from '#shared/query/text-search.ts';

/** The marked pieces of a snippet, as a reader sees them highlighted. */
const marked = (s: Snippet) => s.marks.map(([a, b]) => s.text.slice(a, b));

describe('tokenize', () => {
  it('folds case and accents, splits on punctuation and line breaks', () => {
    expect(tokenize('Péter  KÁROLYI,\nMao Tsé-tung (1950).')).toEqual([
      'peter',
      'karolyi',
      'mao',
      'tse',
      'tung',
      '1950',
    ]);
  });

  it('folds the letters NFKD keeps whole, and decomposed accents', () => {
    expect(tokenize('Weiß Søren Łódź Đilas Œuvre')).toEqual([
      'weiss',
      'soren',
      'lodz',
      'dilas',
      'oeuvre',
    ]);
    // e + combining acute is one word, the same as é
    expect(tokenize('Pe\u0301ter')).toEqual(tokenize('Péter'));
  });

  it('makes each Han character a word', () => {
    expect(tokenize('主席毛泽东 said')).toEqual([
      '主',
      '席',
      '毛',
      '泽',
      '东',
      'said',
    ]);
  });

  it('gives offsets into the text as written', () => {
    const text = 'To: Chou\tEn-lai';
    expect(tokenSpans(text).map((t) => text.slice(t.start, t.end))).toEqual([
      'To',
      'Chou',
      'En',
      'lai',
    ]);
  });
});

describe('parseTextQuery', () => {
  it('reads bare words and quoted phrases, folded', () => {
    expect(parseTextQuery('Treaty "Chou En-lai"  Moscow')).toEqual({
      words: ['treaty', 'moscow'],
      phrases: [['chou', 'en', 'lai']],
    });
  });

  it('takes a bare word that splits (Tse-tung, 600382/sh) as a phrase', () => {
    expect(parseTextQuery('Tse-tung 600382/sh')).toEqual({
      words: [],
      phrases: [
        ['tse', 'tung'],
        ['600382', 'sh'],
      ],
    });
  });

  it('accepts typographic quotes; a one-word phrase is a word; repeats go', () => {
    expect(parseTextQuery('“Molotov” molotov „cease fire“')).toEqual({
      words: ['molotov'],
      phrases: [['cease', 'fire']],
    });
  });

  it('lists every term an index must hold', () => {
    expect(queryTerms(parseTextQuery('war "the war ended"'))).toEqual([
      'war',
      'the',
      'ended',
    ]);
  });

  it('rejects an unclosed quote, naming where it opened', () => {
    expect(() => parseTextQuery('armistice "Kaesong talks')).toThrow(
      /quote at character 11 is not closed/
    );
    expect(() => parseTextQuery('"a" "b')).toThrow(ValidationError);
  });

  it('rejects a query with nothing to search for', () => {
    expect(() => parseTextQuery('  "" !!! -- ')).toThrow(
      /holds no word to search for/
    );
  });

  it('rejects a query longer than the limit', () => {
    const words = Array.from(
      { length: MAX_QUERY_TERMS + 1 },
      (_, i) => `w${i}`
    );
    expect(() => parseTextQuery(words.join(' '))).toThrow(
      new RegExp(`${MAX_QUERY_TERMS + 1} words, at most ${MAX_QUERY_TERMS}`)
    );
  });
});

describe('matchesText', () => {
  const text =
    'TOP SECRET\nTo Comrade Filippov.\nThe Korean comrades ask for\nanti-aircraft guns; Chou\nEn-lai agrees.';

  it('needs every word as a whole word', () => {
    expect(matchesText(parseTextQuery('korean guns'), text)).toBe(true);
    expect(matchesText(parseTextQuery('korean tanks'), text)).toBe(false);
    // part of a word is no match
    expect(matchesText(parseTextQuery('kore'), text)).toBe(false);
    expect(matchesText(parseTextQuery('aircraft'), text)).toBe(true);
  });

  it('matches a phrase across line breaks and punctuation, in order only', () => {
    expect(matchesText(parseTextQuery('"guns Chou En-lai"'), text)).toBe(true);
    expect(matchesText(parseTextQuery('"comrade filippov the"'), text)).toBe(
      true
    );
    expect(matchesText(parseTextQuery('"en-lai chou"'), text)).toBe(false);
    expect(matchesText(parseTextQuery('"korean guns"'), text)).toBe(false);
  });

  it('ignores case and accents on both sides', () => {
    expect(matchesText(parseTextQuery('FILIPPÓV'), text)).toBe(true);
    expect(matchesText(parseTextQuery('péter'), 'PETER NAGY')).toBe(true);
  });
});

describe('snippet', () => {
  const words = (n: number, w: string) => Array(n).fill(w).join(' ');

  it('centres on the phrase, cuts at word boundaries, marks matches', () => {
    // Prepare
    const text = `${words(40, 'lorem')} the armistice\n\n  talks at Kaesong began ${words(40, 'ipsum')}`;

    // Act
    const s = snippet(parseTextQuery('"armistice talks" kaesong'), text, 60);

    // Assess
    expect(s.text.startsWith('…lorem')).toBe(true);
    expect(s.text.endsWith('ipsum…')).toBe(true);
    expect(s.text).toContain('the armistice talks at Kaesong began');
    expect(s.text.length).toBeLessThanOrEqual(62);
    expect(marked(s)).toEqual(['armistice talks', 'Kaesong']);
  });

  it('anchors on the rarest word when there is no phrase', () => {
    const text = `Moscow ${words(60, 'filler')} Moscow Pyongyang Moscow ${words(60, 'filler')}`;
    const s = snippet(parseTextQuery('moscow pyongyang'), text, 40);
    expect(s.text).toContain('Pyongyang');
    expect(marked(s)).toContain('Pyongyang');
    expect(marked(s).filter((m) => m === 'Moscow')).toHaveLength(2);
  });

  it('shows the whole text uncut when it is short', () => {
    const s = snippet(parseTextQuery('stalin'), '  To   Stalin.\n', 160);
    expect(s).toEqual({ text: 'To Stalin.', marks: [[3, 9]] });
  });

  it('gives the opening window of a text that does not match', () => {
    const s = snippet(parseTextQuery('absent'), `${words(50, 'word')}`, 30);
    expect(s.text.startsWith('word word')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.marks).toEqual([]);
  });

  it('keeps a match longer than the width whole', () => {
    const phrase = 'one two three four five six';
    const s = snippet(
      parseTextQuery(`"${phrase}"`),
      `intro ${phrase} outro`,
      10
    );
    expect(s.text).toBe(`…${phrase}…`);
    expect(marked(s)).toEqual([phrase]);
  });

  it('rejects a width that is not a positive integer', () => {
    expect(() => snippet(parseTextQuery('a'), 'a', 0)).toThrow(/snippet width/);
  });
});

describe('properties', () => {
  // a small vocabulary, so that words repeat and queries often match
  const vocab = [
    'Mao',
    'mao',
    'Zhou',
    'Kim',
    'Péter',
    'peter',
    'treaty',
    '1950',
  ];
  const seps = [' ', '\n', ', ', '-', '. ', ' (', ') '];
  const textArb = fc
    .array(fc.tuple(fc.constantFrom(...vocab), fc.constantFrom(...seps)), {
      maxLength: 40,
    })
    .map((parts) => parts.map(([w, s]) => w + s).join(''));
  const queryArb = fc
    .array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 3 })
    .chain((ws) =>
      fc
        .boolean()
        .map((quoted) => (quoted ? `"${ws.join(' ')}"` : ws.join(' ')))
    );

  it('a matched text holds every query word, and every phrase in order', () => {
    fc.assert(
      fc.property(textArb, queryArb, (text, input) => {
        const q = parseTextQuery(input);
        if (!matchesText(q, text)) return;
        const terms = tokenize(text);
        for (const w of queryTerms(q)) expect(terms).toContain(w);
        const joined = ` ${terms.join(' ')} `;
        for (const p of q.phrases) expect(joined).toContain(` ${p.join(' ')} `);
      })
    );
  });

  it('a text made of the query words always matches', () => {
    fc.assert(
      fc.property(textArb, queryArb, textArb, (before, input, after) => {
        const q = parseTextQuery(input);
        const inner = input.replaceAll('"', '');
        expect(matchesText(q, `${before} ${inner}\n${after}`)).toBe(true);
      })
    );
  });

  it('snippet marks lie in the text and each marks a query term or phrase', () => {
    fc.assert(
      fc.property(textArb, queryArb, (text, input) => {
        const q = parseTextQuery(input);
        const s = snippet(q, text, 50);
        const phrases = new Set(q.phrases.map((p) => p.join(' ')));
        let last = -1;
        for (const [a, b] of s.marks) {
          expect(a).toBeGreaterThan(last);
          expect(b).toBeLessThanOrEqual(s.text.length);
          last = b;
          const piece = tokenize(s.text.slice(a, b)).join(' ');
          const ok =
            q.words.includes(piece) ||
            phrases.has(piece) ||
            // merged overlapping matches: every word is a query term
            tokenize(s.text.slice(a, b)).every((t) =>
              queryTerms(q).includes(t)
            );
          expect(ok).toBe(true);
        }
      })
    );
  });
});
