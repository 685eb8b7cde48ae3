/** Outcomes as plain text for the terminal; answers through the answer layer's own plain renderer. */
import { renderPlainText } from '../answer/compose/render-text.js';
import type { ReportMeta } from '../ingest/types.js';
import type { Outcome } from '../bot/dialog.js';
import { htmlToPlain } from '../bot/format.js';
import { citationLabel } from '../bot/labels.js';
import { helpHtml, reportsHtml, welcomeHtml } from '../bot/views.js';

function regionList(reports: readonly ReportMeta[]): string {
  return [...new Set(reports.map((r) => r.region))].join('、');
}

export function outcomeText(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'answer':
      return renderPlainText(outcome.answer.blocks, outcome.answer.citations);
    case 'passage':
      return [`引用 [${outcome.citation.n}] 的原文`, citationLabel(outcome.citation), '', outcome.text].join('\n');
    case 'reports':
      return htmlToPlain(reportsHtml(outcome.reports));
    case 'welcome':
      return [htmlToPlain(welcomeHtml(outcome.reports, 'commands')), '', htmlToPlain(reportsHtml(outcome.reports))].join('\n');
    case 'help':
      return htmlToPlain(helpHtml());
    case 'pickSummary':
      return `请写上地区，例如：/summary 慈溪。可选：${regionList(outcome.reports)}`;
    case 'pickCompare':
      return `请写上两个地区和可选的主题，例如：/compare 阳山 梁平 法律援助。可选：${regionList(outcome.reports)}`;
    case 'notice':
      return outcome.text;
  }
}
