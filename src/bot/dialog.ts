/**
 * The conversation, independent of any front end: a parsed request plus what this member of
 * the chat remembers → what to show. The Telegram bot and the terminal chat render the outcome.
 */
import type { Answer, AnswerContext, AnswerService, AskOptions, Citation } from '../answer/types.js';
import type { ReportMeta } from '../ingest/types.js';
import type { Request } from './commands.js';
import type { Locale } from './i18n.js';

/** Longer questions are refused with a note rather than searched. */
export const MAX_QUESTION_CHARS = 2000;

/** Topics offered as buttons when a comparison has none (search words, so Chinese); index 0 means all topics. */
export const COMPARE_TOPICS: readonly string[] = ['全部', '法律援助', '人民调解', '行政复议', '社区矫正', '安置帮教', '普法'];

/** What one person remembers between messages: the last answer, for follow-ups and /source. */
export interface Memory {
  readonly last?: {
    readonly context?: AnswerContext;
    readonly citations: readonly Citation[];
  };
}

export type Notice = 'emptyQuestion' | 'tooLong' | 'sourceUsage' | 'noLastAnswer' | 'noSuchCitation' | 'noPassage';

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
  /** /language: the language chosen, or none yet (offer the choice). */
  | { readonly kind: 'language'; readonly locale?: Locale }
  | { readonly kind: 'reset' }
  | { readonly kind: 'unknownCommand'; readonly command: string }
  | { readonly kind: 'notice'; readonly notice: Notice };

/** Who asks (whose daily model budget pays) and where drafts of a written answer go. */
export type Asker = Omit<AskOptions, 'previous'>;

export interface Turn {
  readonly outcome: Outcome;
  readonly memory: Memory;
}

const notice = (kind: Notice, memory: Memory): Turn => ({ outcome: { kind: 'notice', notice: kind }, memory });

/** Remembers an answer's context (kept from before when it has none) and its citations. */
function remember(answer: Answer, memory: Memory): Memory {
  return { last: { context: answer.context ?? memory.last?.context, citations: answer.citations } };
}

function answered(answer: Answer, memory: Memory): Turn {
  return { outcome: { kind: 'answer', answer }, memory: remember(answer, memory) };
}

export async function respond(request: Request, memory: Memory, answers: AnswerService, asker: Asker): Promise<Turn> {
  switch (request.kind) {
    case 'start':
      return { outcome: { kind: 'welcome', reports: answers.reports() }, memory };
    case 'help':
      return { outcome: { kind: 'help' }, memory };
    case 'reports':
      return { outcome: { kind: 'reports', reports: answers.reports() }, memory };
    case 'language':
      return { outcome: request.locale ? { kind: 'language', locale: request.locale } : { kind: 'language' }, memory };
    case 'reset':
      return { outcome: { kind: 'reset' }, memory: {} };
    case 'unknown':
      return { outcome: { kind: 'unknownCommand', command: request.command }, memory };
    case 'ask':
      return ask(request.question, memory, answers, asker);
    case 'summary':
      if (!request.region) return { outcome: { kind: 'pickSummary', reports: answers.reports() }, memory };
      return answered(await answers.summary(request.region, asker), memory);
    case 'compare': {
      const [a, b] = request.regions;
      if (a === undefined || b === undefined) return { outcome: { kind: 'pickCompare', reports: answers.reports() }, memory };
      return answered(await answers.compare(a, b, request.topic, asker), memory);
    }
    case 'source':
      return source(request.n, memory, answers);
  }
}

async function ask(question: string, memory: Memory, answers: AnswerService, asker: Asker): Promise<Turn> {
  if (!question) return notice('emptyQuestion', memory);
  if (question.length > MAX_QUESTION_CHARS) return notice('tooLong', memory);
  const previous = memory.last?.context;
  const answer = await answers.ask(question, previous ? { ...asker, previous } : asker);
  return answered(answer, memory);
}

async function source(n: number | undefined, memory: Memory, answers: AnswerService): Promise<Turn> {
  if (n === undefined) return notice('sourceUsage', memory);
  const citations = memory.last?.citations;
  if (!citations || citations.length === 0) return notice('noLastAnswer', memory);
  const citation = citations.find((c) => c.n === n);
  if (!citation) return notice('noSuchCitation', memory);
  return passageTurn(citation, memory, answers);
}

/** The full passage around a citation (from /source or a 原文 button). */
export async function passageTurn(citation: Citation, memory: Memory, answers: AnswerService): Promise<Turn> {
  const passage = await answers.passage(citation);
  if (!passage) return notice('noPassage', memory);
  return { outcome: { kind: 'passage', citation, section: passage.section, text: passage.text }, memory };
}
