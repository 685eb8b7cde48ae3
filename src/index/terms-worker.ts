/** The index worker's task: chunk texts in, their keyword terms and hashed features out (see ./terms-pool.ts). */
import { packTerms, type PackedTerms } from './index-terms.js';
import { addDictionaryWords } from './tokenizer.js';

export interface TermsRequest {
  /** Region and bureau names of the whole index: the segmenter keeps them whole, as in the main thread. */
  readonly names: readonly string[];
  readonly texts: readonly string[];
  readonly withFeatures: boolean;
}

export default function termsInWorker({ names, texts, withFeatures }: TermsRequest): PackedTerms {
  addDictionaryWords(names);
  return packTerms(texts, withFeatures);
}
