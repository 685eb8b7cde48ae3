/**
 * `npm run bench` (last part): webhook throughput and latency with 1 and 2 worker processes
 * sharing state in Redis, on the reports in reports/, fed by the loopback forwarder that plays
 * Telegram (round robin, a fixed number of updates in flight), answering through the loopback
 * Bot API; latency is from the first POST to the acknowledgement, which comes after the answer
 * is sent. Prints figures only; skipped (saying why) when Redis cannot be reached.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, projectRoot } from '../src/config.js';
import { Library } from '../src/index/library.js';
import { createLogger } from '../src/logger.js';
import { freePort } from '../test/support/free-port.js';
import { dropKeys, inspector, redisSkipReason, testKeyPrefix, TEST_REDIS_URL } from '../test/support/redis.js';
import { TelegramStandIn } from '../test/support/telegram-standin.js';
import { WebhookForwarder, type Acknowledged } from '../test/support/webhook-forwarder.js';
import { WorkerProcess } from '../test/support/worker-process.js';
import { percentile } from './stats.js';

const QUESTIONS_PER_RUN = 240;
const IN_FLIGHT = 16;
const WARM_UP = 8;
/** Answer kinds that are one message each (summaries and comparisons add a chart; chat cases need a context). */
const KINDS = new Set(['fact', 'none', 'quote', 'yesno', 'list', 'premise']);
const WEBHOOK_URL = 'https://bot.example.org/telegram/hook';

interface Run {
  readonly workers: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly startMs: number;
  readonly memory: readonly { rss: number; peak: number }[];
  /** CPU seconds the workers spent on the measured updates. */
  readonly workerCpu: number;
  /** Commands Redis processed per measured update (the whole server: other clients count too). */
  readonly redisCommands: number;
}

async function redisCommandCount(): Promise<number> {
  const redis = inspector();
  try {
    return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1]);
  } finally {
    redis.disconnect();
  }
}

async function questions(): Promise<string[]> {
  const lines = (await readFile(path.resolve(projectRoot, '../shared/eval/dev.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l) => JSON.parse(l) as { kind: string; q?: string }).flatMap((c) => (KINDS.has(c.kind) && c.q ? [c.q] : []));
}

/** Delivers the updates with at most `inFlight` unacknowledged at a time, as Telegram's max_connections does. */
async function deliverAll(forwarder: WebhookForwarder, updates: readonly Record<string, unknown>[], inFlight: number): Promise<Acknowledged[]> {
  const acknowledged: Acknowledged[] = [];
  let next = 0;
  const lane = async () => {
    while (next < updates.length) acknowledged.push(await forwarder.deliver(updates[next++]!));
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return acknowledged;
}

async function runWith(count: number, standIn: TelegramStandIn, indexDir: string, asked: readonly string[], chatBase: number): Promise<Run> {
  const keyPrefix = testKeyPrefix();
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const started = performance.now();
  const workers = await Promise.all(
    ports.map((port, i) =>
      WorkerProcess.start(`worker ${i}`, {
        TELEGRAM_BOT_TOKEN: standIn.token,
        TELEGRAM_API_ROOT: standIn.apiRoot,
        TELEGRAM_WEBHOOK_URL: WEBHOOK_URL,
        WEBHOOK_PORT: String(port),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
        REPORTS_DIR: path.join(projectRoot, 'reports'),
        VECTORSTORE_DIR: indexDir,
        DATA_DIR: path.join(indexDir, `data-${port}`),
      }),
    ),
  );
  const startMs = performance.now() - started;
  try {
    const secret = String(standIn.callsOf('setWebhook').at(-1)!.payload.secret_token);
    const forwarder = new WebhookForwarder(ports.map((port) => `http://127.0.0.1:${port}/telegram/hook`), secret);
    const updatesFor = (texts: readonly string[], base: number) => {
      texts.forEach((text, i) => standIn.sendText({ id: base + i }, text));
      return standIn.takeUpdates();
    };
    await deliverAll(forwarder, updatesFor(asked.slice(0, WARM_UP * count), chatBase), IN_FLIGHT);
    const measured = Array.from({ length: QUESTIONS_PER_RUN }, (_, i) => asked[i % asked.length]!);
    const workersCpu = async () => (await Promise.all(workers.map((w) => w.cpuSeconds()))).reduce((a, b) => a + b, 0);
    const [cpuBefore, commandsBefore] = [await workersCpu(), await redisCommandCount()];
    const began = performance.now();
    const acknowledged = await deliverAll(forwarder, updatesFor(measured, chatBase + 1_000), IN_FLIGHT);
    const seconds = (performance.now() - began) / 1000;
    const commands = (await redisCommandCount()) - commandsBefore;
    const latencies = acknowledged.map((a) => a.ms);
    return {
      workers: count,
      perSecond: acknowledged.length / seconds,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      startMs,
      memory: await Promise.all(workers.map((w) => w.memory())),
      workerCpu: (await workersCpu()) - cpuBefore,
      redisCommands: commands / acknowledged.length,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    const redis = inspector();
    await dropKeys(redis, keyPrefix);
    redis.disconnect();
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  console.log(`\n== webhook workers, state in Redis (${TEST_REDIS_URL})`);
  if (await redisSkipReason('bench-workers')) return;
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'bench-workers-'));
  const standIn = await TelegramStandIn.start();
  try {
    await Library.open(loadConfig({ REPORTS_DIR: path.join(projectRoot, 'reports'), VECTORSTORE_DIR: indexDir, LOG_LEVEL: 'silent' }), createLogger('silent'));
    const asked = await questions();
    console.log(`${QUESTIONS_PER_RUN} questions (${asked.length} distinct, one chat each) at ${IN_FLIGHT} in flight, on ${os.cpus().length} cores`);
    console.log('workers  updates/s  p50       p95       start    worker CPU/update  Redis cmds/update  RSS per worker (now / peak)');
    for (const [i, count] of [1, 2].entries()) {
      const run = await runWith(count, standIn, indexDir, asked, 100_000 * (i + 1));
      const memory = run.memory.map((m) => `${mb(m.rss)} / ${mb(m.peak)}`).join(', ');
      console.log(
        `${String(run.workers).padEnd(9)}${run.perSecond.toFixed(1).padEnd(11)}${`${run.p50.toFixed(0)} ms`.padEnd(10)}${`${run.p95.toFixed(0)} ms`.padEnd(10)}` +
          `${`${(run.startMs / 1000).toFixed(1)} s`.padEnd(9)}${`${((run.workerCpu / QUESTIONS_PER_RUN) * 1000).toFixed(1)} ms`.padEnd(19)}${run.redisCommands.toFixed(1).padEnd(19)}${memory}`,
      );
    }
    console.log('(the forwarder and Bot API stand-in run in this process on the same cores; a worker per free core is the most that helps)');
    if (standIn.violations.length > 0) console.log(`Bot API stand-in saw problems: ${standIn.violations.join('; ')}`);
  } finally {
    await standIn.close();
    await rm(indexDir, { recursive: true, force: true });
  }
}

await main();
