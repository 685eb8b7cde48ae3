import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Question } from '../../question/types.js';
import { say } from '../compose/frame.js';
import type { Corpus } from '../corpus.js';
import type { Answer, Block } from '../types.js';
import { estimateTokens, memoryLedger, today, type TokenLedger } from './budget.js';
import { createChatModel, type Completion, type ModelFailure, type Usage } from './client.js';
import { answerFromOutput, draftText, fallbackWithNote } from './compose.js';
import { systemPrompts, userMessage } from './prompts.js';
import type { Grounds, Passage } from './types.js';
import { checkReading, coverageLines, needsModelReading } from './understand.js';
import { createVerifier, hasFigure, type VerifiedOutput } from './verify.js';

export type { Grounds, LlmTask, Passage } from './types.js';
export type { TokenLedger } from './budget.js';

export interface WriteRequest {
  readonly task: 'answer' | 'summary' | 'compare';
  /** The question as the model should read it. */
  readonly question: string;
  readonly language: 'zh' | 'en';
  readonly passages: readonly Passage[];
  /** The extractive answer: what the user gets when the model fails or too little of it survives. */
  readonly fallback: Answer;
  /** Blocks kept above the model's words (the scope, a follow-up's reading, period differences). */
  readonly framing: readonly Block[];
  readonly grounds: Grounds;
  /** Whose daily token budget pays (the chat's user). */
  readonly user: string;
  /** performance.now() by which the answer must be ready. */
  readonly deadlineAt: number;
  /** Drafts while the model writes: verified sentences only, never an unchecked figure. */
  readonly onDraft?: (text: string) => void;
}

export interface LlmWriter {
  /**
   * The model's answer from the numbered passages, every sentence checked against them; the
   * fallback (with a one-line note) when the model fails, the budget is spent, or too little
   * survives. Never rejects for model or network problems.
   */
  write(request: WriteRequest): Promise<Answer>;
  /** The model's reading of a question the rules read as naming nothing, when it checks out; else the rule reading. */
  understand(question: Question, corpus: Corpus, user: string, deadlineAt: number): Promise<Question>;
}

type Note = ModelFailure | 'unverified' | 'declined' | 'budget';

function noteFor(note: Note, language: 'zh' | 'en', dailyTokens: number): string {
  const notes: Readonly<Record<Note, readonly [string, string]>> = {
    timeout: ['语言模型超时', 'The language model timed out'],
    stalled: ['语言模型中途停止响应', 'The language model stopped responding'],
    rateLimited: ['语言模型服务繁忙', 'The language model service is busy'],
    unavailable: ['语言模型服务暂不可用', 'The language model service is unavailable'],
    refused: ['语言模型拒绝了请求', 'The language model refused the request'],
    empty: ['语言模型未给出回答', 'The language model gave no answer'],
    unverified: ['语言模型的回答未能与报告原文核对', 'The language model’s answer could not be checked against the reports'],
    declined: ['语言模型未能从资料中作答', 'The language model found no answer in the passages'],
    budget: [`今天的语言模型用量已达每人 ${dailyTokens} tokens 的上限，明天（UTC 0 点）恢复`, `Today’s language-model allowance of ${dailyTokens} tokens per user is spent; it renews at 00:00 UTC`],
  };
  const [zh, en] = notes[note];
  return say(language, `（${zh}，以下为报告原文摘录）`, `(${en}; here are the report’s own words.)`);
}

export function createLlmWriter(llm: NonNullable<Config['llm']>, logger: Logger, ledger: TokenLedger = memoryLedger()): LlmWriter {
  const log = logger.child({ module: 'llm' });
  const model = createChatModel(llm, log);
  const prompts = systemPrompts();

  /** Whether `user` may spend about `tokens` more today. */
  const allowed = async (user: string, tokens: number): Promise<boolean> =>
    llm.dailyTokensPerUser === 0 || (await ledger.spent(user, today())) + tokens <= llm.dailyTokensPerUser;
  const charge = (user: string, prompt: string, completion: Completion): Promise<void> => {
    const usage: Usage | undefined = completion.ok ? completion.usage : undefined;
    const output = completion.ok ? completion.text : '';
    const tokens = usage ? usage.promptTokens + usage.completionTokens : estimateTokens(prompt) + estimateTokens(output);
    return ledger.add(user, today(), tokens);
  };

  return {
    async write(request) {
      const { task, fallback, passages, language } = request;
      // nothing to ground an answer in: the extractive answer (e.g. what the reports cover) stands
      if (passages.length === 0) return fallback;
      const system = prompts[task];
      const user = userMessage(request.question, passages);
      if (!(await allowed(request.user, estimateTokens(system + user)))) {
        log.info({ task, user: request.user }, 'llm budget spent; extractive answer');
        return fallbackWithNote(fallback, noteFor('budget', language, llm.dailyTokensPerUser), {});
      }
      const verifier = createVerifier(passages, request.grounds, request.question);
      const generateStart = performance.now();
      let lastDraft = '';
      const onText = request.onDraft
        ? (text: string) => {
            const draft = draftText(verifier(completeSentences(text)));
            if (!draft || draft === lastDraft) return;
            lastDraft = draft;
            request.onDraft!(draft);
          }
        : undefined;
      const completion = await model.complete({ system, user, deadlineAt: request.deadlineAt, ...(onText ? { onText } : {}) });
      const generate = elapsed(generateStart);
      await charge(request.user, system + user, completion);
      if (!completion.ok) {
        log.warn({ task, failure: completion.failure, detail: completion.detail, generate }, 'llm failed; extractive answer');
        return fallbackWithNote(fallback, noteFor(completion.failure, language, llm.dailyTokensPerUser), { generate });
      }
      const verifyStart = performance.now();
      const output = verifier(completion.text);
      const verify = elapsed(verifyStart);
      for (const d of output.dropped) log.info({ task, sentence: d.sentence, reason: d.reason }, 'llm sentence dropped');
      const verdict = judge(output, fallback);
      log.info({ task, generate, verify, kept: output.claims, refusals: output.refusals, dropped: output.dropped.length, truncated: completion.truncated, verdict }, 'llm answer');
      if (verdict === 'answer') return answerFromOutput(output, fallback, request.framing, { generate, verify });
      // the model found no answer in the passages: the extractive answer says what the reports do hold
      if (verdict === 'declined' && fallback.notFound) return { ...fallback, timings: { ...fallback.timings, generate, verify } };
      return fallbackWithNote(fallback, noteFor(verdict, language, llm.dailyTokensPerUser), { generate, verify });
    },

    async understand(question, corpus, user, deadlineAt) {
      if (!llm.understand || !needsModelReading(question, corpus)) return question;
      const system = `${prompts.understand}\n${coverageLines(corpus)}`;
      if (!(await allowed(user, estimateTokens(system + question.text)))) return question;
      const start = performance.now();
      const completion = await model.complete({ system, user: question.text, json: true, deadlineAt });
      await charge(user, system + question.text, completion);
      if (!completion.ok) {
        log.info({ failure: completion.failure }, 'llm reading failed; rule reading');
        return question;
      }
      const reading = await checkReading(completion.text, question, corpus);
      log.info({ understand: elapsed(start), accepted: reading.ok, ...(reading.ok ? {} : { reason: reading.reason }) }, 'llm reading');
      return reading.ok ? reading.question : question;
    },
  };
}

/** The text up to its last finished sentence or line: a sentence still being written is not judged. */
function completeSentences(text: string): string {
  const end = Math.max(text.lastIndexOf('\n'), ...['。', '！', '？', '. ', '! ', '? '].map((m) => text.lastIndexOf(m) + 1));
  return end > 0 ? text.slice(0, end) : '';
}

function elapsed(start: number): number {
  return Math.round(performance.now() - start);
}

/**
 * What to give the user: the model's answer when it claims something and most of its claims hold
 * (and it keeps a figure when the extractive answer found one); 'declined' when it only said the
 * passages do not answer; else the extractive answer.
 */
function judge(output: VerifiedOutput, fallback: Answer): 'answer' | 'declined' | 'unverified' {
  if (output.claims === 0) return output.refusals > 0 && output.dropped.length === 0 ? 'declined' : 'unverified';
  if (output.dropped.length > output.claims) return 'unverified';
  const keptFigure = output.lines.some((l) => l.sentences.some((s) => hasFigure(s.text)));
  return keptFigure || fallback.notFound || !hasFigure(bodyText(fallback.blocks)) ? 'answer' : 'unverified';
}

/** The fallback's own wording (paragraphs and lists), not its quotes. */
function bodyText(blocks: readonly Block[]): string {
  const inlineText = (inlines: readonly { kind: string; text?: string }[]) => inlines.map((i) => i.text ?? '').join('');
  return blocks
    .map((b) => (b.kind === 'paragraph' ? inlineText(b.content) : b.kind === 'list' ? b.items.map(inlineText).join('\n') : ''))
    .join('\n');
}
