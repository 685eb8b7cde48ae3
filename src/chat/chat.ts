/**
 * The terminal chat: the bot's conversation over standard input and output, one message a line,
 * with the same commands and follow-ups; ends at the end of input.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AnswerService } from '../answer/types.js';
import { parseRequest, type Request } from '../bot/commands.js';
import { respond, type Memory, type Outcome } from '../bot/dialog.js';
import { questionLocale, translator, type Locale } from '../bot/i18n.js';
import { writeAnswerChart } from '../chart/file.js';
import { errorText, type Logger } from '../logger.js';
import { outcomeText } from './render.js';

export interface ChatOptions {
  readonly answers: AnswerService;
  readonly logger: Logger;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Show a prompt before each line (an interactive terminal). */
  readonly prompt: boolean;
  /** Where charts of summaries and comparisons are written (the terminal cannot show pictures). */
  readonly chartsDir: string;
}

const PROMPT = '> ';
const SORRY = '抱歉，处理这条消息时出错了。';
/** The terminal has one user, who pays the model's daily budget; answers are printed once verified (no drafts). */
const TERMINAL_ASKER = { user: 'terminal' } as const;

/** Writes the outcome's chart, if any, and returns the line that tells where it is. */
async function chartLine(outcome: Outcome, chartsDir: string): Promise<string | undefined> {
  if (outcome.kind !== 'answer') return undefined;
  const file = path.join(chartsDir, `${outcome.answer.kind}-${Date.now()}.png`);
  const written = await writeAnswerChart(outcome.answer, file);
  return written && `图表已保存：${written}`;
}

/** An English question gets an English frame, whatever the chosen language. */
function frameLocale(request: Request): Locale | undefined {
  return request.kind === 'ask' ? questionLocale(request.question) : undefined;
}

export async function runChat({ answers, logger, input, output, prompt, chartsDir }: ChatOptions): Promise<void> {
  const lines = createInterface({ input, terminal: false });
  let memory: Memory = {};
  let locale: Locale = 'zh';
  const write = (text: string) => output.write(`${text}\n`);
  if (prompt) output.write(PROMPT);
  for await (const line of lines) {
    const request = line.trim() ? parseRequest(line) : undefined;
    if (request) {
      try {
        const turn = await respond(request, memory, answers, TERMINAL_ASKER);
        memory = turn.memory;
        if (turn.outcome.kind === 'language' && turn.outcome.locale) locale = turn.outcome.locale;
        const frame = frameLocale(request) ?? locale;
        write(`${outcomeText(turn.outcome, frame, translator(frame))}\n`);
        const chart = await chartLine(turn.outcome, chartsDir);
        if (chart) write(`${chart}\n`);
      } catch (error) {
        logger.error({ err: errorText(error) }, 'chat message failed');
        write(SORRY);
      }
    }
    if (prompt) output.write(PROMPT);
  }
}
