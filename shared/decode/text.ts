/**
 * Text encodings: which one the bytes are in, and the text they hold.
 * The detection order and the cp1251/latin-1 scoring are explained in
 * docs/DECODING.md. iconv-lite is imported only when a single-byte or UTF-32
 * decode is needed, so UTF-8 pages (the common case) never load it.
 */

export type TextDecoding =
  | { ok: true; text: string; encoding: string }
  | { ok: false; why: string };

type Iconv = typeof import('iconv-lite');
let iconvModule: Iconv | undefined;

async function iconv(): Promise<Iconv> {
  if (!iconvModule) {
    const imported = await import('iconv-lite');
    iconvModule = (imported.default ?? imported) as Iconv;
  }
  return iconvModule;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');

/** Bytes sampled when guessing BOM-less UTF-16. */
const UTF16_SAMPLE = 4096;

/**
 * Share of "bad" characters (controls other than tab/newline/CR/FF/VT, C1
 * controls, U+FFFD) above which decoded bytes are judged binary, not text.
 */
const MAX_BAD_RATIO = 0.02;

/** Canonical names for the charset labels people put in content types. */
const CHARSET_ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  cp1251: 'windows-1251',
  win1251: 'windows-1251',
  windows1251: 'windows-1251',
  'windows-1251': 'windows-1251',
  'x-cp1251': 'windows-1251',
  latin1: 'latin1',
  l1: 'latin1',
  'iso-8859-1': 'latin1',
  iso88591: 'latin1',
  'iso_8859-1': 'latin1',
  'us-ascii': 'latin1',
  ascii: 'latin1',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
};

/**
 * Decodes bytes that carry no recognised magic number as text.
 *
 * Order: BOM → BOM-less UTF-16 by its byte pattern → NUL bytes mean binary →
 * valid UTF-8 → the declared charset (content type or HTML meta) → cp1251
 * versus latin-1 by scoring. The result is rejected as binary when too many
 * decoded characters are controls. Line endings are left as they are.
 *
 * @param bytes the object's bytes (never modified)
 * @param declaredCharset a charset label from the content type or a `<meta>`
 */
export async function decodeText(
  bytes: Uint8Array,
  declaredCharset: string | null
): Promise<TextDecoding> {
  const fromBom = await decodeByBom(bytes);
  if (fromBom) return judge(fromBom.text, fromBom.encoding);

  const utf16 = guessUtf16(bytes);
  if (utf16) {
    const text = utf16le.decode(utf16 === 'utf-16le' ? bytes : swap16(bytes));
    return judge(text, utf16);
  }

  if (bytes.indexOf(0) !== -1) {
    return { ok: false, why: 'contains NUL bytes (binary data)' };
  }

  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return judge(utf8, 'utf-8');

  const declared = canonicalCharset(declaredCharset);
  if (declared && declared !== 'utf-8') {
    const lib = await iconv();
    // latin-1 is HTTP's historical default label, too often wrong to trust:
    // for it (and its aliases) the scoring below decides.
    const weak = declared === 'latin1' || declared === 'windows-1252';
    if (!weak && lib.encodingExists(declared) && isAsciiCompatible(declared)) {
      return judge(lib.decode(bytes, declared), declared);
    }
  }

  const encoding = looksCyrillic(bytes) ? 'windows-1251' : latin1Or1252(bytes);
  const lib = await iconv();
  return judge(lib.decode(bytes, encoding), encoding);
}

/** Replaces `\r\n` and lone `\r` with `\n`. */
export function normalizeLineEndings(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * True when `text` is exactly what `bytes` hold as UTF-8: no byte-order
 * mark dropped, no line ending or other normalisation, no other encoding
 * decoded. The object is then its own text, byte for byte, and a reader
 * gets the same text by reading it (the ingest writes no derived copy).
 *
 * @param bytes the object's bytes
 * @param text what `decode` returned for them
 */
export function isVerbatimUtf8(bytes: Uint8Array, text: string): boolean {
  // a lone surrogate encodes as U+FFFD, which would not read back as itself
  if (text.length > bytes.length || /\p{Cs}/u.test(text)) return false;
  const encoded = Buffer.from(text, 'utf8');
  return encoded.length === bytes.length && encoded.equals(bytes);
}

/** Number of characters that do not occur in real text. */
export function countBadChars(text: string): number {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      // tab, LF, VT, FF, CR are text
      if (c < 0x09 || c > 0x0d) bad++;
    } else if ((c >= 0x7f && c <= 0x9f) || c === 0xfffd) {
      bad++;
    }
  }
  return bad;
}

function judge(text: string, encoding: string): TextDecoding {
  if (text.indexOf('\u0000') !== -1) {
    return {
      ok: false,
      why: `contains NUL characters when read as ${encoding} (binary data)`,
    };
  }
  const bad = countBadChars(text);
  if (bad > Math.max(1, text.length * MAX_BAD_RATIO)) {
    return {
      ok: false,
      why: `${bad} of ${text.length} characters are control or invalid characters when read as ${encoding} (binary data)`,
    };
  }
  return { ok: true, text, encoding };
}

async function decodeByBom(
  bytes: Uint8Array
): Promise<{ text: string; encoding: string } | null> {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    // TextDecoder drops the BOM itself; lenient so a bad tail is judged, not thrown
    return { text: utf8Lenient.decode(bytes), encoding: 'utf-8' };
  }
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) {
    const lib = await iconv();
    return { text: lib.decode(bytes, 'utf-32le'), encoding: 'utf-32le' };
  }
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) {
    const lib = await iconv();
    return { text: lib.decode(bytes, 'utf-32be'), encoding: 'utf-32be' };
  }
  if (!plausibleUtf16(bytes)) return null;
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: utf16le.decode(bytes), encoding: 'utf-16le' };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: utf16le.decode(swap16(bytes)), encoding: 'utf-16be' };
  }
  return null;
}

/**
 * FF FE / FE FF are also "яю"/"юя" in cp1251 and "ÿþ"/"þÿ" in latin-1. UTF-16
 * text has an even length and, as soon as it holds one ASCII character (a
 * space, a digit, a newline), a zero byte; single-byte text never has one.
 */
function plausibleUtf16(bytes: Uint8Array): boolean {
  if (bytes.length % 2 !== 0) return false;
  return bytes.length === 2 || bytes.indexOf(0, 2) !== -1;
}

/**
 * BOM-less UTF-16: text in Latin or Cyrillic script has a high byte of 0x00 or
 * 0x04 in nearly every code unit, while the low bytes are rarely zero.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, UTF16_SAMPLE) & ~1;
  if (n < 4) return null;
  const units = n / 2;
  let evenHigh = 0; // even-index bytes that are 0x00 or 0x04
  let oddHigh = 0;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    const even = bytes[i]!;
    const odd = bytes[i + 1]!;
    if (even === 0) evenZero++;
    if (odd === 0) oddZero++;
    if (even === 0 || even === 4) evenHigh++;
    if (odd === 0 || odd === 4) oddHigh++;
  }
  // a zero somewhere is required: pure 0x04 runs are not UTF-16 text
  if (oddHigh >= units * 0.7 && oddZero > 0 && evenZero <= units * 0.05) {
    return 'utf-16le';
  }
  if (evenHigh >= units * 0.7 && evenZero > 0 && oddZero <= units * 0.05) {
    return 'utf-16be';
  }
  return null;
}

function swap16(bytes: Uint8Array): Uint8Array {
  const swapped = new Uint8Array(bytes.length & ~1);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1]!;
    swapped[i + 1] = bytes[i]!;
  }
  return swapped;
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return null;
  }
}

function canonicalCharset(label: string | null): string | null {
  if (!label) return null;
  const key = label.trim().toLowerCase();
  return CHARSET_ALIASES[key] ?? key;
}

/** Single-byte or multi-byte charsets whose bytes below 0x80 are ASCII. */
function isAsciiCompatible(charset: string): boolean {
  return !/^(utf-?16|utf-?32|ucs-?2|utf-?7)/.test(charset);
}

/**
 * Latin-1 proper maps 0x80-0x9F to C1 controls, which real text never holds;
 * files that use those bytes are Windows-1252 (curly quotes, dashes).
 */
function latin1Or1252(bytes: Uint8Array): 'latin1' | 'windows-1252' {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 && b <= 0x9f) return 'windows-1252';
  }
  return 'latin1';
}

/**
 * Bytes that are letters in cp1251: А-я (0xC0-0xFF), Ё ё (0xA8 0xB8) and the
 * Ukrainian/Belarusian letters Ў ў Ґ ґ Є є Ї ї І і.
 */
const CP1251_LETTER = new Uint8Array(256);
for (let b = 0xc0; b <= 0xff; b++) CP1251_LETTER[b] = 1;
for (const b of [
  0xa1, 0xa2, 0xa5, 0xa8, 0xaa, 0xaf, 0xb2, 0xb3, 0xb4, 0xb8, 0xba, 0xbf,
]) {
  CP1251_LETTER[b] = 1;
}

function isAsciiLetter(b: number | undefined): boolean {
  if (b === undefined) return false;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/**
 * cp1251 versus latin-1 for non-UTF-8 bytes. Each high byte that is a cp1251
 * letter votes: next to an ASCII letter it is an accented letter inside a
 * Latin word (`café`, `Müller`): latin-1; next to another such byte and no
 * ASCII letter it is part of a Cyrillic word: cp1251; alone between spaces or
 * punctuation it abstains. Ties go to latin-1.
 */
export function looksCyrillic(bytes: Uint8Array): boolean {
  let cyrillic = 0;
  let latin = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || CP1251_LETTER[b] === 0) continue;
    const prev = i > 0 ? bytes[i - 1] : undefined;
    const next = bytes[i + 1];
    if (isAsciiLetter(prev) || isAsciiLetter(next)) {
      latin++;
    } else if (
      (prev !== undefined && CP1251_LETTER[prev] === 1) ||
      (next !== undefined && CP1251_LETTER[next] === 1)
    ) {
      cyrillic++;
    }
  }
  return cyrillic > latin;
}
