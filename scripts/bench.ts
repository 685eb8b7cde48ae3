/**
 * `npm run bench [-- --reports N] [-- --large M]`: the machine's cores; whole-process start, first
 * answer and a burst against the Bot API stand-in; ingest time per MB of one report; retrieval,
 * build, load, memory and adding one report on the real corpus and on synthetic corpora of N
 * (default 1000) and M (default 10000, 0 to skip) reports; chart render times. Figures only.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, projectRoot, type Config } from '../src/config.js';
import { Library } from '../src/index/library.js';
import { createLogger } from '../src/logger.js';
import { retrievalHit, retrieveFor } from '../src/evaluation/retrieval.js';
import { FULL_RETRIEVAL } from '../src/search/retriever.js';
import { plainEnv, programEnv } from './program-env.js';
import { percentile } from './stats.js';
import { makeSyntheticCorpus, sampleCases, type FactCase } from './synthetic-corpus.js';

interface DevCase {
  readonly kind: string;
  readonly q?: string;
  readonly region?: string;
  readonly expect?: readonly string[];
}

const logger = createLogger('silent');
const ROUNDS = 5;

function config(reportsDir: string, vectorstoreDir: string): Config {
  return loadConfig({ REPORTS_DIR: reportsDir, VECTORSTORE_DIR: vectorstoreDir, LOG_LEVEL: 'silent' });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await dirSize(full) : (await stat(full)).size;
  }
  return total;
}

async function latencies(library: Library, questions: readonly string[], rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (const q of questions) await retrieveFor(library.index, q, FULL_RETRIEVAL, 8); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const question of questions) {
      const [, ms] = await timed(() => retrieveFor(library.index, question, FULL_RETRIEVAL, 8));
      times.push(ms);
    }
  }
  return times;
}

async function hitRates(library: Library, cases: readonly FactCase[]): Promise<{ at1: number; at5: number; n: number }> {
  let at1 = 0;
  let at5 = 0;
  for (const c of cases) {
    const rank = retrievalHit(await retrieveFor(library.index, c.q, FULL_RETRIEVAL, 5), c.expect, c.region);
    if (rank === 1) at1++;
    if (rank !== undefined && rank <= 5) at5++;
  }
  return { at1: at1 / cases.length, at5: at5 / cases.length, n: cases.length };
}

/**
 * Index load in a fresh process, as at the start of the bot: [load ms, whole process ms]. When the
 * code changed meanwhile the fresh process rebuilds instead; it is then run once more.
 */
interface ColdStart {
  readonly ms: number;
  readonly builtAt: string;
  /** Peak RSS of the fresh process after loading and one query: what the bot holds to serve. */
  readonly rss: number;
  readonly processMs: number;
  /** Index load of a process started by plain `node`, without the environment `npm start` gives it. */
  readonly plainMs: number;
}

async function coldStart(reportsDir: string, store: string, builtAt: string, retried = false): Promise<ColdStart> {
  const child = await startChild(reportsDir, store);
  if (child.builtAt !== builtAt && !retried) return coldStart(reportsDir, store, child.builtAt, true);
  return { ...child, plainMs: (await startChild(reportsDir, store, plainEnv())).ms };
}

type ChildStart = Omit<ColdStart, 'plainMs'>;

/** A fresh process that opens the library as the bot does at start (and waits for what it saves in the background). */
async function startChild(reportsDir: string, store: string, env = programEnv()): Promise<ChildStart> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/bench-child.mjs', 'load', reportsDir, store], { cwd: projectRoot, env });
  const child = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<ChildStart, 'processMs'>;
  return { ...child, processMs: performance.now() - started };
}

/** Start-up after the reports folder changed while the bot was stopped: one report file removed, then put back. */
async function printFolderChangeStarts(reportsDir: string, store: string, file: string): Promise<void> {
  const aside = path.join(store, '..', `${path.basename(store)}-${file}`);
  await rename(path.join(reportsDir, file), aside);
  const removed = await startChild(reportsDir, store);
  console.log(`start, one file removed  index load ${ms(removed.ms)} (the report taken out of the saved index, not rebuilt)`);
  await rename(aside, path.join(reportsDir, file));
  const added = await startChild(reportsDir, store);
  console.log(`start, one file added    index load ${ms(added.ms)} (the report ingested into the saved index, not rebuilt)`);
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The build in a process of its own (`npm run ingest` does the same), for its time and its peak memory alone. */
async function freshBuild(reportsDir: string, store: string): Promise<{ ms: number; rss: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/bench-child.mjs', 'build', reportsDir, store], { cwd: projectRoot, env: programEnv(), maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; rss: number };
}

/** `extra`: a report file outside the folder, uploaded once the library is built (what an admin upload does). */
async function benchCorpus(label: string, reportsDir: string, cases: readonly FactCase[], questions: readonly string[], extra?: string): Promise<void> {
  const store = await mkdtemp(path.join(os.tmpdir(), 'bench-index-'));
  try {
    const build = await freshBuild(reportsDir, store);
    const built = await Library.open(config(reportsDir, store), logger);
    const cold = await coldStart(reportsDir, store, built.index.builtAt);
    const times = await latencies(built, questions, questions.length > 100 ? 1 : ROUNDS);
    const hits = await hitRates(built, cases);
    const count = built.index.reports.length;
    console.log(`\n== ${label}: ${count} reports, ${built.index.chunks.length} chunks, embedder ${built.index.embedder}, ${os.availableParallelism()} cores`);
    console.log(`ingest + index build   ${ms(build.ms)} (${(count / (build.ms / 1000)).toFixed(1)} reports/s), peak RSS ${mb(build.rss)}`);
    console.log(`cold start             index load ${ms(cold.ms)} (${ms(cold.plainMs)} started by plain node), whole new process ${ms(cold.processMs)}, serving RSS ${mb(cold.rss)}`);
    const generation = (await readFile(path.join(store, 'CURRENT'), 'utf8')).trim();
    console.log(`index size on disk     ${mb(await dirSize(path.join(store, generation)))}`);
    console.log(`query latency          p50 ${ms(percentile(times, 0.5))}  p95 ${ms(percentile(times, 0.95))}  (${times.length} queries)`);
    console.log(`fact retrieval         hit@1 ${pct(hits.at1)}  hit@5 ${pct(hits.at5)}  (${hits.n} questions)`);
    if (extra) {
      const [outcome, addMs] = await timed(async () => built.shelf.upload(path.basename(extra), await readFile(extra)));
      console.log(`add one report         ${ms(addMs)} (${outcome.kind}, to ${count} reports; answerable from then on; ${await savedAfter(built)})`);
      const [replaced, replaceMs] = await timed(() => replaceOne(built, reportsDir, path.basename(extra)));
      console.log(`replace one report     ${ms(replaceMs)} (${replaced}; answerable from then on; ${await savedAfter(built)})`);
      await printFolderChangeStarts(reportsDir, store, path.basename(extra));
      const [, removeMs] = await timed(() => built.shelf.remove(path.basename(extra)));
      console.log(`remove one report      ${ms(removeMs)} (as /remove does: kept as a version, out of the folder and the index; ${await savedAfter(built)})`);
    }
  } finally {
    await rm(store, { recursive: true, force: true });
  }
}

/** How long the change's background save went on after it was answerable. */
async function savedAfter(library: Library): Promise<string> {
  const [, saveMs] = await timed(() => library.saved());
  return `saved in the background ${ms(saveMs)} later`;
}

/** Uploads a changed copy of a served report over it and confirms the replacement, as an admin does. */
async function replaceOne(library: Library, reportsDir: string, file: string): Promise<string> {
  const text = await readFile(path.join(reportsDir, file), 'utf8');
  const outcome = await library.shelf.upload(file, Buffer.from(`${text}\n（更正）`));
  if (outcome.kind !== 'conflict') return outcome.kind;
  return (await library.shelf.replaceWith(outcome.version.hash.slice(0, 12))).file;
}

/** A synthetic corpus of `count` reports, plus one more kept aside for the add-one figure. */
async function benchSynthetic(count: number): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-synthetic-'));
  try {
    const [corpus, makeMs] = await timed(() => makeSyntheticCorpus(path.join(tmp, 'reports'), count + 1));
    const last = (await readdir(corpus.dir)).filter((f) => f !== 'manifest.json').sort().pop()!;
    const extra = path.join(tmp, last);
    await rename(path.join(corpus.dir, last), extra);
    console.log(`\nsynthetic corpus of ${count} reports written in ${ms(makeMs)}`);
    const sample = sampleCases(corpus.cases, 300);
    await benchCorpus(`synthetic ×${count}`, corpus.dir, sample, sample.map((c) => c.q), extra);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Ingest time of one report of 1, 4 and 16 MB (the corpus's reports repeated), per MB. */
async function printIngestPerMb(): Promise<void> {
  const { ingestFile } = await import('../src/ingest/index.js');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-size-'));
  try {
    const base = (await Promise.all((await readdir(path.join(projectRoot, 'reports'))).filter((f) => f.endsWith('.txt')).map((f) => readFile(path.join(projectRoot, 'reports', f), 'utf8')))).join('\n');
    console.log('\n== one large report (ingest: load, structure, figures, chunks)');
    for (const size of [1, 4, 16]) {
      const file = path.join(tmp, `large-${size}mb.txt`);
      await writeFile(file, base.repeat(Math.ceil((size << 20) / Buffer.byteLength(base))));
      const [, took] = await timed(() => ingestFile(file));
      console.log(`${String(size).padStart(2)} MB report           ${ms(took)}, ${ms(took / size)} per MB`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const count = countOption('--reports', 1000);
  const large = countOption('--large', 10_000);
  console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await printBotFigures();
  await printIngestPerMb();

  const dev = (await readFile(path.resolve(projectRoot, '../shared/eval/dev.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevCase);
  const devFacts = dev.filter((c): c is DevCase & FactCase => c.kind === 'fact');
  const devQuestions = dev.flatMap((c) => (c.q ? [c.q] : []));
  await benchCorpus('corpus', path.join(projectRoot, 'reports'), devFacts, devQuestions);

  await benchSynthetic(count);
  if (large > 0) await benchSynthetic(large);
  await printChartTimes();
  process.exit(0);
}

function countOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} takes a whole number`);
  return value;
}

async function printBotFigures(): Promise<void> {
  const { benchBot, printBotFigures: print } = await import('./bench-bot.js');
  console.log('\n== the compiled program, whole processes (5 reports)');
  print(await benchBot());
}

/** Imported here, not on top: the `--load-only` child would otherwise count the chart libraries in its RSS. */
async function printChartTimes(): Promise<void> {
  const { benchCharts } = await import('./bench-chart.js');
  console.log('\n== chart render (ECharts SVG + font subset + resvg PNG, per chart; pool: in the chart worker, after its warm-up)');
  for (const [name, millis] of Object.entries(await benchCharts())) console.log(`${name.padEnd(26)} ${ms(millis)}`);
}

await main();
