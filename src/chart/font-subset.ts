import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Font subsets for one chart, cut with HarfBuzz (harfbuzzjs's subsetter, WebAssembly). resvg
 * reads a font file once per glyph it draws, so an 8 MB CJK font made every chart cost 200 ms;
 * a subset of the few dozen characters a chart shows costs a few. Each font is parsed and
 * preprocessed once per thread and kept, so a subset is only the cutting.
 */

/** The part of the WebAssembly API used here (Node's global; not in this project's type libraries). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface SubsetExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
/** hb_subset_sets_t: keep every name record (the typographic family, 16/17, names Bold apart). */
const HB_SUBSET_SETS_NAME_ID = 4;
/** What every chart may show: printable ASCII. */
const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i);

let wasm: SubsetExports | undefined;

function subsetter(): SubsetExports {
  if (wasm) return wasm;
  const file = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const instance = new wasmApi.Instance(new wasmApi.Module(readFileSync(file)), {});
  wasm = instance.exports as unknown as SubsetExports;
  return wasm;
}

/** A font file parsed into HarfBuzz's memory once, ready to be cut. */
export class SubsettableFont {
  private readonly face: number;

  constructor(bytes: Uint8Array) {
    const hb = subsetter();
    const pointer = hb.malloc(bytes.byteLength);
    new Uint8Array(hb.memory.buffer, pointer, bytes.byteLength).set(bytes);
    const blob = hb.hb_blob_create(pointer, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    this.face = face;
  }

  /** The font with only the glyphs of these characters (and of printable ASCII), as an OpenType file. */
  subset(characters: Iterable<number>): Uint8Array {
    const hb = subsetter();
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('font subset: HarfBuzz could not start');
    try {
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const c of ASCII) hb.hb_set_add(unicodes, c);
      for (const c of characters) hb.hb_set_add(unicodes, c);
      const names = hb.hb_subset_input_set(input, HB_SUBSET_SETS_NAME_ID);
      hb.hb_set_clear(names);
      hb.hb_set_invert(names);
      const subset = hb.hb_subset_or_fail(this.face, input);
      if (subset === 0) throw new Error('font subset: HarfBuzz could not cut the font');
      const blob = hb.hb_face_reference_blob(subset);
      const data = hb.hb_blob_get_data(blob, 0);
      const bytes = new Uint8Array(hb.memory.buffer, data, hb.hb_blob_get_length(blob)).slice();
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(subset);
      return bytes;
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }
}

/** The characters an SVG may draw: every code point of its text (markup is ASCII, which is always kept). */
export function svgCharacters(svg: string): Set<number> {
  const out = new Set<number>();
  for (const ch of svg) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x80) out.add(code);
  }
  for (const m of svg.matchAll(/&#(x[0-9a-f]+|\d+);/gi)) out.add(Number.parseInt(m[1]!.replace(/^x/i, ''), m[1]!.startsWith('x') || m[1]!.startsWith('X') ? 16 : 10));
  return out;
}
