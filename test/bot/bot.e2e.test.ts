/**
 * The real bot process (`src/main.ts` with a token) against the loopback Bot API stand-in:
 * what a Telegram user sends, what they get back, and that Telegram would accept all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankPdf, zipBombDocx } from '../ingest/hostile-files.js';
import { byteLength, checkTelegramHtml } from '../support/telegram-html.js';
import { BOT_USER, TelegramStandIn, type Chat, type Sent } from '../support/telegram-standin.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = 7001;
const RATE_LIMIT = 10;
const FACT_QUESTION = '阳山县2024年一共受理了多少件法律援助案件？';
const HEAP_CAP_MB = 256;

const NEW_REPORT = `清新区司法局2023年法治政府建设年度报告

2023年，清新区司法局在区委、区政府的正确领导下，深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将2023年度法治政府建设情况报告如下：
一、主要措施及成效
（一）提升公共法律服务水平。全年共受理法律援助案件156件，为群众挽回经济损失320万元。
（二）深化人民调解工作。全区各级人民调解组织调解矛盾纠纷1024件，调解成功率98.5%。
二、存在的问题
基层法律服务力量仍然不足，法治宣传的针对性有待加强。
三、下一步工作计划
继续推进法治政府建设，加强基层司法所建设。

清远市清新区司法局
2024年1月15日
`;

let standIn: TelegramStandIn;
let bot: ChildProcess;
let tmp: string;
const logLines: Record<string, any>[] = [];
let stderrText = '';
let nextChat = 100;

/** Each scenario talks in its own private chat, so the per-user rate limit never gets in the way. */
const freshChat = (extra: Partial<Chat> = {}): Chat => ({ id: nextChat++, ...extra });

function doneUpdates(): Set<number> {
  return new Set(logLines.filter((l) => l.msg === 'update').map((l) => l.update as number));
}

/** Sends an update and returns what the bot sent to that chat while handling it. */
async function exchange(chat: Chat, send: () => number, timeoutMs = 30_000): Promise<Sent[]> {
  const before = standIn.sent.length;
  const updateId = send();
  await standIn.waitFor(() => doneUpdates().has(updateId), timeoutMs, `update ${updateId}`);
  return standIn.sent.slice(before).filter((s) => s.chatId === chat.id);
}

const say = (chat: Chat, text: string) => exchange(chat, () => standIn.sendText(chat, text));
const press = (chat: Chat, messageId: number, data: string) => exchange(chat, () => standIn.pressButton(chat, messageId, data));
const textOf = (sent: readonly Sent[]) => sent.map((s) => s.text).join('\n');
const buttonsOf = (sent: Sent) => sent.keyboard.flat().map((label, i) => ({ label, data: sent.buttons[i] ?? '' }));
const visible = (sent: Sent) => (sent.html ? checkTelegramHtml(sent.text).visible : sent.text);

/** Sentences (of more than a few characters) that a message says twice. */
function repeatedSentences(text: string): string[] {
  const sentences = text
    .replace(/\[\d+\]/g, '')
    .split(/[。；！？\n]/)
    .map((s) => s.replace(/^[\s•]+|[\s，,]+$/g, ''))
    .filter((s) => s.length > 6);
  return sentences.filter((s, i) => sentences.some((other, j) => j !== i && other.includes(s)));
}

function expectAcceptable(sent: readonly Sent[]): void {
  for (const s of sent) {
    if (s.html) expect(checkTelegramHtml(s.text).problems, s.text).toEqual([]);
    expect(s.text.length).toBeLessThanOrEqual(s.method === 'sendPhoto' ? 1024 : 4096);
    for (const data of s.buttons) expect(byteLength(data)).toBeLessThanOrEqual(64);
  }
}

/** Presses a button and returns what the bot sent plus how it answered the callback query. */
async function pressAnswered(chat: Chat, messageId: number, data: string) {
  let updateId = 0;
  const sent = await exchange(chat, () => (updateId = standIn.pressButton(chat, messageId, data)));
  const answered = standIn.callsOf('answerCallbackQuery').find((c) => c.payload.callback_query_id === `cb${updateId}`);
  return { sent, answered };
}

let zipBomb: Buffer;

beforeAll(async () => {
  zipBomb = await zipBombDocx(1 << 30);
  standIn = await TelegramStandIn.start();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bot-e2e-'));
  await cp(path.join(ROOT, 'reports'), path.join(tmp, 'reports'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TELEGRAM_BOT_TOKEN: standIn.token,
    TELEGRAM_API_ROOT: standIn.apiRoot,
    REPORTS_DIR: path.join(tmp, 'reports'),
    VECTORSTORE_DIR: path.join(tmp, 'vectorstore'),
    DATA_DIR: path.join(tmp, 'data'),
    ADMIN_USER_IDS: String(ADMIN),
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    LOG_LEVEL: 'info',
  };
  // The compiled bot, as `npm start` runs it (exec: the node process itself gets the signals).
  // Under a heap cap of its own: a hostile upload must fail alone, not take the bot down.
  bot = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, 'dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let partial = '';
  bot.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrText += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logLines.push(JSON.parse(line));
        standIn.wake();
      } catch {
        // not a log line
      }
    }
  });
  await standIn.waitFor(() => standIn.polls > 0 || bot.exitCode !== null, 110_000, 'the bot to start polling');
  if (bot.exitCode !== null) throw new Error(`bot exited: ${stderrText}`);
}, 120_000);

afterAll(async () => {
  for (const line of logLines.filter((l) => l.level >= 50)) console.error('bot error log:', JSON.stringify(line));
  if (bot && bot.exitCode === null && bot.signalCode === null) {
    bot.kill('SIGKILL');
    await once(bot, 'exit');
  }
  await standIn?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the Telegram bot, end to end', () => {
  it('registers its commands in Chinese and English', () => {
    const calls = standIn.callsOf('setMyCommands');
    expect(calls.map((c) => c.payload.language_code ?? 'default').sort()).toEqual(['default', 'en']);
    const names = (calls[0]!.payload.commands as { command: string }[]).map((c) => c.command);
    expect(names).toEqual(['start', 'help', 'ask', 'summary', 'compare', 'reports', 'source', 'language', 'reset']);
    expect(standIn.callsOf('deleteWebhook').length).toBe(1);
  });

  it('answers a fact in one short message: figure in bold, no sentence said twice, 原文 and follow-up buttons', async () => {
    const chat = freshChat();
    const answer = await say(chat, FACT_QUESTION);
    expectAcceptable(answer);
    expect(answer).toHaveLength(1);
    const [message] = answer;
    expect(message!.text).toMatch(/<b>[^<]*202件[^<]*<\/b>/);
    const seen = visible(message!);
    expect(seen.length).toBeLessThan(600);
    expect(repeatedSentences(seen)).toEqual([]);
    expect(seen).toContain('阳山县司法局 · 2024 全年');
    expect(seen).not.toMatch(/…\s*$/m);
    expect(message!.buttons.filter((d) => /^p:[0-9a-z]{6}:1$/.test(d))).toHaveLength(1);
    const followUps = message!.buttons.filter((d) => d.startsWith('f:'));
    expect(followUps.length).toBeGreaterThanOrEqual(1);
    expect(followUps.length).toBeLessThanOrEqual(3);
    // Answered at once: no "typing…" (Telegram asks for chat actions only where a reply takes a noticeable time).
    expect(standIn.callsOf('sendChatAction').filter((c) => c.payload.chat_id === chat.id && c.payload.action === 'typing')).toEqual([]);
  });

  it('follows up, and the 原文 button of an older answer still opens its passage', async () => {
    const chat = freshChat();
    const [first] = await say(chat, FACT_QUESTION);
    const followUp = await say(chat, '那梁平区呢？');
    expectAcceptable(followUp);
    expect(textOf(followUp)).toContain('627');
    const problems = await say(chat, '它存在什么问题？');
    expect(textOf(problems)).toContain('梁平区司法局');
    expect(textOf(problems)).toContain('<blockquote');

    const source = await say(chat, '/source 1');
    expect(visible(source[0]!)).toContain('梁平区司法局');

    const older = first!.buttons.find((d) => d.startsWith('p:'))!;
    const { sent: passage, answered } = await pressAnswered(chat, first!.messageId, older);
    expect(answered?.ok).toBe(true);
    expectAcceptable(passage);
    expect(visible(passage[0]!)).toContain('阳山县司法局');
    expect(visible(passage[0]!)).toContain('受理法律援助案件202件');

    const problemsButton = first!.buttons.find((d) => d.startsWith('f:'))!;
    const tapped = await press(chat, first!.messageId, problemsButton);
    expect(tapped.length).toBeGreaterThan(0);
    expectAcceptable(tapped);
    const sessionFiles = await readdir(path.join(tmp, 'data', 'sessions'), { recursive: true });
    expect(sessionFiles.some((f) => f.endsWith(`${chat.id}.json`))).toBe(true);
  });

  it('/reset clears the context: a follow-up after it no longer follows the old question', async () => {
    const chat = freshChat();
    await say(chat, FACT_QUESTION);
    expect(visible((await say(chat, '/reset'))[0]!)).toContain('清除');
    expect(textOf(await say(chat, '那梁平区呢？'))).not.toContain('627');
  });

  it('answers an edited question again', async () => {
    const chat = freshChat();
    let messageId = 0;
    await exchange(chat, () => {
      const update = standIn.sendText(chat, '阳山县2024年一共受理了多少件法律援助案件');
      messageId = standIn.lastMessageId;
      return update;
    });
    const edited = await exchange(chat, () => standIn.editText(chat, messageId, '慈溪市2021年行政复议发案量是多少？'));
    expectAcceptable(edited);
    expect(textOf(edited)).toContain('112');
  });

  it('keeps the context per member in a group', async () => {
    const groupId = -nextChat++;
    const alice: Chat = { id: groupId, userId: 6001, type: 'group' };
    const bob: Chat = { id: groupId, userId: 6002, type: 'group' };
    const mention = `@${BOT_USER.username}`;
    expect(textOf(await say(alice, `${mention} ${FACT_QUESTION}`))).toContain('202');
    expect(textOf(await say(bob, `${mention} 那梁平区呢？`))).not.toContain('627');
    expect(textOf(await say(alice, `${mention} 那梁平区呢？`))).toContain('627');
  });

  it('/start shows tappable examples and the reports; both answer when tapped', async () => {
    const chat = freshChat();
    const [welcome] = await say(chat, '/start');
    expect(welcome!.text).toContain(`<code>${FACT_QUESTION}</code>`);
    const reports = welcome!.buttons.filter((d) => /^s:[0-9a-f]{6}$/.test(d));
    expect(reports).toHaveLength(5);
    const example = await press(chat, welcome!.messageId, welcome!.buttons.find((d) => d.startsWith('e:'))!);
    expect(textOf(example)).toContain('202');
    const { sent: summary, answered } = await pressAnswered(chat, welcome!.messageId, reports[0]!);
    expect(answered).toBeDefined();
    expectAcceptable(summary);
    expect(summary[0]!.buttons.some((d) => d.startsWith('v:'))).toBe(true);
  });

  it('/start in English for a user whose Telegram language is English, and /language switches', async () => {
    const chat = freshChat({ language: 'en' });
    const [welcome] = await say(chat, '/start');
    expect(visible(welcome!)).toContain('Hello');
    const english = await say(chat, 'How many legal aid cases did Yangshan County handle in 2024?');
    expect(visible(english[0]!)).toContain('Sources');
    expect(english[0]!.buttons.length).toBeGreaterThan(0);
    expect(visible((await say(chat, '/language zh'))[0]!)).toContain('中文');
    expect(visible((await say(chat, '/help'))[0]!)).toContain('命令');
  });

  it('summarises in a short first message whose section buttons edit it in place', async () => {
    const chat = freshChat();
    const before = standIn.sent.length;
    const summary = await say(chat, '/summary 慈溪');
    expectAcceptable(summary);
    const [overview] = summary;
    // its chart follows on its own: let it come before the buttons are pressed
    await standIn.waitFor(() => standIn.sent.slice(before).some((s) => s.chatId === chat.id && s.method === 'sendPhoto'), 30_000, 'the chart');
    expect(overview!.method).toBe('sendMessage');
    expect(visible(overview!).length).toBeLessThan(1200);
    expect(visible(overview!)).toContain('慈溪市司法局');
    const figures = visible(overview!).split('\n').filter((line) => line.startsWith('• '));
    expect(figures.length).toBeGreaterThanOrEqual(5);
    expect(figures.length).toBeLessThanOrEqual(8);
    const sections = overview!.buttons.filter((d) => d.startsWith('v:'));
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const section of sections.slice(1)) {
      const [edited] = await press(chat, overview!.messageId, section);
      expect(edited!.method).toBe('editMessageText');
      expect(edited!.messageId).toBe(overview!.messageId);
      expectAcceptable([edited!]);
    }
    const [pick] = await say(chat, '/summary');
    expect(pick!.buttons).toHaveLength(5);
  });

  it('answers inline queries with the answer text and its quote, cached briefly', async () => {
    const user = freshChat();
    const before = standIn.inlineAnswers.length;
    await exchange(user, () => standIn.sendInlineQuery(user, '阳山 法律援助案件'));
    const [answer] = standIn.inlineAnswers.slice(before);
    expect(answer!.results).toHaveLength(1);
    expect(String(answer!.results[0]!.input_message_content.message_text)).toContain('202');
    expect(answer!.cacheTime).toBeGreaterThan(0);
    expect(answer!.cacheTime).toBeLessThanOrEqual(300);
  });

  it('/compare with both regions and a topic compares them, text first, then the chart as a photo', async () => {
    const chat = freshChat();
    const sentBefore = standIn.sent.length;
    await say(chat, '/compare 阳山 梁平 人民调解');
    // The chart follows on its own, after the text: wait for it.
    await standIn.waitFor(() => standIn.sent.slice(sentBefore).some((s) => s.chatId === chat.id && s.method === 'sendPhoto'), 30_000, 'the chart');
    const compare = standIn.sent.slice(sentBefore).filter((s) => s.chatId === chat.id);
    expectAcceptable(compare);
    expect(textOf(compare)).toContain('阳山');
    expect(textOf(compare)).toContain('梁平');
    const photos = compare.filter((s) => s.method === 'sendPhoto');
    expect(photos).toHaveLength(1);
    expect(compare.at(-1)?.method).toBe('sendPhoto');
    expect(photos[0]!.photoBytes).toBeGreaterThan(1000);
    expect(photos[0]!.text.length).toBeLessThanOrEqual(1024);
    expect(photos[0]!.text).toContain('阳山县');
    expect(standIn.callsOf('sendChatAction').some((c) => c.payload.chat_id === chat.id && c.payload.action === 'upload_photo')).toBe(true);
  });

  it('/compare without regions guides with buttons (back and cancel at each step, other periods marked) and ends with a chart', async () => {
    const chat = freshChat();
    const [first] = await say(chat, '/compare');
    const tap = async (on: Sent, label: (text: string) => boolean) => {
      const data = buttonsOf(on).find((b) => label(b.label))?.data;
      expect(data, `a button on: ${on.keyboard.flat().join(' | ')}`).toBeDefined();
      const [edited] = await press(chat, first!.messageId, data!);
      return edited!;
    };
    expect(first!.keyboard.flat()).toEqual(expect.arrayContaining(['阳山县 2024', '取消']));
    const second = await tap(first!, (l) => l === '阳山县 2024');
    expect(second.method).toBe('editMessageText');
    expect(second.keyboard.flat()).toEqual(expect.arrayContaining(['← 返回', '取消', '⚠ 镜湖区 2024上半年', '梁平区 2024']));
    expect(visible(second)).toContain('⚠');
    const back = await tap(second, (l) => l === '← 返回');
    expect(back.keyboard).toEqual(first!.keyboard);
    const again = await tap(back, (l) => l === '阳山县 2024');
    const topics = await tap(again, (l) => l === '梁平区 2024');
    expect(topics.keyboard.flat()).toEqual(expect.arrayContaining(['全部', '法律援助', '← 返回', '取消']));
    const before = standIn.sent.length;
    await tap(topics, (l) => l === '法律援助');
    await standIn.waitFor(() => standIn.sent.slice(before).some((s) => s.chatId === chat.id && s.method === 'sendPhoto'), 30_000, 'the chart');
    const compare = standIn.sent.slice(before).filter((s) => s.chatId === chat.id);
    expectAcceptable(compare);
    expect(compare.some((s) => s.method === 'sendMessage' && s.text.includes('<blockquote'))).toBe(true);
    expect(compare.filter((s) => s.method === 'sendPhoto')).toHaveLength(1);

    const [restart] = await say(chat, '/compare');
    const cancelled = await (async () => {
      const data = buttonsOf(restart!).find((b) => b.label === '取消')!.data;
      return (await press(chat, restart!.messageId, data))[0]!;
    })();
    expect(visible(cancelled)).toContain('已取消');
    expect(cancelled.buttons).toEqual([]);
    const { answered } = await pressAnswered(chat, restart!.messageId, 'cmp/9/0//h0000');
    expect(answered?.payload.text).toContain('过期');
  });

  it('old or unknown buttons are answered as expired', async () => {
    const chat = freshChat();
    for (const data of ['s:ffffff', 'summary:阳山县司法局', 't:ffffff:000000:1', 'v:u:0123456789ab', 'v:abcdef:99']) {
      const { sent, answered } = await pressAnswered(chat, 1, data);
      expect(sent).toEqual([]);
      expect(answered?.payload.text).toContain('过期');
    }
  });

  it('lists the reports, explains unknown and empty commands, and hints on stickers', async () => {
    const chat = freshChat();
    expect(textOf(await say(chat, '/reports'))).toContain('已收录 5 份报告');
    expect(textOf(await say(chat, '/frobnicate'))).toContain('/help');
    const typo = await say(chat, '/sumary');
    expect(textOf(typo)).toContain('/summary');
    expect(typo[0]!.buttons).toEqual(['k:summary']);
    const nowhere = await say(chat, '火星区2024年受理了多少件法律援助案件？');
    expect(nowhere[0]!.buttons.filter((d) => d.startsWith('s:'))).toHaveLength(5);
    expect(textOf(await say(chat, '/ask'))).toContain('/ask');
    expect(textOf(await say(chat, '/source'))).toContain('/source 1');
    expect(textOf(await say(chat, '/source 3'))).toContain('先提一个问题');
    expect(textOf(await exchange(chat, () => standIn.sendSticker(chat)))).toContain('文字');
  });

  it('refuses a 6,000-character message politely and keeps HTML-looking text harmless', async () => {
    const chat = freshChat();
    expect(textOf(await say(chat, '法'.repeat(6000)))).toContain('太长');
    const tricky = await say(chat, '<b>阳山</b> & <script>alert(1)</script> 法律援助案件有多少件？');
    expect(tricky.length).toBeGreaterThan(0);
    expectAcceptable(tricky);
    expect(stderrText).not.toContain('<script>');
  });

  it('rides out a 429, a rejected HTML message and a dropped poll', async () => {
    const chat = freshChat();
    standIn.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    const help = await say(chat, '/help');
    expect(help.some((s) => s.text.includes('/compare'))).toBe(true);
    expect(standIn.calls.some((c) => c.method === 'sendMessage' && !c.ok && c.description?.startsWith('Too Many Requests'))).toBe(true);

    standIn.failNext('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities: Unsupported start tag" });
    const plain = await say(chat, '/help');
    expect(plain[0]!.html).toBe(false);
    expect(plain[0]!.text).not.toContain('<b>');
    expect(plain[0]!.text).toContain('/compare 甲 乙 [主题]');

    // The poll after this message loses its connection: the runner polls again, and says so in the log.
    standIn.dropNextPoll();
    expect(textOf(await say(chat, '/reports'))).toContain('份报告');
    expect(textOf(await say(chat, '/reports'))).toContain('份报告');
    expect(logLines.filter((l) => l.msg === 'long poll failed: trying again')).toHaveLength(1);
  });

  it('in a group answers only commands, mentions and replies to the bot', async () => {
    const group = freshChat({ type: 'group', userId: 5001 });
    const groupChat = { ...group, id: -group.id };
    expect(await say(groupChat, '今天开会')).toEqual([]);
    expect(await say(groupChat, '/help@other_bot')).toEqual([]);
    expect(textOf(await say(groupChat, '/help'))).toContain('/compare');
    expect(textOf(await say(groupChat, `@${BOT_USER.username} ${FACT_QUESTION}`))).toContain('202');
    const reply = await exchange(groupChat, () =>
      standIn.sendText(groupChat, '慈溪市2021年行政复议发案量是多少？', { reply_to_message: { message_id: 1, date: 0, chat: { id: groupChat.id, type: 'group' }, from: BOT_USER, text: 'x' } }),
    );
    expect(textOf(reply)).toContain('112');
  });

  it('limits each user to the configured rate with one friendly message', async () => {
    const chat = freshChat();
    const replies: Sent[] = [];
    for (let i = 0; i < RATE_LIMIT + 3; i++) replies.push(...(await say(chat, '/reports')));
    const limited = replies.filter((s) => s.text.includes('太快'));
    expect(limited).toHaveLength(1);
  });

  it('lets an admin upload a report (index swapped, questions still answered) and refuses others and bad files', async () => {
    const admin: Chat = { id: ADMIN };
    const stranger = freshChat();
    const asker = freshChat();
    const bytes = new TextEncoder().encode(NEW_REPORT);

    const refused = await exchange(stranger, () => standIn.sendDocument(stranger, 'qingxin.txt', bytes));
    expect(textOf(refused)).toContain('只有管理员');

    const uploadDone = exchange(admin, () => standIn.sendDocument(admin, '清新区司法局2023年报告.txt', bytes, 'text/plain'), 60_000);
    const meanwhile = await say(asker, '慈溪市2021年行政复议发案量是多少？');
    expect(textOf(meanwhile)).toContain('112');
    const uploaded = textOf(await uploadDone);
    expect(uploaded).toContain('报告已导入');
    expect(uploaded).toContain('清新区');
    expect(textOf(await say(admin, '/reports'))).toContain('已收录 6 份报告');

    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(200).fill(7)]);
    const corrupt = textOf(await exchange(admin, () => standIn.sendDocument(admin, 'fake-report.pdf', png, 'application/pdf'), 60_000));
    expect(corrupt).toContain('无法导入');
    expect(textOf(await say(admin, '/reports'))).toContain('已收录 6 份报告');
  });

  it('never overwrites a report: an upload over its name asks first, keeps the old one and can roll back', async () => {
    const admin: Chat = { id: ADMIN };
    const asker = freshChat();
    const changed = new TextEncoder().encode(NEW_REPORT.replace('156件', '186件'));
    const [ask] = await exchange(admin, () => standIn.sendDocument(admin, '清新区司法局2023年报告.txt', changed, 'text/plain'), 60_000);
    expect(ask!.text).toContain('要替换已有的报告吗');
    expect(ask!.buttons).toHaveLength(2);
    expect(textOf(await say(asker, '清新区2023年受理了多少件法律援助案件？'))).toContain('156');
    const { sent: replaced } = await pressAnswered(admin, ask!.messageId, ask!.buttons[0]!);
    expect(textOf(replaced)).toContain('报告已替换');
    expect(textOf(await say(asker, '清新区2023年受理了多少件法律援助案件？'))).toContain('186');
    expect(textOf(await say(admin, '/reports'))).toContain('已收录 6 份报告');

    const [versions] = await say(admin, '/versions');
    expect(versions!.text).toContain('报告版本');
    const original = versions!.buttons[1]!;
    const { sent: restored } = await pressAnswered(admin, versions!.messageId, original);
    expect(textOf(restored)).toContain('报告已替换');
    expect(textOf(await say(asker, '清新区2023年受理了多少件法律援助案件？'))).toContain('156');
    expect(textOf(await say(freshChat(), '/versions'))).toContain('只有管理员');
  });

  it('lets an admin remove a report after choosing it from a list, kept as a version that restores it', async () => {
    const admin: Chat = { id: ADMIN };
    const asker = freshChat();
    expect(textOf(await say(admin, '/remove'))).toContain('用法');
    expect(textOf(await say(admin, '/remove 不存在的地方'))).toContain('没有与“不存在的地方”匹配的报告');
    expect(textOf(await say(freshChat(), '/remove 清新'))).toContain('只有管理员');
    const [offer] = await say(admin, '/remove 清新');
    expect(offer!.text).toContain('清新区司法局2023年报告.txt');
    expect(offer!.buttons).toHaveLength(1);
    const { sent: removed } = await pressAnswered(admin, offer!.messageId, offer!.buttons[0]!);
    expect(textOf(removed)).toContain('报告已删除');
    expect(textOf(await say(admin, '/reports'))).toContain('已收录 5 份报告');
    expect(textOf(await say(asker, '清新区2023年受理了多少件法律援助案件？'))).not.toContain('156');

    const [versions] = await say(admin, '/versions');
    const { sent: restored } = await pressAnswered(admin, versions!.messageId, versions!.buttons[1]!);
    expect(textOf(restored)).toContain('报告已替换');
    expect(textOf(await say(asker, '清新区2023年受理了多少件法律援助案件？'))).toContain('156');
    expect(textOf(await say(admin, '/reports'))).toContain('已收录 6 份报告');
  });

  it(`refuses hostile uploads alone (heap capped at ${HEAP_CAP_MB} MB) while other chats are answered`, async () => {
    const admin: Chat = { id: ADMIN };
    const asker = freshChat();
    const bomb = exchange(admin, () => standIn.sendDocument(admin, 'bomb.docx', zipBomb, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 60_000);
    const pages = exchange(admin, () => standIn.sendDocument(admin, 'pages.pdf', blankPdf(30_000), 'application/pdf'), 60_000);
    expect(textOf(await say(asker, '慈溪市2021年行政复议发案量是多少？'))).toContain('112');
    expect(textOf(await bomb)).toMatch(/压缩炸弹/);
    expect(textOf(await pages)).toMatch(/页数太多/);
    const unsized = new Uint8Array(40 << 20).fill(0x41);
    expect(textOf(await exchange(admin, () => standIn.sendDocument(admin, 'huge.txt', unsized, 'text/plain', false), 60_000))).toContain('不能导入');
    expect(textOf(await say(asker, '梁平区人民调解协议履行率是多少'))).toContain('99.85%');
    expect(bot.exitCode).toBeNull();
  });

  it('answers a burst of 40 chats at once', async () => {
    const questions = [FACT_QUESTION, '慈溪市2021年行政复议发案量是多少？', '梁平区人民调解协议履行率是多少', '镜湖区对社区矫正对象训诫了多少人次？'];
    const chats = Array.from({ length: 40 }, () => freshChat());
    const started = performance.now();
    const ids = chats.map((chat, i) => standIn.sendText(chat, questions[i % questions.length]!));
    await standIn.waitFor(() => ids.every((id) => doneUpdates().has(id)), 60_000, 'all 40 chats answered');
    const seconds = (performance.now() - started) / 1000;
    console.log(`burst: 40 chats answered in ${seconds.toFixed(2)} s`);
    for (const chat of chats) {
      const sent = standIn.sentTo(chat.id);
      expect(sent.length).toBeGreaterThan(0);
      expectAcceptable(sent);
    }
  }, 90_000);

  it('sent nothing Telegram would reject, and logged one line per update without message text', () => {
    expect(standIn.violations).toEqual([]);
    expectAcceptable(standIn.sent);
    const updates = logLines.filter((l) => l.msg === 'update');
    expect(updates.length).toBe(standIn.updateCount);
    for (const line of updates) {
      expect(line).toHaveProperty('outcome');
      expect(line).toHaveProperty('ms');
    }
    expect(updates.some((l) => l.timings && typeof l.timings === 'object')).toBe(true);
    expect(stderrText).not.toContain(FACT_QUESTION);
  });

  it('stops cleanly on SIGTERM', async () => {
    bot.kill('SIGTERM');
    const [code] = (await once(bot, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(logLines.some((l) => l.msg === 'bot stopped')).toBe(true);
  });
});
