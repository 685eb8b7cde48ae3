/** The bot's context type: grammY's context plus the session and a per-update trace for the log line. */
import type { Context, SessionFlavor } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { AnswerService } from '../answer/types.js';
import type { ChartRenderer } from '../chart/pool.js';
import type { Config } from '../config.js';
import type { Library } from '../index/library.js';
import type { Logger } from '../logger.js';
import type { Request } from './commands.js';
import type { Memory } from './dialog.js';

/** Filled in while an update is handled; logged once when it is done. Never holds message text. */
export interface UpdateTrace {
  command?: string;
  outcome?: string;
  timings?: Readonly<Record<string, number>>;
}

export interface TraceFlavor {
  readonly trace: UpdateTrace;
  /** The parsed text of a message meant for this bot; absent for anything else. */
  request?: Request;
}

export type BotContext = Context & SessionFlavor<Memory> & TraceFlavor;

/** What the bot is built from; `botInfo` skips getMe (tests). */
export interface BotDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly answers: AnswerService;
  readonly library: Library;
  /** Draws the charts of summaries and comparisons (in a worker thread when running). */
  readonly charts: ChartRenderer;
  readonly botInfo?: UserFromGetMe;
}

export type WithRequest<K extends Request['kind']> = BotContext & { request: Extract<Request, { kind: K }> };

/** A filter for updates whose parsed text is one of these requests. */
export function requestIs<K extends Request['kind']>(...kinds: K[]) {
  return (ctx: BotContext): ctx is WithRequest<K> => ctx.request !== undefined && (kinds as string[]).includes(ctx.request.kind);
}
