/**
 * A loopback Telegram Bot API server for whole-process tests. It queues updates for
 * getUpdates (long polling with offset semantics), records every call the bot makes, checks
 * them the way Telegram does (HTML, lengths, callback data) and can fail calls on purpose.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { byteLength, checkTelegramHtml } from './telegram-html.js';

export const BOT_USER = { id: 900_000_001, is_bot: true, first_name: 'Report Bot', username: 'report_test_bot' } as const;

type Json = Record<string, any>;

export interface ApiCall {
  readonly method: string;
  readonly payload: Json;
  /** What the stand-in answered. */
  readonly ok: boolean;
  readonly description?: string;
  /** When the stand-in answered (Date.now()). */
  readonly at: number;
}

/** A message or edit the bot produced, as the user sees it. */
export interface Sent {
  readonly method: 'sendMessage' | 'editMessageText' | 'sendPhoto';
  readonly chatId: number;
  readonly messageId: number;
  readonly text: string;
  readonly html: boolean;
  readonly buttons: readonly string[];
  /** The buttons' labels, row by row, as the user sees them. */
  readonly keyboard: readonly (readonly string[])[];
  readonly photoBytes?: number;
  /** The message this one replies to (in groups the bot quotes the question). */
  readonly replyTo?: number;
  /** When the stand-in received it (performance.now()). */
  readonly at: number;
  /** The photo itself, for rendering what a user saw. */
  readonly photo?: Uint8Array;
}

/** An inline query's answer, as the bot gave it. */
export interface InlineAnswer {
  readonly queryId: string;
  readonly results: readonly Json[];
  readonly cacheTime?: number;
}

interface ScriptedFailure {
  readonly error_code: number;
  readonly description: string;
  readonly retry_after?: number;
}

export class TelegramStandIn {
  readonly calls: ApiCall[] = [];
  readonly sent: Sent[] = [];
  /** Problems Telegram would reject, in what the bot sent (scripted failures excluded). */
  readonly violations: string[] = [];
  readonly inlineAnswers: InlineAnswer[] = [];
  /** getUpdates requests answered so far. */
  polls = 0;
  private readonly updates: Json[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private readonly files = new Map<string, { path: string; bytes: Uint8Array }>();
  private readonly failures = new Map<string, ScriptedFailure[]>();
  private dropPolls = 0;
  private waiters: (() => void)[] = [];
  private readonly userMessages = new Map<number, number>();

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly apiRoot: string,
  ) {}

  static async start(token = '123456:TEST-token'): Promise<TelegramStandIn> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const standIn = new TelegramStandIn(server, token, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) =>
      standIn.route(req, res).catch((error: unknown) => {
        standIn.violations.push(`stand-in failed: ${String(error)}`);
        reply(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      }),
    );
    return standIn;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next call of this method fails with this error (a 429 with retry_after, a 400 …). */
  failNext(method: string, failure: ScriptedFailure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  /** The next getUpdates request loses its connection, as a dropped network would. */
  dropNextPoll(): void {
    this.dropPolls++;
  }

  // ---- updates a user would cause ----

  sendText(chat: Chat, text: string, extra: Json = {}): number {
    return this.pushMessage(chat, { text, ...textEntities(text), ...extra });
  }

  /** The user edits a message they sent before (Telegram sends edited_message). */
  editText(chat: Chat, messageId: number, text: string): number {
    return this.push({
      edited_message: { message_id: messageId, date: now(), edit_date: now(), chat: chatOf(chat), from: userOf(chat), text, ...textEntities(text) },
    });
  }

  /** `@bot query` typed in any chat; the inline query's id is `iq` + the update id. */
  sendInlineQuery(user: Chat, query: string): number {
    return this.push({ inline_query: { id: `iq${this.nextUpdateId}`, from: userOf(user), query, offset: '', chat_type: 'private' } });
  }

  sendSticker(chat: Chat): number {
    return this.pushMessage(chat, { sticker: { file_id: 'sticker1', file_unique_id: 's1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
  }

  /** `withSize: false` leaves out file_size, as a local Bot API server may. */
  sendDocument(chat: Chat, fileName: string, bytes: Uint8Array, mimeType = 'application/octet-stream', withSize = true): number {
    const fileId = `file${this.files.size + 1}`;
    this.files.set(fileId, { path: `documents/${fileId}_${encodeURIComponent(fileName)}`, bytes });
    return this.pushMessage(chat, {
      document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, mime_type: mimeType, ...(withSize ? { file_size: bytes.length } : {}) },
    });
  }

  /** The callback query's id is `cb` + the update id. */
  pressButton(chat: Chat, messageId: number, data: string): number {
    const id = `cb${this.nextUpdateId}`;
    return this.push({
      callback_query: {
        id,
        from: userOf(chat),
        chat_instance: `ci${chat.id}`,
        data,
        message: { message_id: messageId, date: now(), chat: chatOf(chat), from: BOT_USER, text: 'buttons' },
      },
    });
  }

  /** Removes and returns the queued updates, for a bot driven in-process with `handleUpdate`. */
  takeUpdates(): Json[] {
    return this.updates.splice(0);
  }

  // ---- what the bot did ----

  sentTo(chatId: number): Sent[] {
    return this.sent.filter((s) => s.chatId === chatId);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `check` returns a value, re-checking after every call the bot makes. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 30_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  // ---- the HTTP side ----

  /** The id of the message most recently sent by a user or the bot. */
  get lastMessageId(): number {
    return this.nextMessageId - 1;
  }

  /** Updates sent to the bot so far. */
  get updateCount(): number {
    return this.nextUpdateId - 1;
  }

  private pushMessage(chat: Chat, content: Json): number {
    const messageId = this.nextMessageId++;
    const updateId = this.push({ message: { message_id: messageId, date: now(), chat: chatOf(chat), from: userOf(chat), ...content } });
    this.userMessages.set(updateId, messageId);
    return updateId;
  }

  /** The message id of the user's message an update carried. */
  messageIdOf(updateId: number): number | undefined {
    return this.userMessages.get(updateId);
  }

  /** Returns the update id. */
  private push(update: Json): number {
    const id = this.nextUpdateId++;
    this.updates.push({ update_id: id, ...update });
    this.wake();
    return id;
  }

  /** Re-runs pending `waitFor` checks now (e.g. when the bot process logged something). */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const filePrefix = `/file/bot${this.token}/`;
    if (req.method === 'GET' && url.pathname.startsWith(filePrefix)) return this.serveFile(url.pathname.slice(filePrefix.length), res);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match || match[1] !== this.token) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2] as string;
    const payload = await readPayload(req);
    if (method === 'getUpdates' && this.dropPolls > 0) {
      this.dropPolls--;
      req.socket.destroy();
      return;
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) return this.answer(res, method, payload, fail(failure), true);
    if (method === 'getUpdates') this.polls++;
    const result = method === 'getUpdates' ? await this.getUpdates(payload, res) : this.handle(method, payload);
    this.answer(res, method, payload, result, false);
  }

  private answer(res: ServerResponse, method: string, payload: Json, body: Json, scripted: boolean): void {
    if (method !== 'getUpdates') {
      this.calls.push({ method, payload, ok: body.ok, description: body.description, at: Date.now() });
      if (!body.ok && !scripted) this.violations.push(`${method}: ${body.description}`);
    }
    reply(res, body.ok ? 200 : body.error_code, body);
    this.wake();
  }

  private serveFile(path: string, res: ServerResponse): void {
    const file = [...this.files.values()].find((f) => f.path === decodeURIComponent(path) || f.path === path);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(Buffer.from(file.bytes));
  }

  private async getUpdates(payload: Json, res: ServerResponse): Promise<Json> {
    const offset = Number(payload.offset ?? 0);
    const limit = Number(payload.limit ?? 100);
    const timeoutMs = Number(payload.timeout ?? 0) * 1000;
    // Confirmed updates are gone for good.
    while (this.updates.length > 0 && (this.updates[0] as Json).update_id < offset) this.updates.shift();
    const deadline = Date.now() + timeoutMs;
    let closed = false;
    res.once('close', () => (closed = true));
    while (this.updates.length === 0 && Date.now() < deadline && !closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(250, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return ok(this.updates.slice(0, limit));
  }

  private handle(method: string, p: Json): Json {
    switch (method) {
      case 'getMe':
        return ok({ ...BOT_USER, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true });
      case 'deleteWebhook':
      case 'setWebhook':
        return ok(true);
      case 'setMyCommands':
        return this.setMyCommands(p);
      case 'sendChatAction':
        return ok(true);
      case 'sendMessage':
      case 'editMessageText':
        return this.textMessage(method, p);
      case 'sendPhoto':
        return this.photo(p);
      case 'sendMessageDraft':
        return this.draft(p);
      case 'deleteMessage':
        return Number.isInteger(Number(p.message_id)) ? ok(true) : fail({ error_code: 400, description: 'Bad Request: message to delete not found' });
      case 'answerInlineQuery':
        return this.inlineAnswer(p);
      case 'answerCallbackQuery':
        if (p.text !== undefined && String(p.text).length > 200) return fail({ error_code: 400, description: 'Bad Request: answer text is too long' });
        return ok(true);
      case 'getFile': {
        const file = this.files.get(String(p.file_id));
        if (!file) return fail({ error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok({ file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: file.bytes.length, file_path: file.path });
      }
      default:
        return fail({ error_code: 404, description: `Not Found: method ${method} is not in the stand-in` });
    }
  }

  private setMyCommands(p: Json): Json {
    const commands = asJson(p.commands) as { command: string; description: string }[];
    const bad = commands.find((c) => !/^[a-z0-9_]{1,32}$/.test(c.command) || c.description.length < 1 || c.description.length > 256);
    if (commands.length > 100 || bad) return fail({ error_code: 400, description: 'Bad Request: invalid commands' });
    return ok(true);
  }

  private textMessage(method: 'sendMessage' | 'editMessageText', p: Json): Json {
    const text = String(p.text ?? '');
    const html = p.parse_mode === 'HTML';
    const problem = checkText(text, html, 4096) ?? checkButtons(p.reply_markup);
    if (problem) return fail({ error_code: 400, description: problem });
    const chatId = Number(p.chat_id);
    const messageId = method === 'editMessageText' ? Number(p.message_id) : this.nextMessageId++;
    this.sent.push({ method, chatId, messageId, text, html, buttons: buttonData(p.reply_markup), keyboard: buttonLabels(p.reply_markup), ...replyOf(p), at: performance.now() });
    return ok({ message_id: messageId, date: now(), chat: { id: chatId, type: chatId > 0 ? 'private' : 'group' }, from: BOT_USER, text });
  }

  /** A live draft (Bot API 9.3+): private chats only, a non-zero draft_id, text of 0–4096 characters. */
  private draft(p: Json): Json {
    if (!(Number(p.chat_id) > 0)) return fail({ error_code: 400, description: 'Bad Request: TEXTDRAFT_PEER_INVALID' });
    const draftId = Number(p.draft_id);
    if (!Number.isInteger(draftId) || draftId === 0) return fail({ error_code: 400, description: 'Bad Request: draft_id must be non-zero' });
    const problem = checkText(String(p.text ?? ''), p.parse_mode === 'HTML', 4096, true);
    return problem ? fail({ error_code: 400, description: problem }) : ok(true);
  }

  private inlineAnswer(p: Json): Json {
    const results = (asJson(p.results) ?? []) as Json[];
    if (results.length > 50) return fail({ error_code: 400, description: 'Bad Request: too many inline query results' });
    for (const r of results) {
      const content = (r.input_message_content ?? {}) as Json;
      const problem =
        (byteLength(String(r.id ?? '')) < 1 || byteLength(String(r.id)) > 64 ? 'Bad Request: RESULT_ID_INVALID' : undefined) ??
        checkText(String(content.message_text ?? ''), content.parse_mode === 'HTML', 4096);
      if (problem) return fail({ error_code: 400, description: problem });
    }
    this.inlineAnswers.push({ queryId: String(p.inline_query_id), results, ...(p.cache_time !== undefined ? { cacheTime: Number(p.cache_time) } : {}) });
    return ok(true);
  }

  private photo(p: Json): Json {
    const caption = String(p.caption ?? '');
    const problem = checkText(caption, p.parse_mode === 'HTML', 1024, true);
    if (problem) return fail({ error_code: 400, description: problem });
    if (!(p.photo instanceof Blob) || p.photo.size === 0) return fail({ error_code: 400, description: 'Bad Request: there is no photo in the request' });
    const chatId = Number(p.chat_id);
    const messageId = this.nextMessageId++;
    this.sent.push({
      method: 'sendPhoto',
      chatId,
      messageId,
      text: caption,
      html: p.parse_mode === 'HTML',
      buttons: [],
      keyboard: [],
      photoBytes: p.photo.size,
      photo: (p.photo as Blob & { bytes: Uint8Array }).bytes,
      ...replyOf(p),
      at: performance.now(),
    });
    return ok({ message_id: messageId, date: now(), chat: { id: chatId, type: 'private' }, photo: [] });
  }
}

/** The message id a call replies to, from its reply_parameters (JSON, or a form field for photos). */
function replyOf(p: Json): { replyTo?: number } {
  const parameters = typeof p.reply_parameters === 'string' ? (JSON.parse(p.reply_parameters) as Json) : p.reply_parameters;
  return parameters?.message_id !== undefined ? { replyTo: Number(parameters.message_id) } : {};
}

export interface Chat {
  readonly id: number;
  /** The sender; the chat id for a private chat. */
  readonly userId?: number;
  readonly type?: 'private' | 'group' | 'supergroup';
  /** The sender's Telegram language_code; `zh-hans` unless given. */
  readonly language?: string;
}

function chatOf(chat: Chat): Json {
  const type = chat.type ?? 'private';
  return type === 'private' ? { id: chat.id, type, first_name: 'User' } : { id: chat.id, type, title: 'Group' };
}

function userOf(chat: Chat): Json {
  return { id: chat.userId ?? chat.id, is_bot: false, first_name: 'User', language_code: chat.language ?? 'zh-hans' };
}

function textEntities(text: string): Json {
  const command = /^\/[A-Za-z0-9_@]+/.exec(text);
  return command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {};
}

function checkText(text: string, html: boolean, limit: number, emptyAllowed = false): string | undefined {
  const check = html ? checkTelegramHtml(text) : { problems: [], visible: text };
  if (check.problems.length > 0) return `Bad Request: can't parse entities: ${check.problems.join('; ')}`;
  if (check.visible.trim().length === 0 && !emptyAllowed) return 'Bad Request: message text is empty';
  if (check.visible.length > limit) return limit === 1024 ? 'Bad Request: message caption is too long' : 'Bad Request: message is too long';
  return undefined;
}

function buttonData(markup: unknown): string[] {
  const rows = (asJson(markup) as Json | undefined)?.inline_keyboard as Json[][] | undefined;
  return (rows ?? []).flat().map((b) => String(b.callback_data ?? ''));
}

function buttonLabels(markup: unknown): string[][] {
  const rows = (asJson(markup) as Json | undefined)?.inline_keyboard as Json[][] | undefined;
  return (rows ?? []).map((row) => row.map((b) => String(b.text ?? '')));
}

function checkButtons(markup: unknown): string | undefined {
  const bad = buttonData(markup).find((d) => byteLength(d) < 1 || byteLength(d) > 64);
  return bad === undefined ? undefined : 'Bad Request: BUTTON_DATA_INVALID';
}

function asJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

async function readPayload(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return {};
  if (type.startsWith('application/json')) return JSON.parse(body.toString('utf8'));
  if (type.startsWith('multipart/form-data')) return readMultipart(body, type);
  return {};
}

/** grammY sends files as multipart: the file is its own part, referenced as attach://name. */
function readMultipart(body: Buffer, type: string): Json {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  const parts = new Map<string, { filename?: string; content: Buffer }>();
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length, next);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4, part.length - 2);
      const name = /name="([^"]*)"/.exec(headers)?.[1];
      const file = /filename=(?:"([^"]*)"|([^;\r\n]*))/.exec(headers);
      const filename = file ? (file[1] ?? file[2]) : undefined;
      if (name !== undefined) parts.set(name, { content, ...(filename !== undefined ? { filename } : {}) });
    }
    at = next;
  }
  const out: Json = {};
  for (const [name, { filename, content }] of parts) out[name] = filename !== undefined ? Object.assign(new Blob([content]), { bytes: new Uint8Array(content) }) : content.toString('utf8');
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string' && value.startsWith('attach://')) out[key] = out[value.slice('attach://'.length)];
  }
  return out;
}

function reply(res: ServerResponse, status: number, body: Json): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const ok = (result: unknown): Json => ({ ok: true, result });
const fail = ({ retry_after, ...error }: ScriptedFailure): Json => ({
  ok: false,
  ...error,
  ...(retry_after !== undefined ? { parameters: { retry_after } } : {}),
});
const now = () => Math.floor(Date.now() / 1000);
