/**
 * Content sniffing: what the first bytes of an object say it is, whatever its
 * name or content type claims. Pure, allocation-free checks on a prefix.
 */

/** What the magic bytes say; `null` from {@link sniffMagic} means "maybe text". */
export type Sniffed =
  | { kind: 'pdf' }
  /** `ocr`: a format the OCR engine reads (PNG, JPEG, TIFF, GIF, BMP, WebP). */
  | { kind: 'image'; name: string; ocr: boolean }
  | { kind: 'binary'; name: string };

/** A magic-number signature: `bytes` at `offset`; `null` matches any byte. */
interface Signature {
  offset: number;
  bytes: readonly (number | null)[];
  kind: 'image' | 'binary';
  name: string;
  /** An image format tesseract.js (Leptonica) reads. */
  ocr?: true;
}

const ascii = (s: string): number[] =>
  Array.from(s, (c) => c.charCodeAt(0) & 0xff);

const SIGNATURES: readonly Signature[] = [
  // Images: scans, read by OCR. BigTIFF, JPEG 2000, HEIC and AVIF are not
  // formats the OCR engine reads.
  {
    offset: 0,
    bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a],
    kind: 'image',
    name: 'PNG image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: [0xff, 0xd8, 0xff],
    kind: 'image',
    name: 'JPEG image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: ascii('GIF87a'),
    kind: 'image',
    name: 'GIF image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: ascii('GIF89a'),
    kind: 'image',
    name: 'GIF image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: [0x49, 0x49, 0x2a, 0x00],
    kind: 'image',
    name: 'TIFF image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: [0x4d, 0x4d, 0x00, 0x2a],
    kind: 'image',
    name: 'TIFF image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: [0x49, 0x49, 0x2b, 0x00],
    kind: 'image',
    name: 'BigTIFF image',
  },
  {
    offset: 0,
    bytes: [0x4d, 0x4d, 0x00, 0x2b],
    kind: 'image',
    name: 'BigTIFF image',
  },
  // BMP: "BM", 4 bytes of size, then 4 reserved bytes that are always zero.
  {
    offset: 0,
    bytes: [0x42, 0x4d, null, null, null, null, 0, 0, 0, 0],
    kind: 'image',
    name: 'BMP image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')],
    kind: 'image',
    name: 'WebP image',
    ocr: true,
  },
  {
    offset: 0,
    bytes: [0, 0, 0, 0x0c, ...ascii('jP  '), 0x0d, 0x0a, 0x87, 0x0a],
    kind: 'image',
    name: 'JPEG 2000 image',
  },
  {
    offset: 0,
    bytes: [0xff, 0x4f, 0xff, 0x51],
    kind: 'image',
    name: 'JPEG 2000 image',
  },
  { offset: 4, bytes: ascii('ftypheic'), kind: 'image', name: 'HEIC image' },
  { offset: 4, bytes: ascii('ftypheix'), kind: 'image', name: 'HEIC image' },
  { offset: 4, bytes: ascii('ftypavif'), kind: 'image', name: 'AVIF image' },
  // Containers, archives, office and executable formats: not decodable here.
  {
    offset: 0,
    bytes: [0x50, 0x4b, 0x03, 0x04],
    kind: 'binary',
    name: 'ZIP archive (or DOCX/ODT/EPUB)',
  },
  {
    offset: 0,
    bytes: [0x50, 0x4b, 0x05, 0x06],
    kind: 'binary',
    name: 'ZIP archive',
  },
  {
    offset: 0,
    bytes: [0x50, 0x4b, 0x07, 0x08],
    kind: 'binary',
    name: 'ZIP archive',
  },
  { offset: 0, bytes: [0x1f, 0x8b], kind: 'binary', name: 'gzip archive' },
  { offset: 0, bytes: ascii('BZh'), kind: 'binary', name: 'bzip2 archive' },
  {
    offset: 0,
    bytes: [0xfd, ...ascii('7zXZ'), 0x00],
    kind: 'binary',
    name: 'xz archive',
  },
  {
    offset: 0,
    bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    kind: 'binary',
    name: '7-Zip archive',
  },
  {
    offset: 0,
    bytes: [...ascii('Rar!'), 0x1a, 0x07],
    kind: 'binary',
    name: 'RAR archive',
  },
  {
    offset: 0,
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    kind: 'binary',
    name: 'Zstandard archive',
  },
  {
    offset: 0,
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    kind: 'binary',
    name: 'OLE2 document (legacy Word/Excel)',
  },
  { offset: 0, bytes: ascii('{\\rtf'), kind: 'binary', name: 'RTF document' },
  {
    offset: 0,
    bytes: ascii('%!PS'),
    kind: 'binary',
    name: 'PostScript document',
  },
  {
    offset: 0,
    bytes: ascii('AT&TFORM'),
    kind: 'binary',
    name: 'DjVu document',
  },
  {
    offset: 0,
    bytes: [0x7f, ...ascii('ELF')],
    kind: 'binary',
    name: 'ELF executable',
  },
  {
    offset: 0,
    bytes: [0xcf, 0xfa, 0xed, 0xfe],
    kind: 'binary',
    name: 'Mach-O executable',
  },
  {
    offset: 0,
    bytes: [0xce, 0xfa, 0xed, 0xfe],
    kind: 'binary',
    name: 'Mach-O executable',
  },
  {
    offset: 0,
    bytes: [0xca, 0xfe, 0xba, 0xbe],
    kind: 'binary',
    name: 'Mach-O or Java class file',
  },
  {
    offset: 0,
    bytes: [0x00, ...ascii('asm')],
    kind: 'binary',
    name: 'WebAssembly module',
  },
  {
    offset: 0,
    bytes: [...ascii('SQLite format 3'), 0],
    kind: 'binary',
    name: 'SQLite database',
  },
  {
    offset: 4,
    bytes: ascii('ftyp'),
    kind: 'binary',
    name: 'MP4/QuickTime media',
  },
  { offset: 0, bytes: ascii('OggS'), kind: 'binary', name: 'Ogg media' },
  { offset: 0, bytes: ascii('ID3'), kind: 'binary', name: 'MP3 audio' },
];

/** PDF readers accept the header anywhere in the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;
const PDF_HEADER = ascii('%PDF-');

function matchesAt(
  bytes: Uint8Array,
  offset: number,
  pattern: readonly (number | null)[]
): boolean {
  if (bytes.length < offset + pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    if (expected !== null && bytes[offset + i] !== expected) return false;
  }
  return true;
}

/** Whether `%PDF-` occurs within the first 1024 bytes. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, PDF_HEADER_WINDOW) - PDF_HEADER.length;
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && matchesAt(bytes, i, PDF_HEADER)) return true;
  }
  return false;
}

/**
 * Identifies PDFs, images and known binary formats by their magic bytes.
 * Returns `null` when no signature matches (the bytes may be text).
 */
export function sniffMagic(bytes: Uint8Array): Sniffed | null {
  if (hasPdfHeader(bytes)) return { kind: 'pdf' };
  for (const signature of SIGNATURES) {
    if (matchesAt(bytes, signature.offset, signature.bytes)) {
      return signature.kind === 'image'
        ? { kind: 'image', name: signature.name, ocr: signature.ocr === true }
        : { kind: 'binary', name: signature.name };
    }
  }
  return null;
}

/**
 * Whether the bytes start like an HTML document (after a BOM, whitespace,
 * comments and an XML declaration): `<!doctype html`, `<html`, `<head` or
 * `<body`. Works for ASCII-compatible encodings only; UTF-16 HTML is
 * recognised after decoding by {@link looksLikeHtmlText}.
 */
export function looksLikeHtmlBytes(bytes: Uint8Array): boolean {
  // fast exit for the common case: the first non-space byte is not '<'
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isAsciiSpace(bytes[i]!)) i++;
  if (bytes[i] !== 0x3c) return false;
  const head = bytes.subarray(0, 2048);
  let prefix = '';
  for (let i = 0; i < head.length; i++) prefix += String.fromCharCode(head[i]!);
  return looksLikeHtmlText(prefix);
}

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

const HTML_START =
  /^(?:\uFEFF|\xEF\xBB\xBF)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->)[\s\S])*-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>/]/i;

/** Whether a decoded text starts like an HTML document. */
export function looksLikeHtmlText(text: string): boolean {
  return HTML_START.test(text.slice(0, 4096));
}

/**
 * The charset an HTML document declares in a `<meta>` tag within its first
 * 1024 bytes (the window browsers use), or `null`.
 */
export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 1024);
  let prefix = '';
  for (let i = 0; i < head.length; i++) prefix += String.fromCharCode(head[i]!);
  const match = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(prefix);
  return match?.[1]?.toLowerCase() ?? null;
}
