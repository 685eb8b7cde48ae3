import { foldText } from '../ingest/normalize.js';
import type { SearchResult } from './types.js';

/**
 * Retrieval quality of one fact case (for `npm run eval`): the 1-based rank of the first hit from
 * `region` (a region or bureau name containing it, as the eval rules match citations) whose passage
 * holds every expected string, after folding and removing white space; undefined when none does.
 * hit@1 is `rank === 1`, hit@5 is `rank <= 5`.
 */
export function retrievalHit(result: SearchResult, expect: readonly string[], region: string): number | undefined {
  const norm = (s: string) => foldText(s.normalize('NFKC')).replace(/\s+/g, '');
  const wanted = expect.map(norm);
  const regionKey = norm(region);
  const rank = result.hits.findIndex(
    (hit) =>
      (norm(hit.report.meta.region).includes(regionKey) || norm(hit.report.meta.bureau).includes(regionKey)) &&
      wanted.every((w) => norm(hit.chunk.text).includes(w)),
  );
  return rank >= 0 ? rank + 1 : undefined;
}
