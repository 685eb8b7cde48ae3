/**
 * Time and peak memory of each hostile file of issue 15, each in a fresh process, through the path
 * an admin upload takes (the ingest worker with its heap cap and time limit):
 * `npx tsx scripts/bench-hostile.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { projectRoot } from '../src/config.js';
import { IngestError } from '../src/ingest/errors.js';
import { IngestPool } from '../src/ingest/pool.js';
import { blankPdf, zipBombDocx } from '../test/ingest/hostile-files.js';

const ONE_LINE = '2024年，全区共受理法律援助案件202件，调解矛盾纠纷1152件，调解成功率99.5%。';

/** Writes the hostile file into `dir`; returns its path. */
const FILES: Readonly<Record<string, (dir: string) => Promise<string>>> = {
  'zip-bomb .docx (1 MB → 1 GB)': async (dir) => write(dir, 'bomb.docx', await zipBombDocx(1 << 30)),
  'zip bomb lying about its sizes (→ 256 MB)': async (dir) => write(dir, 'liar.docx', await zipBombDocx(256 << 20, true)),
  'PDF of 30,000 blank pages': async (dir) => write(dir, 'pages.pdf', blankPdf(30_000)),
  '50 MB text of one line': async (dir) => write(dir, 'one-line.txt', ONE_LINE.repeat(Math.ceil((50 << 20) / Buffer.byteLength(ONE_LINE)))),
  '1.5 GB text (sparse)': async (dir) => sparse(dir, 'huge.txt', 1.5 * 2 ** 30),
  'file over 2 GB (sparse)': async (dir) => sparse(dir, 'archive.txt', 2.5 * 2 ** 30),
  'Shift-JIS text': async (dir) => write(dir, 'japanese.txt', iconv.encode('司法局年次報告書\nこれは日本語の文章です。法律相談の件数は２０２件でした。\n'.repeat(200), 'shift_jis')),
};

async function write(dir: string, name: string, bytes: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

async function sparse(dir: string, name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  await handle.truncate(bytes);
  await handle.close();
  return file;
}

/** In the child: one file through the upload path; prints time, peak RSS (worker included) and the reason. */
async function measure(name: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-hostile-'));
  const pool = new IngestPool({ threads: 1 });
  try {
    const file = await FILES[name]!(dir);
    const started = performance.now();
    const reason = await pool.ingest(file, { file: path.basename(file), manifest: {} }).then(
      () => 'accepted',
      (err: unknown) => (err instanceof IngestError ? err.reason : String(err)),
    );
    console.log(JSON.stringify({ ms: performance.now() - started, rss: process.resourceUsage().maxRSS * 1024, reason }));
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--one');
  if (only >= 0) return measure(process.argv[only + 1]!);
  for (const name of Object.keys(FILES)) {
    const out = execFileSync('npx', ['tsx', 'scripts/bench-hostile.ts', '--one', name], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 24 });
    const { ms, rss, reason } = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; rss: number; reason: string };
    console.log(`${name.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms  peak RSS ${(rss / 2 ** 20).toFixed(0).padStart(5)} MB  ${reason}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
