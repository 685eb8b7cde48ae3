import type { Report, Section, Span } from '../ingest/types.js';
import { AnswerDraft, cite, strong, text } from './draft.js';
import { figureInWords } from './labels.js';
import { pickKeyFigures } from './key-figures.js';
import { childSections, roleItems, roleSections } from './passages.js';
import { yearPeriod } from './render-text.js';
import { quoteSpanFor, sentencesIn } from './spans.js';
import type { Answer, Inline } from './types.js';

const KEY_FIGURES = 15;
const ITEMS_PER_SECTION = 8;
const PROBLEM_ITEMS = 5;
const PLAN_ITEMS = 8;
/** A heading or lead-in shown as a measure is cut at its first full stop, and to this length. */
const MAX_ITEM = 60;
const LONG_HEADING = 30;
const MIN_CLAUSE = 6;

/** Heading text without its numbering: "(一)坚持党建引领,提升队伍建设" → "坚持党建引领,提升队伍建设". */
function headingText(report: Report, span: Span): string {
  const raw = report.text.slice(span.start, span.end).trim();
  const bare = raw.replace(/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+是)/, '');
  const firstStop = bare.search(/[。；;]/);
  let cut = firstStop > 0 ? bare.slice(0, firstStop) : bare;
  // a heading that runs on into its paragraph is cut at its first clause
  const firstClause = cut.search(/[，,]/);
  if (cut.length > LONG_HEADING && firstClause >= MIN_CLAUSE) cut = cut.slice(0, firstClause);
  return cut.length > MAX_ITEM ? `${cut.slice(0, MAX_ITEM)}…` : cut;
}

/** "一是深学笃行更加扎实。" lead-ins of a section without subsections. */
function leadIns(report: Report, section: Section): string[] {
  const body = report.text.slice(section.heading.end, section.span.end);
  const found = [...body.matchAll(/[一二三四五六七八九十]+是([^。；;：:]{2,40})[。；;：:]/g)].map((m) => m[1] ?? '');
  return found.slice(0, ITEMS_PER_SECTION);
}

function measureItems(report: Report, section: Section): string[] {
  const children = childSections(report, section).filter((c) => c.role !== 'problems' && c.role !== 'plans');
  if (children.length > 0) return children.slice(0, ITEMS_PER_SECTION).map((c) => headingText(report, c.heading));
  const leads = leadIns(report, section);
  if (leads.length > 0) return leads;
  const first = sentencesIn(report.text, { start: section.heading.end, end: section.span.end })[0];
  return first ? [headingText(report, first)] : [];
}

/** The sections that say what was done: measures, or every top-level section that is not problems or plans. */
function measureSections(report: Report): Section[] {
  const measures = roleSections(report, 'measures');
  const single = measures.length === 1 && measures[0] ? childSections(report, measures[0]) : [];
  return single.length > 0 ? single : measures;
}

/** A bureau's report section by section, from its heading tree: measures, key figures, problems, plans. */
export function summarize(report: Report, others: readonly Report[]): Answer {
  const { meta } = report;
  const draft = new AnswerDraft().heading(meta.title);
  const signed = meta.signedDate ? `，落款日期${meta.signedDate}` : '';
  draft.paragraph(text(`${meta.bureau}，${yearPeriod(meta)}，${meta.kind}${signed}。`));
  if (others.length > 0) draft.note(`${meta.region}还有${others.map((o) => yearPeriod(o.meta)).join('、')}的报告；这里总结最新的一份。`);

  draft.heading('主要措施');
  for (const section of measureSections(report)) {
    const items = measureItems(report, section);
    draft.paragraph(strong(headingText(report, section.heading)));
    draft.list(items.filter((i) => i.length > 0).map((i) => [text(i)]));
  }

  const keyFigures = pickKeyFigures(report, KEY_FIGURES).map((k) => ({ ...k, n: draft.cite(report, quoteSpanFor(report.text, k.figure)) }));
  if (keyFigures.length > 0) {
    draft.heading('关键数字');
    draft.list(
      keyFigures.map((k): Inline[] => {
        const words = figureInWords(report, k.figure);
        return [text(words.before), strong(k.figure.raw), text(words.after), cite(k.n)];
      }),
    );
  }

  addProblems(draft, report);
  addPlans(draft, report);
  return draft.finish('summary', {
    context: { question: `${meta.region}的主要工作`, regions: [meta.region], years: [meta.year] },
    keyFigures: keyFigures.map((k) => ({ label: k.measure ?? k.label, raw: k.figure.raw, value: k.figure.value, unit: k.figure.unit, n: k.n })),
  });
}

function addProblems(draft: AnswerDraft, report: Report): void {
  const spans = roleItems(report, 'problems', PROBLEM_ITEMS);
  draft.heading('存在的问题');
  if (spans.length === 0) draft.note('报告没有专门写存在的问题。');
  for (const span of spans) draft.quote(report, span);
}

function addPlans(draft: AnswerDraft, report: Report): void {
  const sections = roleSections(report, 'plans');
  const items = sections.flatMap((s) => {
    const children = childSections(report, s);
    return children.length > 0 ? children.map((c) => headingText(report, c.heading)) : leadIns(report, s);
  });
  draft.heading('下一步工作');
  if (items.length === 0) draft.note('报告没有专门写下一步工作。');
  draft.list(items.slice(0, PLAN_ITEMS).map((i) => [text(i)]));
}
