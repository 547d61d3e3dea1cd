/**
 * The scan degradations of scripts/make-scans.ts: seeded (the same seed
 * gives the same bytes), and each does what its name says to the pixels.
 */
import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { Rng } from '#bench/generator/random.ts';
import {
  blur,
  degrade,
  encodeGrayPng,
  type Gray,
  MONO,
  renderPage,
  skew,
  stains,
  unevenLight,
} from '../../../scripts/make-scans.ts';

const page = renderPage('CABLE No. 1\n\nThe loan of 40 tractors.', {
  dpi: 100,
  font: MONO,
  pointsize: 11,
  sheet: { width: 4, height: 2 },
  margin: 0.5,
});

const meanOf = (g: Gray) => g.data.reduce((a, b) => a + b, 0) / g.data.length;
const inkOf = (g: Gray) => g.data.filter((v) => v < 0.5).length;

describe('scan degradations', () => {
  it('draws dark text on a white sheet', () => {
    // Assess
    expect(page.image.width).toBe(400);
    expect(page.image.height).toBe(200);
    expect(inkOf(page.image)).toBeGreaterThan(100);
    expect(page.image.data[0]).toBe(1);
  });

  it('gives the same bytes for the same seed, other bytes for another', () => {
    // Act
    const a = degrade(page, 'worst', 7);
    const b = degrade(page, 'worst', 7);
    const c = degrade(page, 'worst', 8);
    // Assess
    expect(a.ext).toBe('jpg');
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
    expect(Buffer.compare(a.bytes, c.bytes)).not.toBe(0);
  });

  it('skews onto a larger sheet and keeps the ink', () => {
    // Act
    const turned = skew(page.image, 3);
    // Assess
    expect(turned.width).toBeGreaterThan(page.image.width);
    expect(turned.height).toBeGreaterThan(page.image.height);
    expect(inkOf(turned)).toBeGreaterThan(inkOf(page.image) * 0.7);
    expect(inkOf(turned)).toBeLessThan(inkOf(page.image) * 1.3);
  });

  it('blurs without darkening the page, softening edges', () => {
    // Act
    const soft = blur(page.image, 1.5);
    // Assess
    expect(meanOf(soft)).toBeCloseTo(meanOf(page.image), 2);
    expect(inkOf(soft)).toBeLessThan(inkOf(page.image));
  });

  it('darkens the paper unevenly, and stains darken where they fall', () => {
    // Act
    const lit = unevenLight(page.image, new Rng(1));
    const stained = stains(page.image, new Rng(2), 3, page.textBottom);
    // Assess: paper goes from near white to far darker
    const paper = lit.data.filter((_, i) => page.image.data[i] === 1);
    expect(Math.max(...paper)).toBeGreaterThan(0.85);
    expect(Math.min(...paper)).toBeLessThan(0.5);
    expect(meanOf(stained)).toBeLessThan(meanOf(page.image));
    expect(stained.data.some((v, i) => v < page.image.data[i]! - 0.2)).toBe(
      true
    );
  });

  it('writes a gray PNG an image decoder reads back at its size', async () => {
    // Act
    const png = encodeGrayPng(page.image);
    const image = await loadImage(png);
    // Assess
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png[25]).toBe(0); // color type: grayscale
    expect(image.width).toBe(400);
    expect(image.height).toBe(200);
  });
});
