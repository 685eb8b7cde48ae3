import type { Answer, AnswerContext, AnswerService } from '../answer/types.js';
import type { SearchIndex } from '../index/search-index.js';
import { FULL_RETRIEVAL, type RetrievalConfig } from '../search/retriever.js';
import { CASE_KINDS, expectsAnswer, type EvalCase } from './cases.js';
import { retrievalHit, retrieveFor } from './retrieval.js';
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

/** The turns of a conversation, each following up on the answers before it, as `ask --json --chat` does. */
async function converse(service: AnswerService, turns: readonly string[]): Promise<Answer> {
  let previous: AnswerContext | undefined;
  let last: Answer | undefined;
  for (const turn of turns) {
    last = await service.ask(turn, previous ? { previous } : {});
    previous = last.context ?? previous;
  }
  return last!;
}

/** The answer a case asks for: a question, a conversation's last answer, a summary or a comparison. */
export function answerCase(service: AnswerService, c: EvalCase): Promise<Answer> {
  switch (c.kind) {
    case 'summary':
      return service.summary(c.region);
    case 'compare':
      return service.compare(c.regions[0], c.regions[1], c.topic);
    case 'chat':
      return converse(service, c.turns);
    default:
      return service.ask(c.q);
  }
}

/** Rank (1-based) of the first retrieved passage from the case's region holding the answer, if in the top 5. */
async function retrievalRank(index: SearchIndex, config: RetrievalConfig, question: string, expect: readonly string[], region: string): Promise<number | undefined> {
  return retrievalHit(await retrieveFor(index, question, config, RETRIEVAL_DEPTH), expect, region);
}

/** Answers every case in process (one at a time, in file order) and scores it. */
export async function runEval(service: AnswerService, index: SearchIndex, cases: readonly EvalCase[], config: RetrievalConfig = FULL_RETRIEVAL): Promise<EvalReport> {
  const byId = new Map(index.reports.map((r) => [r.meta.id, r]));
  const results: CaseResult[] = [];
  for (const c of cases) {
    const answer = await answerCase(service, c);
    const score = scoreCase(c, answer, byId);
    const rank = c.kind === 'fact' ? await retrievalRank(index, config, c.q, c.expect, c.region) : undefined;
    results.push({ case: c, answer, score, ...(rank !== undefined ? { retrievalRank: rank } : {}) });
  }
  const facts = results.filter((r) => r.case.kind === 'fact');
  const share = (k: number) => (facts.length ? facts.filter((r) => r.retrievalRank !== undefined && r.retrievalRank <= k).length / facts.length : 0);
  return { results, hitAt1: share(1), hitAt5: share(RETRIEVAL_DEPTH), factCases: facts.length };
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function passCount(results: readonly CaseResult[]): string {
  const passed = results.filter((r) => r.score.pass).length;
  return `${passed}/${results.length}`;
}

function asked(c: EvalCase): string {
  switch (c.kind) {
    case 'summary':
      return `summary ${c.region}`;
    case 'compare':
      return `compare ${c.regions.join(' ')} ${c.topic ?? ''}`;
    case 'chat':
      return c.turns.join(' → ');
    default:
      return c.q;
  }
}

/** Pass counts grouped by a key of each case (its kind, or each of its tags). */
function table(results: readonly CaseResult[], keys: (c: EvalCase) => readonly string[], order?: readonly string[]): string[] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) for (const key of keys(r.case)) groups.set(key, [...(groups.get(key) ?? []), r]);
  const names = order ? order.filter((k) => groups.has(k)) : [...groups.keys()].sort();
  return names.map((k) => `  ${k.padEnd(16)} ${passCount(groups.get(k)!)}`);
}

export interface AblationRow {
  readonly name: string;
  readonly report: EvalReport;
}

/** One line per configuration left out or kept: pass count and hit@1/@5 of the fact cases. */
export function formatAblation(title: string, rows: readonly AblationRow[], retrieval = true): string {
  const lines = [`Ablation (${title}):`, `  ${''.padEnd(24)} passed${retrieval ? `${''.padEnd(8)} ${'hit@1'.padEnd(8)} hit@5` : ''}`];
  for (const { name, report } of rows) {
    const passed = `${report.results.filter((r) => r.score.pass).length}/${report.results.length}`;
    lines.push(`  ${name.padEnd(24)} ${retrieval ? `${passed.padEnd(14)} ${percent(report.hitAt1).padEnd(8)} ${percent(report.hitAt5)}` : passed}`);
  }
  return lines.join('\n');
}

/** The report printed by `npm run eval`: failures with their answers, then pass counts by kind and tag, false "not found" and retrieval. */
export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  for (const f of report.results.filter((r) => !r.score.pass)) {
    lines.push(`FAIL ${f.case.id} [${f.case.kind}] ${asked(f.case)}`);
    for (const reason of f.score.reasons) lines.push(`  - ${reason}`);
    lines.push(...f.answer.text.split('\n').map((l) => `  | ${l}`), '');
  }
  lines.push('Pass counts by kind:', ...table(report.results, (c) => [c.kind], CASE_KINDS));
  const passed = report.results.filter((r) => r.score.pass).length;
  lines.push(`  overall          ${passed}/${report.results.length} (${percent(report.results.length ? passed / report.results.length : 0)})`);
  if (report.results.some((r) => r.case.tags.length > 0)) lines.push('Pass counts by tag:', ...table(report.results, (c) => c.tags));
  const answerable = report.results.filter((r) => expectsAnswer(r.case));
  const falseNotFound = answerable.filter((r) => r.answer.notFound).length;
  const wrongNotFound = report.results.filter((r) => !expectsAnswer(r.case) && !r.answer.notFound).length;
  lines.push(`False "not found": ${falseNotFound}/${answerable.length} (${percent(answerable.length ? falseNotFound / answerable.length : 0)}); answered where the reports do not: ${wrongNotFound}/${report.results.length - answerable.length}`);
  if (report.factCases > 0) {
    lines.push(`Retrieval (fact cases, n=${report.factCases}): hit@1 ${percent(report.hitAt1)}, hit@5 ${percent(report.hitAt5)}`);
  }
  return lines.join('\n');
}
