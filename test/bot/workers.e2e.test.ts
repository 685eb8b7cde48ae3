/**
 * Two bot workers (`dist/main.js` as two processes) behind one webhook, sharing state in the real
 * Redis, fed by a loopback forwarder that plays Telegram: one chat's conversation moves freely
 * between the workers, and a burst survives one worker killed mid-way with every update answered
 * exactly once. Skipped, with the reason printed, when Redis cannot be reached.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { checkTelegramHtml } from '../support/telegram-html.js';
import { openTestLibrary, sharedIndexDir } from '../support/library.js';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, postgresMissing, type TestDatabase } from '../support/postgres.js';
import { dropKeys, inspector, redisSkipReason, testKeyPrefix, TEST_REDIS_URL } from '../support/redis.js';
import { TelegramStandIn, type Chat, type Sent } from '../support/telegram-standin.js';
import { WebhookForwarder } from '../support/webhook-forwarder.js';
import { WorkerProcess } from '../support/worker-process.js';

const SUITE = 'test/bot/workers.e2e.test.ts (two webhook workers sharing Redis)';
const skipReason = await redisSkipReason(SUITE);
// The corpus is in PostgreSQL when a server answers (both workers ingest the folder at once), else in each worker.
const postgresAbsent = await postgresMissing();
if (postgresAbsent && !skipReason) console.warn(`${SUITE}: each worker serves its own index: ${postgresAbsent}`);

const FACT_QUESTION = '阳山县2024年一共受理了多少件法律援助案件？';
const BURST_QUESTIONS = [FACT_QUESTION, '慈溪市2021年行政复议发案量是多少？', '梁平区人民调解协议履行率是多少', '镜湖区对社区矫正对象训诫了多少人次？'];
const BURST_SIZE = 30;

let standIn: TelegramStandIn;
let workers: WorkerProcess[];
let forwarder: WebhookForwarder;
let redis: Redis;
let tmp: string;
let database: TestDatabase | undefined;
const keyPrefix = testKeyPrefix();

const visible = (sent: Sent) => (sent.html ? checkTelegramHtml(sent.text).visible : sent.text);
const sendMessagesTo = (chatId: number) => standIn.callsOf('sendMessage').filter((c) => Number(c.payload.chat_id) === chatId && c.ok).length;
const handledBy = (updateId: number) => workers.flatMap((w, i) => (w.handled().includes(updateId) ? [i] : []));
/** The workers whose log says they handled the update (the log line may trail the acknowledgement). */
const loggedBy = (updateId: number) => standIn.waitFor(() => handledBy(updateId).length > 0 && handledBy(updateId), 10_000, `the log of update ${updateId}`);

/** Queues what the user does at the stand-in and hands the resulting update to the forwarder. */
function deliver(act: () => number, to?: number) {
  act();
  const [update] = standIn.takeUpdates();
  return forwarder.deliver(update!, to);
}

describe.skipIf(skipReason !== undefined)('two webhook workers sharing state in Redis and the corpus in PostgreSQL', () => {
  beforeAll(async () => {
    await openTestLibrary(); // the index both workers load, built once
    standIn = await TelegramStandIn.start();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bot-workers-'));
    redis = inspector();
    const ports = [await freePort(), await freePort()];
    database = postgresAbsent ? undefined : await createTestDatabase();
    const env = (i: number): NodeJS.ProcessEnv => ({
      TELEGRAM_BOT_TOKEN: standIn.token,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
      WEBHOOK_PORT: String(ports[i]),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      // The killed worker's chats resume after this; renewed every second, which a loaded machine still keeps.
      REDIS_LEASE_MS: '3000',
      REPORTS_DIR: path.join(projectRoot, 'reports'),
      VECTORSTORE_DIR: indexDir,
      DATA_DIR: path.join(tmp, `data-${i}`),
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const indexDir = await sharedIndexDir();
    workers = await Promise.all([0, 1].map((i) => WorkerProcess.start(`worker ${i}`, env(i), () => standIn.wake())));
    const [registration] = standIn.callsOf('setWebhook');
    forwarder = new WebhookForwarder(
      ports.map((port) => `http://127.0.0.1:${port}/telegram/hook`),
      String(registration!.payload.secret_token),
    );
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers ?? []) {
      for (const line of worker.errors()) console.error(`${worker.name} error log:`, JSON.stringify(line));
      await worker.stop('SIGKILL');
    }
    await standIn?.close();
    if (redis) {
      await dropKeys(redis, keyPrefix);
      redis.disconnect();
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
    await database?.drop();
  });

  it('registers the webhook once for both workers, with a secret', () => {
    const registrations = standIn.callsOf('setWebhook');
    expect(registrations).toHaveLength(1);
    expect(registrations[0]!.payload.url).toBe('https://bot.example.org/telegram/hook');
    expect(String(registrations[0]!.payload.secret_token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a follow-up on the other worker from the context the first worker stored, and a 原文 button there too', async () => {
    const chat: Chat = { id: 5001 };
    const first = await deliver(() => standIn.sendText(chat, FACT_QUESTION), 0);
    const [answer] = standIn.sentTo(chat.id);
    expect(answer!.text).toContain('202');

    const followUp = await deliver(() => standIn.sendText(chat, '那梁平区呢？'), 1);
    expect(await loggedBy(first.updateId)).toEqual([0]);
    expect(await loggedBy(followUp.updateId)).toEqual([1]);
    expect(standIn.sentTo(chat.id).at(-1)!.text).toContain('627');

    const passageButton = answer!.buttons.find((data) => data.startsWith('p:'))!;
    const press = await deliver(() => standIn.pressButton(chat, answer!.messageId, passageButton), 1);
    expect(await loggedBy(press.updateId)).toEqual([1]);
    const pressed = standIn.callsOf('answerCallbackQuery').find((c) => c.payload.callback_query_id === `cb${press.updateId}`);
    expect(pressed?.payload.text).toBeUndefined(); // not "expired": worker 1 found worker 0's answer
    const passage = standIn.sentTo(chat.id).at(-1)!;
    expect(visible(passage)).toContain('阳山县司法局');
    expect(visible(passage)).toContain('受理法律援助案件202件');
  });

  it('answers a burst exactly once per update while one worker is killed mid-way', async () => {
    const chats: Chat[] = Array.from({ length: BURST_SIZE }, (_, i) => ({ id: 6000 + i }));
    for (const [i, chat] of chats.entries()) standIn.sendText(chat, BURST_QUESTIONS[i % BURST_QUESTIONS.length]!);
    const deliveries = standIn.takeUpdates().map((update) => forwarder.deliver(update));
    const answeredChats = () => chats.filter((c) => sendMessagesTo(c.id) > 0).length;
    await standIn.waitFor(() => answeredChats() >= 5, 60_000, 'the first answers of the burst');
    expect(await workers[0]!.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const answeredAtKill = new Set(chats.filter((c) => sendMessagesTo(c.id) > 0).map((c) => c.id));

    const acknowledged = await Promise.all(deliveries);
    const counts = chats.map((c) => sendMessagesTo(c.id));
    const result = {
      sent: BURST_SIZE,
      answered: counts.filter((n) => n >= 1).length,
      duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      lost: counts.filter((n) => n === 0).length,
      deliveredAgain: acknowledged.filter((a) => a.attempts > 1).length,
      /** Answered by the killed worker, not acknowledged before it died, delivered to the other: acknowledged only. */
      deliveredAgainAfterAnswer: acknowledged.filter((a, i) => a.attempts > 1 && answeredAtKill.has(chats[i]!.id)).length,
    };
    console.log(`burst with worker 0 killed: ${JSON.stringify(result)}`);
    expect(result).toMatchObject({ answered: BURST_SIZE, lost: 0 });
    // The one update whose answer was on its way when the worker died may be answered twice: its record in Redis
    // went out just after the answer, and a reset connection can drop bytes Redis had not read yet. The kill here
    // follows an answer's arrival, which is that very instant; answering twice is chosen over never answering.
    const duplicated = chats.filter((_, i) => counts[i]! > 1);
    expect(duplicated.length).toBeLessThanOrEqual(1);
    for (const chat of duplicated) expect(answeredAtKill.has(chat.id)).toBe(true);
    expect(standIn.violations).toEqual([]);
    expect(acknowledged.every((a) => a.worker === 1 || a.attempts === 1)).toBe(true);
  }, 90_000);

  it('drains on SIGTERM: the update in hand is finished and acknowledged, then the worker exits 0', async () => {
    const chat: Chat = { id: 5002 };
    const delivered = deliver(() => standIn.sendText(chat, '/compare 阳山 梁平 人民调解'), 1);
    await standIn.waitFor(() => standIn.callsOf('sendChatAction').some((c) => Number(c.payload.chat_id) === chat.id), 30_000, 'the worker to start on it');
    const exited = workers[1]!.stop('SIGTERM');
    expect(await delivered).toMatchObject({ worker: 1, attempts: 1 });
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(standIn.sentTo(chat.id).map((s) => s.method)).toEqual(['sendMessage', 'sendPhoto']);
  }, 60_000);
});
