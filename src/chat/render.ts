/** Outcomes as plain text for the terminal: the bot's own views, without markup and buttons. */
import type { Outcome } from '../bot/dialog.js';
import type { ReportMeta } from '../ingest/types.js';
import { answerHtml } from '../bot/answer-html.js';
import { htmlToPlain } from '../bot/format.js';
import type { Locale, Translate } from '../bot/i18n.js';
import { outcomeMessages, welcomeText } from '../bot/views.js';

function regionList(reports: readonly ReportMeta[]): string {
  return [...new Set(reports.map((r) => r.region))].join('、');
}

/** The terminal has no buttons: where the bot offers them, it asks for the command written out. */
export function outcomeText(outcome: Outcome, locale: Locale, t: Translate): string {
  switch (outcome.kind) {
    case 'answer':
      return htmlToPlain(answerHtml(outcome.answer, t).join('\n\n'));
    case 'welcome':
      return welcomeText(outcome.reports, t);
    case 'pickSummary':
      return t('chat-pick-summary', { regions: regionList(outcome.reports) });
    case 'pickCompare':
      return t('chat-pick-compare', { regions: regionList(outcome.reports) });
    default:
      return outcomeMessages(outcome, locale, t)
        .map((m) => htmlToPlain(m.html))
        .join('\n\n');
  }
}
