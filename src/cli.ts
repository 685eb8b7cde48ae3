import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createAnswerService } from './answer/service.js';
import type { Answer, AnswerContext, AnswerService } from './answer/types.js';
import { loadConfig, secretValues, type Config } from './config.js';
import { parseCases } from './evaluation/cases.js';
import { RULE_FAMILIES } from './evaluation/rule-families.js';
import { formatAblation, formatReport, runEval, type AblationRow } from './evaluation/run.js';
import { Library } from './index/library.js';
import { IngestError } from './ingest/errors.js';
import type { IngestProblem } from './ingest/types.js';
import { createLogger, errorText, redactSecrets, type Logger } from './logger.js';
import type { RetrievalConfig } from './search/retriever.js';
import { openServing, type Serving } from './serving.js';

const USAGE = `用法: npm run -s cli -- <命令> [选项]
  ask [问题] [--json] [--chat]      回答一个问题；不给问题时从标准输入逐行读取（--chat: 后一行可追问前一行）
  summary 地区 [--json] [--chart 文件.png]     一个司法局报告的摘要
  compare 地区A 地区B [--topic 主题] [--json] [--chart 文件.png]   比较两个地区
  reports [--json]                  列出报告及识别出的元数据
  ingest                            重新导入报告并重建索引（设置 DATABASE_URL 时：把报告文件夹中数据库还没有的报告写入数据库）
  eval 文件.jsonl [--reports 文件夹]  按评测规则给用例打分（--reports: 换一组报告，索引建在临时文件夹）`;

/** A mistake in the command line: shown with the usage, exit code 2. */
class UsageError extends Error {}

interface Options {
  readonly json: boolean;
  readonly chat: boolean;
  readonly topic?: string;
  /** Where to write the chart of a summary or comparison. */
  readonly chart?: string;
  /** Another reports folder (eval): indexed into a temporary folder of its own. */
  readonly reports?: string;
}

interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly library: Library;
  readonly service: AnswerService;
}

/** The JSON form of an answer: one line, the CLI contract of the evaluation README. */
function answerJson(answer: Answer): string {
  const { kind, text, notFound, citations, context, comparison, keyFigures, timings } = answer;
  return JSON.stringify({
    kind,
    text,
    notFound,
    citations: citations.map(({ n, reportId, bureau, region, year, period, section, quote, start, end }) => ({
      n, reportId, bureau, region, year, period, section, quote, start, end,
    })),
    ...(context ? { context } : {}),
    ...(comparison ? { comparison } : {}),
    ...(keyFigures ? { keyFigures } : {}),
    timings,
  });
}

/** Prints one answer (a JSON line, or its plain text and a blank line), then writes its chart when asked to. */
async function emit(answer: Answer, options: Options): Promise<void> {
  process.stdout.write(options.json ? `${answerJson(answer)}\n` : `${answer.text}\n\n`);
  if (!options.chart) return;
  // The chart libraries load only when a chart is asked for: they would double the start time.
  const { writeAnswerChart } = await import('./chart/file.js');
  const written = await writeAnswerChart(answer, options.chart);
  // Stderr, so that --json output stays one JSON line per answer.
  process.stderr.write(written ? `图表已保存：${written}\n` : '这个回答没有可画的图表（图表只画对比中双方都报告的数字，或摘要中同一单位的至少三项数字）。\n');
}

function runtimeBasics(quiet: boolean, env: NodeJS.ProcessEnv): { config: Config; logger: Logger } {
  const config = loadConfig(env);
  // `quiet`: a per-answer info log would bury a report's own output, so only warnings unless LOG_LEVEL says otherwise.
  const logger = createLogger(quiet && !process.env.LOG_LEVEL ? 'warn' : config.logLevel, secretValues(config));
  return { config, logger };
}

/** The answers every front end gives: from this process's index, or from PostgreSQL with DATABASE_URL. */
async function openAnswers(rebuild = false): Promise<Serving> {
  const { config, logger } = runtimeBasics(false, process.env);
  return openServing(config, logger, { rebuild });
}

/** Evaluation measures this process's index (its ablations switch its stages), whatever DATABASE_URL says. */
async function openEvalRuntime(env: NodeJS.ProcessEnv): Promise<Runtime> {
  const { config, logger } = runtimeBasics(true, env);
  const library = await Library.open(config, logger);
  return { config, logger, library, service: createAnswerService({ config, logger, library }) };
}

async function askCommand(args: readonly string[], options: Options): Promise<void> {
  const { answers: service } = await openAnswers();
  if (args.length > 0) {
    await emit(await service.ask(args.join(' ')), options);
    return;
  }
  let previous: AnswerContext | undefined;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const answer = await service.ask(line, options.chat && previous ? { previous } : {});
    previous = answer.context ?? previous;
    await emit(answer, options);
  }
}

async function reportsCommand(options: Options): Promise<void> {
  const { answers, problems } = await openAnswers();
  for (const meta of answers.reports()) {
    if (options.json) {
      process.stdout.write(`${JSON.stringify(meta)}\n`);
    } else {
      const signed = meta.signedDate ? ` 落款${meta.signedDate}` : '';
      const bureau = meta.region ? meta.bureau : '地区未识别（可在 manifest.json 里为这份报告设置 region）';
      process.stdout.write(`${meta.id}  ${bureau}  ${meta.year}年${meta.period}  ${meta.kind}  ${meta.script === 'traditional' ? '繁体' : '简体'}${signed}  ${meta.title}\n`);
    }
  }
  printProblems(problems());
}

async function ingestCommand(): Promise<void> {
  const started = performance.now();
  const { ingested, problems } = await openAnswers(true);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`已导入 ${ingested.reports} 份报告（本次新读入 ${ingested.fresh} 份），用时 ${ms} ms\n`);
  if (problems().length === 0) process.stdout.write('没有导入问题。\n');
  printProblems(problems());
}

function printProblems(problems: readonly IngestProblem[]): void {
  for (const p of problems) process.stdout.write(`${p.indexed ? '需要注意' : '未能导入'} ${p.file}：${p.reason}\n`);
}

/** Each retrieval stage alone, the two fused, and the evidence rerank over keywords alone and over both. */
const ABLATIONS: readonly (readonly [string, RetrievalConfig])[] = [
  ['keyword (BM25) only', { stages: ['keyword'], rerank: false }],
  ['vector only', { stages: ['vector'], rerank: false }],
  ['keyword+vector (RRF)', { stages: ['keyword', 'vector'], rerank: false }],
  ['keyword+rerank', { stages: ['keyword'], rerank: true }],
  ['keyword+vector+rerank', { stages: ['keyword', 'vector'], rerank: true }],
];

/** The environment for another reports folder: its index lives in a temporary folder keyed by the folder's path. */
function reportsEnv(reportsDir: string): NodeJS.ProcessEnv {
  const key = createHash('sha256').update(path.resolve(reportsDir)).digest('hex').slice(0, 12);
  return { ...process.env, REPORTS_DIR: reportsDir, VECTORSTORE_DIR: path.join(os.tmpdir(), `gov-report-bot-eval-${key}`) };
}

async function evalCommand(file: string, options: Options): Promise<void> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`无法读取用例文件：${file}`);
  }
  const { cases, problems } = parseCases(content);
  for (const p of problems) process.stdout.write(`跳过无效用例 ${p}\n`);
  const runtime = await openEvalRuntime(options.reports ? reportsEnv(options.reports) : process.env);
  const report = await runEval(runtime.service, runtime.library.index, cases);
  process.stdout.write(`${formatReport(report)}\n`);
  const stages: AblationRow[] = [];
  for (const [name, retrieval] of ABLATIONS) {
    const service = createAnswerService({ config: runtime.config, logger: runtime.logger, library: runtime.library, retrieval });
    stages.push({ name, report: await runEval(service, runtime.library.index, cases, retrieval) });
  }
  process.stdout.write(`${formatAblation('retrieval stages', stages)}\n`);
  const families: AblationRow[] = [{ name: 'all rule families', report }];
  for (const [name, ablate] of RULE_FAMILIES) {
    const service = createAnswerService({ config: runtime.config, logger: runtime.logger, library: runtime.library, ablate });
    families.push({ name, report: await runEval(service, runtime.library.index, cases) });
  }
  process.stdout.write(`${formatAblation('rule families of the question model, each left out', families, false)}\n`);
}

function parse(argv: readonly string[]): { command: string; args: string[]; options: Options } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        chat: { type: 'boolean', default: false },
        topic: { type: 'string' },
        chart: { type: 'string' },
        reports: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command = 'help', ...args] = parsed.positionals;
  const { json = false, chat = false, topic, chart, reports, help } = parsed.values;
  const options = {
    json,
    chat,
    ...(topic !== undefined ? { topic } : {}),
    ...(chart !== undefined ? { chart } : {}),
    ...(reports !== undefined ? { reports } : {}),
  };
  return { command: help ? 'help' : command, args, options };
}

function expectArgs(args: readonly string[], count: number, what: string): void {
  if (args.length !== count) throw new UsageError(`需要${what}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const { command, args, options } = parse(argv);
  switch (command) {
    case 'ask':
      return askCommand(args, options);
    case 'summary': {
      expectArgs(args, 1, '一个地区，例如：summary 阳山');
      const { answers } = await openAnswers();
      return emit(await answers.summary(args[0] ?? ''), options);
    }
    case 'compare': {
      expectArgs(args, 2, '两个地区，例如：compare 阳山 镜湖 --topic 法律援助');
      const { answers } = await openAnswers();
      return emit(await answers.compare(args[0] ?? '', args[1] ?? '', options.topic), options);
    }
    case 'reports':
      return reportsCommand(options);
    case 'ingest':
      return ingestCommand();
    case 'eval':
      expectArgs(args, 1, '一个用例文件，例如：eval ../shared/eval/dev.jsonl');
      return evalCommand(args[0] ?? '', options);
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`未知命令：${command}`);
  }
}

/** Exits once standard output is flushed (open index handles would otherwise keep the process alive). */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  () => exitAfterFlush(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`错误：${error.message}\n${USAGE}\n`);
      return exitAfterFlush(2);
    }
    const message = error instanceof IngestError ? `${error.file}：${error.reason}` : errorText(error);
    process.stderr.write(redactSecrets(`错误：${message}\n`));
    if (process.env.DEBUG) process.stderr.write(redactSecrets(`${(error as Error).stack ?? ''}\n`));
    exitAfterFlush(1);
  },
);
