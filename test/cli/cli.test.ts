import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

// One index folder for the few CLI runs of this file: the first run builds it, the others load it.
const vectorstoreDir = mkdtempSync(path.join(os.tmpdir(), 'cli-test-index-'));

/** Runs the compiled CLI as `npm run cli` does, offline: no Telegram token, no OpenAI key. */
function cli(args: readonly string[], input = '') {
  return runCli(args, { ...process.env, VECTORSTORE_DIR: vectorstoreDir, LOG_LEVEL: 'warn', OPENAI_API_KEY: '', TELEGRAM_BOT_TOKEN: '' }, input);
}

describe('cli', () => {
  it('ask --json answers stdin one JSON line per question, in order, and nothing else starts with {', () => {
    const run = cli(['ask', '--json'], '阳山县各乡镇一共办理了多少宗行政检查？\n\n慈溪市2021年常住人口有多少？\n梁平區復議首選率提升到多少？\n');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(lines).toHaveLength(3);
    expect(run.stdout.split('\n').filter((l) => l.trim() && !l.startsWith('{'))).toEqual([]);
    const [first, second, third] = lines.map((l) => JSON.parse(l));
    expect(first.text).toContain('2368');
    expect(first.notFound).toBe(false);
    expect(Object.keys(first.citations[0]).sort()).toEqual(
      expect.arrayContaining(['n', 'reportId', 'bureau', 'region', 'year', 'period', 'section', 'quote']),
    );
    expect(second.notFound).toBe(true);
    expect(third.text).toContain('64.9%');
  });

  it('compare prints plain text with both regions and the period difference, and writes its chart with --chart', () => {
    const chart = path.join(vectorstoreDir, 'compare.png');
    const run = cli(['compare', '阳山', '镜湖', '--topic', '法律援助', '--chart', chart]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`图表已保存：${chart}`);
    expect(readFileSync(chart).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(run.stdout).toContain('202');
    expect(run.stdout).toContain('236');
    expect(run.stdout).toContain('上半年');
    expect(run.stdout.trimStart().startsWith('{')).toBe(false);
  });

  it('a wrong command line gets a clear message, a non-zero exit and no stack trace', () => {
    const run = cli(['compare', '阳山']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('需要两个地区');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});
