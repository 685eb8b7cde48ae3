/** What the bot sends for each outcome: HTML messages (through the one escaper) and their buttons. */
import type { Menu } from '@grammyjs/menu';
import { InlineKeyboard } from 'grammy';
import type { Answer, Citation } from '../answer/types.js';
import type { ReportMeta } from '../ingest/types.js';
import { answerHtml, quotesHtml } from './answer-html.js';
import type { StoredAnswer } from './answer-store.js';
import type { BotContext } from './context.js';
import { encodeAction, reportKey, type Action } from './callbacks.js';
import { COMMAND_NAMES, COMMANDS_WITH_USAGE, isCommandName, type CommandName } from './commands.js';
import { MAX_QUESTION_CHARS, type Notice, type Outcome } from './dialog.js';
import { followUpLabel } from './follow-ups.js';
import { bold, code, escapeHtml, italic, paginate } from './format.js';
import type { Locale, Translate } from './i18n.js';
import { citationLabel, periodLabel, reportButtonLabel, reportDetails, reportLabel } from './labels.js';
import { overviewHtml, sectionHtml, sectionLabel, summaryParts } from './summary-view.js';

export interface BotMessage {
  readonly html: string;
  readonly keyboard?: InlineKeyboard | Menu<BotContext>;
}

/** How every message of the bot is sent or edited: HTML, no link previews, its buttons. */
export function htmlOptions(m: BotMessage) {
  return { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, ...(m.keyboard ? { reply_markup: m.keyboard } : {}) };
}

/** 原文 buttons under an answer; /source N reaches the others. */
const MAX_SOURCE_BUTTONS = 6;
/** /versions lists the newest ones. */
const VERSIONS_SHOWN = 10;
/** /remove offers at most this many matching reports; a longer query narrows them. */
const REMOVE_CANDIDATES_SHOWN = 6;

export const EXAMPLE_QUESTIONS: Readonly<Record<Locale, readonly string[]>> = {
  zh: ['阳山县2024年一共受理了多少件法律援助案件？', '慈溪市2021年行政复议发案量是多少？', '梁平区还存在哪些问题？'],
  en: ['How many legal aid cases did Yangshan County handle in 2024?', 'What problems does Liangping District report?', '慈溪市2021年行政复议发案量是多少？'],
};

interface Button {
  readonly label: string;
  readonly action: Action;
}

/** Rows of buttons, `perRow` to a row; undefined when there are none. */
function keyboard(rows: readonly (readonly Button[])[], perRow: number): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let any = false;
  for (const row of rows) {
    row.forEach((b, i) => {
      if (any && i % perRow === 0) kb.row();
      kb.text(b.label, encodeAction(b.action));
      any = true;
    });
  }
  return any ? kb : undefined;
}

const message = (html: string, kb?: InlineKeyboard): BotMessage => (kb ? { html, keyboard: kb } : { html });
const lines = (...parts: string[]) => parts.join('\n');

const summaryButtons = (reports: readonly ReportMeta[]): Button[] =>
  reports.map((r) => ({ label: reportButtonLabel(r), action: { kind: 'summary', report: reportKey(r) } }));

export function welcomeMessage(reports: readonly ReportMeta[], locale: Locale, t: Translate): BotMessage {
  const examples = EXAMPLE_QUESTIONS[locale];
  const html = lines(
    bold(t('welcome-title')),
    escapeHtml(t('welcome-body')),
    '',
    escapeHtml(t('welcome-examples')),
    ...examples.map((q) => `• ${code(q)}`),
    '',
    escapeHtml(t('welcome-follow')),
    escapeHtml(t(reports.length > 0 ? 'welcome-reports' : 'welcome-reports-typed')),
  );
  const exampleButtons = examples.map((q, index): Button => ({ label: q, action: { kind: 'example', index } }));
  const kb = new InlineKeyboard();
  for (const b of exampleButtons) kb.text(b.label, encodeAction(b.action)).row();
  summaryButtons(reports).forEach((b, i) => {
    if (i > 0 && i % 2 === 0) kb.row();
    kb.text(b.label, encodeAction(b.action));
  });
  return message(html, kb);
}

/** The welcome as the terminal shows it: examples as lines, reports by name. */
export function welcomeText(reports: readonly ReportMeta[], t: Translate): string {
  return lines(
    t('welcome-title'),
    t('welcome-body'),
    '',
    t('welcome-examples'),
    ...EXAMPLE_QUESTIONS.zh.map((q) => `• ${q}`),
    '',
    t('welcome-follow'),
    t('welcome-reports-typed'),
    '',
    ...reports.map((r) => `• ${reportLabel(r)}`),
  );
}

function commandUsage(name: CommandName, t: Translate): string {
  return COMMANDS_WITH_USAGE.has(name) ? t(`usage-${name}`) : `/${name}`;
}

export function helpHtml(t: Translate, botUsername?: string): string {
  return lines(
    bold(t('help-title')),
    ...COMMAND_NAMES.map((name) => `${escapeHtml(commandUsage(name, t))} — ${escapeHtml(t(`cmd-${name}`))}`),
    '',
    escapeHtml(t('help-ask')),
    `${escapeHtml(t('help-example'))}${code('/compare 阳山 梁平 法律援助')}`,
    ...(botUsername ? [escapeHtml(t('help-inline', { bot: botUsername }))] : []),
  );
}

export function reportsHtml(reports: readonly ReportMeta[], t: Translate): string {
  if (reports.length === 0) return escapeHtml(t('reports-none'));
  return lines(bold(t('reports-title', { count: reports.length })), ...reports.map((r) => `• ${escapeHtml(reportLabel(r))}`), '', escapeHtml(t('reports-hint')));
}

/** A fact or comparison: compact pages, the last with 原文 and follow-up buttons (or the reports, on a dead end). */
export function answerMessages(answer: Answer, stored: StoredAnswer, reports: readonly ReportMeta[], t: Translate): BotMessage[] {
  if (answer.kind === 'summary') return [summaryMessage(stored, 0, t) ?? { html: escapeHtml(answer.text) }];
  const pages = paginate(answerHtml(answer, t));
  const sources = answer.citations.slice(0, MAX_SOURCE_BUTTONS).map((c): Button => ({
    label: t('source-button', { n: c.n }),
    action: { kind: 'passage', answer: stored.id, n: c.n },
  }));
  const next = stored.followUps.map((f, index): Button => ({ label: followUpLabel(f, t), action: { kind: 'followUp', answer: stored.id, index } }));
  const deadEnd = answer.notFound && answer.citations.length === 0 ? summaryButtons(reports) : [];
  const kb = keyboard([sources, next, deadEnd], 3);
  return pages.map((html, i) => (i === pages.length - 1 ? message(html, kb) : { html }));
}

/** A kept summary's part (0 the overview, then each section), with buttons for the other parts. */
export function summaryMessage(stored: StoredAnswer, index: number, t: Translate): BotMessage | undefined {
  if (!stored.blocks) return undefined;
  const summary = { blocks: stored.blocks, citations: stored.citations, keyFigures: stored.keyFigures };
  const html = index === 0 ? overviewHtml(summary, t) : sectionHtml(summary, index - 1, t);
  if (html === undefined) return undefined;
  const parts = [t('summary-overview'), ...summaryParts(stored.blocks).sections.map((s) => sectionLabel(s.heading, t))];
  const buttons = parts.map((label, i): Button => ({
    label: i === index ? `· ${label} ·` : label,
    action: { kind: 'section', answer: stored.id, index: i },
  }));
  return message(html, keyboard([buttons], 3));
}

export function passageMessages(citation: Citation, text: string, t: Translate): BotMessage[] {
  return paginate([
    bold(t('passage-title', { n: citation.n })),
    escapeHtml(citationLabel(citation)),
    quotesHtml([{ ...citation, quote: text }]),
  ]).map((html) => ({ html }));
}

function noticeHtml(notice: Notice, locale: Locale, t: Translate): string {
  const text = escapeHtml(t(`notice-${notice}`, { max: MAX_QUESTION_CHARS }));
  if (notice === 'emptyQuestion') return `${text}${code(`/ask ${EXAMPLE_QUESTIONS[locale][0] ?? ''}`)}`;
  if (notice === 'tooLong') return `${text}${code(EXAMPLE_QUESTIONS[locale][1] ?? '')}`;
  return text;
}

export function unknownCommandMessage(command: string, near: string | undefined, t: Translate): BotMessage {
  if (near === undefined) return { html: escapeHtml(t('notice-unknownCommand')) };
  const html = escapeHtml(t('notice-nearCommand', { command, near }));
  const action: Action | undefined = isCommandName(near) ? { kind: 'command', name: near } : undefined;
  return message(html, action ? keyboard([[{ label: `/${near}`, action }]], 1) : undefined);
}

function languageMessage(t: Translate): BotMessage {
  const buttons: Button[] = [
    { label: '中文', action: { kind: 'language', locale: 'zh' } },
    { label: 'English', action: { kind: 'language', locale: 'en' } },
  ];
  return message(escapeHtml(t('language-pick')), keyboard([buttons], 2));
}

/** Every outcome but answers (which need their kept id) as messages. */
export function outcomeMessages(outcome: Exclude<Outcome, { kind: 'answer' }>, locale: Locale, t: Translate, botUsername?: string): BotMessage[] {
  switch (outcome.kind) {
    case 'passage':
      return passageMessages(outcome.citation, outcome.text, t);
    case 'reports':
      return paginate([reportsHtml(outcome.reports, t)]).map((html) => ({ html }));
    case 'welcome':
      return [welcomeMessage(outcome.reports, locale, t)];
    case 'help':
      return [{ html: helpHtml(t, botUsername) }];
    case 'pickSummary':
      if (outcome.reports.length === 0) return [{ html: reportsHtml([], t) }];
      return [message(escapeHtml(t('pick-summary')), keyboard([summaryButtons(outcome.reports)], 2))];
    case 'pickCompare':
      return [{ html: compareFirstHtml(outcome.reports, t) }];
    case 'language':
      return outcome.locale ? [{ html: escapeHtml(t('language-set')) }] : [languageMessage(t)];
    case 'reset':
      return [{ html: escapeHtml(t('reset-done')) }];
    case 'unknownCommand':
      return [{ html: escapeHtml(t('notice-unknownCommand')) }];
    case 'notice':
      return [{ html: noticeHtml(outcome.notice, locale, t) }];
  }
}

// ---- the /compare wizard (its buttons are a menu: features/compare.ts) ----

const samePeriod = (a: ReportMeta, b: ReportMeta) => a.year === b.year && a.period === b.period;

export function compareFirstHtml(reports: readonly ReportMeta[], t: Translate): string {
  if (reports.length < 2) return escapeHtml(t('compare-too-few'));
  return lines(bold(t('compare-title')), escapeHtml(t('compare-step-first')), italic(t('compare-typed-hint')));
}

/** A second report of another period than the first is marked before it is chosen. */
export function compareSecondLabel(a: ReportMeta, b: ReportMeta): string {
  return `${samePeriod(a, b) ? '' : '⚠ '}${reportButtonLabel(b)}`;
}

export function compareSecondHtml(reports: readonly ReportMeta[], a: ReportMeta, t: Translate): string {
  const differing = reports.some((r) => r.id !== a.id && !samePeriod(a, r));
  return lines(
    bold(t('compare-title')),
    escapeHtml(t('compare-chosen', { report: reportButtonLabel(a) })),
    escapeHtml(t('compare-step-second')),
    ...(differing ? [italic(t('compare-period-warning', { period: `${a.year} ${a.period}` }))] : []),
  );
}

export function compareTopicHtml(a: ReportMeta, b: ReportMeta, t: Translate): string {
  return lines(
    bold(t('compare-title')),
    escapeHtml(t('compare-both', { a: reportButtonLabel(a), b: reportButtonLabel(b) })),
    escapeHtml(t('compare-step-topic')),
    ...(samePeriod(a, b) ? [] : [italic(t('compare-period-warning', { period: `${a.year} ${a.period}` }))]),
  );
}

export function compareChosenHtml(a: ReportMeta, b: ReportMeta, topic: number, t: Translate): string {
  return escapeHtml(t('compare-summary-of', { a: reportButtonLabel(a), b: reportButtonLabel(b), topic: topic === 0 ? t('compare-all-topics') : t(`topic-${topic}`) }));
}

// ---- uploads ----

export function uploadedHtml(meta: ReportMeta, count: number, t: Translate): string {
  return lines(bold(t('upload-done')), ...reportDetails(meta).map(escapeHtml), '', escapeHtml(t('upload-count', { count })));
}

/** An upload, a replacement or a removal that did not happen (`title`: what failed), the reports unchanged. */
export function uploadFailedHtml(fileName: string, reason: string, t: Translate, title: 'upload-failed' | 'remove-failed' = 'upload-failed'): string {
  return lines(bold(t(title)), `${escapeHtml(fileName)}：${escapeHtml(reason)}`, escapeHtml(t('upload-unchanged')));
}

export function uploadDuplicateHtml(existing: string, t: Translate): string {
  return lines(bold(t('upload-duplicate')), escapeHtml(t('upload-duplicate-detail', { existing })));
}

/** An upload that would replace a report: nothing changes until the admin presses 替换. */
export function uploadConflictMessage(meta: ReportMeta, existing: ReportMeta, versionKey: string, sameName: boolean, t: Translate): BotMessage {
  const why = sameName
    ? t('upload-same-name', { existing: existing.file })
    : t('upload-same-report', { existing: existing.file, report: `${existing.bureau} ${periodLabel(existing.year, existing.period)}` });
  const html = lines(bold(t('upload-replace-title')), ...reportDetails(meta).map(escapeHtml), '', escapeHtml(`${why} ${t('upload-replace-detail')}`));
  const buttons: Button[] = [
    { label: t('upload-replace-button', { file: existing.file }).slice(0, 40), action: { kind: 'versionUse', version: versionKey } },
    { label: t('upload-keep-button'), action: { kind: 'versionKeep', version: versionKey } },
  ];
  return message(html, keyboard([buttons], 2));
}

export function replacedHtml(meta: ReportMeta, count: number, t: Translate): string {
  return lines(bold(t('upload-replaced')), ...reportDetails(meta).map(escapeHtml), '', escapeHtml(t('upload-replaced-detail', { count })));
}

/** Reports /remove may take out, each with its button; the press is the confirmation. */
export function removeCandidatesMessage(query: string, candidates: readonly ReportMeta[], t: Translate): BotMessage {
  if (!query) return { html: escapeHtml(t('remove-usage')) };
  if (candidates.length === 0) return { html: escapeHtml(t('remove-none', { query })) };
  const shown = candidates.slice(0, REMOVE_CANDIDATES_SHOWN);
  const rows = shown.map((meta, i) => escapeHtml(`${i + 1}. ${meta.file}（${reportLabel(meta)}）`));
  const more = candidates.length > shown.length ? [escapeHtml(t('remove-more', { count: candidates.length - shown.length }))] : [];
  const buttons = shown.map((meta, i): Button => ({ label: t('remove-button', { n: i + 1 }), action: { kind: 'reportRemove', report: reportKey(meta) } }));
  return message(lines(bold(t('remove-title')), ...rows, ...more, '', escapeHtml(t('remove-hint'))), keyboard([buttons], 3));
}

export function removedHtml(meta: ReportMeta, count: number, t: Translate): string {
  return lines(bold(t('remove-done')), ...reportDetails(meta).map(escapeHtml), '', escapeHtml(t('remove-done-detail', { count })));
}

/** Kept versions (newest first), each with a button to put it back. */
export function versionsMessage(versions: readonly { hash: string; file: string; originalName: string; savedAt: string }[], keyLength: number, t: Translate): BotMessage {
  if (versions.length === 0) return { html: escapeHtml(t('versions-none')) };
  const shown = versions.slice(0, VERSIONS_SHOWN);
  const rows = shown.map((v, i) =>
    escapeHtml(t('versions-row', { n: i + 1, file: v.file, savedAt: v.savedAt.slice(0, 16).replace('T', ' '), name: v.originalName.slice(0, 40) })),
  );
  const buttons = shown.map((v, i): Button => ({ label: t('versions-restore', { n: i + 1 }), action: { kind: 'versionUse', version: v.hash.slice(0, keyLength) } }));
  return message(lines(bold(t('versions-title')), ...rows, '', escapeHtml(t('versions-hint'))), keyboard([buttons], 2));
}
