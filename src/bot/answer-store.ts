/**
 * The recent answers of a chat, kept so that buttons under any of them (原文, follow-ups,
 * summary sections) still work after newer answers: each is found by a short id in the button.
 */
import { randomInt } from 'node:crypto';
import type { Answer, AnswerContext, AnswerKind, Block, Citation } from '../answer/types.js';
import type { FollowUp } from './follow-ups.js';
import type { Locale } from './i18n.js';

/** Older answers' buttons answer as expired. */
const KEPT_ANSWERS = 12;

export interface StoredAnswer {
  /** Six base-36 characters: short enough for callback data. */
  readonly id: string;
  readonly kind: AnswerKind;
  readonly locale: Locale;
  readonly citations: readonly Citation[];
  readonly context?: AnswerContext;
  readonly followUps: readonly FollowUp[];
  /** Summaries only: the body, shown one section at a time. */
  readonly blocks?: readonly Block[];
  readonly keyFigures?: Answer['keyFigures'];
}

export interface AnswerStore {
  readonly answers: readonly StoredAnswer[];
}

export const emptyStore = (): AnswerStore => ({ answers: [] });

/** Six base-36 digits; randomInt draws from a cache of random bytes, where randomBytes asked the kernel at each answer. */
function newAnswerId(): string {
  return randomInt(36 ** 6).toString(36).padStart(6, '0');
}

export function storeAnswer(store: AnswerStore, answer: Answer, locale: Locale, followUps: readonly FollowUp[]): { store: AnswerStore; stored: StoredAnswer } {
  const stored: StoredAnswer = {
    id: newAnswerId(),
    kind: answer.kind,
    locale,
    citations: answer.citations,
    followUps,
    ...(answer.context ? { context: answer.context } : {}),
    ...(answer.kind === 'summary' ? { blocks: answer.blocks, ...(answer.keyFigures ? { keyFigures: answer.keyFigures } : {}) } : {}),
  };
  return { store: { answers: [...store.answers, stored].slice(-KEPT_ANSWERS) }, stored };
}

export function findAnswer(store: AnswerStore | undefined, id: string): StoredAnswer | undefined {
  return store?.answers.find((a) => a.id === id);
}
