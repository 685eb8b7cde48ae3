/**
 * createBot in-process against the stand-in: who the bot answers when an allowlist is
 * configured (botInfo injected, updates handed over directly), and webhook mode.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import { renderAnswerChart } from '../../src/chart/index.js';
import type { BotDeps } from '../../src/bot/context.js';
import { createBot } from '../../src/bot/bot.js';
import type { BotContext } from '../../src/bot/context.js';
import { startBot } from '../../src/bot/run.js';
import { loadConfig, type Config } from '../../src/config.js';
import { Library } from '../../src/index/library.js';
import { createLogger } from '../../src/logger.js';
import { processState } from '../../src/state/bot-state.js';
import { freePort } from '../support/free-port.js';
import { BOT_USER, TelegramStandIn, type Chat } from '../support/telegram-standin.js';

const ALLOWED_USER = 11;
const ADMIN = 99;
const ALLOWED_GROUP = -500;

let standIn: TelegramStandIn;
let bot: Bot<BotContext>;
let tmp: string;
let shared: Omit<BotDeps, 'config'>;

function configFor(env: Record<string, string>): Config {
  return loadConfig({
    TELEGRAM_BOT_TOKEN: standIn.token,
    TELEGRAM_API_ROOT: standIn.apiRoot,
    VECTORSTORE_DIR: path.join(tmp, 'vectorstore'),
    DATA_DIR: path.join(tmp, 'data'),
    ...env,
  });
}

async function deliver(chat: Chat, send: (chat: Chat) => unknown) {
  const before = standIn.calls.length;
  send(chat);
  for (const update of standIn.takeUpdates()) await bot.handleUpdate(update as never);
  return standIn.calls.slice(before);
}

const textsOf = (calls: { method: string; payload: Record<string, any> }[]) =>
  calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text)).join('\n');

beforeAll(async () => {
  standIn = await TelegramStandIn.start();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bot-access-'));
  const config = configFor({ ALLOWED_USER_IDS: String(ALLOWED_USER), ALLOWED_CHAT_IDS: String(ALLOWED_GROUP), ADMIN_USER_IDS: String(ADMIN) });
  const logger = createLogger('silent');
  const library = await Library.open(config, logger);
  const answers = createAnswerService({ config, logger, library });
  shared = { logger, shelf: library.shelf, answers, charts: { render: renderAnswerChart }, state: processState(config, logger) };
  bot = createBot({ config, ...shared, botInfo: { ...BOT_USER, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true, can_connect_to_business: false, has_main_web_app: false } as never }).bot;
}, 60_000);

afterAll(async () => {
  await standIn.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('allowlist', () => {
  it('answers listed users, admins and members of listed chats', async () => {
    expect(textsOf(await deliver({ id: ALLOWED_USER }, (c) => standIn.sendText(c, '/help')))).toContain('/compare');
    expect(textsOf(await deliver({ id: ADMIN }, (c) => standIn.sendText(c, '/help')))).toContain('/compare');
    const group: Chat = { id: ALLOWED_GROUP, userId: 12345, type: 'group' };
    expect(textsOf(await deliver(group, (c) => standIn.sendText(c, '/help')))).toContain('/compare');
  });

  it('politely refuses anyone else, buttons included', async () => {
    const stranger: Chat = { id: 777 };
    expect(textsOf(await deliver(stranger, (c) => standIn.sendText(c, '阳山县2024年一共受理了多少件法律援助案件？')))).toContain('只对授权用户开放');
    const pressed = await deliver(stranger, (c) => standIn.pressButton(c, 1, 's:ffffff'));
    expect(pressed.find((c) => c.method === 'answerCallbackQuery')?.payload.text).toContain('只对授权用户开放');
    const strangerInGroup: Chat = { id: -600, userId: 778, type: 'group' };
    expect(await deliver(strangerInGroup, (c) => standIn.sendText(c, '今天开会'))).toEqual([]);
  });

  it('answers inline queries of listed users only', async () => {
    const allowed = await deliver({ id: ALLOWED_USER }, (c) => standIn.sendInlineQuery(c, '阳山 法律援助案件'));
    const results = allowed.find((c) => c.method === 'answerInlineQuery')?.payload.results as { input_message_content: { message_text: string } }[];
    expect(results[0]?.input_message_content.message_text).toContain('202');
    const refused = await deliver({ id: 777 }, (c) => standIn.sendInlineQuery(c, '阳山 法律援助案件'));
    expect(refused.find((c) => c.method === 'answerInlineQuery')?.payload.results).toEqual([]);
  });
});

describe('webhook mode', () => {
  it('registers the webhook with a secret and answers updates posted to it', async () => {
    const url = `http://127.0.0.1:${await freePort()}/hook`;
    const config = configFor({ TELEGRAM_WEBHOOK_URL: url });
    const state = processState(config, shared.logger);
    const stop = await startBot(createBot({ config, ...shared, state }), config, state, shared.logger);
    try {
      const registered = standIn.callsOf('setWebhook').at(-1)!.payload;
      expect(registered.url).toBe(url);
      const chat: Chat = { id: 4242 };
      standIn.sendText(chat, '/reports');
      const [update] = standIn.takeUpdates();
      const post = (secret: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) });
      expect((await post('wrong')).status).toBe(401);
      expect((await post(registered.secret_token)).status).toBe(200);
      const sent = await standIn.waitFor(() => standIn.sentTo(chat.id)[0], 10_000, 'the webhook reply');
      expect(sent.text).toContain('已收录 5 份报告');
    } finally {
      await stop();
    }
  });
});
