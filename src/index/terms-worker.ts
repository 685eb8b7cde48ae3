/** The index worker's task: chunk texts in, their keyword terms and hashed features out (see ./terms-pool.ts). */
import type { HashedFeatures } from './embeddings.js';
import { termsOf } from './index-terms.js';
import { placeOf } from './places.js';
import { addDictionaryWords } from './tokenizer.js';

export interface TermsRequest {
  /** Region and bureau names of the whole index: the segmenter keeps them whole, as in the main thread. */
  readonly names: readonly string[];
  readonly texts: readonly string[];
  readonly withFeatures: boolean;
}

/**
 * A batch's terms, each once, joined by TOKEN_SEPARATOR (a term never holds it: it is no word
 * character), and each text's terms as places in that list: one string per batch crosses between
 * threads far faster than thousands, and the thread building the index looks each term up once a
 * batch, in the same string, instead of once a chunk in a new one.
 */
export interface PackedTerms {
  readonly vocabulary: string;
  readonly texts: readonly PackedText[];
}

export interface PackedText {
  readonly terms: Uint32Array;
  readonly counts: Uint16Array;
  readonly length: number;
  readonly features?: HashedFeatures;
}

export const TOKEN_SEPARATOR = '\u0000';

export default function termsInWorker({ names, texts, withFeatures }: TermsRequest): PackedTerms {
  addDictionaryWords(names);
  const places = new Map<string, number>();
  const packed = termsOf(texts, withFeatures).map(({ keywords, features }) => ({
    terms: Uint32Array.from(keywords.terms, (term) => placeOf(places, term)),
    counts: keywords.counts,
    length: keywords.length,
    ...(features ? { features } : {}),
  }));
  return { vocabulary: [...places.keys()].join(TOKEN_SEPARATOR), texts: packed };
}
