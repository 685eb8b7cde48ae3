import type { Figure, Report, Span } from '../../ingest/types.js';
import { topicWords } from '../../question/follow-up.js';
import type { Question, StatedFigure } from '../../question/types.js';
import { lexicon } from '../../lexicon/lexicon.js';
import { askStrength, coverage, type WeightedAsk } from '../../search/evidence.js';
import type { SearchHit } from '../../search/types.js';
import type { Inline } from '../types.js';
import { AnswerDraft, cite, strong, text } from '../compose/draft.js';
import { regionLabel, say } from '../compose/frame.js';
import { figureInWords } from '../compose/labels.js';
import type { Corpus } from '../corpus.js';
import { findFigure } from '../figures/find.js';
import { figureQuote } from '../figures/quote.js';
import { clip, sentencesIn } from '../report/spans.js';
import { closestPassages } from './ladder.js';
import { sayFigure } from './fact.js';

/**
 * Questions answered yes or no. A question that states a figure ("收到行政复议申请87起，对吗？") is
 * checked against the report's figure for that measure: 是 when they agree; 不是 with the report's
 * figure, and where the stated one comes from when another region or measure has it. Otherwise the
 * passage that speaks of what is asked settles it: negated there (未发现, 没有, 尚未, 待…) → 没有/不是.
 * The verdict comes first, the quote after.
 */

const SEARCH_LIMIT = 6;
/** A passage must hold this much of the question to settle it. */
const MIN_SETTLING = 0.55;
/** Words that deny what the clause says: 未发现, 没有出现, 尚未, 待验收, 仍缺, 有待 … */
const NEGATION = /未|没有|无(?!论|锡|人机)|不(?!断|仅|少|同|但|久|定期)|尚未|待|缺|有待|不足/;

/** The question asks 有没有 (有/没有) or 是不是 (是/不是). */
function verdictWords(question: Question): { yes: string; no: string } {
  if (question.language === 'en') return { yes: 'Yes（是）', no: 'No（没有）' };
  return /有没有|有无|有.{0,12}吗|没有|出没出|了没/.test(question.folded) ? { yes: '有', no: '没有' } : { yes: '是', no: '不是' };
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-9);
}

/** Where else the reports give the stated number: another region's figure, or another measure's. */
async function statedElsewhere(corpus: Corpus, value: number, except: Figure): Promise<{ report: Report; figure: Figure } | undefined> {
  const same = (f: Figure) => f.reportId === except.reportId && f.start === except.start;
  return (await corpus.figuresValued(value)).find(({ figure }) => !same(figure) && figure.family !== 'other');
}

/** "11228件是慈溪市（2021年全年）报告中的数字：…11228件[2]，不是这一项。" */
function whereStated(question: Question, stated: StatedFigure, elsewhere: { report: Report; figure: Figure }, draft: AnswerDraft): Inline[] {
  const span = figureQuote(elsewhere.report, elsewhere.figure);
  const words = figureInWords(elsewhere.report, elsewhere.figure);
  return [
    text(say(question.language, `${stated.raw}是${regionLabel(elsewhere.report.meta, 'zh')}报告中的数字：${words.before}`, `${stated.raw} is a figure of ${regionLabel(elsewhere.report.meta, 'en')}: ${words.before}`)),
    strong(elsewhere.figure.raw),
    text(words.after),
    cite(draft.cite(elsewhere.report, span)),
    text(say(question.language, '，不是这一项。', ', another measure.')),
  ];
}

async function checkPremise(question: Question, report: Report, corpus: Corpus, draft: AnswerDraft): Promise<boolean> {
  const stated = question.stated!;
  const search = await findFigure(question.measure, [report], corpus);
  const best = search.best;
  if (!best) {
    closestPassages(draft, question, search, topicWords(question.measure.asks), [report]);
    return false;
  }
  const { yes, no } = verdictWords(question);
  if (sameNumber(best.figure.value, stated.value)) {
    sayFigure(draft, report, best, `${yes}。${regionLabel(report.meta, question.language)}：`);
    return true;
  }
  sayFigure(draft, report, best, say(question.language, `${no}，实际是${best.figure.raw}。${regionLabel(report.meta, 'zh')}：`, `${no}: the report says ${best.figure.raw}. ${regionLabel(report.meta, 'en')}: `));
  const elsewhere = await statedElsewhere(corpus, stated.value, best.figure);
  if (elsewhere) draft.paragraph(...whereStated(question, stated, elsewhere, draft));
  return true;
}

/**
 * Checks the figure a question rests on ("办理公证269件，涉及标的额多少？") before its answer: when the
 * report gives another figure for that measure, a correction goes first — "不是269件：…880件[1]。" —
 * and where the stated figure comes from, when the reports have it. Says nothing when they agree or
 * the report gives no such figure.
 */
export async function correctPremise(premise: Question, report: Report, corpus: Corpus, draft: AnswerDraft): Promise<void> {
  const stated = premise.stated;
  if (!stated) return;
  const best = (await findFigure(premise.measure, [report], corpus)).best;
  if (!best || sameNumber(best.figure.value, stated.value)) return;
  const elsewhere = await statedElsewhere(corpus, stated.value, best.figure);
  if (elsewhere) draft.prepend(...whereStated(premise, stated, elsewhere, draft));
  const words = figureInWords(report, best.figure);
  const n = draft.cite(report, figureQuote(report, best.figure));
  draft.prepend(
    text(say(premise.language, `不是${stated.raw}：${regionLabel(report.meta, 'zh')}报告写的是${words.before}`, `Not ${stated.raw}: ${regionLabel(report.meta, 'en')} reports ${words.before}`)),
    strong(best.figure.raw),
    text(words.after),
    cite(n),
    text(say(premise.language, '。', '.')),
  );
}

/**
 * What a yes/no question asks to be true: the words next to its question word (有没有出现**漏管脱管**,
 * 查出**违法违规问题**没有), the words after it first; in English, its last words.
 */
function predicate(question: Question, asks: readonly WeightedAsk[]): WeightedAsk[] {
  const cue = lexicon().intentCues.scan(question.folded).find((m) => m.values.some((v) => v === 'yesno' || v === 'confirm'));
  const placed = asks.filter((a) => a.ask.at !== undefined && a.ask.at >= 0);
  if (question.language === 'en' || !cue || placed.length === 0) return asks.slice(-2);
  const after = placed.filter((a) => a.ask.at! >= cue.end);
  if (after.length > 0) return after;
  const nearest = Math.max(...placed.map((a) => a.ask.at!));
  return placed.filter((a) => a.ask.at === nearest);
}

interface Clause {
  readonly report: Report;
  readonly span: Span;
  readonly sentence: Span;
  readonly score: number;
}

/** The clause of the passages found that holds the predicate best, in a sentence that holds the question. */
function settlingClause(hits: readonly SearchHit[], asks: readonly WeightedAsk[], said: readonly WeightedAsk[]): Clause | undefined {
  let best: Clause | undefined;
  for (const hit of hits) {
    for (const sentence of sentencesIn(hit.report.text, hit.chunk)) {
      const context = coverage(hit.report.folded.slice(sentence.start, sentence.end), asks);
      let at = sentence.start;
      for (const piece of hit.report.text.slice(sentence.start, sentence.end).split(/(?<=[，,；;。！？!?])/)) {
        const span = { start: at, end: at + piece.length };
        at = span.end;
        const held = said.reduce((sum, a) => sum + a.weight * askStrength(hit.report.folded.slice(span.start, span.end), a), 0);
        if (held === 0) continue;
        const score = held + context;
        if (!best || score > best.score) best = { report: hit.report, span, sentence, score };
      }
    }
  }
  return best;
}

async function checkStatement(question: Question, reports: readonly Report[], corpus: Corpus, draft: AnswerDraft): Promise<boolean> {
  const asks = corpus.retriever.weigh(question.measure.asks);
  const hits = await corpus.retriever.retrieve({ asks: question.measure.asks, reportIds: reports.map((r) => r.meta.id), limit: SEARCH_LIMIT });
  const settling = hits.filter((h) => h.coverage >= MIN_SETTLING).slice(0, 3);
  const clause = settlingClause(settling, asks, predicate(question, asks));
  if (!clause) {
    closestPassages(draft, question, { hits, absent: asks.filter((a) => a.absent).map((a) => a.ask.text), unanswerable: false, candidates: [] }, topicWords(question.measure.asks), reports);
    return false;
  }
  const negated = NEGATION.test(clause.report.folded.slice(clause.span.start, clause.span.end));
  const { yes, no } = verdictWords(question);
  const quote = clip(clause.report.text, clause.sentence, clause.span);
  draft.paragraph(text(`${negated ? no : yes}。${regionLabel(clause.report.meta, question.language)}${say(question.language, '的报告写道：', ' — the report says:')}`), cite(draft.cite(clause.report, quote)));
  draft.quote(clause.report, quote);
  return true;
}

/** Which way a change goes in some words: up (增长, 多, 提高) or down (下降, 少, 减少). */
function direction(words: string): 'up' | 'down' | undefined {
  const down = words.search(/下降|降幅|减少|降低|少|降|减|低/);
  const up = words.search(/增长|增幅|增加|提高|上升|多|增|升|涨|高/);
  if (down < 0 && up < 0) return undefined;
  if (down < 0) return 'up';
  if (up < 0) return 'down';
  return down > up ? 'down' : 'up';
}

/** "比上年多吗？": the report's change for the measure settles it by its direction. */
async function checkChange(question: Question, report: Report, corpus: Corpus, draft: AnswerDraft): Promise<boolean | undefined> {
  const asked = direction(question.folded.slice(Math.max(0, question.folded.search(/比|较|同比/))));
  if (!asked) return undefined;
  const search = await findFigure(question.measure, [report], corpus);
  const best = search.best;
  if (!best || !best.figure.qualifiers.includes('change')) return undefined;
  const said = direction(report.folded.slice(best.figure.label.start, best.figure.end));
  if (!said) return undefined;
  const { yes, no } = verdictWords(question);
  sayFigure(draft, report, best, `${said === asked ? yes : no}。${regionLabel(report.meta, question.language)}：`);
  return true;
}

export async function answerYesNo(question: Question, reports: readonly Report[], corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const draft = new AnswerDraft();
  const [first] = reports;
  if (question.stated && first) return { draft, found: await checkPremise(question, first, corpus, draft) };
  if (question.measure.qualifiers.includes('change') && first && reports.length === 1) {
    const settled = await checkChange(question, first, corpus, draft);
    if (settled !== undefined) return { draft, found: settled };
  }
  return { draft, found: await checkStatement(question, reports, corpus, draft) };
}
