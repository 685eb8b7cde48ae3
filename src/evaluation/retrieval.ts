import type { SearchResult } from '../search/types.js';
import { evalFold } from './score.js';

/**
 * Retrieval quality of one fact case: the 1-based rank of the first hit from `region` (a region or
 * bureau name containing it, as the scoring rules match citations) whose passage holds every expected
 * string under the evaluation's folding; undefined when none does. hit@1 is `rank === 1`, hit@5 is `rank <= 5`.
 */
export function retrievalHit(result: SearchResult, expect: readonly string[], region: string): number | undefined {
  const wanted = expect.map(evalFold);
  const regionKey = evalFold(region);
  const rank = result.hits.findIndex(
    (hit) =>
      (evalFold(hit.report.meta.region).includes(regionKey) || evalFold(hit.report.meta.bureau).includes(regionKey)) &&
      wanted.every((w) => evalFold(hit.chunk.text).includes(w)),
  );
  return rank >= 0 ? rank + 1 : undefined;
}
