import { hashedFeatures, type HashedFeatures } from './embeddings.js';
import { keywordTokens } from './tokenizer.js';

/**
 * What the index keeps of a chunk's text: its keyword terms and, for the offline embedder, its
 * hashed features. Computed here or in a worker thread (terms-worker.ts), the same either way.
 */
export interface TextTerms {
  readonly keywords: TermCounts;
  readonly features?: HashedFeatures;
}

/**
 * A text's keyword tokens counted: each term once, in the order it first occurs, with its count.
 * Counted where the text is segmented, so that the thread building the index looks up each term
 * of a chunk once, not each of its tokens.
 */
export interface TermCounts {
  readonly terms: readonly string[];
  readonly counts: Uint16Array;
  /** Tokens in all (BM25's document length). */
  readonly length: number;
}

/** A count is kept up to this (BM25 saturates long before). */
const MAX_COUNT = 0xffff;

export function countTerms(tokens: readonly string[]): TermCounts {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, Math.min(MAX_COUNT, (counts.get(t) ?? 0) + 1));
  return { terms: [...counts.keys()], counts: Uint16Array.from(counts.values()), length: tokens.length };
}

/** The terms of texts already folded (`chunkIndexText`): folding them again took a tenth of a large build. */
export function termsOf(foldedTexts: readonly string[], withFeatures: boolean): TextTerms[] {
  return foldedTexts.map((text) => ({ keywords: countTerms(keywordTokens(text)), ...(withFeatures ? { features: hashedFeatures(text) } : {}) }));
}
