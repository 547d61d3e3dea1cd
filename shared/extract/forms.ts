/**
 * The kinds of header and closing lines a document page is made of: the
 * cipher or cable number line, the from-line and dateline, the sent /
 * received / arrived / deciphered stamps, the copies and distribution lines
 * and their entries, the typist line, the outgoing or closing number, and
 * the registration stamps. Each form is one named, documented pattern here,
 * so that a new form is a change in one place; `telegram.ts` and
 * `distribution.ts` read values with these, and `lineKind` classifies a line.
 *
 * Patterns that capture a value capture it as group 1 (unless documented).
 * None nests unbounded quantifiers (tests/unit/extract/redos.test.ts).
 */
import {
  alternation,
  CABLE_CLASSIFICATIONS,
  HONORIFIC_WORDS,
  LEADING_OFFICE_WORDS,
  SENDING_BODY_WORDS,
  TELEGRAM_QUALIFIERS,
  TELEGRAM_WORDS,
  WORD_NUMBERS,
} from './vocabulary.ts';

/** A number as the header writes it: `600382/sh`, `066.618`, `31343/31353`. */
const NUM = String.raw`(\d[\w./-]*\w|\d)`;
/**
 * The number sign in its spellings: `No.`, `No`, `Nº`, `N°`, `#`, the
 * numero sign `№` of Russian typewriters, and `Nr.` of German, Polish and
 * Romanian documents.
 */
const NO = String.raw`(?:No\.?|Nº|N°|№|Nr\.?|#)`;
/** Words a telegram's heading may carry before its name (vocabulary.ts). */
const QUALIFIER = String.raw`(?:(?:(?:Top|Strictly|Very|Extremely)\s+)?(?:${alternation(TELEGRAM_QUALIFIERS)})\s+){0,3}`;
/**
 * The names a ciphered message goes by (RECORD.md documentType: telegram;
 * vocabulary.ts), the same list the title's type rules read.
 */
const TELEGRAM_WORD = `(?:${alternation(TELEGRAM_WORDS)})`;

// ---------------------------------------------------------------- numbers

/**
 * The telegram's number line: `Ciphered Telegram # 600382/sh`,
 * `CABLE Nº 58986`, `Secret Telegram No. 792`, `Cryptogram No 1144`,
 * `Ciphergram No. 12768`, `Cipher No. 6247`.
 */
export const CIPHER_LINE = new RegExp(
  String.raw`^\s*${QUALIFIER}${TELEGRAM_WORD}\s*${NO}\s*:?\s*${NUM}`,
  'i'
);

const CLASSIFICATION = `(?:${CABLE_CLASSIFICATIONS.map((c) =>
  c
    .split(' ')
    .map((w) => w.split('').join(' ?'))
    .join(String.raw`\s+`)
).join('|')})`;

/**
 * A US cable's first line: the classification, the post (or `STATE` for
 * the Department's own cables) and the cable's number, `S E C R E T
 * MOSCOW 4127`, `CONFIDENTIAL STATE 077310`, `SECRET NEW DELHI 1234`,
 * `LIMITED OFFICIAL USE SAIGON 00412` (group 1 the number).
 */
export const US_CABLE_NUMBER = new RegExp(
  String.raw`^\s*${CLASSIFICATION}\s+(?:(?!(?:OF|IN|ON|FOR|THE|AND|TO)\s)[A-Z]{2,}\s+){1,2}(\d{1,6})\s*$`
);

/**
 * A telegram heading that is only its name and number, with no number sign:
 * `TELEGRAM 066.618`.
 */
export const HEADING_NUMBER = new RegExp(
  String.raw`^\s*${QUALIFIER}${TELEGRAM_WORD}\s+(\d[\d./-]*\d)\s*$`,
  'i'
);

/**
 * A form heading set in lines: the telegram's name alone (`TELEGRAM`,
 * `INCOMING CABLE`), or a stamp word alone below it (`RECEIVED`,
 * `TELEGRAM RECEIVED`, `SENT:`). The number and date lines of the form
 * follow (`13 679`, `ON/16/17/XI/62`).
 */
export const FORM_HEADING = new RegExp(
  String.raw`^\s*${QUALIFIER}${TELEGRAM_WORD}\s*$`,
  'i'
);

/** A number alone on its line under a form heading: `13 679`, `4417/sh`. */
export const FORM_NUMBER = /^\s*(\d{1,3}(?: \d{3}){1,3}|\d[\w./-]*\w)\s*$/;

/**
 * A labelled number line: `Serial number: 1234`, and a form's own number
 * field, `Number: 287`, `Telegram number: 287`, `Cable No.: 287`,
 * `Reg. No.: 12/sh` (the label opens the line and ends with its colon:
 * `Number of copies: 5` is a count; a bare `No.: 12` may close the text).
 */
export const SERIAL_LINE =
  /^\s*(?:(?:Serial|Telegram|Cable|Cipher|Registration|Reg\.)\s+(?:number|No\.?|Nº|Nr\.?)|Number)\s*:\s*(\d[\w./-]*)/i;

/**
 * A special-folder number, `Spets. Nº 123` or `Spec. No. 45`: never the
 * telegram's number (RECORD.md clarifications), only a last resort when
 * neither header nor title gives one.
 */
export const SPEC_LINE =
  /^\s*Spe(?:c|ts)\.?\s*(?:No\.?|Nº)\s*(\d[\d-]*\d|\d)\b(?!\s+\d)/i;

/**
 * A bare number line above the text, `Nº 1447/sh`, or one that goes on
 * with the dateline, `No. 56 228 3 June 1969, Beijing` (a number may be
 * written in groups of three: `56 228`). Group 2 is what follows the number.
 */
export const BARE_NUMBER =
  /^\s*(?:No\.?|Nº|N°)\s*(\d{1,3}(?: \d{3}){1,3}(?=\s)|\d[\w/.-]*\w|\d)\.?(.*)$/;

/** `Outgoing Nº 8924`, `Issuing No. 12`, a stamp's `Outgoing [[number]] 7`. */
export const OUTGOING =
  /\b(?:Outgoing|Issuing)\s+(?:\[\[number\]\]\s*|(?:No\.?|Nº|N°)\s*)(\d[\w/-]*)/i;

/** A closing number line, `No. 1447/sh`, also with a name: `Nº 94 Ivanov`. */
export const CLOSING_NUMBER =
  /^\s*(?:No\.?|Nº|N°)\s*(\d[\w/.-]*\w|\d)\.?(?:\s+\p{Lu}[\p{L}.\s]*(?:,\s*.*)?)?\s*$/u;

/** A closing number written in by hand: `Nº [handwritten: 328/ag] [signature]`. */
export const HANDWRITTEN_NUMBER =
  /^\s*(?:No\.?|Nº|N°)\s*\[handwritten:?\s*(\d[\w/.-]*\w|\d)\s*\](?:\s*\[[^\]]{1,30}\])?\s*$/;

/** A closing number with the sign run into it: `N54/0084`. */
export const GLUED_NUMBER = /^\s*N(\d{1,6}\/\d[\w/.-]*\w)\s*$/;

/**
 * A bare number closing the telegram after the signature, set between
 * dashes, with or without the sender's name: `– 157 –`, `– Monori – 423 –`,
 * `– 176 E. –` (group 1, kept as written with its letter).
 */
export const DASHED_NUMBER =
  /^\s*[–-]\s*(?:\p{Lu}[\p{L}'’-]*\s*[–-]\s*)?(\d{1,6}(?:\s?\p{Lu}\.)?)\s*[–-]\s*$/u;

/** `To No. 483/sh.`: a reference to another telegram, not this one's number. */
export const REFERENCE_NUMBER = /^\s*(?:To|In reply to|Re:?)\s+(?:No\.?|Nº)/i;

// ---------------------------------------------------------------- origin

/** Words that look like a place after `From` but are not one. */
export const NOT_PLACE =
  /^(?:Correspondent|CORRESPONDENT|SECRET|URGENT|COPY|TOP|SPECIAL|CABLE|TELEGRAM|Comrade|Cde|Comr|Ambassador|The|THE)\b/;

/** Words that follow a place on a from-line and are not part of it. */
const PLACE_STOP = String.raw`(?:received|Received|RECEIVED|Sent|sent|SENT|dispatched|to|TO|on|ON|by|BY|at|AT|via|VIA)\b`;
/**
 * A place: one or two capitalized words (`PYONGYANG`, `New Delhi`), the
 * second not a word that goes on with the line (`PYONGYANG ON 3.6`).
 */
const PLACE = String.raw`(\p{Lu}[\p{L}-]+(?:\s(?!${PLACE_STOP})\p{Lu}[\p{L}-]+)?)`;
/** What may follow the place on a from-line. */
const AFTER_PLACE = String.raw`(?=\s*$|\.|,|…|\s{2,}|\s+${PLACE_STOP}|\s+\d)`;

/**
 * Words that make a capitalized phrase an office or an officer, not a
 * place (`From: the Embassy of Hungary, Political Department`, `From: the
 * Embassy of Hungary, Counsellor Kiss`).
 */
export const OFFICE_WORD =
  /\b(?:Department|DEPARTMENT|Section|SECTION|Division|DIVISION|Directorate|Ministry|MINISTRY|Committee|COMMITTEE|Office|OFFICE|Bureau|Embassy|EMBASSY|Mission|Consulate|Service|Staff|Counsellor|Counselor|COUNSELLOR|Minister|MINISTER|Secretary|SECRETARY|Attaché|Attache|Consul|CONSUL|Chargé|Charge|Envoy|Ambassador|AMBASSADOR)(?!\p{L})/u;

/**
 * A form's field that names the place a telegram was sent from (the label
 * says it is a place): `Origin: HANOI`, `Place of dispatch: Hanoi`,
 * `Place of origin: Hanoi`.
 */
const ORIGIN_LABEL = String.raw`(?:Origin|ORIGIN|Place\s+of\s+(?:dispatch|despatch|origin)|PLACE\s+OF\s+(?:DISPATCH|DESPATCH|ORIGIN))`;

/**
 * The from-line: `FROM: PYONGYANG`, `Origin: HANOI`, `From Pyongyang.Sent`, `from PEKING`,
 * `from Beijing, on Sept 9th, 1973`, `From Moscow to Warsaw, ...`,
 * `From…Saigon……dispatched on ...`.
 */
export const ORIGIN_FROM = new RegExp(
  String.raw`^\s*(?:(?:From|FROM|from)(?::\s*|\s+|…{1,9}\s*)|${ORIGIN_LABEL}\s*:\s*)${PLACE}${AFTER_PLACE}`,
  'u'
);

/**
 * A stamp that names where the telegram was handed in: `Sent from
 * Pyongyang by wire on ...`, `Dispatched from Hanoi 3.6.69 10:15`,
 * `Transmitted from Beijing`, `Handed in at Sofia` (the telegraph office's
 * word). A place a stamp says it was received in is not the origin.
 */
export const ORIGIN_STAMP = new RegExp(
  String.raw`^\s*(?:Sent|SENT|Dispatched|DISPATCHED|Despatched|Transmitted|TRANSMITTED|Cabled|Wired|Handed\s+in|HANDED\s+IN)\s+(?:from|FROM|at|AT)\s+${PLACE}${AFTER_PLACE}`,
  'u'
);

/**
 * A heading line that is only the name and the sending place:
 * `Telegram from Pyongyang` (not `Telegram from Shtykov to Gromyko ...`).
 */
export const ORIGIN_HEADING = new RegExp(
  String.raw`^\s*${QUALIFIER}${TELEGRAM_WORD}(?:\s+${NO}\s*\S+)?\s+(?:from|FROM|From)\s+${PLACE}\s*\.?\s*$`,
  'u'
);

/** The body words as written, in title case or capitals. */
const BODY = `(?:${SENDING_BODY_WORDS.flatMap((w) => [w, w.toUpperCase()]).join('|')})`;

/**
 * The labels of a from-line that names the sender: `From`, and the form
 * fields `Sender:`, `Sent by:`, `Originator:`, `Originating office:`
 * (each only before a body in a place, `ORIGIN_BODY`: `Sent by wire` is a
 * stamp).
 */
const SENDER_LABEL = String.raw`(?:From|FROM|from|Sender|SENDER|Sent\s+by|SENT\s+BY|Originator|ORIGINATOR|Originating\s+office|ORIGINATING\s+OFFICE)`;

/**
 * A from-line naming a body in a place: `FROM THE EMBASSY IN HAVANA`,
 * `From: the Romanian Embassy in Pyongyang`, `From the Embassy of the USSR
 * in Havana to ...`, or with the place after a comma: `From: Embassy of
 * Hungary, Pyongyang`, `FROM: POLISH EMBASSY, HANOI` → the place; also
 * under a sender's label: `Sender: the Romanian Embassy in Beijing`.
 */
export const ORIGIN_BODY = new RegExp(
  String.raw`^\s*${SENDER_LABEL}:?\s+(?:the\s+|THE\s+)?(?:\p{Lu}[\p{L}'’-]*\s+){0,4}${BODY}(?:\s+(?:of|OF)\s+(?:the\s+|THE\s+)?\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,2})?(?:\s+(?:in|IN|at|AT)\s+|,\s*)${PLACE}${AFTER_PLACE}`,
  'u'
);

/**
 * A sender's field that names only a place: `Sender: Pyongyang`,
 * `Originator: HANOI`, `Sending station: Beijing`. A sender's field may
 * name a person as well (`Sender: Shtykov`), so the reader keeps the value
 * only when it is a known place (DATELINE_PLACES).
 */
export const ORIGIN_SENDER = new RegExp(
  String.raw`^\s*(?:Sender|SENDER|Sent\s+by|SENT\s+BY|Originator|ORIGINATOR|Sending\s+(?:station|office|post)|SENDING\s+(?:STATION|OFFICE|POST))\s*:\s*${PLACE}\s*\.?\s*$`,
  'u'
);

/**
 * A US cable's from-line naming a post in a place: `FM AMEMBASSY SEOUL`,
 * `FM AMCONSUL HONG KONG` → the place (a body in a place, RECORD.md
 * clarifications).
 */
export const ORIGIN_FM = new RegExp(
  String.raw`^\s*FM\s+(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|USDEL|USLO)\s+${PLACE}${AFTER_PLACE}`,
  'u'
);

/** A dateline in capitals: `PYONGYANG, 80. 02. 01`. */
export const ORIGIN_DATELINE = /^\s*(\p{Lu}{3,}(?:\s\p{Lu}{3,})?),\s*\d/u;

/**
 * A dateline led by the place: `Havana, June 4, 1969` (group 1 the place,
 * group 2 what should be the date).
 */
export const PLACE_DATELINE =
  /^\s*(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?),\s*(.{4,40})$/u;

/**
 * A dateline that ends with the place: `3 June 1969, Beijing` (group 1 the
 * place, to be checked for a date before it).
 */
export const DATELINE_PLACE =
  /,\s*(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)\s*$/u;

// ---------------------------------------------------------------- stamps

/** What a stamp says happened at its time (RECORD.md telegram times). */
export type StampKind = 'sentAt' | 'receivedAt' | 'arrivedAt' | 'decipheredAt';

/**
 * The stamp words, each with what it says happened (data; spelling
 * variants of the same office's word are one entry each).
 */
const STAMP_WORDS: ReadonlyArray<readonly [string, StampKind]> = [
  ['sent', 'sentAt'],
  ['transmitted', 'sentAt'], // RECORD.md: sentAt also takes Transmitted
  ['dispatched', 'sentAt'], // ... and Dispatched
  ['despatched', 'sentAt'], // the British spelling
  [String.raw`handed\s+in`, 'sentAt'], // the telegraph office's acceptance
  ['received', 'receivedAt'],
  ["rec['’]d", 'receivedAt'], // `Rec'd 3.6.69 10:15`
  ['recd', 'receivedAt'], // `Recd. 3.6.69`
  ['rcvd', 'receivedAt'], // `RCVD 031015`
  ['arrived', 'arrivedAt'],
  [String.raw`came\s+in`, 'arrivedAt'], // to the receiving office
  ['deciphered', 'decipheredAt'],
  ['decyphered', 'decipheredAt'], // the older spelling
  ['decoded', 'decipheredAt'], // `Decoded 3.6 11:40`
  ['decrypted', 'decipheredAt'],
];
const STAMP_ALT = STAMP_WORDS.map(([w]) => w).join('|');

/** The kind of time a stamp word (as matched) gives. */
export function stampKind(word: string): StampKind {
  const w = word.toLowerCase();
  for (const [re, kind] of STAMP_WORDS)
    if (new RegExp(`^(?:${re})$`, 'i').test(w)) return kind;
  return 'sentAt';
}

/**
 * Words that say what happened at a time (`STAMP_WORDS`), and `Typed`
 * (read apart; it stops a segment).
 */
export const TIME_KEYWORD = new RegExp(
  String.raw`\b(${STAMP_ALT}|typed)(?![\p{L}'’])`,
  'giu'
);
/** A line with a stamp word (cheap test before reading times). */
export const HAS_TIME_KEYWORD = new RegExp(
  String.raw`\b(?:${STAMP_ALT})(?![\p{L}'’])`,
  'iu'
);
/** Where a stamp's segment ends: the next stamp word. */
export const TIME_SEGMENT_STOP = new RegExp(
  String.raw`\b(?:${STAMP_ALT}|typed|copy)(?![\p{L}'’])`,
  'iu'
);
/** A stamp word opening a line, after at most three words (`Telegram received`). */
const STAMP_LEAD = new RegExp(
  String.raw`^\s*(?:[\p{L}.]+\s+){0,3}?(${STAMP_ALT})(?![\p{L}'’])`,
  'iu'
);
/** A stamp word alone on its line, the head of a form: `RECEIVED`, `Sent:`. */
export const STAMP_ALONE = new RegExp(
  String.raw`^\s*(?:${QUALIFIER}${TELEGRAM_WORD}\s+)?(?:${STAMP_ALT})\s*:?\s*$`,
  'iu'
);
/** Words allowed between a stamp word and its date (`Received on wire at`). */
export const STAMP_FILLER = new Set([
  'on',
  'at',
  'in',
  'by',
  'wire',
  'the',
  'to',
  'of',
  'from',
  'and',
  'telegraph',
]);
/** An arrival at the receiving office: `Sent to the 8th Department ...`. */
export const RECEIVING_OFFICE = /\b(?:8D|8th|General Staff)\b/;

/**
 * A month written as a word in a stamp's date (`3 May 1949`, `27 Oct.
 * 1962`), English names and their abbreviations.
 */
const MONTH_WORD = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:[a-z]{0,6})\.?,?`;

/**
 * The date and time a stamp may give between its word and `by`:
 * `27.X.62 at 05:55`, `on 3.6.69, 11:40 hrs`, `3 May 1949 at 16:40` (at most
 * six such words).
 */
const STAMP_WHEN = String.raw`(?:\s+(?:on|at|in|hours|hrs\.?|h\.?|[\dIVX][\dIVX.:/,-]*|${MONTH_WORD}))`;

/**
 * `Deciphered by Morozov`, `Decoded by Morozov`, `Decyphered by ...`, and
 * with the stamp's date and time before the name: `Deciphered 27.X.62 at
 * 05:55 by Semenova`, `Decoded on 3.6.69 by Ivanova`; a form's field:
 * `Deciphered by: Ivanova`, `Decipherer: Ivanova`, `Cipher clerk - Ivanova`.
 */
export const DECIPHERED_BY = new RegExp(
  String.raw`\b(?:(?:Deciphered|Decyphered|Decoded|Decrypted)${STAMP_WHEN}{0,6}?\s+by:?|(?:Decipherer|Decypherer|Decoder|Cipher\s+clerk)\s*[:–-])\s*(\p{Lu}[\p{L}'-]+)`,
  'u'
);

/**
 * `Typed by Kravchuk on ...`, `typed by M/B` (initials kept as written),
 * `Typed: Orlova`, `Typist: Orlova`, `Typist - Orlova`, and with the date
 * first: `Typed 27.X.62 at 06:40 by Orlova`.
 */
export const TYPED_BY = new RegExp(
  String.raw`\b(?:[Tt]yped(?:${STAMP_WHEN}{0,6}?\s+by)?|Typist)(?:\s*[:–-])?\s+(\p{Lu}(?:\/\p{Lu}){1,3}\b|\p{Lu}[\p{L}'-]+)`,
  'u'
);

/** A registration stamp: `[Stamp: ...`, `Incoming Nº 0404s`, `[CPSU CC stamp: ...]`. */
export const STAMP =
  /^\s*\[?(?:Stamp\b|[^\]]{0,30}\bstamp:|Incoming\b|Subject to return\b)/i;

// ---------------------------------------------------------------- copies

const WORD_NUMBER = Object.keys(WORD_NUMBERS).join('|');

/**
 * The word for copies after a count, in English and in the languages whose
 * copies lines a translator leaves as written: Hungarian `3 példányban`
 * ("in 3 copies"), German `3 Exemplare(n)` / `3 Ausfertigungen`, Czech
 * `3 výtisky` / `ve 3 výtiscích` (the locative), Polish `3 egzemplarze` / `w 3 egz.`,
 * Russian `3 экз.` / `3 ekz.`. Data, each entry a language's word.
 */
const COPIES_WORD = String.raw`(?:copies|p[ée]ld[áa]nyban|p[ée]ld[áa]ny\b|Exemplaren?|Ausfertigung(?:en)?|v[ýy]tis(?:k[yůu]?|c[íi]ch)|egzemplarz(?:e|ach|y)|egz\.|экз\.|ekz\.)`;

/** A line that may hold a copies word (cheap test before the patterns). */
export const HAS_COPIES_WORD = new RegExp(COPIES_WORD, 'i');

/** The stated total in a copies line (group 1, digits or a number word). */
export const COPIES_TOTAL = new RegExp(
  String.raw`\b(\d{1,3}|${WORD_NUMBER})\s+${COPIES_WORD}(?!\s+(?:is|are)\s+prohibited)`,
  'i'
);

/**
 * A line that states a number of copies: `Distribution list - 11 copies:`,
 * `Two copies printed. ...`, `5 copies`, `Produced in 5 copies for: ...`;
 * not prose (`to supply 150,000 copies of textbooks`) nor a numbered point.
 */
export function isCopiesLine(folded: string): boolean {
  return COPIES_LEAD.test(folded) && !/^\d{1,2}[.)]\s/.test(folded);
}

/**
 * What may open a copies line before its number: `Distribution list - `,
 * `Distribution - `, `Distribution: `,
 * `Produced in`, `Printed in`, `Made in`, `Prepared in`, `Typed in`,
 * `Drawn up in`, `Delivered in`, `Issued in`, `Sent in`, `Distributed in`,
 * `Circulated in` (the verb may take a colon, `Written: in 4 copies`),
 * or `Printed:` / `Typed` alone; and the same lead in
 * the languages of `COPIES_WORD`: Hungarian `Készült` ("made"), German
 * `Gefertigt in` / `Angefertigt in` / `Ausgefertigt in`, Czech `Vyhotoveno
 * ve`, Polish `Wykonano w` / `Sporządzono w`, Russian `Otp.` / `Отп.`
 * ("printed").
 */
const COPIES_LEAD = new RegExp(
  String.raw`^(?:Distribution(?:\s+list)?\s*[-–:]\s*|(?:Produced|Printed|Made|Prepared|Typed|Written|Drawn\s+up|Executed|Delivered|Issued|Sent|Distributed|Circulated|Dispatched|(?:An|Aus)?[Gg]efertigt)\s*:?\s+in\s+|(?:Printed|Typed|Made)\s*:?\s+|K[ée]sz[üu]lt:?\s+|Vyhotoveno\s+(?:ve?\s+)?|(?:Wykonano|Sporz[ąa]dzono)\s+(?:w\s+)?|(?:Otp|Отп)\.\s*)?(?:\d{1,3}|[A-Za-z]+)\s+${COPIES_WORD}`,
  'i'
);

/**
 * A count of copies with no names: `Copies: 3`, `Number of copies: 5`,
 * `No. of copies 4`, `Copies made: 3`, `No. copies made: 210` (a labelled
 * count, with its colon, may follow a letterhead run into its line).
 */
export const COPIES_COUNT =
  /(?:^\s*|\s(?=[^:]*:))(?:Number\s+of\s+copies|No\.?\s+(?:of\s+)?copies|Copies)(?:\s+(?:made|printed|produced|typed|prepared|run\s+off))?\s*:?\s*(\d{1,3})\.?\s*$/i;

/**
 * Headings of a distribution list that take their colon (each is also a
 * phrase of prose without one): `Distributed:` alone, a copy line
 * addressed to persons, `To be
 * sent to:`, `Send to:`, `To be distributed to:`,
 * `Circulated to:`, `Forwarded to:`; the carbon-copy line of an English or
 * American memorandum, `cc:`, `CC:`, `c.c.:`, `bcc:`; and the heading in
 * the languages the archive translates from, where a translator keeps it:
 * Hungarian `Kapják:` / `Kapja:` ("receive(s)"), German `Verteiler:`
 * ("distribution"), Czech `Obdrží:` ("receive") and `Rozdělovník:`, Polish
 * `Otrzymują:` / `Otrzymuje:` ("receive") and `Rozdzielnik:`, Russian
 * `Разослать:` / `Razoslat':` ("send out to"). Data, each with its reason.
 */
const HEAD_WITH_COLON = String.raw`(?:Distributed|To\s+be\s+(?:sent|distributed|circulated)(?:\s+to)?|Send\s+to|(?:Circulated|Forwarded)\s+to|b?cc\.?|c\.\s?c\.|Kapj[áa]k?|Verteiler|Obdr[žz][íi]|Rozd[ěe]lovn[íi]k|Otrzymuj[ąa]|Otrzymuje|Rozdzielnik|Разослать|Razoslat[’']?)\s*:\s*`;

/**
 * A distribution heading, its entries inline or on the lines below:
 * `Copies: Stalin (2), Malenkov`, `Distribution list:`, `Distribution:`,
 * `Distributed to:`, `Copies to:`, `Copy to:`, `Copies sent to:`, and the
 * headings of `HEAD_WITH_COLON` (`To be sent to: Cdes. X, Y`, `cc: X`).
 */
export const DISTRIBUTION_HEAD = new RegExp(
  String.raw`^\s*(?:(?:Copies|Distribution(?:\s+list)?|Distributed\s+to|Cop(?:y|ies)(?:\s+(?:sent|going))?\s+to)\s*(?::\s*|$)|${HEAD_WITH_COLON})`,
  'i'
);

/**
 * A distribution heading alone on its line whose word is also a telegram
 * stamp's (`Sent: 3.6.69 10:15` is a stamp): `Sent:`, `Sent to:`, `Sent
 * out:`, Russian `Разослано:` / `Razoslano:` ("sent out"). It heads a
 * list only with nothing after the colon and entries on the lines below
 * (the reader checks the entries).
 */
export const SENT_HEAD =
  /^\s*(?:Sent(?:\s+(?:out|to|out\s+to))?|SENT(?:\s+(?:OUT|TO|OUT\s+TO))?|Разослано|Razoslano)\s*:\s*$/u;

/**
 * What part of a document an entry receives, in the distribution line of
 * an extract of a party body's minutes: `everything`, `all`, `in full`,
 * `the whole`, `point 3`, `points 2, 5`, `items 1-3`, `p. 3`, `pp. 2, 4`,
 * `paragraph 2`, `section II`, `§ 4`.
 */
const PART_WORD = String.raw`(?:[Ee]verything|[Aa]ll|[Ii]n\s+full|(?:[Tt]he\s+)?[Ww]hole|(?:[Pp]oints?|[Ii]tems?|[Pp]aragraphs?|[Ss]ections?|[Pp]p?\.|§§?)\s*[\dIVX]+(?:\s*(?:,|and|-|–)\s*[\dIVX]+)*)`;

/** Names of one part's entry: `Cdes. Bulganin, Vasilevsky`, `A. Ya. Orlov`. */
const PART_NAMES = String.raw`(?:(?:${HONORIFIC_WORDS.join('|')})\s*)?\p{Lu}[\p{L}.'’-]*(?:\s*,\s*(?:(?:${HONORIFIC_WORDS.join('|')})\s*)?\p{Lu}[\p{L}.'’-]*|\s+\p{Lu}[\p{L}.'’-]*)*`;

/**
 * A distribution that says who receives which part (the extract of a
 * Politburo decision): `To Cdes. Petrov, Orlov - everything; Ivanov -
 * point 3.`, `Orlov - all; Petrov, Ivanov - points 1, 2`. Every entry is
 * one copy; the line names no addressees.
 */
export const PART_LIST = new RegExp(
  String.raw`^\s*(?:[Tt]o\s+)?${PART_NAMES}\s*[-–—]\s*${PART_WORD}(?:\s*[;,]\s*${PART_NAMES}\s*[-–—]\s*${PART_WORD})*\s*[.;]?\s*$`,
  'u'
);

/** One part's entry of a `PART_LIST` (group 1 its names). */
export const PART_ENTRY = new RegExp(
  String.raw`(${PART_NAMES})\s*[-–—]\s*${PART_WORD}`,
  'gu'
);

/** `copies` or `copy` after an entry's count (`Stalin - 2 copies`). */
const COPY_WORD = String.raw`(?:\s+cop(?:y|ies)\b\.?)?`;

/**
 * `Stalin - 2`, `Molotov-1`, `Stalin (2)`, `Malenkov`, `Stalin - 2 copies`,
 * `Orlov – 1 copy`, `Petrov (2 copies)`: a name and its copies (sticky),
 * up to the list's separator: a comma, a semicolon, a bar (`Stalin (2) |
 * Malenkov`, `Stalin (2); Malenkov`) or a slash between capitalized
 * words (the codes of a ministry's departments, `SG/DPo/DAS`, `Petrov /
 * Ivanov`; `a/a`, `8D/GS`, `File 12/3` stay whole).
 */
const SLASH_SEP = String.raw`(?<=(?:^|[\s,;|/:])\p{Lu}[\p{L}.]{0,20} ?)\/(?= ?\p{Lu})`;
export const NAME_COUNT = new RegExp(
  String.raw`((?:[^,:;()|/]|(?!${SLASH_SEP})\/)+?)\s*(?:(?:-|–)\s*(\d{1,2})${COPY_WORD}|\((\d{1,2})${COPY_WORD}\))?\s*(?=[,;|]|${SLASH_SEP}|\.?\s*$)`,
  'yu'
);

/** Ordinal words of a copy's rank (`First copy - ...`), each one copy. */
const ORDINAL_WORDS =
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth';

/**
 * One copy named by its rank: `1st copy - Comrade Petrov`, `2nd copy: file`,
 * `3rd copy to Cde. Orlov`, `4th Copy - archive`, `First copy - Petrov`,
 * `1. copy - Petrov` (an ordinal written with a point). Group 1 the
 * addressee.
 */
export const ORDINAL_COPY_ENTRY = new RegExp(
  String.raw`^\s*(?:\d{1,2}(?:st|nd|rd|th|\.)|${ORDINAL_WORDS})\s+cop(?:y|ies)\s*(?:[-–:]\s*|to\s+)(?:to\s+)?(\S.{0,80}?)\s*[.;,]?\s*$`,
  'i'
);

/**
 * Non-persons a list names in lower case (RECORD.md: as written): `file`,
 * `copy`, `archive`, `the 10th Department`.
 */
/**
 * An entry that is no person: `file`, `copy`, `archive`, `records`,
 * `dossier` (capitalized or not), with what it belongs to (`File of 8th`,
 * `Archive of the MFA`, `file No. 12`); `the 10th Department`; a numbered
 * office by its ordinal (`8th Department`, `1st Directorate`).
 */
const NON_PERSON = String.raw`(?:(?:[Ff]ile|[Cc]opy|[Aa]rchives?|[Rr]ecords|[Dd]ossier)(?:\s+(?:of|for|No\.?|Nº|№)\s+[\p{L}\d][\p{L}\d.'’ -]{0,30}?)?|the\s+[\p{L}\d][\p{L}\d.'’ -]{0,40}|\d{1,2}(?:st|nd|rd|th)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)?)`;

/**
 * A line that is one entry of a list under its heading: a short name
 * (`Stalin`, `Cde. V. M. Molotov` is `ADDRESSEE_ENTRY`), a non-person, with
 * or without a count: `Stalin - 2`, `Malenkov (2)`, `file - 1`,
 * `Orlov – 1 copy`.
 */
export const ENTRY_LINE = new RegExp(
  String.raw`^\s*(?:\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}|${NON_PERSON})(?:\s*(?:[-–]\s*\d{1,2}${COPY_WORD}|\(\d{1,2}${COPY_WORD}\)))?\s*[.,;]?\s*$`,
  'u'
);

/**
 * A count of copies sent to one addressee: `1 copy to Cde. Petrov`,
 * `2 copies - file`, `Two copies to the 10th Department` (group 1 the
 * count, group 2 the addressee). A total with its list after a colon
 * (`5 copies: ...`, `5 copies for: ...`) is `COPIES_TOTAL`.
 */
export const COUNT_ENTRY = new RegExp(
  String.raw`^\s*(\d{1,2}|${Object.keys(WORD_NUMBERS).join('|')})\s+cop(?:y|ies)\s*(?:[-–]\s*|to\s+)(?:to\s+)?(\S.{0,80}?)\s*[.;,]?\s*$`,
  'i'
);

/**
 * A line that opens a numbered copy: `Copy Nº 1 to ...`, `Nº 2 – to ...`,
 * `Copy 1 - Stalin` (after the copy word, the number sign may be left out).
 */
export const COPY_ENTRY_START =
  /^\s*(?:[Cc]op(?:y|ies)\s+(?:NºNº|Nº|No\.?|N°|№|#)?|NºNº|Nº|No\.?|N°|№)\s*\d{1,2}\b/;

/**
 * A numbered copy: `Copy Nº 1 to Cde. Stalin`, `Nº 2 – to Stalin`,
 * `NºNº 1-2 – Stalin`, `Copy 3 - file`. Groups: 1 the copy word, 2 the
 * number sign (empty after a copy word), 3-4 the number or range, 5 the
 * separator, 6 the target.
 */
export const COPY_ENTRY =
  /^\s*([Cc]op(?:y|ies)\s+)?((?<=[Cc]op(?:y|ies)\s+)(?:NºNº|Nº|No\.?|N°|№|#)?|NºNº|Nº|No\.?|N°|№)\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2})(?!\d))?(?!\d)(\s*[-–]\s*|\s+|\s*$)(.*)$/;

/** A numbered entry under a copies line: `1. Comr. Stalin`, `2 - to file`. */
export const NUMBERED_ENTRY = /^\s*(\d{1,2})\s*(?:[.)]|[-–])\s*(.+?)\s*$/;

/** What a numbered entry's text opens with: an addressee, `copy`, `file`. */
export const ENTRY_TARGET =
  /^(?:to\s+(?:Cde\.|Comr\.|Comrade|the\s|file\b|\p{Lu})|Comr\.|Cde\.|Comrade|[Cc]opy\b|[Ff]ile\b)/u;

/** A bulleted entry: `- Comrade Puja`, `• Stalin (2)` (group 1 the entry). */
export const BULLET_ENTRY = /^\s*[-–•·*]\s*(\S.{0,60}?)\s*$/;

/**
 * An entry marked as an addressee: `Cde. Stalin`, `Comrade Puja`, `to
 * file`, with or without its count: `Cde. Stalin - 2`, `Cde. Stalin (2)`,
 * `Cde. Orlov - 1 copy`.
 */
export const ADDRESSEE_ENTRY = new RegExp(
  String.raw`^\s*(?:to\s+)?(?:(?:Cde|Comr|Com|Cdes)\.|Comrade)\s*\p{Lu}[\p{L}.'’ -]{0,40}(?:\s*(?:[-–]\s*\d{1,2}${COPY_WORD}|\(\d{1,2}${COPY_WORD}\)))?\s*[,;]?\s*$`,
  'u'
);

/**
 * The honorific or `to` before a distribution name, dropped from it
 * (`HONORIFIC_WORDS`: `Cde.`, `Cdes.`, `Comrade`, `Genosse`, `Soudruh`, ...).
 */
export const ENTRY_LEAD = new RegExp(
  String.raw`^\s*(?:to\s+)?(?:(?:${HONORIFIC_WORDS.join('|')})\s*)?`,
  'i'
);

/**
 * An office before a person's name in an entry, dropped from it
 * (`Secretary of Commerce Hodges`, `Minister Petrov`, `Ambassador of
 * Poland Kowalski`): the office, up to three capitalized words after `of`,
 * then one name (group 1), which the reader checks is not the office's own
 * word (`Minister of Foreign Trade` stays); a non-person such as `the
 * President of the Republic` keeps its words.
 */
export const ENTRY_OFFICE = new RegExp(
  String.raw`^(?:${LEADING_OFFICE_WORDS.join('|')})(?:\s+of(?:\s+the)?(?:\s+\p{Lu}[\p{L}-]+){1,3})?\s+(\p{Lu}[\p{L}'’-]+)\s*[.,;]?\s*$`,
  'u'
);

/**
 * An honorific written after the name, dropped from it: Hungarian `Péter
 * elvtárs` ("comrade"), `elvtársnő` (of a woman), and its inflected forms
 * (`elvtársnak`, "to comrade"); Japanese `-san` is not the archive's.
 */
export const ENTRY_TRAIL = /\s+elvt[áa]rs(?:n[őo]|nak|nek)?\s*[.,;]?\s*$/i;

// ---------------------------------------------------------------- kinds

export type LineKind =
  | 'cipher-number'
  | 'from-line'
  | 'dateline'
  | 'sent'
  | 'received'
  | 'arrived'
  | 'deciphered'
  | 'copies'
  | 'distribution-head'
  | 'copy-entry'
  | 'typist'
  | 'outgoing-number'
  | 'closing-number'
  | 'special-number'
  | 'stamp';

/**
 * The kind of a header or closing line, or null for any other line (prose,
 * names, headings). Only the form is looked at, not the line's place on the
 * page; the readers decide what a form means where it stands.
 *
 * @example
 * lineKind('Ciphered Telegram Nº 12/sh') // 'cipher-number'
 * lineKind('Distribution list - 3 copies:') // 'copies'
 */
export function lineKind(text: string): LineKind | null {
  const t = text.length > 300 ? '' : text.trim();
  if (t === '') return null;
  if (
    CIPHER_LINE.test(t) ||
    HEADING_NUMBER.test(t) ||
    SERIAL_LINE.test(t) ||
    US_CABLE_NUMBER.test(t)
  )
    return 'cipher-number';
  if (SPEC_LINE.test(t)) return 'special-number';
  if (OUTGOING.test(t)) return 'outgoing-number';
  if (STAMP.test(t)) return 'stamp';
  if (HAS_COPIES_WORD.test(t) && (isCopiesLine(t) || COPIES_COUNT.test(t)))
    return 'copies';
  if (DISTRIBUTION_HEAD.test(t) || PART_LIST.test(t))
    return 'distribution-head';
  if (
    (COPY_ENTRY_START.test(t) && /[-–]|\bto\b|^\s*[Cc]op/.test(t)) ||
    COUNT_ENTRY.test(t) ||
    ORDINAL_COPY_ENTRY.test(t)
  )
    return 'copy-entry';
  if (TYPED_BY.test(t) && /^\s*[Tt]yp(?:ed|ist)\b/.test(t)) return 'typist';
  if (
    CLOSING_NUMBER.test(t) ||
    HANDWRITTEN_NUMBER.test(t) ||
    GLUED_NUMBER.test(t) ||
    DASHED_NUMBER.test(t)
  )
    return 'closing-number';
  if (
    ORIGIN_FROM.test(t) ||
    ORIGIN_BODY.test(t) ||
    ORIGIN_HEADING.test(t) ||
    ORIGIN_FM.test(t)
  )
    return 'from-line';
  if (ORIGIN_DATELINE.test(t)) return 'dateline';
  const word = STAMP_LEAD.exec(t)?.[1];
  if (word && /\d/.test(t)) {
    const kind = stampKind(word);
    if (kind === 'receivedAt') return 'received';
    if (kind === 'decipheredAt') return 'deciphered';
    if (kind === 'arrivedAt') return 'arrived';
    return 'sent';
  }
  // `Sent from Pyongyang by wire` with no date: where it was handed in
  if (ORIGIN_STAMP.test(t)) return 'from-line';
  return null;
}

/**
 * The kinds of line that belong to a telegram's header or closing block
 * (not a from-line, dateline or closing number, which a document of any
 * kind may carry). Readers share them: no point or signature is read from
 * such a line, and a heading is not looked for past them.
 */
export const HEADER_KINDS: ReadonlySet<LineKind> = new Set<LineKind>([
  'cipher-number',
  'special-number',
  'sent',
  'received',
  'arrived',
  'deciphered',
  'copies',
  'distribution-head',
  'copy-entry',
  'typist',
  'stamp',
]);
