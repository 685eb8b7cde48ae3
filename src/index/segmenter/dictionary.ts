import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * jieba's dictionary and HMM model, read from the files the nodejieba package ships, into the
 * shapes the segmenter walks. Weights and tie-breaking follow cppjieba (DictTrie, HMMModel)
 * exactly, so the words come out as nodejieba cuts them. The dictionary is a trie whose edges sit
 * in one open-addressing table of typed arrays: no object per word, so it loads in tens of
 * milliseconds where the native load took seconds (it also built a second copy for a keyword
 * extractor this project never uses). The built trie is kept as one binary file in the temp folder,
 * keyed by the source file, so later processes (and ingest workers) read it in milliseconds.
 */

const NO_NODE = -1;
const ROOT = 0;
const NOT_A_WORD = Number.NaN;
/** Table sizes to start with (powers of two); they double as words come in. */
const INITIAL_EDGES = 1 << 10;
const INITIAL_NODES = 1 << 9;
/** Numbers at the head of the cached trie. */
const HEAD_NUMBERS = 7;
/** Bump when the cache's layout changes. */
const CACHE_FORMAT = 1;

/** Multiplicative hashing of an edge (node, UTF-16 unit) into the table. */
function edgeSlot(node: number, unit: number, mask: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(unit + 1, 0x85ebca77)) & mask;
}

export class Dictionary {
  private edgeFrom = new Int32Array(INITIAL_EDGES).fill(NO_NODE);
  private edgeUnit = new Uint16Array(INITIAL_EDGES);
  private edgeTo = new Int32Array(INITIAL_EDGES);
  private edges = 0;
  private nodeWeight = new Float64Array(INITIAL_NODES).fill(NOT_A_WORD);
  private nodeTag = new Uint16Array(INITIAL_NODES);
  private nodes = 1;
  private readonly tags: string[] = [];
  private readonly tagIds = new Map<string, number>();

  constructor(
    /** The smallest weight of the main dictionary: what a character no word starts with weighs. */
    readonly minWeight: number,
    /** The median weight of the main dictionary: what an added word weighs. */
    readonly userWeight: number,
  ) {}

  /** The trie as bytes, for `fromBytes`. */
  toBytes(): Buffer {
    const tags = Buffer.from(JSON.stringify(this.tags));
    const head = Float64Array.of(this.minWeight, this.userWeight, this.edges, this.nodes, this.edgeFrom.length, this.nodeWeight.length, tags.length);
    const parts = [head, this.nodeWeight, this.edgeFrom, this.edgeTo, this.nodeTag, this.edgeUnit].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return Buffer.concat([...parts, tags]);
  }

  /** Throws on bytes that `toBytes` did not write. */
  static fromBytes(bytes: ArrayBuffer): Dictionary {
    const [minWeight = 0, userWeight = 0, edges = 0, nodes = 0, edgeCapacity = 0, nodeCapacity = 0, tagBytes = 0] = new Float64Array(bytes, 0, HEAD_NUMBERS);
    let at = HEAD_NUMBERS * 8;
    const take = <T>(make: (offset: number, length: number) => T, length: number, size: number): T => {
      const view = make(at, length);
      at += length * size;
      return view;
    };
    const dictionary = new Dictionary(minWeight, userWeight);
    dictionary.nodeWeight = take((o, n) => new Float64Array(bytes, o, n), nodeCapacity, 8);
    dictionary.edgeFrom = take((o, n) => new Int32Array(bytes, o, n), edgeCapacity, 4);
    dictionary.edgeTo = take((o, n) => new Int32Array(bytes, o, n), edgeCapacity, 4);
    dictionary.nodeTag = take((o, n) => new Uint16Array(bytes, o, n), nodeCapacity, 2);
    dictionary.edgeUnit = take((o, n) => new Uint16Array(bytes, o, n), edgeCapacity, 2);
    const tags = JSON.parse(Buffer.from(bytes, at, tagBytes).toString('utf8')) as string[];
    if (at + tagBytes !== bytes.byteLength || !Array.isArray(tags)) throw new Error('jieba dictionary cache: malformed');
    tags.forEach((tag) => dictionary.tagId(tag));
    dictionary.edges = edges;
    dictionary.nodes = nodes;
    return dictionary;
  }

  /** The node reached from `node` by one UTF-16 unit, or -1. */
  child(node: number, unit: number): number {
    const mask = this.edgeFrom.length - 1;
    for (let slot = edgeSlot(node, unit, mask); ; slot = (slot + 1) & mask) {
      const from = this.edgeFrom[slot]!;
      if (from === NO_NODE) return NO_NODE;
      if (from === node && this.edgeUnit[slot] === unit) return this.edgeTo[slot]!;
    }
  }

  /** The node of text[start, end), -1 when no word starts so. */
  walk(text: string, start: number, end: number): number {
    let node = ROOT;
    for (let i = start; i < end && node !== NO_NODE; i++) node = this.child(node, text.charCodeAt(i));
    return node;
  }

  isWord(node: number): boolean {
    return node !== NO_NODE && !Number.isNaN(this.nodeWeight[node]!);
  }

  weight(node: number): number {
    return this.nodeWeight[node]!;
  }

  /** The part of speech of the word text[start, end) ('' when it is no word or has none). */
  tag(text: string, start = 0, end = text.length): string {
    const node = this.walk(text, start, end);
    return this.isWord(node) ? this.tags[this.nodeTag[node]!]! : '';
  }

  /** Adds or replaces a word, as cppjieba's trie insert does (a later entry wins). */
  set(word: string, weight: number, tag: string): void {
    let node = ROOT;
    for (let i = 0; i < word.length; i++) {
      const unit = word.charCodeAt(i);
      const next = this.child(node, unit);
      node = next === NO_NODE ? this.addEdge(node, unit) : next;
    }
    if (node === ROOT) return;
    this.nodeWeight[node] = weight;
    this.nodeTag[node] = this.tagId(tag);
  }

  private tagId(tag: string): number {
    let id = this.tagIds.get(tag);
    if (id === undefined) {
      id = this.tags.push(tag) - 1;
      this.tagIds.set(tag, id);
    }
    return id;
  }

  private addEdge(from: number, unit: number): number {
    if (this.nodes === this.nodeWeight.length) this.growNodes();
    if ((this.edges + 1) * 2 > this.edgeFrom.length) this.growEdges();
    const to = this.nodes++;
    this.placeEdge(from, unit, to);
    return to;
  }

  private placeEdge(from: number, unit: number, to: number): void {
    const mask = this.edgeFrom.length - 1;
    let slot = edgeSlot(from, unit, mask);
    while (this.edgeFrom[slot] !== NO_NODE) slot = (slot + 1) & mask;
    this.edgeFrom[slot] = from;
    this.edgeUnit[slot] = unit;
    this.edgeTo[slot] = to;
    this.edges++;
  }

  private growNodes(): void {
    const weight = new Float64Array(this.nodeWeight.length * 2).fill(NOT_A_WORD);
    weight.set(this.nodeWeight);
    const tag = new Uint16Array(this.nodeTag.length * 2);
    tag.set(this.nodeTag);
    this.nodeWeight = weight;
    this.nodeTag = tag;
  }

  private growEdges(): void {
    const [from, unit, to] = [this.edgeFrom, this.edgeUnit, this.edgeTo];
    this.edgeFrom = new Int32Array(from.length * 2).fill(NO_NODE);
    this.edgeUnit = new Uint16Array(from.length * 2);
    this.edgeTo = new Int32Array(from.length * 2);
    this.edges = 0;
    for (let slot = 0; slot < from.length; slot++) {
      if (from[slot] !== NO_NODE) this.placeEdge(from[slot]!, unit[slot]!, to[slot]!);
    }
  }
}

/** The BEMS hidden Markov model that cuts runs of characters no word covers. */
export interface HmmModel {
  /** Start log-probabilities of B, E, M, S. */
  readonly start: readonly number[];
  /** trans[from][to]. */
  readonly trans: readonly (readonly number[])[];
  /** emit[state].get(code point). */
  readonly emit: readonly ReadonlyMap<number, number>[];
}

/** The dictionary files of the installed nodejieba package. */
function jiebaDictDir(): string {
  const entry = createRequire(import.meta.url).resolve('nodejieba');
  return path.join(path.dirname(entry), 'submodules', 'cppjieba', 'dict');
}

interface DictLine {
  readonly word: string;
  readonly frequency: number;
  readonly tag: string;
}

/** `word freq tag` lines with a frequency of at least `minFrequency`, scanned without splitting the file. */
function readMainDictionary(text: string, minFrequency: number): DictLine[] {
  const out: DictLine[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const space = text.indexOf(' ', start);
    const space2 = space === -1 ? -1 : text.indexOf(' ', space + 1);
    if (space2 !== -1 && space2 < end) {
      const frequency = Number(text.slice(space + 1, space2));
      if (frequency >= minFrequency) out.push({ word: text.slice(start, space), frequency, tag: text.slice(space2 + 1, end) });
    }
    start = end + 1;
  }
  return out;
}

/**
 * The user dictionary's lines: `word`, `word tag` or `word freq tag`. A line of one field has no
 * tag ('' makes the tagger fall back to its rules), as in cppjieba.
 */
function addUserDictionary(dictionary: Dictionary, text: string, total: number): void {
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const fields = line.split(' ');
    const [word = ''] = fields;
    if (fields.length === 3) dictionary.set(word, Math.log(Number(fields[1]) / total), fields[2]!);
    else dictionary.set(word, dictionary.userWeight, fields[1] ?? '');
  }
}

/**
 * jieba's main dictionary without its words rarer than `minFrequency` (mostly names and idioms,
 * which the HMM still cuts), then its default user dictionary, weighed as cppjieba weighs them:
 * log(frequency / sum of frequencies); added words weigh the median.
 */
function buildDictionary(minFrequency: number): Dictionary {
  const dir = jiebaDictDir();
  const main = readMainDictionary(readFileSync(path.join(dir, 'jieba.dict.utf8'), 'utf8'), minFrequency);
  let total = 0;
  for (const line of main) total += line.frequency;
  const weights = Float64Array.from(main, (line) => Math.log(line.frequency / total));
  const sorted = weights.slice().sort();
  const dictionary = new Dictionary(sorted[0] ?? 0, sorted[Math.floor(sorted.length / 2)] ?? 0);
  main.forEach((line, i) => dictionary.set(line.word, weights[i]!, line.tag));
  addUserDictionary(dictionary, readFileSync(path.join(dir, 'user.dict.utf8'), 'utf8'), total);
  return dictionary;
}

/** The built dictionary, from the cache when it was built from the same files before. */
export function loadDictionary(minFrequency: number): Dictionary {
  const source = path.join(jiebaDictDir(), 'jieba.dict.utf8');
  const { size, mtimeMs } = statSync(source);
  const cache = path.join(os.tmpdir(), `jieba-trie-v${CACHE_FORMAT}-f${minFrequency}-${size}-${Math.round(mtimeMs)}.bin`);
  try {
    const bytes = readFileSync(cache);
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return Dictionary.fromBytes(own ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    const dictionary = buildDictionary(minFrequency);
    saveQuietly(cache, dictionary.toBytes());
    return dictionary;
  }
}

/** A cache that cannot be written only costs the next process the build. */
function saveQuietly(file: string, bytes: Buffer): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  } catch {
    // not cached
  }
}

/** Non-comment lines, trimmed, as cppjieba's HMMModel reads them. */
function modelLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/** `字:logprob,字:logprob,…`, scanned without splitting into pieces. */
function parseEmissions(line: string): Map<number, number> {
  const map = new Map<number, number>();
  for (let start = 0; start < line.length; ) {
    let end = line.indexOf(',', start);
    if (end === -1) end = line.length;
    const code = line.codePointAt(start)!;
    const colon = start + (code > 0xffff ? 2 : 1);
    if (line[colon] !== ':') throw new Error(`jieba HMM model: bad emission ${line.slice(start, end)}`);
    map.set(code, Number(line.slice(colon + 1, end)));
    start = end + 1;
  }
  return map;
}

export function loadHmmModel(): HmmModel {
  const lines = modelLines(readFileSync(path.join(jiebaDictDir(), 'hmm_model.utf8'), 'utf8'));
  if (lines.length < 9) throw new Error('jieba HMM model: too few lines');
  const numbers = (line: string) => line.split(' ').map(Number);
  return {
    start: numbers(lines[0]!),
    trans: lines.slice(1, 5).map(numbers),
    emit: lines.slice(5, 9).map(parseEmissions),
  };
}
