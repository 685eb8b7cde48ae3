/**
 * Whole-process figures of the compiled program, as a user meets them: `npm run -s cli -- ask` with
 * a saved index, `npm start` until the bot polls and until its first answer, and a burst of 500
 * questions from 100 group chats (300 facts, 100 summaries, 100 comparisons with charts) against
 * the loopback Bot API stand-in: time to each text answer, and whether every chart came.
 * `npx tsx scripts/bench-bot.ts` prints them; `npm run bench` calls `benchBot()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { programEnv } from './program-env.js';
import { once } from 'node:events';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../src/config.js';
import { TelegramStandIn, type Chat } from '../test/support/telegram-standin.js';
import { percentile } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUESTION = '阳山县2024年受理了多少件法律援助案件？';
const FACTS = [QUESTION, '慈溪市2021年行政复议发案量是多少？', '梁平区人民调解协议履行率是多少', '镜湖区对社区矫正对象训诫了多少人次？', '麻章区办理了多少件法律援助案件？'];
const SUMMARIES = ['/summary 慈溪', '/summary 梁平', '/summary 阳山', '/summary 镜湖', '/summary 麻章'];
/** Comparisons whose answers carry a chart (two or more measures both reports give). */
const COMPARES = ['/compare 阳山 梁平', '/compare 阳山 梁平 人民调解', '/compare 阳山 镜湖 法律援助'];

interface Workspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A copy of the reports and a saved index, as after `npm install` and a first start. */
async function workspace(): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-bot-'));
  await cp(path.join(projectRoot, 'reports'), path.join(dir, 'reports'), { recursive: true });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REPORTS_DIR: path.join(dir, 'reports'),
    VECTORSTORE_DIR: path.join(dir, 'vectorstore'),
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'warn',
  };
  spawnSync(process.execPath, ['dist/cli.js', 'ingest'], { cwd: projectRoot, env, stdio: 'ignore' });
  return { dir, env };
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** Wall time of `npm run -s cli -- ask "…"`, the whole process. */
function cliAsk(ws: Workspace): number {
  const started = performance.now();
  const run = spawnSync('npm', ['run', '-s', 'cli', '--', 'ask', QUESTION], { cwd: projectRoot, env: ws.env, encoding: 'utf8' });
  if (!run.stdout.includes('202')) throw new Error(`cli ask gave no answer: ${run.stderr}`);
  return performance.now() - started;
}

/** `npm start` against the stand-in: ms until the first poll, and until the answer to a question sent at once. */
async function botStart(ws: Workspace, standIn: TelegramStandIn): Promise<{ pollMs: number; answerMs: number }> {
  const chat: Chat = { id: 4_000_000 + Math.floor(Math.random() * 1e6) };
  const pollsBefore = standIn.polls;
  const sentBefore = standIn.sent.length;
  const started = performance.now();
  standIn.sendText(chat, QUESTION);
  const bot = spawn('npm', ['start'], { cwd: projectRoot, env: { ...ws.env, TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.apiRoot }, stdio: 'ignore' });
  try {
    await standIn.waitFor(() => standIn.polls > pollsBefore, 60_000, 'first poll');
    const pollMs = performance.now() - started;
    await standIn.waitFor(() => standIn.sent.slice(sentBefore).some((s) => s.chatId === chat.id), 60_000, 'first answer');
    return { pollMs, answerMs: performance.now() - started };
  } finally {
    await stop(bot);
  }
}

async function stop(bot: ChildProcess): Promise<void> {
  if (bot.exitCode !== null || bot.signalCode !== null) return;
  const exited = once(bot, 'exit');
  bot.kill('SIGTERM');
  await exited;
}

export interface BurstFigures {
  readonly questions: number;
  readonly textP50: number;
  readonly textP95: number;
  readonly chartsAsked: number;
  readonly chartsDelivered: number;
  readonly seconds: number;
}

/** 100 group chats, 5 questions each, all sent at once; answers are matched to questions by the message they quote. */
async function burst(ws: Workspace, standIn: TelegramStandIn): Promise<BurstFigures> {
  const env = { ...ws.env, TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.apiRoot, RATE_LIMIT_PER_MINUTE: '100' };
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const bot = spawn(process.execPath, [...profile, 'dist/main.js'], { cwd: projectRoot, env: programEnv(env), stdio: 'ignore' });
  try {
    const polls = standIn.polls;
    await standIn.waitFor(() => standIn.polls > polls, 60_000, 'bot polling');
    const asked: { chatId: number; messageId: number; at: number; chart: boolean }[] = [];
    for (let c = 0; c < 100; c++) {
      const chat: Chat = { id: -(5_000_000 + c), userId: 6_000_000 + c, type: 'group' };
      for (let q = 0; q < 5; q++) {
        const n = c * 5 + q;
        const kind = n % 5 < 3 ? 'fact' : n % 5 === 3 ? 'summary' : 'compare';
        const text = kind === 'fact' ? `/ask ${FACTS[n % FACTS.length]}` : kind === 'summary' ? SUMMARIES[n % SUMMARIES.length]! : COMPARES[n % COMPARES.length]!;
        const at = performance.now();
        const update = standIn.sendText(chat, text);
        asked.push({ chatId: chat.id, messageId: standIn.messageIdOf(update)!, at, chart: kind !== 'fact' });
      }
    }
    const started = asked[0]!.at;
    // What the bot sent, indexed as it comes: rescanning every message at each call the bot makes
    // took seconds of CPU from this process, which shares the two cores with the bot it measures.
    const texts = new Map<string, number>();
    const photos = new Set<string>();
    let seen = 0;
    const keyOf = (chatId: number, replyTo: number | undefined) => `${chatId}:${replyTo}`;
    const absorb = () => {
      for (; seen < standIn.sent.length; seen++) {
        const s = standIn.sent[seen]!;
        const key = keyOf(s.chatId, s.replyTo);
        if (s.method === 'sendMessage' && !texts.has(key)) texts.set(key, s.at);
        if (s.method === 'sendPhoto') photos.add(key);
      }
    };
    const answered = (q: (typeof asked)[number]) => texts.get(keyOf(q.chatId, q.messageId));
    const charted = (q: (typeof asked)[number]) => photos.has(keyOf(q.chatId, q.messageId));
    let waiting = [...asked];
    try {
      await standIn.waitFor(() => {
        absorb();
        waiting = waiting.filter((q) => answered(q) === undefined || (q.chart && !charted(q)));
        return waiting.length === 0;
      }, 60_000, 'every answer and chart');
    } catch (error) {
      const sample = waiting.slice(0, 3).map((q) => standIn.sent.filter((s) => s.chatId === q.chatId).map((s) => `${s.method}:${s.replyTo}:${s.text.slice(0, 40)}`));
      throw new Error(`${waiting.length} of ${asked.length} questions without their answer or chart, e.g. ${JSON.stringify(sample)}`, { cause: error });
    }
    const times = asked.map((q) => answered(q)! - q.at);
    return {
      questions: asked.length,
      textP50: percentile(times, 0.5),
      textP95: percentile(times, 0.95),
      chartsAsked: asked.filter((q) => q.chart).length,
      chartsDelivered: asked.filter((q) => q.chart && charted(q)).length,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await stop(bot);
  }
}

export interface BotFigures {
  readonly cliAskMs: number;
  readonly pollMs: number;
  readonly firstAnswerMs: number;
  readonly burst: BurstFigures;
}

export async function benchBot(): Promise<BotFigures> {
  const ws = await workspace();
  const standIn = await TelegramStandIn.start();
  try {
    cliAsk(ws); // warm the disk cache
    const cli = Array.from({ length: RUNS }, () => cliAsk(ws));
    const starts: { pollMs: number; answerMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) starts.push(await botStart(ws, standIn));
    return {
      cliAskMs: median(cli),
      pollMs: median(starts.map((s) => s.pollMs)),
      firstAnswerMs: median(starts.map((s) => s.answerMs)),
      burst: await burst(ws, standIn),
    };
  } finally {
    await standIn.close();
    await rm(ws.dir, { recursive: true, force: true });
  }
}

export function printBotFigures(f: BotFigures): void {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`cli ask, whole process    ${ms(f.cliAskMs)} (median of ${RUNS}, saved index of 5 reports)`);
  console.log(`npm start to first poll   ${ms(f.pollMs)}`);
  console.log(`npm start to first answer ${ms(f.firstAnswerMs)} (question waiting when it starts)`);
  const b = f.burst;
  console.log(`burst of ${b.questions} from 100 chats  text p50 ${ms(b.textP50)}  p95 ${ms(b.textP95)}  charts ${b.chartsDelivered}/${b.chartsAsked}  all done in ${b.seconds.toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printBotFigures(await benchBot());
