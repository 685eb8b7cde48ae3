/**
 * The /compare wizard when regions are missing, as @grammyjs/menu menus: first region, second
 * region (reports of another period marked ⚠ before they are chosen), then a topic; back and
 * cancel at every step, the message edited in place, stale menus answered as expired. The state
 * (chosen report keys) travels in the button payloads. The comparison then comes as a new message
 * with its chart, as a typed one does.
 */
import { Menu, type MenuRange } from '@grammyjs/menu';
import type { ReportMeta } from '../../ingest/types.js';
import { answerStale, editPressed } from '../buttons.js';
import { findReport, reportKey } from '../callbacks.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { COMPARE_TOPICS } from '../dialog.js';
import { escapeHtml } from '../format.js';
import { localeOf, translator, type Translate } from '../i18n.js';
import { runTurn } from '../reply.js';
import { compareChosenHtml, compareFirstHtml, compareSecondHtml, compareTopicHtml, compareSecondLabel } from '../views.js';
import { reportButtonLabel } from '../labels.js';

const FIRST = 'cmp';
const SECOND = 'cmp-b';
const TOPIC = 'cmp-t';
const REPORTS_PER_ROW = 2;
const TOPICS_PER_ROW = 3;

const tr = (ctx: BotContext): Translate => translator(localeOf(ctx));

/** The payload of the pressed button (the menu's state), `a` or `a.b`. */
function chosen(ctx: BotContext, reports: readonly ReportMeta[]): { a?: ReportMeta; b?: ReportMeta } {
  const [a, b] = String(ctx.match ?? '').split('.');
  const first = a ? findReport(reports, a) : undefined;
  const second = b ? findReport(reports, b) : undefined;
  return { ...(first ? { a: first } : {}), ...(second ? { b: second } : {}) };
}

function grid(range: MenuRange<BotContext>, index: number, perRow: number): void {
  if (index > 0 && index % perRow === 0) range.row();
}

/** Back (when there is a step before) and cancel, carrying the menu's state like every button. */
function navigation(range: MenuRange<BotContext>, t: Translate, payload: string, back?: (ctx: BotContext) => Promise<void>): void {
  range.row();
  if (back) range.text({ text: t('compare-back'), payload }, back);
  range.text({ text: t('compare-cancel'), payload }, async (ctx) => {
    ctx.trace.outcome = 'compareCancelled';
    ctx.menu.close();
    await editPressed(ctx, { html: escapeHtml(tr(ctx)('compare-cancelled')) });
  });
}

export function compareMenu(deps: Omit<FeatureDeps, 'compareMenu'>): Menu<BotContext> {
  const reports = () => deps.answers.reports();
  const options = { onMenuOutdated: (ctx: BotContext) => answerStale(ctx) };

  const toFirst = async (ctx: BotContext) => {
    ctx.trace.command = 'button:compare';
    ctx.menu.nav(FIRST);
    await editPressed(ctx, { html: compareFirstHtml(reports(), tr(ctx)) });
  };
  const toSecond = async (ctx: BotContext, a: ReportMeta) => {
    ctx.trace.command = 'button:compare';
    ctx.match = reportKey(a);
    ctx.menu.nav(SECOND);
    await editPressed(ctx, { html: compareSecondHtml(reports(), a, tr(ctx)) });
  };

  const first = new Menu<BotContext>(FIRST, options).dynamic((ctx, range) => {
    reports().forEach((r, i) => {
      grid(range, i, REPORTS_PER_ROW);
      range.text({ text: reportButtonLabel(r), payload: reportKey(r) }, (pressed) => toSecond(pressed, r));
    });
    navigation(range, tr(ctx), '');
  });

  const second = new Menu<BotContext>(SECOND, options).dynamic((ctx, range) => {
    const { a } = chosen(ctx, reports());
    if (!a) return;
    const t = tr(ctx);
    reports()
      .filter((r) => r.id !== a.id)
      .forEach((b, i) => {
        grid(range, i, REPORTS_PER_ROW);
        range.text({ text: compareSecondLabel(a, b), payload: reportKey(a) }, async (pressed) => {
          pressed.trace.command = 'button:compare';
          pressed.match = `${reportKey(a)}.${reportKey(b)}`;
          pressed.menu.nav(TOPIC);
          await editPressed(pressed, { html: compareTopicHtml(a, b, tr(pressed)) });
        });
      });
    navigation(range, t, reportKey(a), toFirst);
  });

  const topic = new Menu<BotContext>(TOPIC, options).dynamic((ctx, range) => {
    const { a, b } = chosen(ctx, reports());
    if (!a || !b) return;
    const t = tr(ctx);
    const payload = `${reportKey(a)}.${reportKey(b)}`;
    COMPARE_TOPICS.forEach((name, index) => {
      grid(range, index, TOPICS_PER_ROW);
      range.text({ text: t(`topic-${index}`), payload }, async (pressed) => {
        pressed.trace.command = 'button:compare';
        pressed.menu.close();
        await editPressed(pressed, { html: compareChosenHtml(a, b, index, tr(pressed)) });
        await runTurn(pressed, { kind: 'compare', regions: [a.region, b.region], ...(index === 0 ? {} : { topic: name }) }, { ...deps, compareMenu: first });
      });
    });
    navigation(range, t, payload, (pressed) => toSecond(pressed, a));
  });

  first.register([second, topic]);
  return first;
}
