/**
 * The conversation, independent of any front end: a parsed request plus what this chat
 * remembers → what to show. The Telegram bot and the terminal chat render the outcome.
 */
import type { Answer, AnswerContext, AnswerService, Citation } from '../answer/types.js';
import type { ReportMeta } from '../ingest/types.js';
import { nearestCommand, type Request } from './commands.js';

/** Longer questions are refused with a note rather than searched. */
export const MAX_QUESTION_CHARS = 2000;

/** Topics offered as buttons when a comparison has none; index 0 means all topics. */
export const COMPARE_TOPICS: readonly string[] = ['全部', '法律援助', '人民调解', '行政复议', '社区矫正', '安置帮教', '普法'];

export const EXAMPLE_QUESTIONS: readonly string[] = [
  '阳山县2024年一共受理了多少件法律援助案件？',
  '慈溪市2021年行政复议发案量是多少？',
  '梁平区还存在哪些问题？',
];

/** What a chat remembers between messages: the last answer, for follow-ups and /source. */
export interface Memory {
  readonly last?: {
    readonly context?: AnswerContext;
    readonly citations: readonly Citation[];
  };
}

export type Notice =
  | 'emptyQuestion'
  | 'tooLong'
  | 'sourceUsage'
  | 'noLastAnswer'
  | 'noSuchCitation'
  | 'noPassage'
  | 'unknownCommand';

export type Outcome =
  | { readonly kind: 'answer'; readonly answer: Answer }
  | { readonly kind: 'passage'; readonly citation: Citation; readonly section: string; readonly text: string }
  | { readonly kind: 'reports'; readonly reports: readonly ReportMeta[] }
  | { readonly kind: 'welcome'; readonly reports: readonly ReportMeta[] }
  | { readonly kind: 'help' }
  /** /summary without a region: the user picks a report. */
  | { readonly kind: 'pickSummary'; readonly reports: readonly ReportMeta[] }
  /** /compare without two regions: the user picks them. */
  | { readonly kind: 'pickCompare'; readonly reports: readonly ReportMeta[] }
  | { readonly kind: 'notice'; readonly notice: Notice; readonly text: string };

export interface Turn {
  readonly outcome: Outcome;
  readonly memory: Memory;
}

export const NOTICE_TEXT: Readonly<Record<Notice, string>> = {
  emptyQuestion: '请在 /ask 后面写上问题，例如：/ask 阳山县2024年一共受理了多少件法律援助案件？',
  tooLong: `消息太长了（超过 ${MAX_QUESTION_CHARS} 字）。请只发送问题本身，例如：慈溪市2021年行政复议发案量是多少？`,
  sourceUsage: '请写上引用编号，例如：/source 1',
  noLastAnswer: '还没有可以查看的引用：请先提一个问题。',
  noSuchCitation: '上一个回答里没有这个编号的引用。',
  noPassage: '找不到这条引用的原文段落。',
  unknownCommand: '没有这个命令。发送 /help 查看全部命令，或者直接用文字提问。',
};

function notice(notice: Notice, memory: Memory): Turn {
  return { outcome: { kind: 'notice', notice, text: NOTICE_TEXT[notice] }, memory };
}

/** Remembers an answer's context (kept from before when it has none) and its citations. */
function remember(answer: Answer, memory: Memory): Memory {
  return { last: { context: answer.context ?? memory.last?.context, citations: answer.citations } };
}

function answered(answer: Answer, memory: Memory): Turn {
  return { outcome: { kind: 'answer', answer }, memory: remember(answer, memory) };
}

export async function respond(request: Request, memory: Memory, answers: AnswerService): Promise<Turn> {
  switch (request.kind) {
    case 'start':
      return { outcome: { kind: 'welcome', reports: answers.reports() }, memory };
    case 'help':
      return { outcome: { kind: 'help' }, memory };
    case 'reports':
      return { outcome: { kind: 'reports', reports: answers.reports() }, memory };
    case 'unknown':
      return unknownCommand(request.command, memory);
    case 'ask':
      return ask(request.question, memory, answers);
    case 'summary':
      if (!request.region) return { outcome: { kind: 'pickSummary', reports: answers.reports() }, memory };
      return answered(await answers.summary(request.region), memory);
    case 'compare': {
      const [a, b] = request.regions;
      if (a === undefined || b === undefined) return { outcome: { kind: 'pickCompare', reports: answers.reports() }, memory };
      return answered(await answers.compare(a, b, request.topic), memory);
    }
    case 'source':
      return source(request.n, memory, answers);
  }
}

function unknownCommand(command: string, memory: Memory): Turn {
  const near = nearestCommand(command);
  const text = near ? `没有 /${command} 这个命令，你是不是想用 /${near}？发送 /help 查看全部命令。` : NOTICE_TEXT.unknownCommand;
  return { outcome: { kind: 'notice', notice: 'unknownCommand', text }, memory };
}

async function ask(question: string, memory: Memory, answers: AnswerService): Promise<Turn> {
  if (!question) return notice('emptyQuestion', memory);
  if (question.length > MAX_QUESTION_CHARS) return notice('tooLong', memory);
  const previous = memory.last?.context;
  const answer = await answers.ask(question, previous ? { previous } : undefined);
  return answered(answer, memory);
}

function source(n: number | undefined, memory: Memory, answers: AnswerService): Turn {
  if (n === undefined) return notice('sourceUsage', memory);
  const citations = memory.last?.citations;
  if (!citations || citations.length === 0) return notice('noLastAnswer', memory);
  const citation = citations.find((c) => c.n === n);
  if (!citation) return notice('noSuchCitation', memory);
  const passage = answers.passage(citation);
  if (!passage) return notice('noPassage', memory);
  return { outcome: { kind: 'passage', citation, section: passage.section, text: passage.text }, memory };
}
