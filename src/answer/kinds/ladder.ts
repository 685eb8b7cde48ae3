import type { Report } from '../../ingest/types.js';
import type { Question } from '../../question/types.js';
import { text, type AnswerDraft } from '../compose/draft.js';
import { say } from '../compose/frame.js';
import { sourceName } from '../compose/labels.js';
import type { FigureSearch } from '../figures/find.js';
import { figureQuote } from '../figures/quote.js';
import { headingItem } from '../report/headings.js';
import { roleSections } from '../report/passages.js';
import { clip } from '../report/spans.js';

/**
 * The lower rungs of the answer ladder. When the reports hold passages about what was asked but not
 * the thing itself, the answer says exactly what is not given and quotes the closest passages; when
 * they hold nothing of it, it says so and says what the reports do cover. Both are `notFound`.
 */

/** A candidate figure this close to the question is worth showing as the closest passage. */
const MIN_CLOSE_FIT = 0.3;
const CLOSEST = 2;
/** A passage holding at least this share of the question is related; below it, nothing is. */
const MIN_RELATED = 0.35;

/** What a report is about, by its top headings: "主要措施及成效、存在的问题、下一步工作思路". */
function contents(report: Report): string {
  const tops = report.sections.filter((s) => s.path.length === 1 && s.role !== 'other').map((s) => headingItem(report, s.heading).text);
  const measures = roleSections(report, 'measures').flatMap((s) => report.sections.filter((c) => c.path.length === s.path.length + 1 && c.span.start >= s.span.start && c.span.end <= s.span.end));
  const topics = measures.slice(0, 6).map((s) => headingItem(report, s.heading).text);
  return (topics.length ? topics : tops).join('；');
}

/** (c) Nothing of it in the reports: say which words no report holds, and what the reports cover. */
export function notGiven(draft: AnswerDraft, question: Question, reports: readonly Report[], absent: readonly string[]): void {
  const what = absent.length ? `“${absent.join('、')}”` : say(question.language, '这个问题', 'this');
  for (const report of reports.slice(0, 3)) {
    draft.paragraph(text(say(question.language, `${sourceName(report.meta)}没有提到${what}。`, `${sourceName(report.meta)} does not mention ${what}.`)));
    const covered = contents(report);
    if (covered) draft.note(say(question.language, `这份报告写的是：${covered}。`, `The report covers: ${covered}.`));
  }
}

/** (b) Related passages but not the thing asked: say what is not given, then quote the closest. */
export function closestPassages(draft: AnswerDraft, question: Question, search: FigureSearch, topic: string, reports: readonly Report[]): void {
  const related = search.hits.filter((h) => h.coverage >= MIN_RELATED);
  if (related.length === 0) {
    notGiven(draft, question, reports, search.absent.length ? search.absent : topic ? [topic] : []);
    return;
  }
  const where = reports.length === 1 ? sourceName(reports[0]!.meta) : say(question.language, '现有报告', 'The reports');
  const what = topic ? `“${topic}”` : say(question.language, '这个问题', 'this');
  draft.paragraph(
    text(say(question.language, `${where}没有直接给出${what}的数字；最相关的原文：`, `${where} give no figure for ${what}; the closest passages:`)),
  );
  const figures = search.candidates.filter((c) => c.fit >= MIN_CLOSE_FIT).slice(0, CLOSEST);
  if (figures.length > 0) {
    for (const c of figures) draft.quote(c.report, figureQuote(c.report, c.figure));
    return;
  }
  for (const hit of related.slice(0, CLOSEST)) draft.quote(hit.report, clip(hit.report.text, hit.bestSentence));
}
