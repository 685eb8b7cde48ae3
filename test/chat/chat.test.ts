/** The terminal chat: `npm start` without a token answers lines from standard input. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let tmp: string;

function chat(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    VECTORSTORE_DIR: path.join(tmp, 'vectorstore'),
    DATA_DIR: path.join(tmp, 'data'),
    LOG_LEVEL: 'warn',
  };
  // What `npm start` runs (the compiled program; vitest's global setup builds it when stale).
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ stdout, stderr, code })));
}

const LINES = [
  '阳山县2024年一共受理了多少件法律援助案件？',
  '那梁平区呢？',
  '/source 1',
  '/help',
  '/summary 慈溪',
  '/compare 阳山 梁平 人民调解',
  '/reports',
  '/frobnicate',
];
let session: { stdout: string; stderr: string; code: number | null };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'chat-test-'));
  session = await chat(`${LINES.join('\n')}\n`);
}, 120_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('terminal chat (one piped session)', () => {
  it('answers a question piped on stdin with the figure and its quote, and says how to connect Telegram', () => {
    const firstAnswer = session.stdout.split('\n\n')[0] ?? '';
    expect(firstAnswer).toContain('202');
    expect(session.stdout).toContain('受理法律援助案件202件');
    expect(session.stdout).toContain('阳山县司法局');
    expect(session.stderr).toContain('TELEGRAM_BOT_TOKEN');
  });

  it('runs the same commands and follow-ups, one a line, in plain text, and ends with the input', () => {
    const { stdout, code } = session;
    expect(code).toBe(0);
    expect(stdout).toContain('梁平区司法局');
    expect(stdout).toContain('引用 [1] 的原文');
    expect(stdout).toContain('/compare 甲 乙 [主题]');
    expect(stdout).toContain('慈溪市司法局');
    expect(stdout).toContain('已收录 5 份报告');
    expect(stdout).toContain('没有这个命令');
    expect(stdout).not.toMatch(/<\/?b>|<blockquote>|&lt;|&gt;/);
  });
});

describe('terminal chat charts', () => {
  it('writes the chart of a comparison to a PNG file and prints its path', async () => {
    const match = /图表已保存：(\S+compare-\d+\.png)/.exec(session.stdout);
    expect(match?.[1]).toBeDefined();
    const png = await readFile(match?.[1] ?? '');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
