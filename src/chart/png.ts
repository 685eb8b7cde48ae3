/**
 * PNG files of rendered charts. resvg-js's own encoder (`asPng`) took 25 ms of a 60 ms chart: it
 * chooses a filter for every row and compresses hard. Charts are mostly flat colour, which
 * unfiltered rows at a light zlib level compress as small (65 KB against 67 KB) in 4 ms.
 */
import zlib from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const BIT_DEPTH = 8;
const COLOUR_RGBA = 6;
const FILTER_NONE = 0;
const ZLIB_LEVEL = 3;

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Straight alpha from premultiplied (how resvg keeps its pixels), where a pixel is not opaque. */
function unpremultiply(rgba: Uint8Array): Uint8Array {
  let straight: Uint8Array | undefined;
  for (let at = 3; at < rgba.length; at += 4) {
    const alpha = rgba[at]!;
    if (alpha === 255) continue;
    straight ??= Uint8Array.from(rgba);
    for (let c = at - 3; c < at; c++) straight[c] = alpha === 0 ? 0 : Math.min(255, Math.round((rgba[c]! * 255) / alpha));
  }
  return straight ?? rgba;
}

/** The PNG of `width` × `height` premultiplied RGBA pixels, row after row. */
export function encodePng(premultiplied: Uint8Array, width: number, height: number): Uint8Array {
  const pixels = unpremultiply(premultiplied);
  const stride = width * 4;
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (stride + 1)] = FILTER_NONE;
    rows.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = BIT_DEPTH;
  header[9] = COLOUR_RGBA; // compression, filter method and interlace stay 0
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: ZLIB_LEVEL })), chunk('IEND', new Uint8Array())]);
}
