import { bigrams as prefixedBigrams, BIGRAM_PREFIX } from '../index/tokenizer.js';
import type { KeywordIndex } from '../index/keyword-index.js';
import { conceptWords, homophoneConcepts } from '../lexicon/concepts.js';
import type { Ask } from '../question/types.js';

/**
 * How much of a question a text holds: each content word of the question (an `Ask`) is held when
 * the text has it or any word of its concepts (律所 is held by 律师事务所); a plain word of three or
 * more characters is partly held by most of its character pairs (人民调节 by 人民调解). Words weigh
 * by how rare they are in the reports; words that only say how (verbs, adverbs) weigh less than
 * those that name what is counted.
 */

export interface WeightedAsk {
  readonly ask: Ask;
  /** Folded Chinese words that hold it. */
  readonly words: readonly string[];
  /** Character pairs of a plain word, for partial matches. */
  readonly pairs: readonly string[];
  readonly weight: number;
  /** No report in the index holds it at all. */
  readonly absent: boolean;
}

/** Supporting words (verbs, words carried over from an earlier question) weigh this share of essential ones. */
const SUPPORTING_SHARE = 0.4;
/** A plain word is partly held when this share of its character pairs are. */
const MIN_PAIR_SHARE = 2 / 3;
const PARTIAL = 0.7;

function pairsOf(word: string): string[] {
  return prefixedBigrams(word).map((b) => b.slice(BIGRAM_PREFIX.length));
}

/** The Chinese words that hold an ask: its own (when Chinese) and its concepts'. */
function wordsOf(ask: Ask): string[] {
  const own = /\p{Script=Han}/u.test(ask.text) ? [ask.text] : [];
  return [...new Set([...own, ...conceptWords(ask.concepts)])];
}

/**
 * Every word weighing these asks may count (their own, their concepts', those of the concepts they
 * sound like) and the character pairs of each: what a store that counts asynchronously must count
 * before the asks are weighed.
 */
export function wordsToCount(asks: readonly Ask[]): { words: string[]; pairs: string[] } {
  const words = new Set<string>();
  for (const ask of asks) {
    for (const w of wordsOf(ask)) words.add(w);
    for (const w of conceptWords(homophoneConcepts(ask.text))) words.add(w);
  }
  return { words: [...words], pairs: [...new Set([...words].flatMap(pairsOf))] };
}

/** How many passages hold a word, and how many there are. */
export interface TermStats {
  readonly size: number;
  documentFrequency(word: string): number;
  /** Whether a character pair stands in any passage. */
  hasPair(pair: string): boolean;
}

/**
 * Counts of the keyword index, for any word: the index's own count for a word it holds whole; else
 * the passages holding all the word's character pairs that hold the word itself (the segmenter may
 * cut 重新犯罪率 as 重新/犯罪率, so 重新犯罪 is no token of its own).
 */
export function termStats(keywords: KeywordIndex, textOf: (doc: number) => string): TermStats {
  const cache = new Map<string, number>();
  const count = (word: string): number => {
    const whole = keywords.documentFrequency(word);
    if (whole > 0) return whole;
    const pairs = pairsOf(word);
    if (pairs.length === 0) return 0;
    let docs = keywords.documentsWith(BIGRAM_PREFIX + pairs[0]);
    for (const pair of pairs.slice(1)) {
      const next = new Set(keywords.documentsWith(BIGRAM_PREFIX + pair));
      docs = docs.filter((d) => next.has(d));
      if (docs.length === 0) return 0;
    }
    return pairs.length === 1 ? docs.length : docs.filter((d) => textOf(d).includes(word)).length;
  };
  return {
    size: keywords.size,
    documentFrequency(word) {
      let df = cache.get(word);
      if (df === undefined) cache.set(word, (df = count(word)));
      return df;
    },
    hasPair: (pair) => keywords.documentFrequency(BIGRAM_PREFIX + pair) > 0,
  };
}

function idf(df: number, documents: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/**
 * An ask no report holds, read again: a plain word may be a typing slip for a concept with its sound
 * (调节 → 人民调解's 调解); a word the segmenter does not know either is a cut, not a measure.
 */
function reread(ask: Ask, stats: TermStats): Ask {
  if (ask.concepts.length > 0 || !/^\p{Script=Han}+$/u.test(ask.text) || wordsOf(ask).some((w) => stats.documentFrequency(w) > 0)) return ask;
  const concepts = homophoneConcepts(ask.text);
  if (concepts.length > 0) return { ...ask, concepts, essential: true };
  return ask.unknown ? { ...ask, essential: false } : ask;
}

export function weighAsks(given: readonly Ask[], stats: TermStats): WeightedAsk[] {
  return given.map((original) => {
    const ask = reread(original, stats);
    const words = wordsOf(ask);
    // a concept is as common as its most common word: 调解 makes 人民调解 common
    const df = Math.max(0, ...words.map((w) => stats.documentFrequency(w)));
    const pairs = ask.concepts.length === 0 && words[0] && words[0].length >= 3 ? pairsOf(words[0]) : [];
    const absent = df === 0 && !pairs.some((p) => stats.hasPair(p));
    const weight = idf(df, stats.size) * (ask.essential ? 1 : SUPPORTING_SHARE);
    return { ask, words, pairs, weight, absent };
  });
}

/** Official text inserts short qualifiers in brackets (一村(社区)一法律顾问, 村(居)): a word matches across them. */
const INSERTION = /[(（][^()（）]{1,6}[)）]/g;

/** 1 when the text holds the ask, a share when it holds most of a plain word's pairs, else 0. */
export function askStrength(text: string, ask: WeightedAsk): number {
  if (ask.words.some((w) => text.includes(w))) return 1;
  const plain = text.includes('(') || text.includes('（') ? text.replace(INSERTION, '') : text;
  if (plain !== text && ask.words.some((w) => plain.includes(w))) return 1;
  if (ask.pairs.length < 2) return 0;
  const share = ask.pairs.filter((p) => text.includes(p)).length / ask.pairs.length;
  return share >= MIN_PAIR_SHARE ? PARTIAL * share : 0;
}

/** Weighted share of the asks the text holds, 0…1 (1 when there are none). */
export function coverage(text: string, asks: readonly WeightedAsk[]): number {
  const total = asks.reduce((sum, a) => sum + a.weight, 0);
  if (total === 0) return 1;
  return asks.reduce((sum, a) => sum + a.weight * askStrength(text, a), 0) / total;
}

/** The essential asks the text does not hold. */
export function missingAsks(text: string, asks: readonly WeightedAsk[]): WeightedAsk[] {
  return asks.filter((a) => a.ask.essential && askStrength(text, a) === 0);
}
