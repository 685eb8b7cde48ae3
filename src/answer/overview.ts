import type { Report, Section } from '../ingest/types.js';
import { AnswerDraft, cite, strong, text } from './draft.js';
import { headingItem, measureItems, measureSections } from './headings.js';
import { sourceName } from './labels.js';
import { sectionItems } from './passages.js';
import { withAliases } from './question.js';
import type { Answer, AnswerContext } from './types.js';

/** Items listed under each measures section. */
const ITEMS_PER_SECTION = 4;

/** The top-most measures sections whose heading names one of `topics` (folded): 普法 → "以普法依法治理为核心…". */
export function topicSections(report: Report, topics: readonly string[]): Section[] {
  const words = topics.map((t) => t.replace(/^(?:在|对于|关于|对|围绕)/, '')).filter((t) => t.length >= 2);
  const named = report.sections.filter((s) => s.role === 'measures' && s.path.length > 0 && words.some((w) => withAliases(report.folded.slice(s.heading.start, s.heading.end)).includes(w)));
  return named.filter((s) => !named.some((o) => o !== s && o.span.start <= s.span.start && s.span.end <= o.span.end));
}

/**
 * "做了哪些工作": what each report says it did, from its heading tree (not its preamble): each of
 * `sectionsOf` (every measures section by default) with its heading and first items, each quoted and cited.
 */
export function measuresOverview(reports: readonly Report[], context: AnswerContext, sectionsOf: (report: Report) => Section[] = measureSections): Answer | undefined {
  const draft = new AnswerDraft();
  for (const report of reports) {
    const sections = sectionsOf(report);
    if (sections.length === 0) continue;
    draft.paragraph(text(`${sourceName(report.meta)}写的主要工作（按报告的标题）：`));
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
  return draft.isEmpty ? undefined : draft.finish('fact', { context });
}
