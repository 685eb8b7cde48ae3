/**
 * Webhook deliveries to workers in this process (createBot + startBot on their own ports) against
 * the loopback Bot API: a repeated delivery of an update is answered once, whether it reaches the
 * other worker at the same time or comes back later, with state in the real Redis or (one worker)
 * in the process; both workers count one rate limit and keep one inline cache; while Redis is
 * unreachable updates are refused (503) so Telegram delivers them again, and they are answered
 * once it is back. The Redis suites are skipped, with the reason printed, without Redis.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import { createBot } from '../../src/bot/bot.js';
import { renderAnswerChart } from '../../src/chart/index.js';
import { startBot, type StopBot } from '../../src/bot/run.js';
import { WebhookPortError, webhookSecret } from '../../src/bot/webhook.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { processState, type BotState } from '../../src/state/bot-state.js';
import { redisState } from '../../src/state/redis-state.js';
import { openTestLibrary } from '../support/library.js';
import { freePort } from '../support/free-port.js';
import { dropKeys, inspector, redisSkipReason, testKeyPrefix, TEST_REDIS_URL } from '../support/redis.js';
import { TelegramStandIn, type Chat } from '../support/telegram-standin.js';

const SUITE = 'test/bot/webhook.test.ts (webhook deliveries answered once)';
const skipReason = await redisSkipReason(SUITE);
const QUESTION = '阳山县2024年一共受理了多少件法律援助案件？';
const RATE_LIMIT = 3;
const logger = createLogger('silent');

let standIn: TelegramStandIn;
let tmp: string;
const running: { stop: StopBot; state: BotState }[] = [];

/** A worker listening on its own port, its state where `stateFor` keeps it. */
async function startWorker(extraEnv: Record<string, string>, stateFor: (config: ReturnType<typeof loadConfig>) => Promise<BotState> | BotState) {
  const port = await freePort();
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: standIn.token,
    TELEGRAM_API_ROOT: standIn.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook',
    WEBHOOK_PORT: String(port),
    DATA_DIR: path.join(tmp, `data-${port}`),
    LOG_LEVEL: 'silent',
    ...extraEnv,
  });
  const listenPort = config.telegram.webhookPort;
  const library = await openTestLibrary();
  const state = await stateFor(config);
  const bot = createBot({ config, logger, answers: createAnswerService({ config, logger, library }), shelf: library.shelf, charts: { render: renderAnswerChart }, state });
  running.push({ stop: await startBot(bot, config, state, logger), state });
  return `http://127.0.0.1:${listenPort}/hook`;
}

async function post(url: string, update: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret(standIn.token) },
    body: JSON.stringify(update),
  });
  return response.status;
}

function questionUpdate(chat: Chat): unknown {
  standIn.sendText(chat, QUESTION);
  return standIn.takeUpdates()[0];
}

const answersIn = (chat: Chat) => standIn.callsOf('sendMessage').filter((c) => Number(c.payload.chat_id) === chat.id && c.ok).length;

beforeAll(async () => {
  standIn = await TelegramStandIn.start();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bot-webhook-'));
}, 120_000);

afterAll(async () => {
  for (const { stop, state } of running) {
    await stop();
    await state.close();
  }
  await standIn?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('one worker with its state in the process', () => {
  it('answers a repeat that arrives while it still handles the update once', async () => {
    const url = await startWorker({}, (config) => processState(config, logger));
    const chat: Chat = { id: 3001 };
    const update = questionUpdate(chat);
    expect(await Promise.all([post(url, update), post(url, update)])).toEqual([200, 200]);
    expect(await post(url, update)).toBe(200);
    expect(answersIn(chat)).toBe(1);
  });

  it('stops the start with a message naming WEBHOOK_PORT when the port is taken', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    try {
      const error = await startWorker({ WEBHOOK_PORT: String(port) }, (config) => processState(config, logger)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookPortError);
      expect((error as Error).message).toMatch(new RegExp(`port ${port} \\(EADDRINUSE\\): set WEBHOOK_PORT`));
    } finally {
      taken.close();
    }
  });
});

describe.skipIf(skipReason !== undefined)('two workers sharing Redis', () => {
  const keyPrefix = testKeyPrefix();
  let workers: string[];
  let redis: Redis;

  beforeAll(async () => {
    redis = inspector();
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) };
    workers = [await startWorker(env, (config) => redisState(config.redis!, logger)), await startWorker(env, (config) => redisState(config.redis!, logger))];
  }, 60_000);

  afterAll(async () => {
    await dropKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it('answers an update delivered to both workers at once a single time, and a later repeat not again', async () => {
    const chat: Chat = { id: 3002 };
    const update = questionUpdate(chat);
    expect(await Promise.all([post(workers[0]!, update), post(workers[1]!, update)])).toEqual([200, 200]);
    expect(answersIn(chat)).toBe(1);
    expect(await post(workers[1]!, update)).toBe(200);
    expect(await post(workers[0]!, update)).toBe(200);
    expect(answersIn(chat)).toBe(1);
  });

  it('counts a user’s messages on both workers against one rate limit', async () => {
    const chat: Chat = { id: 3004 };
    const replies: string[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      standIn.sendText(chat, '/help');
      const before = standIn.sentTo(chat.id).length;
      expect(await post(workers[i % 2]!, standIn.takeUpdates()[0])).toBe(200);
      replies.push(standIn.sentTo(chat.id).slice(before).map((s) => s.text).join('\n'));
    }
    expect(replies.slice(0, RATE_LIMIT).every((text) => text.includes('/compare'))).toBe(true);
    expect(replies[RATE_LIMIT]).toContain('你发得太快了');
  });

  it('keeps an inline answer in Redis for a minute, the same on either worker', async () => {
    standIn.sendInlineQuery({ id: 3005 }, '阳山 法律援助案件');
    expect(await post(workers[0]!, standIn.takeUpdates()[0])).toBe(200);
    standIn.sendInlineQuery({ id: 3006 }, '阳山 法律援助案件');
    expect(await post(workers[1]!, standIn.takeUpdates()[0])).toBe(200);
    const [first, second] = standIn.inlineAnswers.slice(-2);
    expect(second!.results).toEqual(first!.results);
    const [key] = await redis.keys(`${keyPrefix}cache:inline:*`);
    expect(await redis.pttl(key!)).toBeGreaterThan(0);
    expect(await redis.pttl(key!)).toBeLessThanOrEqual(60_000);
  });
});

/** A TCP relay in front of Redis that can be cut and restored, as a network failure would. */
class RedisRelay {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  constructor(readonly port: number) {}

  async open(): Promise<void> {
    const { hostname, port } = new URL(TEST_REDIS_URL);
    this.server = createServer((client) => {
      const upstream = connect(Number(port || 6379), hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket)).on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    }).listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe.skipIf(skipReason !== undefined)('a worker whose Redis goes away', () => {
  const keyPrefix = testKeyPrefix();
  let relay: RedisRelay;
  let worker: string;

  beforeAll(async () => {
    relay = new RedisRelay(await freePort());
    await relay.open();
    const env = { REDIS_URL: `redis://127.0.0.1:${relay.port}`, REDIS_KEY_PREFIX: keyPrefix };
    worker = await startWorker(env, (config) => redisState(config.redis!, logger));
  }, 60_000);

  afterAll(async () => {
    await relay.cut();
    const redis = inspector();
    await dropKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it('refuses updates (503, nothing answered) while Redis is unreachable and answers them once it is back', async () => {
    const chat: Chat = { id: 3003 };
    const update = questionUpdate(chat);
    await relay.cut();
    expect(await post(worker, update)).toBe(503);
    expect(answersIn(chat)).toBe(0);
    await relay.open();
    let status = 503;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // Telegram's back-off, shortened
      status = await post(worker, update);
    }
    expect(status).toBe(200);
    expect(answersIn(chat)).toBe(1);
  });
});
