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
/** Where a yes/no answer must give its verdict. */
const VERDICT_WINDOW = 40;

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

const NEGATIVE = ['不是', '并非', '没有', '不对', '不', '无', '未', '否'];
const POSITIVE = ['是', '有', '已', '对', '确实'];

/** The polarity of the first verdict word in the answer's opening: true (是/有/已…), false (不是/没有/未…), undefined when none. */
export function firstVerdict(text: string): boolean | undefined {
  const opening = evalFold(text).slice(0, VERDICT_WINDOW);
  for (let i = 0; i < opening.length; i++) {
    if (NEGATIVE.some((w) => opening.startsWith(w, i))) return false;
    if (POSITIVE.some((w) => opening.startsWith(w, i))) return true;
  }
  return undefined;
}

const CORRECTION = /不是|并非|实际|而是|不对|有误|不准确|不正确|错误|不符/;

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim()) ?? '';
}

/** Checks shared by every kind that expects an answer: notFound false, the strings held. */
function answered(answer: Answer, strings: readonly string[], reasons: string[]): void {
  const missing = strings.filter((e) => !holds(answer.text, e));
  if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
  if (answer.notFound) reasons.push('answered notFound');
}

function citesRegion(answer: Answer, region: string, reasons: string[]): void {
  if (!answer.citations.some((x) => fromRegion(x, region))) reasons.push(`no citation from ${region}`);
}

function scoreFact(answer: Answer, region: string, expect: readonly string[], bad: readonly number[], reasons: string[]): void {
  answered(answer, expect, reasons);
  const quoted = answer.citations.some(
    (x) => fromRegion(x, region) && x.quote.length <= MAX_QUOTE && expect.every((e) => holds(x.quote, e)) && !bad.includes(x.n),
  );
  if (!quoted) reasons.push(`no citation from ${region} quotes ${expect.join(', ')} in ≤${MAX_QUOTE} characters`);
}

function scoreNone(answer: Answer, also: readonly string[], reasons: string[]): void {
  if (!answer.notFound) reasons.push('expected notFound');
  const missing = also.filter((e) => !holds(answer.text, e));
  if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
}

/** Scores one answer by the rules of the evaluation README (and of our own kinds, multi and rank). */
export function scoreCase(c: EvalCase, answer: Answer, reports: ReadonlyMap<string, Report>): CaseScore {
  const reasons: string[] = [];
  const bad = unverifiedQuotes(answer, reports);
  if (bad.length) reasons.push(`quotes not verbatim: ${bad.join(', ')}`);

  switch (c.kind) {
    case 'fact': {
      scoreFact(answer, c.region, c.expect, bad, reasons);
      if (c.headline && !c.expect.every((e) => holds(firstLine(answer.text), e))) reasons.push(`first line lacks ${c.expect.join(', ')}`);
      const also = c.also.filter((e) => !holds(answer.text, e));
      if (also.length) reasons.push(`text lacks ${also.join(', ')}`);
      break;
    }
    case 'quote': {
      const quoted = answer.citations.some((x) => fromRegion(x, c.region) && c.quote_any.some((q) => holds(x.quote, q)));
      if (!quoted) reasons.push(`no citation from ${c.region} quotes any of ${c.quote_any.join(', ')}`);
      break;
    }
    case 'none':
      scoreNone(answer, c.also, reasons);
      break;
    case 'list': {
      answered(answer, c.expect_all, reasons);
      for (const region of c.regions ?? (c.region ? [c.region] : [])) citesRegion(answer, region, reasons);
      break;
    }
    case 'yesno': {
      if (answer.notFound) reasons.push('answered notFound');
      const verdict = firstVerdict(answer.text);
      if (verdict !== c.yes) reasons.push(`verdict ${verdict === undefined ? 'missing' : verdict ? 'yes' : 'no'}, expected ${c.yes ? 'yes' : 'no'}`);
      if (!answer.citations.some((x) => fromRegion(x, c.region) && c.quote_any.some((q) => holds(x.quote, q)))) {
        reasons.push(`no citation from ${c.region} quotes any of ${c.quote_any.join(', ')}`);
      }
      break;
    }
    case 'premise': {
      const missing = c.truth.filter((e) => !holds(answer.text, e));
      if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
      if (!CORRECTION.test(evalFold(answer.text))) reasons.push('no correction');
      if (firstVerdict(answer.text) === true) reasons.push('opens by agreeing');
      citesRegion(answer, c.region, reasons);
      break;
    }
    case 'chat':
      if (c.none) scoreNone(answer, [], reasons);
      else if (c.region && c.expect) scoreFact(answer, c.region, c.expect, bad, reasons);
      break;
    case 'multi': {
      answered(answer, c.expect, reasons);
      for (const e of c.expect) {
        if (!answer.citations.some((x) => fromRegion(x, c.region) && holds(x.quote, e))) reasons.push(`no citation from ${c.region} quotes ${e}`);
      }
      break;
    }
    case 'rank': {
      answered(answer, [...c.expect, ...c.flag], reasons);
      if (c.best && !holds(firstLine(answer.text), c.best)) reasons.push(`first line does not name ${c.best}`);
      for (const region of c.regions) citesRegion(answer, region, reasons);
      break;
    }
    case 'summary': {
      const held = countHeld(answer.text, c.expect_any);
      if (held < c.min_any) reasons.push(`text holds ${held} of ${c.expect_any.join(', ')} (needs ${c.min_any})`);
      const missing = c.expect.filter((e) => !holds(answer.text, e));
      if (missing.length) reasons.push(`text lacks ${missing.join(', ')}`);
      citesRegion(answer, c.region, reasons);
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
      for (const region of c.regions) citesRegion(answer, region, reasons);
      break;
    }
  }
  return { pass: reasons.length === 0, reasons };
}
