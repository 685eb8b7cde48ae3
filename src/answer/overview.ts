import type { Report } from '../ingest/types.js';
import { AnswerDraft, cite, strong, text } from './draft.js';
import { headingItem, measureItems, measureSections } from './headings.js';
import { sourceName } from './labels.js';
import type { Answer, AnswerContext } from './types.js';

/** Items listed under each measures section. */
const ITEMS_PER_SECTION = 4;

/**
 * "做了哪些工作": what each report says it did, from its heading tree (not its preamble):
 * every measures section's heading and its first items, each quoted and cited.
 */
export function measuresOverview(reports: readonly Report[], context: AnswerContext): Answer | undefined {
  const draft = new AnswerDraft();
  for (const report of reports) {
    const sections = measureSections(report);
    if (sections.length === 0) continue;
    draft.paragraph(text(`${sourceName(report.meta)}写的主要工作（按报告的标题）：`));
    for (const section of sections) {
      const heading = headingItem(report, section.heading);
      draft.paragraph(strong(heading.text), cite(draft.cite(report, heading.span)));
      draft.list(measureItems(report, section, ITEMS_PER_SECTION).map((item) => [text(item.text), cite(draft.cite(report, item.span))]));
    }
  }
  return draft.isEmpty ? undefined : draft.finish('fact', { context });
}
