import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config.js';
import type { LlmTask, Passage } from './types.js';

/** The system prompts live as plain files in prompts/ so they can be read and edited without code. */
const PROMPT_FILES: Readonly<Record<LlmTask, string>> = {
  answer: 'answer.md',
  summary: 'summary.md',
  compare: 'compare.md',
  understand: 'understand.md',
};

let loaded: Readonly<Record<LlmTask, string>> | undefined;

/** Reads the prompt files on first use; a missing file is a deployment error and says which. */
export function systemPrompts(dir: string = path.join(projectRoot, 'prompts')): Readonly<Record<LlmTask, string>> {
  loaded ??= Object.fromEntries(Object.entries(PROMPT_FILES).map(([task, file]) => [task, readPrompt(dir, file)])) as Record<LlmTask, string>;
  return loaded;
}

function readPrompt(dir: string, file: string): string {
  const fullPath = path.join(dir, file);
  try {
    return readFileSync(fullPath, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read the prompt file ${fullPath}: ${(error as Error).message}`);
  }
}

/** `[1] 阳山县司法局 · 2024 全年 · 一、主要措施及成效 > (五)…` followed by the passage text. */
export function formatPassage(p: Passage): string {
  const c = p.citation;
  const header = [c.bureau, `${c.year} ${c.period}`, c.section].filter(Boolean).join(' · ');
  return `[${p.n}] ${header}\n${p.text.trim()}`;
}

export function userMessage(question: string, passages: readonly Passage[]): string {
  return `问题：${question.trim()}\n\n资料：\n\n${passages.map(formatPassage).join('\n\n')}`;
}
