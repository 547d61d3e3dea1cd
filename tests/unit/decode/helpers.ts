import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = new URL('../../../fixtures/decode/', import.meta.url);

/** Bytes of a file under fixtures/decode/. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(name, FIXTURES))));
}

/** Text of a UTF-8 file under fixtures/decode/. */
export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(name, FIXTURES)), 'utf8');
}

/**
 * Deterministic pseudo-random bytes (mulberry32), so "random binary" tests
 * are the same on every run.
 */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

/** A Russian and English page in the archive's layout, written for these tests. */
export const BILINGUAL_SAMPLE = [
  'Шифротелеграмма № 41207/ш',
  'Из ПЕКИНА. Отправлена 3.3.51 в 23:40.',
  'Товарищу ФИЛИППОВУ [Сталин]',
  '',
  'Прошу Вашего согласия на поставку 120 паровозов и «1500–2000 вагонов».',
  'Ciphered telegram from Beijing: the ambassador asks for instructions.',
  'Ёлкин, Щукин, Яковлев — 3 экз.',
  '',
].join('\r\n');

/** The same sample as decode() must return it: line endings normalized. */
export const BILINGUAL_SAMPLE_LF = BILINGUAL_SAMPLE.replace(/\r\n/g, '\n');
