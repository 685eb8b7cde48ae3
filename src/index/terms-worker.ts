/** The index worker's task: chunk texts in, their keyword tokens and hashed features out (see ./terms-pool.ts). */
import type { HashedFeatures } from './embeddings.js';
import { termsOf } from './index-terms.js';
import { addDictionaryWords } from './tokenizer.js';

export interface TermsRequest {
  /** Region and bureau names of the whole index: the segmenter keeps them whole, as in the main thread. */
  readonly names: readonly string[];
  readonly texts: readonly string[];
  readonly withFeatures: boolean;
}

/**
 * Each text's tokens joined by TOKEN_SEPARATOR: one string per text crosses between threads far
 * faster than hundreds (a token never holds the separator: it is no word character).
 */
export interface PackedTerms {
  readonly tokens: string;
  readonly features?: HashedFeatures;
}

export const TOKEN_SEPARATOR = '\u0000';

export default function termsInWorker({ names, texts, withFeatures }: TermsRequest): PackedTerms[] {
  addDictionaryWords(names);
  return termsOf(texts, withFeatures).map((t) => ({ ...t, tokens: t.tokens.join(TOKEN_SEPARATOR) }));
}
