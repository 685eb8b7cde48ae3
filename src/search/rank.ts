import type { Chunk, Report, SectionRole } from '../ingest/types.js';
import type { WeightedTerm } from '../index/keyword-index.js';
import type { SearchIndex } from '../index/search-index.js';
import { bigrams, searchWords } from '../index/tokenizer.js';
import type { Catalog } from './catalog.js';
import { bestSentence, conceptsOf, evidence, weightBigrams, type SentenceChoice } from './evidence.js';
import type { UnderstoodQuery } from './query.js';
import type { SearchHit } from './types.js';

/**
 * Hybrid retrieval: BM25 over words and character bigrams fused with vector similarity, leaning
 * to keywords (0.7 / 0.3 of max-normalised scores), then a rerank on evidence: how much of the
 * question a passage and its best sentence hold, a figure when one is asked for, the section role.
 * A passage holding less than half of the question (IDF-weighted) is not relevant.
 */

const KEYWORD_WEIGHT = 0.7;
const VECTOR_WEIGHT = 0.3;
const VECTOR_CANDIDATES = 50;
const RERANK_CANDIDATES = 80;
export const MIN_COVERAGE = 0.5;

/** Weights of the keyword query: whole words over bigrams, the question's words over synonyms. */
const WORD = 1;
const BIGRAM = 0.3;
const SYNONYM = 0.7;

export interface RankOptions {
  readonly allowed?: (position: number) => boolean;
  readonly roles?: readonly SectionRole[];
  readonly limit: number;
}

function keywordQuery(query: UnderstoodQuery): WeightedTerm[] {
  const weights = new Map<string, number>();
  const add = (term: string, w: number) => weights.set(term, Math.max(weights.get(term) ?? 0, w));
  const original = new Set(query.terms);
  for (const term of query.expandedTerms) {
    const scale = original.has(term) ? 1 : SYNONYM;
    for (const word of searchWords(term)) add(word, WORD * scale);
    for (const bigram of bigrams(term)) add(bigram, BIGRAM * scale);
  }
  return [...weights].map(([term, weight]) => ({ term, weight }));
}

async function vectorScores(index: SearchIndex, query: UnderstoodQuery, allowed?: (position: number) => boolean): Promise<Map<number, number>> {
  const text = query.terms.length ? query.expandedTerms.join(' ') : query.folded;
  // A remote embedder that fails leaves the keyword side to answer alone.
  const vector = await index.embeddings.embedQuery(text).catch(() => undefined);
  if (!vector) return new Map();
  const filter = allowed
    ? (m: { chunkId: string }) => {
        const position = index.chunkPositions.get(m.chunkId);
        return position !== undefined && allowed(position);
      }
    : undefined;
  const results = await index.vectors.similaritySearchVectorWithScore(vector, VECTOR_CANDIDATES, filter);
  const scores = new Map<number, number>();
  for (const [doc, similarity] of results) {
    const position = index.chunkPositions.get((doc.metadata as { chunkId: string }).chunkId);
    if (position !== undefined) scores.set(position, Math.max(0, similarity));
  }
  return scores;
}

function maxOf(scores: ReadonlyMap<number, number>): number {
  let max = 0;
  for (const s of scores.values()) max = Math.max(max, s);
  return max || 1;
}

function topCandidates(keyword: ReadonlyMap<number, number>, vector: ReadonlyMap<number, number>): Map<number, { keyword: number; vector: number; fused: number }> {
  const maxKeyword = maxOf(keyword);
  const maxVector = maxOf(vector);
  const fused = new Map<number, { keyword: number; vector: number; fused: number }>();
  for (const position of new Set([...keyword.keys(), ...vector.keys()])) {
    const k = keyword.get(position) ?? 0;
    const v = vector.get(position) ?? 0;
    fused.set(position, { keyword: k, vector: v, fused: (KEYWORD_WEIGHT * k) / maxKeyword + (VECTOR_WEIGHT * v) / maxVector });
  }
  return new Map([...fused].sort(([, a], [, b]) => b.fused - a.fused).slice(0, RERANK_CANDIDATES));
}

/** Weights of the rerank: fused retrieval score, then the evidence a passage holds. */
const RERANK = { fused: 0.4, passage: 0.3, sentence: 0.2 } as const;

/** Bonuses for what the question asks beyond its words: a figure, a section role, a period. */
function intentBonus(query: UnderstoodQuery, chunk: Chunk, report: Report, sentence: SentenceChoice, chunkHasFigure: boolean): number {
  const figure = !query.wantsFigure
    ? 0
    : (sentence.hasFigure ? 0.1 : chunkHasFigure ? 0.03 : -0.1) + (sentence.figureOnTopic ? 0.1 : 0);
  // Figures in plans are targets, not results: unless plans are asked for, prefer what was done.
  const role = query.role ? (chunk.role === query.role ? 0.15 : 0) : chunk.role === 'plans' ? -0.1 : 0;
  const period = query.period && report.meta.period === query.period ? 0.05 : 0;
  return figure + role + period;
}

export async function rankChunks(index: SearchIndex, catalog: Catalog, query: UnderstoodQuery, options: RankOptions): Promise<SearchHit[]> {
  const roleAllowed = options.roles?.length ? new Set(options.roles) : undefined;
  const allowed = (position: number) =>
    (!options.allowed || options.allowed(position)) && (!roleAllowed || roleAllowed.has(index.chunks[position]!.chunk.role));
  const keyword = index.keywords.score(keywordQuery(query), allowed);
  const vector = await vectorScores(index, query, allowed);
  const concepts = conceptsOf(query.terms, index.keywords);
  const bigrams = weightBigrams(query.contentBigrams, index.keywords);
  const question = { concepts, bigrams, wantsFigure: query.wantsFigure };
  const hits: SearchHit[] = [];
  for (const [position, scores] of topCandidates(keyword, vector)) {
    const { chunk, report } = index.chunks[position]!;
    const passageCoverage = evidence(`${catalog.headingsOf(chunk)}\n${chunk.folded}`, concepts, bigrams);
    if (passageCoverage < MIN_COVERAGE) continue;
    const figures = catalog.figuresByChunk.get(chunk.id) ?? [];
    const sentence = bestSentence(chunk, report, question, figures);
    const score =
      RERANK.fused * scores.fused +
      RERANK.passage * passageCoverage +
      RERANK.sentence * sentence.coverage +
      intentBonus(query, chunk, report, sentence, figures.length > 0);
    hits.push({ chunk, report, score, keywordScore: scores.keyword, vectorScore: scores.vector, bestSentence: sentence.sentence });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, options.limit);
}
