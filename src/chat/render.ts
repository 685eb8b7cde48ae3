/** Outcomes as plain text for the terminal: the bot's own views, without markup and buttons. */
import type { Outcome } from '../bot/dialog.js';
import { answerHtml } from '../bot/answer-html.js';
import { htmlToPlain } from '../bot/format.js';
import type { Locale, Translate } from '../bot/i18n.js';
import { outcomeMessages, welcomeText } from '../bot/views.js';

export function outcomeText(outcome: Outcome, locale: Locale, t: Translate): string {
  switch (outcome.kind) {
    case 'answer':
      return htmlToPlain(answerHtml(outcome.answer, t).join('\n\n'));
    case 'welcome':
      return welcomeText(outcome.reports, t);
    default:
      return outcomeMessages(outcome, locale, t)
        .map((m) => htmlToPlain(m.html))
        .join('\n\n');
  }
}
