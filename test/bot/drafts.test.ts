/**
 * Live drafts while a language model writes the answer: createBot in-process over the real index,
 * real HTTP to the loopback Bot API and OpenAI stand-ins, the model's reply streamed slowly. What a
 * user sees before the answer is only ever sentences that passed verification.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import { createBot } from '../../src/bot/bot.js';
import type { BotContext } from '../../src/bot/context.js';
import { renderAnswerChart } from '../../src/chart/index.js';
import { loadConfig, projectRoot } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { processState } from '../../src/state/bot-state.js';
import { openTestLibrary } from '../support/library.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';
import { checkTelegramHtml } from '../support/telegram-html.js';
import { BOT_USER, TelegramStandIn, type ApiCall, type Chat } from '../support/telegram-standin.js';

const QUESTION = '阳山县受理了多少法律援助案件？';
const FIRST_SENTENCE = '阳山县司法局共受理法律援助案件202件';
const SECOND_SENTENCE = '为老年人提供法律援助9人次';
const REPLY = `${FIRST_SENTENCE}[1]。${SECOND_SENTENCE}[1]。`;
const INVENTED = `${FIRST_SENTENCE}[1]。其中刑事案件888件[1]。${SECOND_SENTENCE}[1]。`;
const DAILY_TOKENS = 50_000;

let telegram: TelegramStandIn;
let openai: OpenAiStandin;
let bot: Bot<BotContext>;
let tmp: string;
let nextChat = 300;

/** The model writes `content` two characters at a time, 20 ms apart (about half a second for the reply) unless told. */
function model(content: string, { chunkDelayMs = 20, usage }: { chunkDelayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } } = {}): void {
  openai.use(() => ({ content, chunks: content.match(/.{1,2}/gsu) ?? [], chunkDelayMs, ...(usage ? { usage } : {}) }));
}

/** Hands the update to the bot and returns the Bot API calls it made for that chat meanwhile. */
async function ask(chat: Chat, text: string): Promise<ApiCall[]> {
  const before = telegram.calls.length;
  telegram.sendText(chat, text);
  for (const update of telegram.takeUpdates()) await bot.handleUpdate(update as never);
  return telegram.calls.slice(before).filter((c) => Number(c.payload.chat_id) === chat.id && c.method !== 'sendChatAction');
}

const visibleText = (call: ApiCall) => {
  const text = String(call.payload.text ?? '');
  return call.payload.parse_mode === 'HTML' ? checkTelegramHtml(text).visible : text;
};

beforeAll(async () => {
  [telegram, openai] = await Promise.all([TelegramStandIn.start(), startOpenAiStandin()]);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bot-drafts-'));
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    REPORTS_DIR: path.join(projectRoot, 'reports'),
    VECTORSTORE_DIR: path.join(tmp, 'unused'),
    DATA_DIR: path.join(tmp, 'data'),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: openai.baseURL,
    LLM_MAX_RETRIES: '0',
    LLM_TIMEOUT_MS: '10000',
    LLM_DAILY_TOKENS_PER_USER: String(DAILY_TOKENS),
  });
  const logger = createLogger('silent');
  const library = await openTestLibrary();
  const answers = createAnswerService({ config, logger, library });
  const botInfo = { ...BOT_USER, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true, can_connect_to_business: false, has_main_web_app: false };
  bot = createBot({ config, logger, answers, shelf: library.shelf, charts: { render: renderAnswerChart }, state: processState(config, logger), botInfo: botInfo as never }).bot;
}, 60_000);

afterAll(async () => {
  await Promise.all([telegram?.close(), openai?.close()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('in a private chat', () => {
  it('shows the verified first sentence as a live draft, then sends the verified answer', async () => {
    model(REPLY);
    const chat: Chat = { id: nextChat++ };
    const calls = await ask(chat, QUESTION);
    const drafts = calls.filter((c) => c.method === 'sendMessageDraft');
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    expect(drafts.every((d) => d.ok)).toBe(true);
    expect(new Set(drafts.map((d) => d.payload.draft_id)).size).toBe(1);
    expect(String(drafts[0]!.payload.text)).toContain(FIRST_SENTENCE);
    expect(String(drafts[0]!.payload.text)).not.toContain(SECOND_SENTENCE);
    for (const draft of drafts) expect(draft.payload.parse_mode).toBeUndefined();
    const last = calls.at(-1)!;
    expect(last.method).toBe('sendMessage');
    expect(calls.indexOf(last)).toBeGreaterThan(calls.indexOf(drafts.at(-1)!));
    expect(visibleText(last)).toContain(FIRST_SENTENCE);
    expect(visibleText(last)).toContain(SECOND_SENTENCE);
    expect(telegram.violations).toEqual([]);
  });

  it('shows "typing…" while an answer is slow to come, as Telegram asks', async () => {
    const chat: Chat = { id: nextChat++ };
    model(REPLY, { chunkDelayMs: 75 });
    const before = telegram.calls.length;
    await ask(chat, QUESTION);
    const typing = telegram.calls.slice(before).filter((c) => c.method === 'sendChatAction' && Number(c.payload.chat_id) === chat.id);
    expect(typing.map((c) => c.payload.action)).toContain('typing');
  });

  it('still answers when Telegram refuses a draft', async () => {
    model(REPLY, { chunkDelayMs: 0 });
    telegram.failNext('sendMessageDraft', { error_code: 400, description: 'Bad Request: TEXTDRAFT_PEER_INVALID' });
    const calls = await ask({ id: nextChat++ }, QUESTION);
    expect(calls.find((c) => c.method === 'sendMessageDraft')?.ok).toBe(false);
    expect(calls.at(-1)!.method).toBe('sendMessage');
    expect(visibleText(calls.at(-1)!)).toContain(SECOND_SENTENCE);
  });

  it('never shows an invented figure, in a draft or in the answer', async () => {
    model(INVENTED);
    const calls = await ask({ id: nextChat++ }, QUESTION);
    const shown = calls.filter((c) => c.method === 'sendMessageDraft' || c.method === 'sendMessage');
    expect(shown.some((c) => c.method === 'sendMessageDraft')).toBe(true);
    for (const call of shown) expect(visibleText(call)).not.toContain('888');
    expect(visibleText(shown.at(-1)!)).toContain('202件');
  });
});

describe('in a group', () => {
  it('sends one plain draft message, edits it at most once a second, and ends with it as the answer', async () => {
    model(REPLY);
    const chat: Chat = { id: -nextChat++, userId: 6100, type: 'group' };
    const calls = await ask(chat, `@${BOT_USER.username} ${QUESTION}`);
    expect(calls.filter((c) => c.method === 'sendMessageDraft')).toEqual([]);
    const sends = calls.filter((c) => c.method === 'sendMessage');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.payload.parse_mode).toBeUndefined();
    expect(sends[0]!.payload.reply_parameters).toBeDefined();
    expect(String(sends[0]!.payload.text)).toContain(FIRST_SENTENCE);
    expect(String(sends[0]!.payload.text)).not.toContain('9人次');
    const edits = calls.filter((c) => c.method === 'editMessageText');
    expect(edits.length).toBeGreaterThanOrEqual(1);
    const elapsedSeconds = (edits.at(-1)!.at - sends[0]!.at) / 1000;
    expect(edits.length).toBeLessThanOrEqual(elapsedSeconds + 1);
    const final = edits.at(-1)!;
    expect(final).toBe(calls.at(-1));
    expect(final.payload.parse_mode).toBe('HTML');
    expect(visibleText(final)).toContain(SECOND_SENTENCE);
    expect(JSON.stringify(final.payload.reply_markup)).toContain('p:');
    expect(telegram.violations).toEqual([]);
  });
});

describe('a draft message that can no longer be edited', () => {
  it('is deleted and the answer sent as usual', async () => {
    model(`${FIRST_SENTENCE}[1]。`);
    telegram.failNext('editMessageText', { error_code: 400, description: 'Bad Request: message to edit not found' });
    const chat: Chat = { id: -nextChat++, userId: 6101, type: 'group' };
    const calls = await ask(chat, `@${BOT_USER.username} ${QUESTION}`);
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'editMessageText', 'deleteMessage', 'sendMessage']);
    expect(calls[2]!.payload.message_id).toBe(calls[1]!.payload.message_id);
    expect(calls[3]!.payload.parse_mode).toBe('HTML');
    expect(visibleText(calls[3]!)).toContain(FIRST_SENTENCE);
  });
});

describe('the daily model budget', () => {
  it('is each Telegram user’s own', async () => {
    model(REPLY, { chunkDelayMs: 0, usage: { prompt_tokens: DAILY_TOKENS, completion_tokens: 10 } });
    const spender: Chat = { id: nextChat++ };
    await ask(spender, QUESTION);
    const spent = await ask(spender, QUESTION);
    expect(visibleText(spent.at(-1)!)).toContain(`每人 ${DAILY_TOKENS} tokens 的上限`);
    const other = await ask({ id: nextChat++ }, QUESTION);
    expect(visibleText(other.at(-1)!)).not.toContain('上限');
  });
});
