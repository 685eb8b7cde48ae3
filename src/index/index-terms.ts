import { foldText } from '../ingest/normalize.js';
import { hashedFeatures, type HashedFeatures } from './embeddings.js';
import { keywordTokens } from './tokenizer.js';

/**
 * What the index keeps of a chunk's text: its keyword tokens and, for the offline embedder, its
 * hashed features. Computed here or in a worker thread (terms-worker.ts), the same either way.
 */
export interface TextTerms {
  readonly tokens: readonly string[];
  readonly features?: HashedFeatures;
}

export function termsOf(texts: readonly string[], withFeatures: boolean): TextTerms[] {
  return texts.map((text) => ({ tokens: keywordTokens(text), ...(withFeatures ? { features: hashedFeatures(foldText(text)) } : {}) }));
}
