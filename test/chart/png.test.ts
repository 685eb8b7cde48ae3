import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/chart/png.js';
import { decodePng } from '../support/png.js';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">
  <rect x="2" y="2" width="20" height="12" fill="#c23531"/>
  <circle cx="28" cy="20" r="8" fill="#2f4554" fill-opacity="0.5"/>
  <line x1="0" y1="29" x2="40" y2="0" stroke="#61a0a8" stroke-width="1.5"/>
</svg>`;

describe('chart PNG files', () => {
  it('hold the pixels resvg drew, as resvg would encode them', () => {
    const image = new Resvg(SVG, { background: '#ffffff' }).render();
    const ours = decodePng(encodePng(image.pixels, image.width, image.height));
    const resvgs = decodePng(image.asPng());
    expect([ours.width, ours.height]).toEqual([40, 30]);
    expect(Buffer.from(ours.rgba).equals(resvgs.rgba)).toBe(true);
  });

  it('keep translucent pixels of a drawing without background as resvg does', () => {
    const image = new Resvg(SVG).render();
    const ours = decodePng(encodePng(image.pixels, image.width, image.height));
    const resvgs = decodePng(image.asPng());
    expect(ours.rgba.some((_, i) => i % 4 === 3 && ours.rgba[i]! > 0 && ours.rgba[i]! < 255)).toBe(true);
    expect(Buffer.from(ours.rgba).equals(resvgs.rgba)).toBe(true);
  });
});
