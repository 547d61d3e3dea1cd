/**
 * Variant fixtures (fixtures/variants): invented pages in forms the corpus
 * has not shown, each with a hand-written record by RECORD.md, scored by
 * `archive eval`. They stand in for the independent hidden sets (same
 * archive, other countries and decades), so their misses name the forms
 * the extractor still has to learn; the gold is never bent to it.
 *
 * Thirty-five framed pages (`Skip to content`, the x-layout with the summary
 * sentence first or with `###`, and the `Search in` layout whose citation
 * block stands where the title would be) and thirty-three frameless ones. Forms shown, among others: a `Sender:` line naming
 * an embassy in a place; Roman-numeral months (`14.VI.1966`, `27.X.62`);
 * `1)` and `(1)` points with `(a)` sub-items that are not points; a
 * repeated and a skipped point number; a `Spets. Nº` line and a `To No.
 * .../sh.` reference; received before sent on a deciphered telegram;
 * distribution lists one per line (`Cde. X - 2 copies`, `2 copies to the
 * Center`, `1 - to Cde. X`, numbered `1. Cde. X`, `Copies to:`) with
 * totals that do and do not add up; signatures with `/-/`, `s.k.`,
 * `/signature/`, slashes and spaced letters after an initial; a closing
 * `– Name – 314 –`; a page cut off mid-point; citations in Russian,
 * Bulgarian, Hungarian, German and US forms; quantities in words, ranges,
 * `1.5 million`, `40-50 thousand`; dates such as `June 14th, 1968`,
 * `12.V.1961`, `ON/12/13/III/63`.
 *
 * The second round (`r2-` pages, written and scored at first sight before
 * any rule was tuned to them) adds: distribution lists set in columns with
 * `|`, `Copies:` inline with `(2)`, `NºNº 1-2 to X`, ordinal copies (`1st
 * copy - Comrade X`), a copies line that names nobody; signatures with the
 * office on the line above, name and date on one line (`A. Gromyko
 * 21.III.53`), `Mao Zedong [signed]`, `Ambassador: /Name/`, a signature
 * under its dateline; datelines `1968 March 12.`, `March 12th, 1965`,
 * `12.III.63`; an address block beside a non-`Dear` salutation; numbers in
 * words (`fifteen hundred`, `two and a half thousand`, `two hundred and
 * fifty`, `thirty-five thousand`, `a million`) and a year range before a
 * quantity; a venue after a participant; citations of two archives, and
 * archives without fond markers; a summary cut off.
 *
 * The third round (`r3-` pages, six framed incl. one x-layout and six
 * frameless, scored at first sight) adds: a US State Department cable
 * (`S E C R E T MOSCOW 4127`, a `P 041530Z MAY 72` date-time group, `FM`,
 * `TO ... PRIORITY`, `INFO` addressees that are not a distribution, `(C)`
 * marks inside numbered points, a bare surname closing it); a Chinese
 * Foreign Ministry cable with its addressee line first and the ministry and
 * date closing it; an SED Politburo protocol with `Present:` lists, agenda
 * points and `gez.` signature; an `Extract from protocol` of the CC CPSU
 * Presidium with a `To be sent to:` list; a Hungarian memorandum with
 * `Budapest, 1962. május 4.`, `Készült 3 példányban` and `Kapják:`; a
 * Mongolian `MINUTES OF CONVERSATION` signed `(Signature) X`; a Bulgarian
 * `R E P O R T` addressed above its heading and signed `/I. Bashev/`; a
 * Czechoslovak `INFORMATION for the Presidium` with a `|` distribution that
 * falls short of its total; a Yugoslav note with `Belgrade, 4.III.1955`,
 * `For the State Secretary:` and copies separated by `;`; a Cuban letter
 * (`Havana, May 3rd, 1963`, `"Year of ..."`, `Esteemed Comrade X:`); a US
 * memorandum with `Original signed by:` and `cc:`; a Brazilian telegram with
 * a `SG/DPo/DAS/DAC` distribution; quantities `a dozen`, `half a million`,
 * `1.5 thousand`, `300 thousand`, and `several hundred` (not a quantity:
 * it states no number).
 *
 * The fourth round (`r4-` pages, six framed incl. one x-layout and six
 * frameless, scored at first sight) keeps to the archive's commonest kinds
 * and varies their forms: a cable to `Fyn Si [Stalin]` with `Arrived at`
 * and `Deciphered ... by X` lines, a closing `File of 8th` and `Stalin - 2`
 * in a `Distribution list - 9 copies`; a frameless ciphered telegram that
 * relays a quoted letter (`To Comrade FILIPPOV.` ... `MAO ZEDONG"`) with a
 * `Distributed:` list of numbered copies; a letter to Stalin with an
 * address block above `Dear Iosif Vissarionovich!` and the signature over
 * two office lines and a dateline; a conversation record with `Copy No. 3`,
 * `/P. YUDIN/` and `4 copies printed`, cut off inside its summary; a
 * Hungarian report with `Written: in 4 copies` and copies in words (`Three
 * copies to the Center`); a Hungarian telegram with `Dispatched:` and
 * Roman-numeral months, an inline distribution with `(2)` and a closing
 * `– 212 –`; an x-layout Chinese cable with `(1)` points and a `PRC FMA`
 * citation; a GDR memorandum of a conversation with ordinal copies; a
 * Politburo extract with a `To Cdes. ... - everything; X - point 3.` list
 * and `VKP(b)`; a Bulgarian `INFORMATION` with a skipped point; a letter
 * opening `Comrade Kim Il Sung!` dated under its signature; quantities
 * `3-5 thousand`, `two divisions of fighter aircraft`, `the two parties`.
 *
 * The fifth round (`r5-` pages, five framed and five frameless, scored at
 * first sight) keeps to the same kinds and varies forms the first fifty do
 * not show: stamps in the order `Deciphered ... Received ... Sent from
 * BEIJING ...`; copies totals at the top (`Printed in 6 copies`, `Total
 * copies: 4`, `Copies: 5`) with the list at the foot; signatures with two
 * names (`Ambassador: F. Komzala / First Secretary: J. Nováček`, `Signed: A /
 * B`, `SHTYKOV, VASILIEV`, two names over two offices); an address and its
 * `Dear ...` salutation on one line; `I.`/`II.` section headings beside `1.`
 * points; `(1) (2) (4)` points; quantities `1,200-1,500 tons`, `a further
 * 300`, `six or seven`, `ten to twelve`, `one and a half thousand`, and `a
 * further 30 per cent` (a percentage, not a quantity); citations with `l. 5
 * ob.` and `ll. 12-12 ob.`; a conversation record cut off mid-distribution
 * under a `Sent:` heading, and a frameless telegram whose last name is cut
 * (`Zakh`); datelines in the header (`Beijing, 14 June 1958`, `No. 231/61
 * Tirana, 22.XI.1961` on one line) as origins.
 *
 * The sixth round (`r6-` pages, two framed and six frameless, scored at
 * first sight) adds: a frameless telegram whose sent/received/deciphered
 * stamps and `copy No. 3 - Cde. X` list come after the text; a heading that
 * names the ambassador first (`Ambassador X's conversation with Y`); a
 * letter with its dateline first and no address; reports with a `Subject:`
 * line (one addressed `To Comrade X, Minister ...` below it); a telegram
 * relaying a quoted letter with its own salutation and signature; a
 * `MEMORANDUM OF CONVERSATION` with `Copies: 2`; quantities with
 * `approximately`, `up to` and `over` (the number itself, min = max).
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '#cli/commands/eval.ts';
import { formatTable, scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import { ExtractionSchema } from '#shared/schema/record.ts';
import {
  type CorpusPage,
  fieldFailures,
  pagesWithGold,
  projectFile,
} from '../../helpers/corpus.ts';

/**
 * Overall F1 floor. First sight of each round, before any rule changed:
 * round 1 (14 pages) 0.877, round 2 (12 pages) 0.930, round 3 (12 pages)
 * 0.840 (framed 0.806, frameless 0.883), round 4 (12 pages) 0.940 (framed
 * 0.975, frameless 0.893), round 5 (10 pages) 0.929 (framed 0.933,
 * frameless 0.924), round 6 (8 pages) 0.995 (framed 1.000, frameless
 * 0.993). Each round joined at the figure all pages gave then, and the
 * floor went back to 1.00 once its misses were fixed by form (parser 0.2.0:
 * all 68 pages read 1.00). Never lowered otherwise; a new round is scored
 * on its own first, and that figure reported, before it joins this set.
 */
const F1_FLOOR = 1.0;

const PAGES = projectFile('fixtures/variants/pages');
const GOLD = projectFile('fixtures/variants/gold');

type Fixture = CorpusPage;

const fixtures: Fixture[] = pagesWithGold(PAGES, GOLD);

/** The archive website's frame, by its own marks (a `Search in` page has no title line). */
const FRAME = /Skip to content|Search in|Document Information|Record ID/;
const framed = (f: Fixture): boolean => FRAME.test(f.text);

/** Per page, the fields whose extracted value differs from the gold. */
const failures = (): string[] =>
  fieldFailures(
    fixtures,
    (text) => extract(text) as unknown as Record<string, unknown>,
    scoreRecord
  );

describe('variant fixtures (fixtures/variants)', () => {
  it('has a gold record for every page: thirty-five framed, thirty-three frameless', () => {
    // Assess
    const pages = readdirSync(PAGES)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => basename(f, '.txt'))
      .sort();
    expect(pages).toEqual(fixtures.map((f) => f.name));
    expect(fixtures.filter(framed)).toHaveLength(35);
    expect(fixtures.filter((f) => !framed(f))).toHaveLength(33);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s: gold keeps the shape of RECORD.md',
    (_, f) => {
      // Assess: the page's own strings, warnings sorted
      const g = f.gold as {
        title: string | null;
        summary: string | null;
        requests: { text: string }[];
        warnings: string[];
      };
      if (g.title !== null) expect(f.text).toContain(g.title);
      if (g.summary !== null) expect(f.text).toContain(g.summary);
      for (const r of g.requests) expect(f.text).toContain(r.text);
      expect(g.warnings).toEqual([...g.warnings].sort());
      if (!framed(f)) {
        // a frameless page: no frame in the text, none in the record
        // (FRAME did not match, by the definition of framed)
        expect(f.gold.title).toBeNull();
        expect(f.gold).toMatchObject({ summary: null, sources: [], via: [] });
        expect(g.warnings).not.toContain('truncated');
      }
    }
  );

  it('extracts a schema-valid record from every page', () => {
    for (const f of fixtures) {
      const result = ExtractionSchema.safeParse(extract(f.text));
      expect(result.success, f.name).toBe(true);
    }
  });

  it(`scores overall F1 >= ${F1_FLOOR} through archive eval`, async () => {
    // Act
    const result = await evaluate(PAGES, GOLD);

    // Assess
    expect(result.pages).toBe(fixtures.length);
    expect(result.missing).toEqual([]);
    expect(result.failed).toEqual([]);
    if (result.f1 < 1) {
      console.log(
        `fixtures/variants: overall F1 ${result.f1.toFixed(4)}\n${formatTable(result.tallies)}\n${failures().join('\n')}`
      );
    }
    expect(result.f1).toBeGreaterThanOrEqual(F1_FLOOR);
  });
});
