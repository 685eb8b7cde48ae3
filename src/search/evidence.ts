import type { Chunk, Figure, Report, Span } from '../ingest/types.js';
import type { KeywordIndex } from '../index/keyword-index.js';
import { BIGRAM_PREFIX } from '../index/tokenizer.js';
import { variantsOf } from './synonyms.js';

/**
 * How much of a question a passage answers: the share of the question's terms (weighted by how
 * rare they are) that the passage holds, in any of their synonyms; and the sentence holding most.
 */

export interface WeightedConcept {
  /** The term and its synonyms (folded). */
  readonly variants: readonly string[];
  readonly bigrams: readonly string[];
  readonly weight: number;
}

/** Partial matches below this share of a term's bigrams count for nothing. */
const MIN_BIGRAM_SHARE = 0.6;

function bigramsOf(term: string): string[] {
  const chars = [...term];
  return chars.length < 3 ? [] : chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

export function conceptsOf(terms: readonly string[], keywords: KeywordIndex): WeightedConcept[] {
  return terms.map((term) => ({ variants: variantsOf(term), bigrams: bigramsOf(term), weight: keywords.idf(term) }));
}

/** 1 when the text holds the term or a synonym; a share of its bigrams when most of them; else 0. */
function matchStrength(text: string, concept: WeightedConcept): number {
  if (concept.variants.some((v) => text.includes(v))) return 1;
  if (concept.bigrams.length === 0) return 0;
  const share = concept.bigrams.filter((b) => text.includes(b)).length / concept.bigrams.length;
  return share >= MIN_BIGRAM_SHARE ? share * 0.8 : 0;
}

/** Weighted share of the concepts the text holds, 0…1 (1 when there are none). */
export function coverage(text: string, concepts: readonly WeightedConcept[]): number {
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 1;
  return concepts.reduce((sum, c) => sum + c.weight * matchStrength(text, c), 0) / total;
}

/** A question's character bigrams with their IDF (segmentation-proof, for when its words are mis-cut). */
export interface WeightedBigrams {
  readonly bigrams: readonly string[];
  readonly weights: readonly number[];
  readonly total: number;
}

/** Below this share, bigrams alone say nothing: 财政收入 is not answered by 财政 … 收入 apart. */
const MIN_BIGRAM_COVERAGE = 0.75;

export function weightBigrams(bigrams: readonly string[], keywords: KeywordIndex): WeightedBigrams {
  const weights = bigrams.map((b) => keywords.idf(BIGRAM_PREFIX + b));
  return { bigrams, weights, total: weights.reduce((a, b) => a + b, 0) };
}

/**
 * How much of the question a text holds: the share of its terms, or, when its words were cut
 * oddly (换证人次 → 换/证人/次), the share of its character bigrams if that is high.
 */
export function evidence(text: string, concepts: readonly WeightedConcept[], bigrams: WeightedBigrams): number {
  const byTerms = coverage(text, concepts);
  if (byTerms >= 1 || bigrams.total === 0) return byTerms;
  const held = bigrams.bigrams.reduce((sum, b, i) => sum + (text.includes(b) ? bigrams.weights[i]! : 0), 0) / bigrams.total;
  return held >= MIN_BIGRAM_COVERAGE ? Math.max(byTerms, held) : byTerms;
}

export interface SentenceChoice {
  readonly sentence: Span;
  readonly coverage: number;
  readonly hasFigure: boolean;
  /** A figure of the sentence whose phrase holds a question term. */
  readonly figureOnTopic: boolean;
}

function figuresIn(span: Span, figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => f.start >= span.start && f.end <= span.end);
}

/** The chunk's sentence that holds most of the question (with a figure when one is asked for). */
export function bestSentence(
  chunk: Chunk,
  report: Report,
  question: { readonly concepts: readonly WeightedConcept[]; readonly bigrams: WeightedBigrams; readonly wantsFigure: boolean },
  chunkFigures: readonly Figure[],
): SentenceChoice {
  const { concepts, bigrams, wantsFigure } = question;
  const sentences: readonly Span[] = chunk.sentences.length ? chunk.sentences : [chunk];
  let best: SentenceChoice | undefined;
  let bestScore = -1;
  for (const sentence of sentences) {
    const text = report.folded.slice(sentence.start, sentence.end);
    const figures = figuresIn(sentence, chunkFigures);
    const choice: SentenceChoice = {
      sentence: { start: sentence.start, end: sentence.end },
      coverage: evidence(text, concepts, bigrams),
      hasFigure: figures.length > 0,
      figureOnTopic: figures.some((f) => coverage(foldedPhrase(report, f), concepts) > 0),
    };
    const score = choice.coverage + (wantsFigure ? (choice.hasFigure ? 0.2 : 0) + (choice.figureOnTopic ? 0.2 : 0) : 0);
    if (score > bestScore) {
      best = choice;
      bestScore = score;
    }
  }
  return best!;
}

/** The figure's phrase in folded form: the folded text has the same offsets as the original. */
function foldedPhrase(report: Report, figure: Figure): string {
  const at = report.text.lastIndexOf(figure.phrase, figure.start);
  return at >= 0 ? report.folded.slice(at, at + figure.phrase.length) : figure.phrase;
}
