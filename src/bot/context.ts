/** The bot's context type: grammY's context with its plugins' flavors, the session and a per-update trace. */
import type { BackgroundTasks } from './background.js';
import type { AutoChatActionFlavor } from '@grammyjs/auto-chat-action';
import type { CommandsFlavor } from '@grammyjs/commands';
import type { FileFlavor } from '@grammyjs/files';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Menu, MenuFlavor } from '@grammyjs/menu';
import type { Context, SessionFlavor } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { AnswerService } from '../answer/types.js';
import type { ChartRenderer } from '../chart/pool.js';
import type { Config } from '../config.js';
import type { ReportShelf } from '../index/report-shelf.js';
import type { Logger } from '../logger.js';
import type { BotState } from '../state/bot-state.js';
import type { BotSession } from './session.js';
import type { TurnLoad } from './turn-load.js';

/** Filled in while an update is handled; logged once when it is done. Never holds message text. */
export interface UpdateTrace {
  command?: string;
  outcome?: string;
  timings?: Readonly<Record<string, number>>;
}

export interface TraceFlavor {
  readonly trace: UpdateTrace;
}

export type BotContext = FileFlavor<
  Context & SessionFlavor<BotSession> & I18nFlavor & AutoChatActionFlavor & CommandsFlavor & MenuFlavor & TraceFlavor
>;

/** What the bot is built from; `botInfo` skips getMe (tests). */
export interface BotDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly answers: AnswerService;
  /** Where an admin's uploaded reports go, and their versions. */
  readonly shelf: ReportShelf;
  /** Draws the charts of summaries and comparisons (in a worker thread when running). */
  readonly charts: ChartRenderer;
  /** Sessions, counters and update claims: in this process, or in Redis for N workers. */
  readonly state: BotState;
  readonly botInfo?: UserFromGetMe;
}

/** What features are built from: the dependencies plus the /compare wizard's menu, which turns may send. */
export interface FeatureDeps extends BotDeps {
  readonly compareMenu: Menu<BotContext>;
  /** Replies sent after their update is handled; stopping waits for them. */
  readonly background: BackgroundTasks;
  readonly turns: TurnLoad;
}
