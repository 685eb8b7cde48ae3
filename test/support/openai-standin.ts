import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback OpenAI-compatible server for tests: POST /v1/chat/completions answers with
 * whatever the current scenario says (text, an HTTP error, a delay), as one JSON body or — when
 * the request asks to stream — as server-sent events, and records each request.
 */

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly stream?: boolean;
  readonly response_format?: { readonly type: string };
  readonly max_tokens?: number;
}

export interface StandinReply {
  /** 200 by default. */
  readonly status?: number;
  /** The assistant's text (status 200) or the error message. */
  readonly content: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Streamed: the pieces the content is sent in (default: pieces of 8 characters). */
  readonly chunks?: readonly string[];
  /** Streamed: wait this long between pieces. */
  readonly chunkDelayMs?: number;
  /** Streamed: after this many pieces send nothing more and keep the connection open. */
  readonly stallAfter?: number;
  /** Token counts to report (streamed: in a last chunk, as with stream_options.include_usage). */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
}

/** Chooses a reply from the request and its 0-based number since the scenario was set. */
export type Scenario = (request: ChatRequest, attempt: number) => StandinReply;

export interface OpenAiStandin {
  /** For the SDK's `baseURL`, e.g. http://127.0.0.1:41234/v1 */
  readonly baseURL: string;
  /** Requests received since the scenario was set. */
  readonly requests: readonly ChatRequest[];
  use(scenario: Scenario): void;
  close(): Promise<void>;
}

export async function startOpenAiStandin(): Promise<OpenAiStandin> {
  let scenario: Scenario = () => ({ status: 500, content: 'no scenario set' });
  let requests: ChatRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
        return;
      }
      const request = JSON.parse(body) as ChatRequest;
      const reply = scenario(request, requests.length);
      requests.push(request);
      const answer = () => {
        const status = reply.status ?? 200;
        if (status === 200 && request.stream) return stream(res, request.model, reply, timers);
        send(res, status, status === 200 ? completion(request.model, reply.content, reply.usage) : errorBody(status, reply.content), reply.headers);
      };
      if (!reply.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer();
      }, reply.delayMs);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    use(next) {
      scenario = next;
      requests = [];
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function pieces(content: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < content.length; i += 8) out.push(content.slice(i, i + 8));
  return out;
}

function chunk(model: string, delta: Record<string, string>, finish: string | null) {
  return {
    id: 'chatcmpl-standin-stream',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

/** Sends the reply as server-sent events, one piece at a time, the way OpenAI-compatible servers stream. */
function stream(res: http.ServerResponse, model: string, reply: StandinReply, timers: Set<NodeJS.Timeout>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
  const event = (data: unknown) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  const parts = [...(reply.chunks ?? pieces(reply.content))];
  let sent = 0;
  event(chunk(model, { role: 'assistant', content: '' }, null));
  const next = () => {
    if (res.destroyed) return;
    if (reply.stallAfter !== undefined && sent >= reply.stallAfter) return;
    const part = parts.shift();
    if (part === undefined) {
      event(chunk(model, {}, 'stop'));
      if (reply.usage) event({ ...chunk(model, {}, null), choices: [], usage: { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens } });
      event('[DONE]');
      res.end();
      return;
    }
    event(chunk(model, { content: part }, null));
    sent++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      next();
    }, reply.chunkDelayMs ?? 0);
    timers.add(timer);
  };
  next();
}

function completion(model: string, content: string, usage: StandinReply['usage']) {
  return {
    id: `chatcmpl-standin-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  };
}

function errorBody(status: number, message: string) {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}

/** The numbered passages of a request's user message: `[n] header` lines, each followed by its text. */
export function passagesIn(request: ChatRequest): Map<number, string> {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const out = new Map<number, string>();
  const parts = user.split(/^\[(\d+)\] [^\n]*\n/m);
  for (let i = 1; i + 1 < parts.length; i += 2) out.set(Number(parts[i]), parts[i + 1]!.trim());
  return out;
}

/**
 * A model that answers only from the passages it is shown: it quotes the sentence holding `phrase`
 * with that passage's number, or says the reports do not mention it.
 */
export function quotingModel(phrase: string, lead = '报告写道'): Scenario {
  return (request) => {
    for (const [n, text] of passagesIn(request)) {
      const sentence = text.split(/(?<=[。；;！？])/).find((s) => s.includes(phrase));
      if (sentence) return { content: `${lead}「${sentence.replace(/[。；;]$/, '')}」[${n}]。` };
    }
    return { content: '报告未提及。' };
  };
}
