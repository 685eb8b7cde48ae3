import type { Figure, Report } from '../../ingest/types.js';
import { topicWords } from '../../question/follow-up.js';
import type { Question } from '../../question/types.js';
import { AnswerDraft, cite, strong, text } from '../compose/draft.js';
import { regionLabel, say, type Language } from '../compose/frame.js';
import { figureInWords } from '../compose/labels.js';
import type { Corpus } from '../corpus.js';
import { answers, countedOtherwise, type FigureCandidate } from '../figures/choose.js';
import { formatPercent, type ComputedRate } from '../figures/computed.js';
import { findFigure, type FigureSearch } from '../figures/find.js';
import { figureQuote } from '../figures/quote.js';
import { closestPassages, notGiven } from './ladder.js';

/**
 * A figure asked of one report: the figure in the report's words, emphasised and cited, with the
 * quote that holds it; near alternatives the question may also mean; a rate computed from two cited
 * figures when only those are printed; a target said to be a target. When the report does not give
 * it, the answer says so and shows the closest passages instead (notFound).
 */

/** Other figures as good as the best one are mentioned when they score this share of it. */
const ALTERNATIVE_SHARE = 0.9;
const MAX_ALTERNATIVES = 2;

/** "阳山县（2024年全年）：共受理法律援助案件**202件**[1]。" and its quote. */
export function sayFigure(draft: AnswerDraft, report: Report, c: Pick<FigureCandidate, 'figure'>, lead: string): void {
  const span = figureQuote(report, c.figure);
  const words = figureInWords(report, c.figure);
  const n = draft.cite(report, span);
  draft.paragraph(text(`${lead}${words.before}`), strong(c.figure.raw), text(words.after), cite(n), text('。'));
  draft.quote(report, span);
}

function targetLead(c: FigureCandidate, language: Language): string {
  return c.figure.qualifiers.includes('target') ? say(language, '（这是报告中的计划目标，不是已完成的数字）', ' (a target the report sets, not a result)') : '';
}

/** "按报告数字计算：成功1152件 ÷ 调处1161件 ≈ 99.2%", each term cited. */
export function sayComputed(draft: AnswerDraft, rate: ComputedRate, lead: string, language: Language): void {
  const { report, part, whole } = rate;
  const partQuote = figureQuote(report, part);
  const wholeQuote = figureQuote(report, whole);
  const [np, nw] = [draft.cite(report, partQuote), draft.cite(report, wholeQuote)];
  const partWords = figureInWords(report, part).before.replace(/^…/, '');
  const wholeWords = figureInWords(report, whole).before.replace(/^…/, '');
  draft.paragraph(
    text(`${lead}${say(language, '报告没有直接给出这个比例；按报告中的两个数字计算：', 'the report prints no such rate; computed from two of its figures: ')}${partWords}`),
    strong(part.raw),
    cite(np),
    text(' ÷ '),
    text(wholeWords),
    strong(whole.raw),
    cite(nw),
    text(' ≈ '),
    strong(formatPercent(rate.percent)),
    text(say(language, '（按报告数字计算）。', ' (computed from the report’s figures).')),
  );
  draft.quote(report, wholeQuote);
  if (partQuote.start !== wholeQuote.start || partQuote.end !== wholeQuote.end) draft.quote(report, partQuote);
}

function alternativesOf(search: FigureSearch, best: FigureCandidate): FigureCandidate[] {
  const out: FigureCandidate[] = [];
  for (const c of search.candidates) {
    if (out.length >= MAX_ALTERNATIVES || c.score < ALTERNATIVE_SHARE * best.score) break;
    const same = [best, ...out].some((o) => o.figure === c.figure || (o.figure.value === c.figure.value && o.figure.unit === c.figure.unit));
    if (!same && c.report === best.report && c.family >= best.family && c.fit >= best.fit * ALTERNATIVE_SHARE) out.push(c);
  }
  return out;
}

/** Writes the answer a search found for one report, or the closest passages when it found none. */
export function writeFigure(draft: AnswerDraft, question: Question, report: Report, search: FigureSearch, options: { readonly lead: string; readonly alternatives: boolean }): boolean {
  const { best, computed } = search;
  if ((best || computed) && search.reading) draft.note(search.reading);
  if (best) {
    sayFigure(draft, report, best, `${options.lead}${targetLead(best, question.language)}`);
    if (countedOtherwise(best, question.measure.family)) draft.note(say(question.language, `报告按“${best.figure.unit}”统计这一项，不是按所问的单位。`, `The report counts this in “${best.figure.unit}”, not in the unit asked.`));
    const others = options.alternatives ? alternativesOf(search, best) : [];
    if (others.length > 0) {
      draft.paragraph(text(say(question.language, '报告中还有相近的数字：', 'Related figures in the report: ')));
      for (const other of others) sayFigure(draft, report, other, '');
    }
    return true;
  }
  if (computed) {
    sayComputed(draft, computed, options.lead, question.language);
    return true;
  }
  return false;
}

/** A figure question about one report. */
export async function answerOneReport(question: Question, report: Report, corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const search = await findFigure(question.measure, [report], corpus);
  const draft = new AnswerDraft();
  const lead = `${regionLabel(report.meta, question.language)}${say(question.language, '：', ': ')}`;
  if (writeFigure(draft, question, report, search, { lead, alternatives: true })) return { draft, found: true };
  const topic = topicWords(question.measure.asks);
  if (search.unanswerable) notGiven(draft, question, [report], search.absent);
  else closestPassages(draft, question, search, topic, [report]);
  return { draft, found: false };
}

/** A question asking several figures ("受理了多少，办结了多少？"): each part answered in turn. */
export async function answerParts(question: Question, report: Report, corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const draft = new AnswerDraft();
  draft.paragraph(text(`${regionLabel(report.meta, question.language)}${say(question.language, '：', ': ')}`));
  let found = 0;
  const used = new Set<Figure>();
  for (const part of question.parts) {
    const search = await findFigure(part.measure, [report], corpus);
    // each part asks its own figure: one already given answers an earlier part
    const best = search.candidates.find((c) => answers(c) && !used.has(c.figure));
    const own: FigureSearch = best ? { ...search, best } : { hits: search.hits, absent: search.absent, unanswerable: search.unanswerable, candidates: search.candidates };
    if (best) used.add(best.figure);
    if (writeFigure(draft, part, report, own, { lead: '', alternatives: false })) found++;
    else draft.paragraph(text(say(question.language, `报告没有给出“${topicWords(part.measure.asks) || part.text}”的数字。`, `The report gives no figure for "${part.text}".`)));
  }
  return { draft, found: found > 0 };
}
