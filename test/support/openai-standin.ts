import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback OpenAI-compatible server for tests: POST /v1/chat/completions answers with
 * whatever the current scenario says (text, an HTTP error, a delay), and records each request.
 */

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
}

export interface StandinReply {
  /** 200 by default. */
  readonly status?: number;
  /** The assistant's text (status 200) or the error message. */
  readonly content: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
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
        send(res, status, status === 200 ? completion(request.model, reply.content) : errorBody(status, reply.content), reply.headers);
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

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-standin-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function errorBody(status: number, message: string) {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}
