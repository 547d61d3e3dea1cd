/**
 * Mutation fuzzing of decode + extract: generated pages cut, spliced,
 * flipped, re-encoded (UTF-16, cp1251-like bytes, BOMs, CRLF), wrapped in
 * HTML or a fake PDF header, and plain random bytes. Every input must give
 * a decode result that is ok or a named failure, never a throw; every
 * decoded text must give a schema-valid record with spans inside the text
 * (an extractor throw, an `ExtractError`, is a defect found: a problem);
 * and no input may take longer than the bound (decode is raced against a
 * deadline; extract is synchronous, so its time is measured).
 */
import { decode } from '#shared/decode/index.ts';
import { extract } from '#shared/extract/index.ts';
import { ExtractionSchema, FAILURE_REASONS } from '#shared/schema/record.ts';
import { DEFAULT_SEED, generatePage } from './generator/index.ts';
import { Rng } from './generator/random.ts';
import { quantile } from './stats.ts';

export interface FuzzOptions {
  inputs: number;
  seed?: number;
  /** Per-input bound in ms (default 2,000). */
  boundMs?: number;
  /** Decode size limit (default 256 KB; larger inputs must fail cleanly). */
  maxBytes?: number;
}

export interface FuzzResult {
  inputs: number;
  decodedOk: number;
  decodeFailures: Record<string, number>;
  kinds: Record<string, number>;
  p99Ms: number;
  maxMs: number;
  seconds: number;
  problems: string[];
}

const KINDS = [
  'page',
  'cut',
  'splice',
  'flip',
  'utf16',
  'cp1251',
  'crlf-bom',
  'html',
  'fake-pdf',
  'random',
  'repeat',
] as const;
type Kind = (typeof KINDS)[number];

/** Runs `inputs` fuzz inputs; problems name the input (kind, seed, index). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const bound = options.boundMs ?? 2_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const rng = new Rng(seed ^ 0xf022);
  const problems: string[] = [];
  const times: number[] = [];
  const kinds: Record<string, number> = {};
  const decodeFailures: Record<string, number> = {};
  let decodedOk = 0;
  const started = performance.now();
  for (let i = 0; i < options.inputs; i += 1) {
    const kind = rng.pick(KINDS);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const bytes = makeInput(kind, rng, seed, i);
    const name = `input ${i} (${kind}, seed ${seed})`;
    const key = `incoming/fuzz/${i}.${kind === 'html' ? 'html' : 'txt'}`;
    const t = performance.now();
    let result: Awaited<ReturnType<typeof decode>> | null = null;
    try {
      let timer: NodeJS.Timeout | undefined;
      result = await Promise.race([
        decode(bytes, { key, maxBytes }),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), bound);
        }),
      ]);
      clearTimeout(timer);
    } catch (error) {
      problems.push(`${name}: decode threw ${String(error)}`);
      continue;
    }
    if (result === null) {
      problems.push(`${name}: decode did not finish within ${bound} ms`);
      continue;
    }
    if (!result.ok) {
      decodeFailures[result.reason] = (decodeFailures[result.reason] ?? 0) + 1;
      if (!FAILURE_REASONS.includes(result.reason) || !result.message) {
        problems.push(`${name}: decode failure without a known reason/message`);
      }
      times.push(performance.now() - t);
      continue;
    }
    decodedOk += 1;
    let record: ReturnType<typeof extract>;
    try {
      record = extract(result.text);
    } catch (error) {
      // an ExtractError: a rule's defect (the pipeline would store an
      // extract-error failure record); counted, never hidden
      const cause = error instanceof Error ? error.cause : undefined;
      problems.push(
        `${name}: extract threw (a rule defect) ${String(error)}${cause instanceof Error && cause.stack ? ` at ${cause.stack.split('\n')[1]?.trim()}` : ''}`
      );
      continue;
    }
    const ms = performance.now() - t;
    times.push(ms);
    if (ms > bound) problems.push(`${name}: took ${ms.toFixed(0)} ms`);
    const parsed = ExtractionSchema.safeParse(record);
    if (!parsed.success) {
      problems.push(
        `${name}: record fails the schema: ${parsed.error.issues[0]?.message}`
      );
      continue;
    }
    for (const [path, span] of Object.entries(record.provenance)) {
      if (span.start > span.end || span.end > result.text.length) {
        problems.push(`${name}: span of ${path} outside the text`);
        break;
      }
    }
    if (problems.length > 50) break;
  }
  return {
    inputs: options.inputs,
    decodedOk,
    decodeFailures,
    kinds,
    p99Ms: quantile(times, 0.99),
    maxMs: Math.max(0, ...times),
    seconds: (performance.now() - started) / 1000,
    problems,
  };
}

const enc = new TextEncoder();

function makeInput(kind: Kind, rng: Rng, seed: number, i: number): Uint8Array {
  const text = () => generatePage(seed, rng.int(0, 1_000_000)).text;
  switch (kind) {
    case 'page':
      return enc.encode(text());
    case 'cut': {
      const t = text();
      return enc.encode(t.slice(rng.int(0, t.length), rng.int(0, t.length)));
    }
    case 'splice': {
      const a = text();
      const b = text();
      const cut = rng.int(0, a.length);
      return enc.encode(`${a.slice(0, cut)}${b.slice(rng.int(0, b.length))}`);
    }
    case 'flip': {
      const b = enc.encode(text());
      for (let k = rng.int(1, 30); k > 0; k -= 1) {
        const at = rng.int(0, b.length - 1);
        b[at] = rng.int(0, 255);
      }
      return b;
    }
    case 'utf16': {
      const t = text();
      const out = Buffer.alloc(2 + t.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      out.write(t, 2, 'utf16le');
      return out;
    }
    case 'cp1251': {
      const b = enc.encode(text());
      const out = new Uint8Array(b.length);
      for (let k = 0; k < b.length; k += 1) {
        out[k] = rng.chance(0.05) ? rng.int(0xc0, 0xff) : (b[k] as number);
      }
      return out;
    }
    case 'crlf-bom':
      return enc.encode(`\ufeff${text().replace(/\n/g, '\r\n')}`);
    case 'html': {
      const t = text()
        .split('\n')
        .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
        .join('');
      const cut = rng.chance(0.3) ? rng.int(0, t.length) : t.length;
      return enc.encode(`<!DOCTYPE html><html><body><div>${t.slice(0, cut)}`);
    }
    case 'fake-pdf': {
      const junk = new Uint8Array(rng.int(0, 2048));
      for (let k = 0; k < junk.length; k += 1) junk[k] = rng.int(0, 255);
      return new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), junk]));
    }
    case 'random': {
      const b = new Uint8Array(rng.int(0, 4096));
      for (let k = 0; k < b.length; k += 1) b[k] = rng.int(0, 255);
      return b;
    }
    case 'repeat': {
      // long lines and many lines: linear-time checks
      const unit = rng.pick([
        '1. ',
        'Copy Nº 1 to ',
        'Received ',
        '[',
        'a ',
        '\n',
      ]);
      return enc.encode(
        `${text().slice(0, 200)}${unit.repeat(rng.int(1000, 20000))}${i}`
      );
    }
  }
}

/** One line per figure, then the problems. */
export function formatFuzz(r: FuzzResult): string {
  return [
    `fuzz: ${r.problems.length === 0 ? 'PASSED' : 'FAILED'}: ${r.inputs} inputs in ${r.seconds.toFixed(1)} s; decoded ${r.decodedOk}, decode failures ${JSON.stringify(r.decodeFailures)}`,
    `  per input p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(1)} ms; kinds ${JSON.stringify(r.kinds)}`,
    ...r.problems.map((p) => `  PROBLEM: ${p}`),
  ].join('\n');
}

// `tsx bench/fuzz.ts [N]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runFuzz({ inputs: Number(process.argv[2] ?? 2000) });
  process.stdout.write(`${formatFuzz(r)}\n`);
  process.exitCode = r.problems.length === 0 ? 0 : 1;
}
