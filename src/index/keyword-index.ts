import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readArrayBuffer } from './array-buffer-file.js';
import { UNGATED, type ReadGate } from './generations.js';
import { LIST_SEPARATOR, type PackedTerms } from './index-terms.js';
import { placeOf } from './places.js';

/**
 * BM25 over token lists, one document per chunk (documents are numbered by the chunk's position
 * in the index). Postings live in typed arrays and are saved as a binary file beside a JSON file
 * of terms, so that a large index loads without parsing millions of JSON numbers.
 */

const K1 = 1.2;
const B = 0.75;
const TERMS_FILE = 'keywords.json';
const POSTINGS_FILE = 'keywords.bin';

export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

/**
 * A term's frequency in one chunk is kept up to this (a byte): a chunk is a few hundred
 * characters, and BM25 has long stopped counting more. A byte instead of a 32-bit number makes a
 * large index's postings five eighths of the size, to read at every start.
 */
const MAX_TF = 255;

interface Postings {
  readonly terms: readonly string[];
  /** Term i's postings are `docs` and `tfs` (its frequency in each) from offsets[i] to offsets[i + 1]. */
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly tfs: Uint8Array;
  readonly docLengths: Uint32Array;
}

export class KeywordIndex {
  private readonly termIds: Map<string, number>;
  private readonly avgDocLength: number;

  private constructor(private readonly postings: Postings) {
    this.termIds = new Map(postings.terms.map((t, i) => [t, i]));
    const total = postings.docLengths.reduce((a, b) => a + b, 0);
    this.avgDocLength = postings.docLengths.length ? total / postings.docLengths.length : 1;
  }

  /** Groups (term, doc, tf) triples by term into the postings arrays. */
  static fromTriples(termIds: ReadonlyMap<string, number>, all: Uint32Array, docLengths: Uint32Array): KeywordIndex {
    const offsets = new Uint32Array(termIds.size + 1);
    for (let i = 0; i < all.length; i += 3) offsets[all[i]! + 1]! += 1;
    for (let t = 0; t < termIds.size; t++) offsets[t + 1]! += offsets[t]!;
    const docs = new Uint32Array(offsets[termIds.size]!);
    const tfs = new Uint8Array(docs.length);
    const cursor = offsets.slice(0, termIds.size);
    // Documents come in order, so each term's postings stay sorted by document.
    for (let i = 0; i < all.length; i += 3) {
      const at = cursor[all[i]!]!++;
      docs[at] = all[i + 1]!;
      tfs[at] = Math.min(all[i + 2]!, MAX_TF);
    }
    return new KeywordIndex({ terms: [...termIds.keys()], offsets, docs, tfs, docLengths });
  }

  /**
   * This index with more documents after its own (numbered on from `size`): the postings of each
   * term are copied once and the new ones appended, so adding a report costs one pass over the
   * postings, not a segmentation of every chunk again.
   */
  withDocuments(documents: PackedTerms): KeywordIndex {
    const added = new KeywordIndexBuilder();
    added.addPacked(documents);
    const extra = added.finish().postings;
    const terms = [...this.postings.terms, ...extra.terms.filter((t) => !this.termIds.has(t))];
    const extraOf = new Map(extra.terms.map((t, i) => [t, i]));
    const offsets = new Uint32Array(terms.length + 1);
    const docs = new Uint32Array(this.postings.docs.length + extra.docs.length);
    const tfs = new Uint8Array(docs.length);
    let at = 0;
    terms.forEach((term, id) => {
      offsets[id] = at;
      const own = this.termIds.get(term);
      if (own !== undefined) {
        const from = this.postings.offsets[own]!;
        const to = this.postings.offsets[own + 1]!;
        docs.set(this.postings.docs.subarray(from, to), at);
        tfs.set(this.postings.tfs.subarray(from, to), at);
        at += to - from;
      }
      const e = extraOf.get(term);
      if (e === undefined) return;
      for (let i = extra.offsets[e]!; i < extra.offsets[e + 1]!; i++, at++) {
        docs[at] = extra.docs[i]! + this.size;
        tfs[at] = extra.tfs[i]!;
      }
    });
    offsets[terms.length] = at;
    const docLengths = new Uint32Array(this.size + extra.docLengths.length);
    docLengths.set(this.postings.docLengths);
    docLengths.set(extra.docLengths, this.size);
    return new KeywordIndex({ terms, offsets, docs, tfs, docLengths });
  }

  /**
   * This index without the documents flagged in `removed` (one flag per document): those after
   * them move up, so that the numbers stay the positions of the chunks left. One pass over the postings.
   */
  withoutDocuments(removed: Uint8Array): KeywordIndex {
    const { terms, offsets, docs, tfs, docLengths } = this.postings;
    const moved = new Uint32Array(docLengths.length);
    let left = 0;
    for (let doc = 0; doc < docLengths.length; doc++) if (!removed[doc]) moved[doc] = left++;
    const keptDocs = new Uint32Array(docs.length);
    const keptTfs = new Uint8Array(docs.length);
    const keptOffsets = new Uint32Array(offsets.length);
    let at = 0;
    for (let t = 0; t < terms.length; t++) {
      keptOffsets[t] = at;
      for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
        const doc = docs[i]!;
        if (removed[doc]) continue;
        keptDocs[at] = moved[doc]!;
        keptTfs[at++] = tfs[i]!;
      }
    }
    keptOffsets[terms.length] = at;
    const lengths = docLengths.filter((_, doc) => !removed[doc]);
    // Views, not copies: a large index's postings take hundreds of megabytes, and the removed part is small.
    return new KeywordIndex({ terms, offsets: keptOffsets, docs: keptDocs.subarray(0, at), tfs: keptTfs.subarray(0, at), docLengths: lengths });
  }

  async save(dir: string): Promise<void> {
    const { terms, offsets, docs, tfs, docLengths } = this.postings;
    await writeFile(path.join(dir, TERMS_FILE), JSON.stringify({ terms, documents: docLengths.length, postings: docs.length }));
    // The 32-bit arrays first, so that each sits at an offset a Uint32Array can view; the bytes last.
    const words = new Uint32Array(offsets.length + docs.length + docLengths.length);
    words.set(offsets, 0);
    words.set(docs, offsets.length);
    words.set(docLengths, offsets.length + docs.length);
    await writeFile(path.join(dir, POSTINGS_FILE), [new Uint8Array(words.buffer), tfs]);
  }

  /** Reads the saved files, each once `ready` admits it. */
  static async load(dir: string, ready: ReadGate = UNGATED): Promise<KeywordIndex> {
    await Promise.all([ready(TERMS_FILE), ready(POSTINGS_FILE)]);
    const head = JSON.parse(await readFile(path.join(dir, TERMS_FILE), 'utf8')) as { terms: string[]; documents: number; postings: number };
    const bytes = await readArrayBuffer(path.join(dir, POSTINGS_FILE));
    const termCount = Array.isArray(head?.terms) ? head.terms.length : -1;
    const words = termCount + 1 + head.postings + head.documents;
    if (termCount < 0 || !Number.isInteger(words) || bytes.byteLength !== words * 4 + head.postings) throw new Error('keyword index: files do not match');
    const all = new Uint32Array(bytes, 0, words);
    const offsets = all.subarray(0, termCount + 1);
    const docs = all.subarray(termCount + 1, termCount + 1 + head.postings);
    const docLengths = all.subarray(termCount + 1 + head.postings);
    const tfs = new Uint8Array(bytes, words * 4, head.postings);
    return new KeywordIndex({ terms: head.terms, offsets, docs, tfs, docLengths });
  }

  get size(): number {
    return this.postings.docLengths.length;
  }

  /** Number of documents holding the term. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.postings.offsets[id + 1]! - this.postings.offsets[id]!;
  }

  /** The documents holding the term, in order. */
  documentsWith(term: string): number[] {
    const id = this.termIds.get(term);
    if (id === undefined) return [];
    const { offsets, docs } = this.postings;
    const held: number[] = [];
    for (let i = offsets[id]!; i < offsets[id + 1]!; i++) held.push(docs[i]!);
    return held;
  }

  idf(term: string): number {
    return bm25Idf(this.documentFrequency(term), this.size);
  }

  /**
   * BM25 scores of the `limit` best documents `allowed` admits (all when absent) that hold any query
   * term. Scores add up in an array of one slot per document, not a map: a common term of a large
   * index has hundreds of thousands of postings.
   */
  score(query: readonly WeightedTerm[], allowed?: (doc: number) => boolean, limit = Infinity): Map<number, number> {
    const { offsets, docs, tfs, docLengths } = this.postings;
    const sums = new Float64Array(this.size);
    const touched: number[] = [];
    for (const { term, weight } of query) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term);
      for (let i = offsets[id]!; i < offsets[id + 1]!; i++) {
        const doc = docs[i]!;
        if (allowed && !allowed(doc)) continue;
        if (sums[doc] === 0) touched.push(doc);
        sums[doc]! += weight * idf * bm25Tf(tfs[i]!, docLengths[doc]!, this.avgDocLength);
      }
    }
    const best = touched.length > limit ? highest(touched, (doc) => sums[doc]!, limit) : touched;
    return new Map(best.map((doc) => [doc, sums[doc]!]));
  }
}

/**
 * Documents added one at a time, in order (from any source of tokens: this thread or workers).
 * Postings are gathered as (term, doc, tf) triples in one growing typed array, then grouped by
 * term: far less memory than an array per term.
 */
export class KeywordIndexBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly triples = new GrowingUint32Array();
  private readonly docLengths: number[] = [];

  /** A batch of documents: each term of the batch is looked up once, then its documents' postings added by number. */
  addPacked({ vocabulary, texts }: PackedTerms): void {
    const ids = vocabulary === '' ? [] : vocabulary.split(LIST_SEPARATOR).map((term) => placeOf(this.termIds, term));
    for (const { terms, counts, length } of texts) {
      const doc = this.docLengths.length;
      this.docLengths.push(length);
      for (let i = 0; i < terms.length; i++) this.triples.push(ids[terms[i]!]!, doc, counts[i]!);
    }
  }

  finish(): KeywordIndex {
    return KeywordIndex.fromTriples(this.termIds, this.triples.view(), Uint32Array.from(this.docLengths));
  }
}

/** The `limit` items of highest score, in no order: a min-heap of `limit`, one pass over the items. */
function highest(items: readonly number[], score: (item: number) => number, limit: number): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => score(heap[a]!) < score(heap[b]!);
  const swap = (a: number, b: number) => ([heap[a], heap[b]] = [heap[b]!, heap[a]!]);
  for (const item of items) {
    if (heap.length < limit) {
      heap.push(item);
      for (let i = heap.length - 1, up = (i - 1) >> 1; i > 0 && less(i, up); i = up, up = (i - 1) >> 1) swap(i, up);
    } else if (score(item) > score(heap[0]!)) {
      heap[0] = item;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let least = i;
        if (l < limit && less(l, least)) least = l;
        if (r < limit && less(r, least)) least = r;
        if (least === i) break;
        swap(i, least);
        i = least;
      }
    }
  }
  return heap;
}

/** BM25's inverse document frequency of a term `df` of `documents` hold. */
export function bm25Idf(df: number, documents: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/** BM25's saturated term frequency in a document of `length` tokens. */
export function bm25Tf(tf: number, length: number, averageLength: number): number {
  return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
}

/** An append-only Uint32Array that doubles its capacity when full. */
class GrowingUint32Array {
  private data = new Uint32Array(1 << 16);
  private length = 0;

  push(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
