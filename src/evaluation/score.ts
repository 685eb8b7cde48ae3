import type { Answer, Citation } from '../answer/types.js';
import { foldText } from '../ingest/normalize.js';
import type { Report } from '../ingest/types.js';
import type { EvalCase } from './cases.js';

/** The evaluation's folding: Traditional → Simplified, NFKC width, no white space. */
export function evalFold(s: string): string {
  return foldText(s).normalize('NFKC').replace(/\s+/g, '');
}

/** Longest quote a fact case accepts. */
const MAX_QUOTE = 300;

export interface CaseScore {
  readonly pass: boolean;
  /** Why it failed (empty when it passed). */
  readonly reasons: readonly string[];
}

const holds = (haystack: string, needle: string) => evalFold(haystack).includes(evalFold(needle));

/** A citation's region matches when its region or bureau name contains the case's region. */
const fromRegion = (c: Citation, region: string) => holds(c.region, region) || holds(c.bureau, region);

/** Quotes that do not stand verbatim in their report (after folding), by citation number. */
export function unverifiedQuotes(answer: Answer, reports: ReadonlyMap<string, Report>): number[] {
  return answer.citations
    .filter((c) => {
      const report = reports.get(c.reportId);
      return !report || !evalFold(report.text).includes(evalFold(c.quote));
    })
    .map((c) => c.n);
}

function countHeld(text: string, strings: readonly string[]): number {
  return strings.filter((s) => holds(text, s)).length;
}

/** Scores one answer by the rules of the evaluation README. */
export function scoreCase(c: EvalCase, answer: Answer, reports: ReadonlyMap<string, Report>): CaseScore {
  const reasons: string[] = [];
  const bad = unverifiedQuotes(answer, reports);
  if (bad.length) reasons.push(`quotes not verbatim: ${bad.join(', ')}`);

  switch (c.kind) {
    case 'fact': {
      const missing = c.expect.filter((e) => !holds(answer.text, e));
      if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
      if (answer.notFound) reasons.push('answered notFound');
      const quoted = answer.citations.some(
        (x) => fromRegion(x, c.region) && x.quote.length <= MAX_QUOTE && c.expect.every((e) => holds(x.quote, e)) && !bad.includes(x.n),
      );
      if (!quoted) reasons.push(`no citation from ${c.region} quotes ${c.expect.join(', ')} in ≤${MAX_QUOTE} characters`);
      break;
    }
    case 'quote': {
      const quoted = answer.citations.some((x) => fromRegion(x, c.region) && c.quote_any.some((q) => holds(x.quote, q)));
      if (!quoted) reasons.push(`no citation from ${c.region} quotes any of ${c.quote_any.join(', ')}`);
      break;
    }
    case 'none':
      if (!answer.notFound) reasons.push('expected notFound');
      break;
    case 'summary': {
      const held = countHeld(answer.text, c.expect_any);
      if (held < c.min_any) reasons.push(`text holds ${held} of ${c.expect_any.join(', ')} (needs ${c.min_any})`);
      const missing = c.expect.filter((e) => !holds(answer.text, e));
      if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
      if (!answer.citations.some((x) => fromRegion(x, c.region))) reasons.push(`no citation from ${c.region}`);
      break;
    }
    case 'compare': {
      const missing = c.expect.filter((e) => !holds(answer.text, e));
      if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
      for (const group of [c.expect_any, c.expect_any2]) {
        if (!group) continue;
        const held = countHeld(answer.text, group);
        if (held < c.min_any) reasons.push(`text holds ${held} of ${group.join(', ')} (needs ${c.min_any})`);
      }
      for (const region of c.regions) {
        if (!answer.citations.some((x) => fromRegion(x, region))) reasons.push(`no citation from ${region}`);
      }
      break;
    }
  }
  return { pass: reasons.length === 0, reasons };
}
