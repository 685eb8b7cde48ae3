import { foldText } from '../ingest/normalize.js';
import { lexicon } from '../lexicon/lexicon.js';
import { loadDictionary, loadHmmModel } from './segmenter/dictionary.js';
import { Segmenter } from './segmenter/segmenter.js';

/**
 * Chinese tokenizer for indexing and queries. Its input is folded text (`foldText`: Simplified,
 * half-width, lower-case ASCII), as chunks carry it and as the query parser makes it. Keeps figures
 * (11228, 99.97%, 2067.31万元) and Latin words (gdp) whole, segments the rest with jieba (our
 * reading of its dictionary, see segmenter/) and the words of the domain and of the index's region
 * and bureau names added to it.
 */

/** Figures and Latin words, cut out before jieba (which splits 2067.31 into single digits). */
const WHOLE_TOKEN = /\d+(?:\.\d+)?[万亿千]?(?:%|‰|元)?|[a-z][a-z0-9]*/g;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK_RUN = /\p{Script=Han}{2,}/gu;
/** Prefix that keeps character bigrams apart from words in one keyword vocabulary. */
export const BIGRAM_PREFIX = '~';

/** Words already added to the segmenter's dictionary. */
const insertedWords = new Set<string>();

/**
 * jieba's dictionary without its rarest words (mostly names and idioms; its HMM still segments
 * them): a third of the words, a fraction of the memory and load time.
 */
const MIN_WORD_FREQUENCY = 5;

let loaded: Segmenter | undefined;

/** The segmenter with the domain's words, loaded on first use. */
function segmenter(): Segmenter {
  if (loaded) return loaded;
  loaded = new Segmenter(loadDictionary(MIN_WORD_FREQUENCY), loadHmmModel());
  const { domainWords, conceptTerms } = lexicon();
  addDictionaryWords(domainWords);
  addDictionaryWords(conceptTerms.phrases());
  return loaded;
}

/** Adds words the segmenter must keep whole (idempotent). */
export function addDictionaryWords(words: Iterable<string>): void {
  const target = segmenter();
  for (const word of words) {
    const folded = foldText(word).trim();
    if (folded.length < 2 || insertedWords.has(folded)) continue;
    insertedWords.add(folded);
    target.insertWord(folded);
  }
}

/** A token of `segment`: a figure or Latin word kept whole, or a word of jieba's precise cut. */
interface Segment {
  readonly token: string;
  readonly cut: boolean;
}

/** Splits folded text into figures/Latin words and segmented Chinese (precise mode). */
function segment(folded: string): Segment[] {
  const lower = folded.toLowerCase();
  const out: Segment[] = [];
  const cutWords = (piece: string) => {
    for (const token of segmenter().cut(piece)) out.push({ token, cut: true });
  };
  let last = 0;
  for (const match of lower.matchAll(WHOLE_TOKEN)) {
    if (match.index > last) cutWords(lower.slice(last, match.index));
    out.push({ token: match[0], cut: false });
    last = match.index + match[0].length;
  }
  if (last < lower.length) cutWords(lower.slice(last));
  return out;
}

/** jieba's search mode over segments: each cut word preceded by its dictionary sub-words. */
function searchTokens(segments: readonly Segment[]): string[] {
  return segments.flatMap(({ token, cut }) => (cut ? [...segmenter().subWords(token), token] : [token]));
}

function isContent(token: string): boolean {
  if (!HAS_WORD_CHAR.test(token)) return false;
  if (isStopWord(token)) return false;
  // A lone Chinese character says little; character bigrams cover it for keyword search.
  return !(token.length === 1 && /\p{Script=Han}/u.test(token));
}

/** Every token of a text in order, stop words and punctuation included: joined, they give the text back. */
export function segments(folded: string): string[] {
  return segment(folded).map((s) => s.token);
}

export function isStopWord(token: string): boolean {
  return lexicon().stopWords.has(token);
}

/** Content words of a text (jieba's precise mode), for query terms and coverage checks. */
export function words(folded: string): string[] {
  return segments(folded).filter(isContent);
}

/** Words plus their dictionary sub-words (jieba's search mode), for the keyword index. */
export function searchWords(folded: string): string[] {
  return searchTokens(segment(folded)).filter(isContent);
}

/** A word of a text with its part of speech (jieba's tags: n noun, v verb, m numeral, x unknown …). */
export interface TaggedWord {
  readonly word: string;
  readonly tag: string;
}

/** The words of folded text with their parts of speech; figures and Latin words stay whole (tagged m and eng). */
export function taggedWords(folded: string): TaggedWord[] {
  const out: TaggedWord[] = [];
  let last = 0;
  const tag = (s: string) => out.push(...segmenter().tag(s));
  for (const match of folded.matchAll(WHOLE_TOKEN)) {
    if (match.index > last) tag(folded.slice(last, match.index));
    out.push({ word: match[0], tag: /^\d/.test(match[0]) ? 'm' : 'eng' });
    last = match.index + match[0].length;
  }
  if (last < folded.length) tag(folded.slice(last));
  return out;
}

/** Character bigrams of the Chinese runs, robust to segmentation differences. */
export function bigrams(folded: string): string[] {
  const out: string[] = [];
  for (const run of folded.matchAll(CJK_RUN)) {
    const chars = [...run[0]];
    for (let i = 0; i + 1 < chars.length; i++) out.push(BIGRAM_PREFIX + chars[i] + chars[i + 1]);
  }
  return out;
}

/** Every token the keyword index holds for a text. */
export function keywordTokens(folded: string): string[] {
  return indexTokens(folded).keywords;
}

/**
 * What an index keeps of a text, from one segmentation: its keyword tokens and its content words
 * (`words`, for the offline embedder's features): a build segmented each chunk twice before.
 */
export function indexTokens(folded: string): { keywords: string[]; words: string[] } {
  const cut = segment(folded);
  return {
    keywords: [...searchTokens(cut).filter(isContent), ...bigrams(folded)],
    words: cut.map((s) => s.token).filter(isContent),
  };
}
