import type { Report, Section } from '../../ingest/types.js';
import { AnswerDraft, cite, strong, text } from '../compose/draft.js';
import { figureInWords } from '../compose/labels.js';
import { pickKeyFigures } from '../figures/key-figures.js';
import { headingItem, leadIns, measureItems, measureSections } from '../report/headings.js';
import { childSections, roleItems, roleSections } from '../report/passages.js';
import { yearPeriod } from '../compose/render-text.js';
import { figureQuote } from '../figures/quote.js';
import { sentencesIn } from '../report/spans.js';
import { reportsContext } from '../../question/parse.js';
import type { Answer, Inline } from '../types.js';

const KEY_FIGURES = 24;
/** Headline figures an answer carries for a chart and a short first message. */
const HEADLINE_FIGURES = 12;
const ITEMS_PER_SECTION = 8;
const PROBLEM_ITEMS = 5;
const PLAN_ITEMS = 8;
/** Targets listed under the plans. */
const TARGETS = 8;

/** What a measures section says it did: its items, else its first sentence. */
function measureLines(report: Report, section: Section): string[] {
  const items = measureItems(report, section, ITEMS_PER_SECTION);
  if (items.length > 0) return items.map((i) => i.text);
  const first = sentencesIn(report.text, { start: section.heading.end, end: section.span.end })[0];
  return first ? [headingItem(report, first).text] : [];
}

/** A bureau's report section by section, from its heading tree: measures, key figures, problems, plans. */
export function summarize(report: Report, others: readonly Report[]): Answer {
  const { meta } = report;
  const draft = new AnswerDraft().heading(meta.title);
  const signed = meta.signedDate ? `，落款日期${meta.signedDate}` : '';
  draft.paragraph(text(`${meta.bureau}，${yearPeriod(meta)}，${meta.kind}${signed}。`));
  if (others.length > 0) {
    const which = others.every((o) => o.meta.year < meta.year) ? '最新的一份' : `${yearPeriod(meta)}的一份`;
    draft.note(`${meta.region}还有${others.map((o) => yearPeriod(o.meta)).join('、')}的报告；这里总结${which}。`);
  }

  draft.heading('主要措施');
  for (const section of measureSections(report)) {
    const items = measureLines(report, section);
    draft.paragraph(strong(headingItem(report, section.heading).text));
    draft.list(items.filter((i) => i.length > 0).map((i) => [text(i)]));
  }

  const keyFigures = pickKeyFigures(report, KEY_FIGURES).map((k) => ({ ...k, n: draft.cite(report, figureQuote(report, k.figure)) }));
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
    context: reportsContext(`${meta.region}的主要工作`, [meta.region], [meta.year], 'summary'),
    // the headline figures (for a chart and a short first message): the most telling, in report order
    keyFigures: [...keyFigures]
      .sort((a, b) => b.score - a.score)
      .slice(0, HEADLINE_FIGURES)
      .sort((a, b) => a.figure.start - b.figure.start)
      .map((k) => ({ label: k.measure ?? k.label, raw: k.figure.raw, value: k.figure.value, unit: k.figure.unit, n: k.n })),
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
    return children.length > 0 ? children.map((c) => headingItem(report, c.heading).text) : leadIns(report, s, PLAN_ITEMS).map((i) => i.text);
  });
  draft.heading('下一步工作');
  if (items.length === 0) draft.note('报告没有专门写下一步工作。');
  draft.list(items.slice(0, PLAN_ITEMS).map((i) => [text(i)]));
  // the concrete targets under those headings (力争…达96%以上), each cited
  const targets = report.figures.filter((f) => f.qualifiers.includes('target') && f.family !== 'duration' && f.family !== 'other').slice(0, TARGETS);
  if (targets.length === 0) return;
  draft.paragraph(strong('计划目标'));
  draft.list(
    targets.map((f): Inline[] => {
      const words = figureInWords(report, f);
      return [text(words.before), strong(f.raw), text(words.after), cite(draft.cite(report, figureQuote(report, f)))];
    }),
  );
}
