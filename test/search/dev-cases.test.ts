import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import type { Library } from '../../src/index/library.js';
import { retrievalHit } from '../../src/evaluation/retrieval.js';
import { Searcher } from '../../src/search/searcher.js';
import { openTestLibrary } from '../support/library.js';

interface DevCase {
  readonly id: string;
  readonly kind: string;
  readonly q?: string;
  readonly region?: string;
  readonly expect?: string[];
  readonly quote_any?: string[];
}

const cases = readFileSync(path.resolve(projectRoot, '../shared/eval/dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DevCase);
const facts = cases.filter((c) => c.kind === 'fact');
const nones = cases.filter((c) => c.kind === 'none');
const quotes = cases.filter((c) => c.kind === 'quote');

let library: Library;
const ranks: (number | undefined)[] = [];

beforeAll(async () => {
  library = await openTestLibrary();
});

afterAll(() => {
  const at1 = ranks.filter((r) => r === 1).length;
  console.log(`dev fact retrieval: hit@1 ${at1}/${facts.length}, hit@5 ${ranks.filter((r) => r !== undefined && r <= 5).length}/${facts.length}`);
});

describe('dev.jsonl fact cases: the passage holding the figure ranks in the top 5', () => {
  it.each(facts.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const result = await new Searcher(library.index).search({ question: c.q! });
    const rank = retrievalHit(result, c.expect!, c.region!);
    ranks.push(rank);
    expect(rank, `${c.q} → ${result.hits.map((h) => h.chunk.text.slice(0, 40)).join(' | ')}`).toBeLessThanOrEqual(5);
  });
});

describe('dev.jsonl quote cases: a passage holding one of the quotes ranks in the top 5', () => {
  it.each(quotes.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const result = await new Searcher(library.index).search({ question: c.q! });
    const ranks = c.quote_any!.map((quote) => retrievalHit({ ...result, hits: result.hits.slice(0, 5) }, [quote], c.region!));
    expect(ranks.some((r) => r !== undefined)).toBe(true);
  });
});

describe('dev.jsonl none cases find nothing', () => {
  it.each(nones.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const result = await new Searcher(library.index).search({ question: c.q! });
    expect(result.hits).toEqual([]);
  });
});
