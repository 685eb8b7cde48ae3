import { cp, mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/index/library.js';
import { IngestError, ingestFile } from '../../src/ingest/index.js';
import { IngestPool } from '../../src/ingest/pool.js';
import { createLogger } from '../../src/logger.js';
import { TaskPool, WorkerTaskError } from '../../src/workers/pool.js';
import type { PoolTestRequest } from '../support/pool-tasks.mjs';
import { testConfig } from '../support/library.js';
import { REPORT_FILES, reportsDir, reportText } from './fixtures.js';
import { blankPdf, zipBombDocx } from './hostile-files.js';

/**
 * Hostile files, built here, through the paths an upload and the reports folder take: each is
 * refused alone with a reason a person can act on, and the good reports are all still there.
 */

let dir: string;
let pool: IngestPool;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hostile-test-'));
  pool = new IngestPool({ threads: 1 });
});
afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, bytes: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** What an upload of this file gets: the worker's report, or the reason it was refused. */
async function upload(name: string, bytes: Buffer | string): Promise<{ region?: string; text?: string; reason?: string }> {
  try {
    const report = await pool.ingest(await write(name, bytes), { file: name, manifest: {} });
    return { region: report.meta.region, text: report.text };
  } catch (err) {
    if (err instanceof IngestError) return { reason: err.reason };
    throw err;
  }
}

/** A file of `bytes` that takes no room on disk. */
async function sparseFile(file: string, bytes: number): Promise<void> {
  const handle = await open(file, 'w');
  await handle.truncate(bytes);
  await handle.close();
}

const jinghu = reportText(REPORT_FILES.jinghu);

describe('hostile files', () => {
  it('a zip-bomb .docx (1 MB that unzips to 1 GB) is refused before it is unzipped', async () => {
    expect((await upload('bomb.docx', await zipBombDocx(1 << 30))).reason).toMatch(/压缩炸弹/);
  });

  it('a zip bomb that declares small sizes is stopped while unzipping', async () => {
    expect((await upload('liar.docx', await zipBombDocx(256 << 20, true))).reason).toMatch(/压缩炸弹|声明的大小不实/);
  });

  it('a PDF of 30,000 blank pages is refused by its page count', async () => {
    expect((await upload('pages.pdf', blankPdf(30_000))).reason).toMatch(/页数太多（30000 页/);
  });

  it('a 50 MB text of one line is refused by its size, with the reason', async () => {
    const line = jinghu.replace(/\n/g, '');
    const text = line.repeat(Math.ceil((50 << 20) / Buffer.byteLength(line)));
    expect((await upload('one-line.txt', text)).reason).toMatch(/文件太大（5\d\.\d MB，上限 32\.0 MB）/);
  });

  it('a long report of one line within the limits is read whole', async () => {
    const line = jinghu.replace(/\n/g, '');
    const result = await upload('long-line.txt', line.repeat(Math.ceil((1 << 20) / Buffer.byteLength(line))));
    expect(result.reason).toBeUndefined();
    expect(result.region).toBe('镜湖区');
  });

  it('a Shift-JIS file is refused as Japanese, not read as Chinese gibberish', async () => {
    const japanese = '司法局年次報告書\nこれは日本語の文章です。法律相談の件数は２０２件でした。東京都の人口は増えています。\n'.repeat(30);
    expect((await upload('japanese.txt', iconv.encode(japanese, 'shift_jis'))).reason).toMatch(/日文编码（(?:SHIFT_JIS|CP932)/);
  });

  it('Big5, GBK and UTF-16 without a byte order mark are decoded right', async () => {
    const liangping = reportText(REPORT_FILES.liangping);
    expect((await upload('big5.txt', iconv.encode(liangping, 'big5'))).text).toBe(liangping);
    expect((await upload('gbk.txt', iconv.encode(jinghu, 'gbk'))).text).toBe(jinghu);
    expect((await upload('utf16.txt', iconv.encode(jinghu, 'utf-16le'))).text).toBe(jinghu);
  });

  it('bytes that decode to nothing readable are refused with the encoding tried', async () => {
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => 0x80 + ((i * 7919) % 0x7f)));
    expect((await upload('noise.txt', noise)).reason).toMatch(/无法识别文件编码|二进制/);
  });

  it('files over 2 GB in the reports folder and a subfolder are skipped by name; the reports still load', async () => {
    const reports = path.join(dir, 'reports');
    await cp(reportsDir, reports, { recursive: true });
    await mkdir(path.join(reports, 'archive'));
    await sparseFile(path.join(reports, 'archive', 'x.zip'), 2.5 * 2 ** 30);
    await sparseFile(path.join(reports, 'huge.txt'), 2.5 * 2 ** 30);
    const library = await Library.open(testConfig({ reportsDir: reports, vectorstoreDir: path.join(dir, 'store') }), createLogger('silent'));
    expect(library.index.reports).toHaveLength(5);
    expect(library.problems()).toContainEqual({ file: 'huge.txt', reason: expect.stringMatching(/文件太大（2560\.0 MB/) });
    expect(await readdir(reports)).toContain('huge.txt');
  });

  it('a missing reports folder is one line naming the folder', async () => {
    const missing = path.join(dir, 'no-such-folder');
    const opened = Library.open(testConfig({ reportsDir: missing, vectorstoreDir: path.join(dir, 'store-missing') }), createLogger('silent'));
    await expect(opened).rejects.toMatchObject({ file: missing, reason: expect.stringContaining('报告文件夹不存在') });
  });

  it('an ordinary report still comes through the same worker', async () => {
    expect((await upload('jinghu.txt', jinghu)).region).toBe('镜湖区');
  });
});

describe('the worker pool', () => {
  const tasks = new URL('../support/pool-tasks.mjs', import.meta.url);

  it('stops a task that passes its heap cap; the process and the next task go on', async () => {
    const capped = new TaskPool<PoolTestRequest, string>(tasks, { threads: 1, heapMb: 64 });
    try {
      await expect(capped.run({ kind: 'hoard' })).rejects.toMatchObject({ kind: 'memory' });
      expect(await capped.run({ kind: 'echo', value: 'still here' })).toBe('still here');
    } finally {
      await capped.close();
    }
  });

  it('stops a task that passes its time limit', async () => {
    // The limit counts a worker's start-up too, which takes a while on a busy machine:
    // the worker is started first, and the next one has a margin.
    const timed = new TaskPool<PoolTestRequest, string>(tasks, { threads: 1, timeoutMs: 1_500 });
    try {
      await timed.run({ kind: 'echo', value: 'warm' }).catch(() => undefined);
      const slow = timed.run({ kind: 'sleep', ms: 60_000 });
      await expect(slow).rejects.toBeInstanceOf(WorkerTaskError);
      await expect(slow).rejects.toMatchObject({ kind: 'timeout' });
      expect(await timed.run({ kind: 'echo', value: 'next' })).toBe('next');
    } finally {
      await timed.close();
    }
  });
});

describe('ingest of a report in this thread', () => {
  it('gives the same report as the worker', async () => {
    const file = await write('same.txt', jinghu);
    const here = await ingestFile(file, { file: 'same.txt', manifest: {} });
    const there = await pool.ingest(file, { file: 'same.txt', manifest: {} });
    expect(there).toEqual(here);
  });
});
