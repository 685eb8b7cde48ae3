import type { Report, Section } from '../../ingest/types.js';
import type { Question } from '../../question/types.js';
import { askStrength, type WeightedAsk } from '../../search/evidence.js';
import { AnswerDraft, cite, strong, text } from '../compose/draft.js';
import { regionLabel, say } from '../compose/frame.js';
import type { Corpus } from '../corpus.js';
import { headingItem, measureItems, measureSections } from '../report/headings.js';
import { roleItems, sectionItems, topicFirst } from '../report/passages.js';

/**
 * Answers read from a report's structure rather than searched: its problems (存在的问题), its plans
 * (下一步), and what it says it did (做了哪些工作), each item quoted from the section it stands in,
 * items on the question's topic first.
 */

const ROLE_ITEMS = 6;
/** Items listed under each measures section. */
const ITEMS_PER_SECTION = 4;

const ROLE_NAMES = { problems: ['存在的问题', 'problems'], plans: ['下一步工作', 'plans'] } as const;

/** Problems or plans of each report, topic first; says which reports have none. */
export function roleAnswer(question: Question, role: 'problems' | 'plans', reports: readonly Report[], corpus: Corpus): { draft: AnswerDraft; found: boolean } {
  const asks = corpus.retriever.weigh(question.measure.asks);
  const draft = new AnswerDraft();
  const silent: string[] = [];
  const [zh, en] = ROLE_NAMES[role];
  for (const report of reports) {
    // all items are read, so one on the question's topic is shown however far down it stands
    const items = topicFirst(report, roleItems(report, role, Infinity), asks).slice(0, ROLE_ITEMS);
    if (items.length === 0) {
      silent.push(report.meta.region);
      continue;
    }
    draft.paragraph(text(say(question.language, `${regionLabel(report.meta, 'zh')}报告中的${zh}：`, `${regionLabel(report.meta, 'en')}, ${en}:`)));
    for (const span of items) draft.quote(report, span);
  }
  if (silent.length > 0) draft.note(say(question.language, `${silent.join('、')}的报告没有专门写${zh}。`, `${silent.join(', ')}: the report has no section on ${en}.`));
  return { draft, found: !draft.isEmpty && silent.length < reports.length };
}

/** The top-most measures sections whose heading names the question's topic (普法 → "以普法依法治理为核心…"). */
function topicSections(report: Report, asks: readonly WeightedAsk[]): Section[] {
  const named = report.sections.filter((s) => s.role === 'measures' && s.path.length > 0 && asks.some((a) => a.ask.essential && askStrength(report.folded.slice(s.heading.start, s.heading.end), a) > 0));
  return named.filter((s) => !named.some((o) => o !== s && o.span.start <= s.span.start && s.span.end <= o.span.end));
}

/**
 * "做了哪些工作": what each report says it did, from its heading tree: the sections on the question's
 * topic when it names one, else every measures section, each with its first items, quoted and cited.
 */
export function overviewAnswer(question: Question, reports: readonly Report[], corpus: Corpus): { draft: AnswerDraft; found: boolean } {
  const asks = corpus.retriever.weigh(question.measure.asks);
  const draft = new AnswerDraft();
  for (const report of reports) {
    const onTopic = asks.some((a) => a.ask.essential) ? topicSections(report, asks) : [];
    const sections = onTopic.length > 0 ? onTopic : asks.some((a) => a.ask.essential) ? [] : measureSections(report);
    if (sections.length === 0) continue;
    draft.paragraph(text(say(question.language, `${regionLabel(report.meta, 'zh')}报告写的主要工作（按报告的标题）：`, `${regionLabel(report.meta, 'en')}, main work by the report's headings:`)));
    for (const section of sections) {
      const heading = headingItem(report, section.heading);
      draft.paragraph(strong(heading.text), cite(draft.cite(report, heading.span)));
      const items = measureItems(report, section, ITEMS_PER_SECTION);
      draft.list(items.map((item) => [text(item.text), cite(draft.cite(report, item.span))]));
      // a section without items of its own is shown by what it says first
      const [first] = items.length === 0 ? sectionItems(report, section, 1) : [];
      if (first) draft.quote(report, first);
    }
  }
  return { draft, found: !draft.isEmpty };
}
