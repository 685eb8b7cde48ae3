import type { Answer, AnswerService } from '../answer/types.js';
import type { Report } from '../ingest/types.js';
import type { Searcher } from '../search/searcher.js';
import type { CaseKind, EvalCase } from './cases.js';
import { retrievalHit } from './retrieval.js';
import { scoreCase, type CaseScore } from './score.js';

export interface CaseResult {
  readonly case: EvalCase;
  readonly answer: Answer;
  readonly score: CaseScore;
  /** Rank (1-based) of the first retrieved passage from the case's region holding the answer; fact cases only. */
  readonly retrievalRank?: number;
}

export interface EvalReport {
  readonly results: readonly CaseResult[];
  /** Retrieval of fact cases: share with the answer passage first / in the top 5. */
  readonly hitAt1: number;
  readonly hitAt5: number;
  readonly factCases: number;
}

const RETRIEVAL_DEPTH = 5;

function ask(service: AnswerService, c: EvalCase): Promise<Answer> {
  switch (c.kind) {
    case 'summary':
      return service.summary(c.region);
    case 'compare':
      return service.compare(c.regions[0], c.regions[1], c.topic);
    default:
      return service.ask(c.q);
  }
}

/** Rank (1-based) of the first retrieved passage from the case's region holding the answer, if in the top 5. */
async function retrievalRank(searcher: Searcher, question: string, expect: readonly string[], region: string): Promise<number | undefined> {
  return retrievalHit(await searcher.search({ question, limit: RETRIEVAL_DEPTH }), expect, region);
}

/** Answers every case in process (one at a time, in file order) and scores it. */
export async function runEval(service: AnswerService, searcher: Searcher, reports: readonly Report[], cases: readonly EvalCase[]): Promise<EvalReport> {
  const byId = new Map(reports.map((r) => [r.meta.id, r]));
  const results: CaseResult[] = [];
  for (const c of cases) {
    const answer = await ask(service, c);
    const score = scoreCase(c, answer, byId);
    const rank = c.kind === 'fact' ? await retrievalRank(searcher, c.q, c.expect, c.region) : undefined;
    results.push({ case: c, answer, score, ...(rank !== undefined ? { retrievalRank: rank } : {}) });
  }
  const facts = results.filter((r) => r.case.kind === 'fact');
  const share = (k: number) => (facts.length ? facts.filter((r) => r.retrievalRank !== undefined && r.retrievalRank <= k).length / facts.length : 0);
  return { results, hitAt1: share(1), hitAt5: share(RETRIEVAL_DEPTH), factCases: facts.length };
}

const KINDS: readonly CaseKind[] = ['fact', 'quote', 'none', 'summary', 'compare'];

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The report printed by `npm run eval`: failures with their answers, then pass counts and retrieval. */
export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  const failures = report.results.filter((r) => !r.score.pass);
  for (const f of failures) {
    const asked = 'q' in f.case ? f.case.q : f.case.kind === 'summary' ? `summary ${f.case.region}` : `compare ${f.case.regions.join(' ')} ${f.case.topic ?? ''}`;
    lines.push(`FAIL ${f.case.id} [${f.case.kind}] ${asked}`);
    for (const reason of f.score.reasons) lines.push(`  - ${reason}`);
    lines.push(...f.answer.text.split('\n').map((l) => `  | ${l}`), '');
  }
  lines.push('Pass counts by kind:');
  for (const kind of KINDS) {
    const of = report.results.filter((r) => r.case.kind === kind);
    if (of.length) lines.push(`  ${kind.padEnd(8)} ${of.filter((r) => r.score.pass).length}/${of.length}`);
  }
  const passed = report.results.filter((r) => r.score.pass).length;
  lines.push(`  overall  ${passed}/${report.results.length} (${percent(report.results.length ? passed / report.results.length : 0)})`);
  if (report.factCases > 0) {
    lines.push(`Retrieval (fact cases, n=${report.factCases}): hit@1 ${percent(report.hitAt1)}, hit@5 ${percent(report.hitAt5)}`);
  }
  return lines.join('\n');
}
