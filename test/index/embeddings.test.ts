import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASHED_EMBEDDER_ID, HashedTfidfEmbeddings, hashedFeatures } from '../../src/index/embeddings.js';

/**
 * A saved index is loaded, not rebuilt, while its embedder id is the same, so every text must get
 * the features (buckets and weights, to the last bit) that the index was saved with: these were
 * recorded from the implementation of `hashed-concepts-tfidf/v2/d512` before its table rewrite.
 * The texts name no place: a corpus's place names join the segmenter's dictionary, and the words
 * of a text that names one change with the corpus (these give the same digest after every
 * province, city and county name of the gazetteer has joined it).
 */
const TEXTS = [
  '共受理法律援助案件202件，为老年人提供法律援助9人次',
  '2023年行政复议发案量112件,同比下降3.45%;调解成功率99.85%',
  '𠀀𠀁法律援助𠀂 abc 2067.31万元 “七五”普法',
  '',
  // More distinct n-grams than the feature table first holds: it grows, keeping the features' order.
  Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x4e00 + i)).join(''),
];
const RECORDED = '10e09da4343a418c1d8ea4bf5143a2052a6d66c29ca2dc514a06879de72e2894';

describe('the offline embedder', () => {
  it('gives each text the features the saved indexes of its id were built with', () => {
    expect(HASHED_EMBEDDER_ID).toBe('hashed-concepts-tfidf/v2/d512');
    const digest = createHash('sha256');
    for (const text of TEXTS) {
      const { buckets, weights } = hashedFeatures(text);
      expect([...buckets]).toEqual([...buckets].sort((a, b) => a - b));
      digest.update(new Uint8Array(buckets.buffer, buckets.byteOffset, buckets.byteLength));
      digest.update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    }
    expect(digest.digest('hex')).toBe(RECORDED);
  });

  it('makes each vector its TF-IDF weights over their Math.hypot, to the bit', () => {
    const features = TEXTS.map((text) => hashedFeatures(text));
    const embedder = HashedTfidfEmbeddings.fitHashed(features);
    const idf = (bucket: number) => Math.log((features.length + 1) / (features.filter((f) => f.buckets.includes(bucket)).length + 1)) + 1;
    for (const f of features) {
      const values = Array.from(f.buckets, (b, i) => f.weights[i]! * idf(b));
      const norm = Math.hypot(...values) || 1;
      const expected = new Array<number>(512).fill(0);
      f.buckets.forEach((b, i) => (expected[b] = values[i]! / norm));
      expect(embedder.embedHashed(f)).toEqual(expected);
    }
  });
});
