import { indexCorpus, type Corpus } from '../answer/corpus.js';
import { resolveScope } from '../answer/scope.js';
import type { SearchIndex } from '../index/search-index.js';
import { parseQuestion } from '../question/parse.js';
import type { RetrievalConfig } from '../search/retriever.js';
import type { SearchHit } from '../search/types.js';
import { evalFold } from './score.js';

/** The corpus of each index and retrieval setting, made once as the answer service makes it, so that timings count searches alone. */
const corpora = new WeakMap<SearchIndex, Map<RetrievalConfig, Corpus>>();

/** Passages the answer layer would read for a question in an index: its asks, within its scope, as the retriever ranks them. */
export function retrieveFor(index: SearchIndex, question: string, config: RetrievalConfig, limit: number): Promise<SearchHit[]> {
  const byConfig = corpora.get(index) ?? new Map<RetrievalConfig, Corpus>();
  corpora.set(index, byConfig);
  const corpus = byConfig.get(config) ?? indexCorpus(index, config);
  byConfig.set(config, corpus);
  return retrieveIn(corpus, question, limit);
}

/** The same in any corpus (this process's index, or a database). */
export async function retrieveIn(corpus: Corpus, question: string, limit: number): Promise<SearchHit[]> {
  const parsed = parseQuestion(question, { directory: corpus.catalog });
  await corpus.prepare(parsed.measure.asks);
  const scope = resolveScope(parsed, corpus.metas);
  if (!scope.ok) return [];
  return corpus.retriever.retrieve({ asks: parsed.measure.asks, reportIds: scope.metas.map((m) => m.id), wantsFigure: true, limit });
}

/**
 * Retrieval quality of one fact case: the 1-based rank of the first hit from `region` (a region or
 * bureau name containing it, as the scoring rules match citations) whose passage holds every expected
 * string under the evaluation's folding; undefined when none does. hit@1 is `rank === 1`, hit@5 is `rank <= 5`.
 */
export function retrievalHit(hits: readonly SearchHit[], expect: readonly string[], region: string): number | undefined {
  const wanted = expect.map(evalFold);
  const regionKey = evalFold(region);
  const rank = hits.findIndex(
    (hit) =>
      (evalFold(hit.report.meta.region).includes(regionKey) || evalFold(hit.report.meta.bureau).includes(regionKey)) &&
      wanted.every((w) => evalFold(hit.chunk.text).includes(w)),
  );
  return rank >= 0 ? rank + 1 : undefined;
}
