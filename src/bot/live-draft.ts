/**
 * Drafts of an answer while a language model writes it (the answer layer's `onDraft`: verified
 * sentences only). In a private chat they show as Telegram's live draft (sendMessageDraft); elsewhere
 * as one plain message, edited at most once a second, that the answer then replaces. Drafts are best
 * effort: one that fails is logged and skipped, never a reason for the answer to fail.
 */
import type { ReplyParameters } from 'grammy/types';
import { errorText, type Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { MESSAGE_LIMIT, truncate } from './format.js';

/** Telegram documents no rate for drafts; the grammY stream plugin sends one after another, this a little gentler. */
const PRIVATE_DRAFT_INTERVAL_MS = 400;
/** About one message a second per chat, edits included. */
const GROUP_EDIT_INTERVAL_MS = 1_000;

export interface LiveDraft {
  /** For `onDraft`: shows this text now, or when the pace allows (a newer text replaces one still waiting). */
  readonly show: (text: string) => void;
  /**
   * Stops drafting: a text still waiting is dropped. Resolves once no draft call is in flight and one
   * more edit would keep the pace, with the id of the message that shows the draft (outside private
   * chats, when one was sent): the answer replaces it.
   */
  readonly settle: () => Promise<number | undefined>;
}

/** Sends the latest text, one call at a time and at most one per interval; texts overtaken while waiting are skipped. */
class Pacer {
  private waiting: string | undefined;
  private lastSent = '';
  private lastStart = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (text: string) => Promise<unknown>,
    /** A draft that fails is only reported: the next one may well get through. */
    private readonly failed: (error: unknown) => void,
  ) {}

  offer(text: string): void {
    if (this.stopped || text === this.lastSent) return;
    this.waiting = text;
    this.schedule();
  }

  /** A draft call is under way. */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Drops the waiting text and resolves when the call in flight, if any, is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Resolves when another call would keep the pace. */
  async paced(): Promise<void> {
    const wait = this.wait();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private wait(): number {
    return this.lastStart + this.intervalMs - performance.now();
  }

  private schedule(): void {
    if (this.stopped || this.inFlight || this.timer || this.waiting === undefined) return;
    const wait = this.wait();
    if (wait <= 0) return this.flush();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const text = this.waiting;
    if (this.stopped || text === undefined) return;
    this.waiting = undefined;
    this.lastSent = text;
    this.lastStart = performance.now();
    this.inFlight = Promise.resolve(text)
      .then(this.send)
      .then(() => undefined, this.failed)
      .finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
  }
}

/** How the answer will quote the question (groups): the draft quotes it the same way. */
export interface Quoting {
  readonly reply_parameters?: ReplyParameters;
}

/**
 * grammY types the signals of its Node build with the abort-controller package; a native signal is
 * what it checks for at run time (an addEventListener), so the cast changes only the type.
 */
type ApiSignal = Parameters<BotContext['replyWithDraft']>[2];
const apiSignal = (abort: AbortController) => abort.signal as unknown as ApiSignal;

/** Plain text within Telegram's limit. */
const draftText = (text: string) => truncate(text, MESSAGE_LIMIT);

export function liveDraft(ctx: BotContext, logger: Logger, quoting: Quoting): LiveDraft {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return { show: () => undefined, settle: async () => undefined };
  // A draft call still waiting (auto-retry sleeping on a 429) when the answer is ready is not worth waiting for.
  const abort = new AbortController();
  const failed = (error: unknown) => {
    if (!abort.signal.aborted) logger.warn({ err: errorText(error), chat: chatId }, 'draft not shown');
  };
  if (ctx.chat?.type === 'private') {
    // draft_id is the update's id: unique to this answer, and the same for all its drafts, so Telegram animates them.
    const pacer = new Pacer(PRIVATE_DRAFT_INTERVAL_MS, (text) => ctx.replyWithDraft(draftText(text), undefined, apiSignal(abort)), failed);
    return { show: (text) => pacer.offer(text), settle: () => stop(pacer, abort, undefined) };
  }
  let messageId: number | undefined;
  const options = { link_preview_options: { is_disabled: true } };
  const pacer = new Pacer(
    GROUP_EDIT_INTERVAL_MS,
    async (text) => {
      if (messageId === undefined) messageId = (await ctx.api.sendMessage(chatId, draftText(text), { ...options, ...quoting })).message_id;
      // Only edits are cut short: a first message sent but not known would stay in the chat.
      else await ctx.api.editMessageText(chatId, messageId, draftText(text), options, apiSignal(abort));
    },
    failed,
  );
  return { show: (text) => pacer.offer(text), settle: () => stop(pacer, abort, () => messageId) };
}

/** Cuts short a draft call waiting to be retried, lets the one in flight end, and keeps the pace for the edit that follows. */
async function stop(pacer: Pacer, abort: AbortController, message: (() => number | undefined) | undefined): Promise<number | undefined> {
  // Only then: an abort makes its reason, a DOMException, a cost every answer would pay.
  if (pacer.busy) abort.abort();
  await pacer.stop();
  const messageId = message?.();
  if (messageId !== undefined) await pacer.paced();
  return messageId;
}
