/** The index worker's task: chunk texts in, their keyword terms and hashed features out (see ./terms-pool.ts). */
import { LIST_SEPARATOR, packTerms, type PackedTerms } from './index-terms.js';
import { addDictionaryWords } from './tokenizer.js';

export interface TermsRequest {
  /**
   * Region and bureau names of the whole index, joined by LIST_SEPARATOR: the segmenter keeps them
   * whole, as in the main thread. One string crosses between threads far faster than thousands.
   */
  readonly names: string;
  readonly texts: readonly string[];
  readonly withFeatures: boolean;
}

/**
 * The names this worker's segmenter holds. Every batch of a build brings the same ones: registering
 * them again each time (30,000 at 10,000 reports) took a fifth of the build's segmenting (106 against 83 s).
 */
let registeredNames = '';

export default function termsInWorker({ names, texts, withFeatures }: TermsRequest): PackedTerms {
  if (names !== registeredNames) {
    addDictionaryWords(names.split(LIST_SEPARATOR));
    registeredNames = names;
  }
  return packTerms(texts, withFeatures);
}
