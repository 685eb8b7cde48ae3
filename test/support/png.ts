/**
 * A PNG reader for tests (8-bit RGB or RGBA, not interlaced, every row filter), after the
 * specification: it checks what the chart code writes, and reads resvg's own PNGs to compare.
 */
import zlib from 'node:zlib';

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Straight RGBA, row after row. */
  readonly rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Row `y` of `rows` from its filtered bytes in `raw` (each row after its filter type byte). */
function unfilter(raw: Uint8Array, y: number, stride: number, channels: number, rows: Uint8Array): void {
  const filter = raw[y * (stride + 1)];
  const from = y * (stride + 1) + 1;
  const at = y * stride;
  const left = (x: number) => (x >= channels ? rows[at + x - channels]! : 0);
  const up = (x: number) => (y > 0 ? rows[at - stride + x]! : 0);
  const upLeft = (x: number) => (x >= channels && y > 0 ? rows[at - stride + x - channels]! : 0);
  const predict: ((x: number) => number) | undefined = [
    () => 0,
    left,
    up,
    (x: number) => (left(x) + up(x)) >> 1,
    (x: number) => paeth(left(x), up(x), upLeft(x)),
  ][filter!];
  if (!predict) throw new Error(`row filter ${filter}`);
  for (let x = 0; x < stride; x++) rows[at + x] = (raw[from + x]! + predict(x)) & 255;
}

export function decodePng(file: Uint8Array): DecodedPng {
  const bytes = Buffer.from(file);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (zlib.crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, not interlaced');
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      if (!channels) throw new Error(`colour type ${body[9]}`);
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error('PNG pixel data does not match its size');
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) unfilter(raw, y, stride, channels, rows);
  if (channels === 4) return { width, height, rgba: rows };
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let p = 0; p < width * height; p++) rgba.set(rows.subarray(p * 3, p * 3 + 3), p * 4);
  return { width, height, rgba };
}
