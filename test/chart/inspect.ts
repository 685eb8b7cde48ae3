import { inflateSync } from 'node:zlib';

/** Decodes a PNG far enough to prove it is whole: IHDR size, and IDAT inflating to exactly the pixel rows it declares. */
export function decodePng(png: Uint8Array): { width: number; height: number } {
  const bytes = Buffer.from(png);
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8) throw new Error(`unexpected bit depth ${body[8]}`);
      channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[body[9] as 0 | 2 | 4 | 6];
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(data));
  if (pixels.length !== height * (1 + width * channels)) throw new Error('PNG pixel data does not match its size');
  return { width, height };
}

/** The text of every <text> element of an SVG, unescaped, in document order. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
    (match[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Bars of an ECharts SVG: the series each belongs to and its drawn length in px. */
export function svgBars(svg: string): { series: number; length: number }[] {
  return [...svg.matchAll(/<path d="M[\d.]+ [\d.]+l([\d.]+) 0[^"]*"[^>]*ecmeta_series_index="(\d+)"[^>]*ecmeta_ssr_type="chart"/g)].map(
    (match) => ({ series: Number(match[2]), length: Number(match[1]) }),
  );
}

/**
 * The unit a figure is written in, read independently of the chart code: 8380.54余萬元 → 元,
 * 30余场次 → 场次, 96%以上 → %.
 */
export function writtenUnit(raw: string): string {
  const tail = raw.replace(/(以上|左右)$/, '').match(/[^\d.]*$/)?.[0] ?? '';
  return tail.replace(/^[余多]?[万萬亿億]?/, '');
}
