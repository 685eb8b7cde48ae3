import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot, secretValues } from '../../src/config.js';
import { createLogger, redactSecrets } from '../../src/logger.js';

/** Secrets never reach a log line or an error message, whoever repeats them. */

const KEY = 'sk-test-0123456789abcdefSECRET';
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const vectorstoreDir = mkdtempSync(path.join(os.tmpdir(), 'secrets-test-index-'));

function cli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli.js', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, VECTORSTORE_DIR: vectorstoreDir, LOG_LEVEL: 'debug', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** An OpenAI-compatible server that refuses every request and echoes its Authorization header. */
let echo: Server;
let baseURL: string;
beforeAll(async () => {
  echo = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}`, type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

describe('secrets', () => {
  it('an LLM server echoing the API key in its error: the answer comes, the key is in no log line', async () => {
    const run = await cli(['ask', '--json', '阳山县2024年受理了多少件法律援助案件？'], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseURL, LLM_MAX_RETRIES: '0' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!).text).toContain('202');
    expect(run.stderr).toContain('Incorrect API key provided');
    expect(run.stderr).not.toContain(KEY);
    expect(run.stderr).not.toContain(KEY.slice(0, 20));
  });

  it('the password in DATABASE_URL is a secret like the token and keys', () => {
    createLogger('silent', secretValues(loadConfig({ DATABASE_URL: 'postgres://bot:s3cret%2Fpass@db.example:5432/reports' })));
    const line = redactSecrets('connect failed: postgres://bot:s3cret%2Fpass@db.example:5432/reports (password s3cret/pass)');
    expect(line).not.toContain('s3cret');
    expect(line).toContain('db.example');
  });

  it('a token pasted into the wrong variable: the error names the variable, never the value', async () => {
    const run = await cli(['ask', '法律援助'], { ADMIN_USER_IDS: TOKEN, TELEGRAM_API_ROOT: `not a url ${TOKEN}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ADMIN_USER_IDS');
    expect(run.stderr).toContain('TELEGRAM_API_ROOT');
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stderr).not.toContain(TOKEN.split(':')[1]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
