import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Config } from '../config.js';
import { foldText } from '../ingest/normalize.js';
import { conceptsIn } from '../lexicon/concepts.js';
import { words } from './tokenizer.js';

/**
 * Embedders behind LangChain's `Embeddings`: an offline default that downloads nothing (hashed
 * TF-IDF of thesaurus concepts, words and character n-grams, IDF fitted on the corpus at build time), or an
 * OpenAI-compatible model when configured. Each has an id the index records, so that a change
 * of embedder rebuilds the index.
 */

const HASHED_DIMENSIONS = 512;
export const HASHED_EMBEDDER_ID = `hashed-concepts-tfidf/v2/d${HASHED_DIMENSIONS}`;
/** A concept named counts as much as two words: it is what paraphrases share (律所 and 律师事务所). */
const CONCEPT_WEIGHT = 2;

/** FNV-1a, 32 bits, continued from `h` over the UTF-16 units of s[start, end). */
function fnv(h: number, s: string, start = 0, end = s.length): number {
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const FNV_START = 0x811c9dc5;

/** A feature kind's prefix (`w:`, `2:` …), hashed once: for the bucket, and with `s` before it for the sign. */
interface FeatureKind {
  readonly bucket: number;
  readonly sign: number;
}

function kind(prefix: string): FeatureKind {
  return { bucket: fnv(FNV_START, prefix), sign: fnv(FNV_START, `s${prefix}`) };
}

const CONCEPT = kind('c:');
const WORD = kind('w:');
const BIGRAM = kind('2:');
const TRIGRAM = kind('3:');

/**
 * Feature counts of one text keyed by the FNV hash of `kind:text`, computed from the characters
 * without building the string (n-grams are most features), with the sign bit (of the hash of
 * `skind:text`) beside it. An open-addressing table of typed arrays, emptied and reused from text
 * to text: in Maps, every 32-bit hash above 2^30 was a heap number, and the collector took a
 * sixth of a build's segmenting and hashing time.
 */
class FeatureTable {
  private keys = new Uint32Array(0);
  private used = new Uint8Array(0);
  private weights = new Float64Array(0);
  private signs = new Uint8Array(0);
  /** Occupied slots in the order their features came: sums are added up in that order. */
  private order = new Int32Array(0);
  private size = 0;

  constructor(capacity = 4_096) {
    this.allocate(capacity);
  }

  private allocate(capacity: number): void {
    this.keys = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.weights = new Float64Array(capacity);
    this.signs = new Uint8Array(capacity);
    this.order = new Int32Array(capacity);
  }

  /** The slot of hash `h`: its own, or the empty one where it goes. */
  private slotOf(h: number): number {
    const mask = this.keys.length - 1;
    let slot = h & mask;
    while (this.used[slot] === 1 && this.keys[slot] !== h) slot = (slot + 1) & mask;
    return slot;
  }

  /** Twice the room, the features kept in their order. */
  private grow(): void {
    const { keys, weights, signs, order, size } = this;
    this.allocate(keys.length * 2);
    this.size = 0;
    for (const slot of order.subarray(0, size)) this.put(keys[slot]!, weights[slot]!, signs[slot]!);
  }

  private put(h: number, weight: number, sign: number): void {
    const slot = this.slotOf(h);
    this.used[slot] = 1;
    this.keys[slot] = h;
    this.weights[slot] = weight;
    this.signs[slot] = sign;
    this.order[this.size++] = slot;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.used[this.order[i]!] = 0;
    this.size = 0;
  }

  add(k: FeatureKind, s: string, start: number, end: number, w: number): void {
    const h = fnv(k.bucket, s, start, end);
    const slot = this.slotOf(h);
    if (this.used[slot] === 1) {
      this.weights[slot]! += w;
      return;
    }
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    this.put(h, w, fnv(k.sign, s, start, end) & 1);
  }

  /** Calls `use` with each feature's hash, total weight and sign bit, in the order they came. */
  forEach(use: (h: number, weight: number, sign: number) => void): void {
    for (let i = 0; i < this.size; i++) {
      const slot = this.order[i]!;
      use(this.keys[slot]!, this.weights[slot]!, this.signs[slot]!);
    }
  }
}

/**
 * Features and their weights: the thesaurus concepts a text names carry its meaning across
 * paraphrases, words carry the rest, n-grams absorb segmentation differences and typos.
 */
function addFeatures(counts: FeatureTable, folded: string, contentWords: readonly string[]): void {
  for (const concept of conceptsIn(folded)) counts.add(CONCEPT, concept, 0, concept.length, CONCEPT_WEIGHT);
  for (const w of contentWords) counts.add(WORD, w, 0, w.length, 1);
  for (const run of folded.matchAll(/\p{Script=Han}+/gu)) {
    const text = run[0];
    const starts: number[] = [];
    for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) starts.push(i);
    starts.push(text.length);
    const chars = starts.length - 1;
    for (let i = 0; i + 1 < chars; i++) counts.add(BIGRAM, text, starts[i]!, starts[i + 2]!, 0.5);
    for (let i = 0; i + 2 < chars; i++) counts.add(TRIGRAM, text, starts[i]!, starts[i + 3]!, 0.5);
  }
}

/** A text's features hashed: the buckets it touches (ascending) and its signed, sublinear weight in each. */
export interface HashedFeatures {
  readonly buckets: Int32Array;
  readonly weights: Float64Array;
}

/** One table per thread, reused: a text's features are hashed in one synchronous call. */
const table = new FeatureTable();

/**
 * The hashed features of folded text (computed once per chunk, for fitting and for its vector);
 * `contentWords` are its `words`, when already cut.
 */
export function hashedFeatures(folded: string, contentWords: readonly string[] = words(folded)): HashedFeatures {
  table.clear();
  addFeatures(table, folded, contentWords);
  const sums = new Float64Array(HASHED_DIMENSIONS);
  const touched = new Uint8Array(HASHED_DIMENSIONS);
  table.forEach((h, tf, sign) => {
    const bucket = h % HASHED_DIMENSIONS;
    sums[bucket]! += (sign ? 1 : -1) * (1 + Math.log(tf));
    touched[bucket] = 1;
  });
  let count = 0;
  for (let b = 0; b < HASHED_DIMENSIONS; b++) count += touched[b]!;
  const buckets = new Int32Array(count);
  const weights = new Float64Array(count);
  for (let b = 0, i = 0; b < HASHED_DIMENSIONS; b++) {
    if (touched[b] === 0) continue;
    buckets[i] = b;
    weights[i++] = sums[b]!;
  }
  return { buckets, weights };
}

export interface HashedTfidfState {
  readonly kind: 'hashed-tfidf';
  readonly dimensions: number;
  readonly documents: number;
  /** Documents per hash bucket. */
  readonly bucketFrequencies: readonly number[];
}

/**
 * Math.hypot of the values, computed as V8 computes it (scaled by the largest, Kahan-summed), so
 * vectors stay the same to the bit: spreading hundreds of values into Math.hypot for each of
 * 300,000 chunks took seconds of a large build.
 */
function hypot(values: Float64Array): number {
  let max = 0;
  let someNaN = false;
  for (const v of values) {
    const magnitude = Math.abs(v);
    if (Number.isNaN(magnitude)) someNaN = true;
    else if (magnitude > max) max = magnitude;
  }
  if (max === Infinity) return Infinity;
  if (someNaN) return NaN;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const n = v / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = preliminary - sum - summand;
    sum = preliminary;
  }
  return Math.sqrt(sum) * max;
}

export class HashedTfidfEmbeddings extends Embeddings {
  private readonly idf: Float64Array;

  private constructor(private readonly state: HashedTfidfState) {
    super({});
    this.idf = Float64Array.from(state.bucketFrequencies, (df) => Math.log((state.documents + 1) / (df + 1)) + 1);
  }

  /** Fits the IDF of the hash buckets on the corpus (texts already folded). */
  static fit(foldedTexts: readonly string[]): HashedTfidfEmbeddings {
    return HashedTfidfEmbeddings.fitHashed(foldedTexts.map((text) => hashedFeatures(text)));
  }

  /** Fits the IDF on the documents' hashed features (as ingest workers compute them). */
  static fitHashed(documents: readonly HashedFeatures[]): HashedTfidfEmbeddings {
    const df = new Array<number>(HASHED_DIMENSIONS).fill(0);
    for (const { buckets } of documents) for (const b of buckets) df[b]! += 1;
    return new HashedTfidfEmbeddings({ kind: 'hashed-tfidf', dimensions: HASHED_DIMENSIONS, documents: documents.length, bucketFrequencies: df });
  }

  static fromJSON(state: HashedTfidfState): HashedTfidfEmbeddings {
    const valid =
      state?.kind === 'hashed-tfidf' &&
      state.dimensions === HASHED_DIMENSIONS &&
      Array.isArray(state.bucketFrequencies) &&
      state.bucketFrequencies.length === HASHED_DIMENSIONS;
    if (!valid) throw new Error('hashed embedder: malformed state');
    return new HashedTfidfEmbeddings(state);
  }

  toJSON(): HashedTfidfState {
    return this.state;
  }

  /** Sublinear TF × IDF, signed hashing, L2-normalised. Folds its input, as any caller may pass raw text. */
  embed(text: string): number[] {
    return this.embedHashed(hashedFeatures(foldText(text)));
  }

  embedHashed(features: HashedFeatures): number[] {
    const v = new Array<number>(HASHED_DIMENSIONS).fill(0);
    this.embedHashedInto(features, v);
    return v;
  }

  /**
   * The vector of `features` written into `out` from `at` on, where the rest of its row must be
   * zero: a large build writes its rows of floats in place, without an array per vector.
   */
  embedHashedInto({ buckets, weights }: HashedFeatures, out: number[] | Float32Array, at = 0): void {
    const values = new Float64Array(buckets.length);
    for (let i = 0; i < buckets.length; i++) values[i] = weights[i]! * this.idf[buckets[i]!]!;
    const norm = hypot(values) || 1;
    for (let i = 0; i < buckets.length; i++) out[at + buckets[i]!] = values[i]! / norm;
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  override async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }
}

/** The embedder a configuration asks for, known before anything is embedded. */
export type EmbedderChoice =
  | { readonly kind: 'hashed'; readonly id: string }
  | { readonly kind: 'openai'; readonly id: string; readonly settings: NonNullable<Config['embeddings']> };

export function chooseEmbedder(config: Pick<Config, 'embeddings'>): EmbedderChoice {
  const settings = config.embeddings;
  if (!settings) return { kind: 'hashed', id: HASHED_EMBEDDER_ID };
  return { kind: 'openai', id: `openai/${settings.model}@${settings.baseURL ?? 'api.openai.com'}`, settings };
}

/** State an embedder needs to be restored with the index (the hashed one's fitted IDF). */
export type EmbedderState = HashedTfidfState | { readonly kind: 'remote' };

export interface Embedder {
  readonly id: string;
  readonly embeddings: EmbeddingsInterface;
  readonly state: EmbedderState;
}

/** Imported only when configured: the OpenAI client weighs some 60 MB. */
async function openAIEmbedder(choice: Extract<EmbedderChoice, { kind: 'openai' }>): Promise<Embedder> {
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const { apiKey, baseURL, model } = choice.settings;
  const embeddings = new OpenAIEmbeddings({ apiKey, model, configuration: baseURL ? { baseURL } : undefined });
  return { id: choice.id, embeddings, state: { kind: 'remote' } };
}

/** A new embedder for a build over these chunk texts (folded). */
export async function fitEmbedder(choice: EmbedderChoice, foldedTexts: readonly string[]): Promise<Embedder> {
  if (choice.kind === 'openai') return openAIEmbedder(choice);
  const embeddings = HashedTfidfEmbeddings.fit(foldedTexts);
  return { id: choice.id, embeddings, state: embeddings.toJSON() };
}

/** The embedder of a saved index. */
export async function restoreEmbedder(choice: EmbedderChoice, state: EmbedderState): Promise<Embedder> {
  if (choice.kind === 'openai') return openAIEmbedder(choice);
  if (state.kind !== 'hashed-tfidf') throw new Error('index was built by another embedder');
  const embeddings = HashedTfidfEmbeddings.fromJSON(state);
  return { id: choice.id, embeddings, state };
}
