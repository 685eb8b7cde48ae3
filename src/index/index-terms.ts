/**
 * What the index keeps of chunk texts: their keyword terms counted and, for the offline embedder,
 * their hashed features. Computed in this thread or in a worker (terms-worker.ts), the same either way.
 */
import { hashedFeatures, type HashedFeatures } from './embeddings.js';
import { placeOf } from './places.js';
import { indexTokens } from './tokenizer.js';

/** A count is kept up to this (BM25 saturates long before). */
const MAX_COUNT = 0xffff;

/**
 * A batch of texts' terms, each once, joined by LIST_SEPARATOR, and each text's terms as places in that list, in the order they first occur.
 * One string per batch crosses between threads far faster than thousands, and the thread building
 * the index looks each term up once a batch instead of once a text.
 */
export interface PackedTerms {
  readonly vocabulary: string;
  readonly texts: readonly PackedText[];
}

export interface PackedText {
  readonly terms: Uint32Array;
  readonly counts: Uint16Array;
  /** Tokens in all (BM25's document length). */
  readonly length: number;
  readonly features?: HashedFeatures;
}

/** Joins a list of strings that crosses between threads as one: no term or name holds it (it is no word character). */
export const LIST_SEPARATOR = '\u0000';

/** The packed terms (and, when asked, hashed features) of texts already folded (`chunkIndexText`: folding them again took a tenth of a large build). */
export function packTerms(foldedTexts: readonly string[], withFeatures: boolean): PackedTerms {
  const places = new Map<string, number>();
  const texts = foldedTexts.map((text): PackedText => {
    const { keywords: tokens, words } = indexTokens(text);
    // Counted in a map of the text's own terms first: the batch's map, far larger, is asked once a term, not once a token.
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, Math.min(MAX_COUNT, (counts.get(token) ?? 0) + 1));
    const terms = { terms: Uint32Array.from(counts.keys(), (term) => placeOf(places, term)), counts: Uint16Array.from(counts.values()), length: tokens.length };
    return withFeatures ? { ...terms, features: hashedFeatures(text, words) } : terms;
  });
  return { vocabulary: [...places.keys()].join(LIST_SEPARATOR), texts };
}
