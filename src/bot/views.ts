/** What the bot sends for each outcome: HTML messages (through the one escaper) and their buttons. */
import { InlineKeyboard } from 'grammy';
import type { ReportMeta } from '../ingest/types.js';
import { encodeAction, reportKey, type Action } from './callbacks.js';
import { COMMANDS } from './commands.js';
import { COMPARE_TOPICS, EXAMPLE_QUESTIONS, type Outcome } from './dialog.js';
import { answerBlocks, bold, escapeHtml, italic, paginate } from './format.js';
import { citationLabel, reportButtonLabel, reportDetails, reportLabel } from './labels.js';

export interface BotMessage {
  readonly html: string;
  readonly keyboard?: InlineKeyboard;
}

const BUTTONS_PER_ROW = 2;
const VERSIONS_SHOWN = 10;

function keyboard(buttons: readonly { readonly label: string; readonly action: Action }[]): InlineKeyboard | undefined {
  if (buttons.length === 0) return undefined;
  const kb = new InlineKeyboard();
  buttons.forEach((b, i) => {
    if (i > 0 && i % BUTTONS_PER_ROW === 0) kb.row();
    kb.text(b.label, encodeAction(b.action));
  });
  return kb;
}

function summaryButtons(reports: readonly ReportMeta[]): InlineKeyboard | undefined {
  return keyboard(reports.map((r) => ({ label: reportButtonLabel(r), action: { kind: 'summary', report: reportKey(r) } })));
}

function single(html: string, kb?: InlineKeyboard): BotMessage[] {
  return kb ? [{ html, keyboard: kb }] : [{ html }];
}

const lines = (...parts: string[]) => parts.join('\n');

/** `buttons`: the reports follow as buttons (Telegram); `commands`: as a list (terminal). */
export function welcomeHtml(reports: readonly ReportMeta[], reportsShown: 'buttons' | 'commands'): string {
  const next =
    reportsShown === 'buttons' && reports.length > 0
      ? '点下面的报告查看摘要，发送 /help 查看全部命令。'
      : '发送 /summary 地区 查看摘要，/help 查看全部命令。';
  return lines(
    bold('你好！我根据司法局的工作报告回答问题。'),
    '每个回答都附上报告原文引用和出处；报告里没有的，我会直接说没有。',
    '',
    '可以这样问：',
    ...EXAMPLE_QUESTIONS.map((q) => `• ${escapeHtml(q)}`),
    '',
    '也可以接着追问，例如「那梁平区呢？」。',
    next,
  );
}

export function helpHtml(): string {
  return lines(
    bold('命令'),
    ...COMMANDS.map((c) => `${escapeHtml(c.usage)} — ${escapeHtml(c.zh)}`),
    '',
    '直接发送文字就是提问；回答后可以追问「那慈溪呢？」「存在什么问题？」。',
    `例如：${escapeHtml('/compare 阳山 梁平 法律援助')}`,
  );
}

export function reportsHtml(reports: readonly ReportMeta[]): string {
  if (reports.length === 0) return '还没有收录任何报告。';
  return lines(bold(`已收录 ${reports.length} 份报告`), ...reports.map((r) => `• ${escapeHtml(reportLabel(r))}`), '', '发送 /summary 地区 查看摘要。');
}

export function outcomeMessages(outcome: Outcome): BotMessage[] {
  switch (outcome.kind) {
    case 'answer':
      return paginate(answerBlocks(outcome.answer)).map((html) => ({ html }));
    case 'passage':
      return paginate([
        bold(`引用 [${outcome.citation.n}] 的原文`),
        escapeHtml(citationLabel(outcome.citation)),
        `<blockquote>${escapeHtml(outcome.text)}</blockquote>`,
      ]).map((html) => ({ html }));
    case 'reports':
      return paginate([reportsHtml(outcome.reports)]).map((html) => ({ html }));
    case 'welcome':
      return single(welcomeHtml(outcome.reports, 'buttons'), summaryButtons(outcome.reports));
    case 'help':
      return single(helpHtml());
    case 'pickSummary':
      if (outcome.reports.length === 0) return single(reportsHtml([]));
      return single('请选择要查看摘要的报告：', summaryButtons(outcome.reports));
    case 'pickCompare':
      return [compareFirstStep(outcome.reports)];
    case 'notice':
      return single(escapeHtml(outcome.text));
  }
}

export function compareFirstStep(reports: readonly ReportMeta[]): BotMessage {
  if (reports.length < 2) return { html: '至少需要两份报告才能比较。' };
  const kb = keyboard(reports.map((r) => ({ label: reportButtonLabel(r), action: { kind: 'compareFirst', a: reportKey(r) } })));
  return { html: lines(bold('比较两个地区'), '第一步：选择第一个地区。', italic('也可以直接发送 /compare 阳山 梁平 法律援助')), keyboard: kb };
}

export function compareSecondStep(reports: readonly ReportMeta[], a: ReportMeta): BotMessage {
  const others = reports.filter((r) => r.id !== a.id);
  const kb = keyboard(
    others.map((r) => ({ label: reportButtonLabel(r), action: { kind: 'compareSecond', a: reportKey(a), b: reportKey(r) } })),
  );
  return { html: lines(bold('比较两个地区'), `已选：${escapeHtml(reportButtonLabel(a))}`, '第二步：选择第二个地区。'), keyboard: kb };
}

export function compareTopicStep(a: ReportMeta, b: ReportMeta): BotMessage {
  const kb = keyboard(
    COMPARE_TOPICS.map((topic, i) => ({ label: topic, action: { kind: 'compareTopic', a: reportKey(a), b: reportKey(b), topic: i } })),
  );
  return { html: lines(bold('比较两个地区'), `${escapeHtml(reportButtonLabel(a))} 与 ${escapeHtml(reportButtonLabel(b))}`, '第三步：选择主题。'), keyboard: kb };
}

export function compareChosenHtml(a: ReportMeta, b: ReportMeta, topic: string | undefined): string {
  return `${bold('比较')} ${escapeHtml(reportButtonLabel(a))} 与 ${escapeHtml(reportButtonLabel(b))} · ${escapeHtml(topic ?? '全部主题')}`;
}

export function uploadedHtml(meta: ReportMeta, count: number): string {
  return lines(bold('报告已导入'), ...reportDetails(meta).map(escapeHtml), '', `现在共收录 ${count} 份报告，可以直接提问了。`);
}

export function uploadFailedHtml(fileName: string, reason: string): string {
  return lines(bold('无法导入这个文件'), `${escapeHtml(fileName)}：${escapeHtml(reason)}`, '现有的报告没有变化。');
}

export function uploadDuplicateHtml(existing: string): string {
  return lines(bold('这份报告已经收录'), `内容与已有的 ${escapeHtml(existing)} 完全相同，没有重复导入。`);
}

/** An upload that would replace a report: nothing changes until the admin presses 替换. */
export function uploadConflictMessage(meta: ReportMeta, existing: ReportMeta, versionKey: string, sameName: boolean): BotMessage {
  const why = sameName ? `文件名与已有报告 ${existing.file} 相同` : `与已有报告 ${existing.file} 是同一单位、年份和期间（${existing.bureau} ${existing.year}年${existing.period}）`;
  return {
    html: lines(
      bold('要替换已有的报告吗？'),
      ...reportDetails(meta).map(escapeHtml),
      '',
      escapeHtml(`${why}。替换后旧版本仍会保留，可以用 /versions 恢复；不替换则现有报告不变（上传的文件作为版本保留）。`),
    ),
    keyboard: keyboard([
      { label: `替换 ${existing.file}`.slice(0, 40), action: { kind: 'versionUse', version: versionKey } },
      { label: '不替换', action: { kind: 'versionKeep', version: versionKey } },
    ]),
  };
}

export function replacedHtml(meta: ReportMeta, count: number): string {
  return lines(bold('报告已替换'), ...reportDetails(meta).map(escapeHtml), '', `旧版本已保留（/versions 可恢复）。现在共收录 ${count} 份报告。`);
}

/** Kept versions (newest first), each with a button to put it back. */
export function versionsMessage(versions: readonly { hash: string; file: string; originalName: string; savedAt: string }[], keyLength: number): BotMessage {
  if (versions.length === 0) return { html: escapeHtml('还没有保存的报告版本（上传或替换报告后才有）。') };
  const shown = versions.slice(0, VERSIONS_SHOWN);
  const rows = shown.map((v, i) => escapeHtml(`${i + 1}. ${v.file}（${v.savedAt.slice(0, 16).replace('T', ' ')}，上传名：${v.originalName.slice(0, 40)}）`));
  return {
    html: lines(bold('报告版本'), ...rows, '', escapeHtml('按按钮把该版本恢复为当前报告（当前的会作为版本保留）。')),
    keyboard: keyboard(shown.map((v, i) => ({ label: `恢复 ${i + 1}`, action: { kind: 'versionUse', version: v.hash.slice(0, keyLength) } }))),
  };
}
