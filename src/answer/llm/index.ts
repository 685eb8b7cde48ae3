import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Answer, Block } from '../types.js';
import { createChatModel, type ModelFailure } from './client.js';
import { answerFromOutput, fallbackWithNote } from './compose.js';
import { systemPrompts, userMessage } from './prompts.js';
import type { LlmTask, Passage } from './types.js';
import { hasFigure, verifyOutput, type VerifiedOutput } from './verify.js';

export type { LlmTask, Passage } from './types.js';

export interface LlmWriter {
  /**
   * The model's wording of `fallback` (the extractive answer), every sentence checked against
   * `passages`; the fallback with a one-line note when the model fails or too little survives.
   * Never rejects for model or network problems.
   */
  write(task: LlmTask, question: string, passages: readonly Passage[], fallback: Answer): Promise<Answer>;
}

const FAILURE_NOTES: Readonly<Record<ModelFailure | 'unverified', string>> = {
  timeout: '（语言模型超时，以下为报告原文摘录）',
  rateLimited: '（语言模型服务繁忙，以下为报告原文摘录）',
  unavailable: '（语言模型服务暂不可用，以下为报告原文摘录）',
  refused: '（语言模型拒绝了请求，以下为报告原文摘录）',
  empty: '（语言模型未给出回答，以下为报告原文摘录）',
  unverified: '（语言模型的回答未能与报告原文核对，以下为报告原文摘录）',
};

export function createLlmWriter(llm: NonNullable<Config['llm']>, logger: Logger): LlmWriter {
  const log = logger.child({ module: 'llm' });
  const model = createChatModel(llm, log);
  const prompts = systemPrompts();
  return {
    async write(task, question, passages, fallback) {
      // Nothing to ground an answer in: the extractive answer (e.g. not found) stands as it is.
      if (passages.length === 0) return fallback;
      const generateStart = performance.now();
      const completion = await model.complete(prompts[task], userMessage(question, passages));
      const generate = elapsed(generateStart);
      if (!completion.ok) {
        log.warn({ task, failure: completion.failure, detail: completion.detail, generate }, 'llm failed; extractive answer');
        return fallbackWithNote(fallback, FAILURE_NOTES[completion.failure], { generate });
      }
      const verifyStart = performance.now();
      const output = verifyOutput(completion.text, passages);
      const verify = elapsed(verifyStart);
      for (const d of output.dropped) log.info({ task, sentence: d.sentence, reason: d.reason }, 'llm sentence dropped');
      const enough = isEnough(output, fallback);
      log.info({ task, generate, verify, kept: sentenceCount(output), dropped: output.dropped.length, enough }, 'llm answer');
      return enough
        ? answerFromOutput(output, fallback, { generate, verify })
        : fallbackWithNote(fallback, FAILURE_NOTES.unverified, { generate, verify });
    },
  };
}

function elapsed(start: number): number {
  return Math.round(performance.now() - start);
}

function sentenceCount(output: VerifiedOutput): number {
  return output.lines.filter((l) => l.kind !== 'heading').reduce((sum, l) => sum + l.sentences.length, 0);
}

/** At least one sentence survives, and a figure survives when the extractive answer gave one. */
function isEnough(output: VerifiedOutput, fallback: Answer): boolean {
  if (sentenceCount(output) < 1) return false;
  const keptFigure = output.lines.some((l) => l.sentences.some((s) => hasFigure(s.text)));
  return keptFigure || !hasFigure(bodyText(fallback.blocks));
}

/** The fallback's own wording (paragraphs and lists), not its quotes. */
function bodyText(blocks: readonly Block[]): string {
  const inlineText = (inlines: readonly { kind: string; text?: string }[]) => inlines.map((i) => i.text ?? '').join('');
  return blocks
    .map((b) => (b.kind === 'paragraph' ? inlineText(b.content) : b.kind === 'list' ? b.items.map(inlineText).join('\n') : ''))
    .join('\n');
}
