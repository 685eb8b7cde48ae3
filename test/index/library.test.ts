import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { recordingLogger } from '../support/logger.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot, type Config } from '../../src/config.js';
import { createAnswerService } from '../../src/answer/service.js';
import { IngestError } from '../../src/ingest/errors.js';
import { commitGeneration } from '../../src/index/generations.js';
import { Library } from '../../src/index/library.js';
import { retrieveFor } from '../../src/evaluation/retrieval.js';
import { FULL_RETRIEVAL } from '../../src/search/retriever.js';
import { testConfig } from '../support/library.js';

/** A logger whose messages the test can read. */
let work: string;
let reportsDir: string;
/** One report alone: where a test rebuilds the index only to see that it does, a small one will do. */
let oneReportDir: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'library-test-'));
  reportsDir = path.join(work, 'reports');
  await cp(path.join(projectRoot, 'reports'), reportsDir, { recursive: true });
  oneReportDir = path.join(work, 'one-report');
  await mkdir(oneReportDir);
  const first = (await readdir(reportsDir)).filter((f) => f.endsWith('.txt')).sort()[0]!;
  await cp(path.join(reportsDir, first), path.join(oneReportDir, first));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function freshStore(from = reportsDir): Promise<Config> {
  return testConfig({ reportsDir: from, vectorstoreDir: await mkdtemp(path.join(work, 'store-')) });
}

const firstBuilt = new Map<string, Promise<Config>>();

/** A store holding the saved index of the reports `from`, as a previous start left it (built once, then copied). */
async function builtStore(from = reportsDir): Promise<Config> {
  let built = firstBuilt.get(from);
  if (!built) {
    built = freshStore(from).then(async (config) => {
      await Library.open(config, recordingLogger().logger);
      return config;
    });
    firstBuilt.set(from, built);
  }
  const config = await freshStore(from);
  await cp((await built).vectorstoreDir, config.vectorstoreDir, { recursive: true });
  return config;
}

async function currentDir(config: Config): Promise<string> {
  return path.join(config.vectorstoreDir, (await readFile(path.join(config.vectorstoreDir, 'CURRENT'), 'utf8')).trim());
}

async function generations(config: Config): Promise<string[]> {
  return (await readdir(config.vectorstoreDir)).filter((e) => e.startsWith('gen-')).sort();
}

/** Flips one byte in the middle of a file, keeping its size. */
async function flipByte(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const at = Math.floor((await handle.stat()).size / 2);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, at);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, at);
  } finally {
    await handle.close();
  }
}

describe('the saved index', () => {
  it('is built once and then loaded', async () => {
    const config = await freshStore();
    const built = await Library.open(config, recordingLogger().logger);
    const { logger, messages } = recordingLogger();
    const loaded = await Library.open(config, logger);
    expect(loaded.index.builtAt).toBe(built.index.builtAt);
    expect(messages).toContain('index loaded');
    // Everything answers rely on comes back: texts, sections, chunks, sentences, clauses, figures.
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    expect(plain(loaded.index.reports)).toEqual(plain(built.index.reports));
    const hit = (await retrieveFor(loaded.index, '梁平区人民调解协议履行率是多少', FULL_RETRIEVAL, 5))[0];
    expect(hit?.chunk.text).toContain('99.85%');
  });

  it('survives a write interrupted before the switch: the previous index still loads', async () => {
    const config = await builtStore();
    const built = await Library.open(config, recordingLogger().logger);
    const crash = commitGeneration(config.vectorstoreDir, async (dir) => {
      await writeFile(path.join(dir, 'reports.json'), '{"half": ');
      throw new Error('killed mid-write');
    });
    await expect(crash).rejects.toThrow('killed mid-write');
    await writeFile(path.join(config.vectorstoreDir, 'CURRENT.999.dead.tmp'), 'gen-half');
    const loaded = await Library.open(config, recordingLogger().logger);
    expect(loaded.index.builtAt).toBe(built.index.builtAt);
  });

  it.each([
    ['a truncated vector file', (dir: string) => truncate(path.join(dir, 'vectors-0.hnsw'), 100)],
    ['a truncated report data file (offsets, figures, texts)', async (dir: string) => truncate(path.join(dir, 'reports.bin'), (await stat(path.join(dir, 'reports.bin'))).size - 8)],
    ['a byte altered in the keyword postings', (dir: string) => flipByte(path.join(dir, 'keywords.bin'))],
    ['bad JSON in the reports file', (dir: string) => writeFile(path.join(dir, 'reports.json'), '{not json')],
    ['a missing keyword index', (dir: string) => rm(path.join(dir, 'keywords.json'))],
    ['a pointer to nothing', (dir: string) => writeFile(path.join(path.dirname(dir), 'CURRENT'), 'gen-gone')],
    ['an emptied checksum file beside an altered report data file', async (dir: string) => {
      await writeFile(path.join(dir, 'checksums.json'), '{}');
      await flipByte(path.join(dir, 'reports.bin'));
    }],
    ['a checksum file that leaves out the manifest', async (dir: string) => {
      const checks = JSON.parse(await readFile(path.join(dir, 'checksums.json'), 'utf8')) as Record<string, unknown>;
      delete checks['manifest.json'];
      await writeFile(path.join(dir, 'checksums.json'), JSON.stringify(checks));
    }],
  ])('is rebuilt, never a crash, after %s', async (_what, corrupt) => {
    const config = await builtStore(oneReportDir);
    const built = await Library.open(config, recordingLogger().logger);
    await corrupt(await currentDir(config));
    const { logger, messages } = recordingLogger();
    const reopened = await Library.open(config, logger);
    expect(messages).toContain('saved index is unreadable: rebuilding it');
    expect(reopened.index.builtAt).not.toBe(built.index.builtAt);
    expect(reopened.index.chunks.length).toBe(built.index.chunks.length);
    const again = recordingLogger();
    await Library.open(config, again.logger);
    expect(again.messages).toContain('index loaded');
  });

  it('keeps the current and the previous generation only, and a write another process has in progress', async () => {
    const config = await builtStore(oneReportDir);
    const library = await Library.open(config, recordingLogger().logger);
    const inProgress = path.join(config.vectorstoreDir, 'gen-zzzzzzzz-other-process');
    await mkdir(inProgress);
    await writeFile(path.join(inProgress, 'reports.json'), '{"half": ');
    await library.rebuild();
    const previous = await currentDir(config);
    await library.rebuild();
    const current = await currentDir(config);
    expect(await generations(config)).toEqual([previous, current, inProgress].map((d) => path.basename(d)).sort());
    const { logger, messages } = recordingLogger();
    await Library.open(config, logger);
    expect(messages).toContain('index loaded');
  });

  it('is not lost to a build killed at any moment, and what the killed builds left is removed at the next start', async () => {
    const config = await builtStore();
    const built = await Library.open(config, recordingLogger().logger);
    for (const afterMs of [150, 400, 800, 1200]) {
      const child = spawn(process.execPath, ['dist/cli.js', 'ingest'], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, REPORTS_DIR: config.reportsDir, VECTORSTORE_DIR: config.vectorstoreDir, LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      const exited = once(child, 'exit');
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      child.kill('SIGKILL');
      await exited;
    }
    const { logger, messages } = recordingLogger();
    const reopened = await Library.open(config, logger);
    expect(messages).toContain('index loaded');
    expect(reopened.index.chunks.length).toBe(built.index.chunks.length);
    const current = path.basename(await currentDir(config));
    for (const gen of await generations(config)) {
      if (gen === current) continue;
      // Only finished generations stay: the current one and the one it replaced.
      await expect(stat(path.join(config.vectorstoreDir, gen, 'checksums.json'))).resolves.toBeDefined();
    }
    expect((await generations(config)).length).toBeLessThanOrEqual(2);
  });

  it('falls back to the previous generation when the current one is corrupt', async () => {
    const config = await builtStore();
    const library = await Library.open(config, recordingLogger().logger);
    const previous = library.index.builtAt;
    await library.rebuild();
    await flipByte(path.join(await currentDir(config), 'vectors-0.hnsw'));
    const { logger, messages } = recordingLogger();
    const reopened = await Library.open(config, logger);
    expect(messages).toEqual(['saved index is unreadable: trying the previous one', 'index loaded']);
    expect(reopened.index.builtAt).toBe(previous);
    const hit = (await retrieveFor(reopened.index, '梁平区人民调解协议履行率是多少', FULL_RETRIEVAL, 5))[0];
    expect(hit?.chunk.text).toBe(hit?.report.text.slice(hit.chunk.start, hit.chunk.end));
    expect(hit?.chunk.text).toContain('99.85%');
  });

  it('is rebuilt when a report changes', async () => {
    const config = testConfig({ reportsDir: await mkdtemp(path.join(work, 'reports-')), vectorstoreDir: await mkdtemp(path.join(work, 'store-')) });
    const [first, second] = (await readdir(reportsDir)).sort();
    await cp(path.join(reportsDir, first!), path.join(config.reportsDir, first!));
    const built = await Library.open(config, recordingLogger().logger);
    expect(built.index.reports).toHaveLength(1);
    await cp(path.join(reportsDir, second!), path.join(config.reportsDir, second!));
    const { logger, messages } = recordingLogger();
    const reopened = await Library.open(config, logger);
    expect(messages).toContain('saved index is out of date: rebuilding it');
    expect(reopened.index.reports).toHaveLength(2);
  });
});

describe('a change of embedder', () => {
  let server: Server;
  let baseURL: string;
  const dims = 8;

  beforeAll(async () => {
    // An OpenAI-compatible embeddings endpoint on loopback: a vector from the text's characters.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { input, encoding_format } = JSON.parse(body) as { input: string[] | string; encoding_format?: string };
        const texts = Array.isArray(input) ? input : [input];
        const data = texts.map((text, index) => {
          const v = new Float32Array(dims);
          for (const ch of text) v[ch.codePointAt(0)! % dims]! += 1;
          const embedding = encoding_format === 'base64' ? Buffer.from(v.buffer).toString('base64') : Array.from(v);
          return { object: 'embedding', index, embedding };
        });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ object: 'list', data, model: 'loopback', usage: { prompt_tokens: 0, total_tokens: 0 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('rebuilds the index with the new embedder, and back', async () => {
    const offline = await builtStore();
    const online: Config = loadConfig({
      REPORTS_DIR: offline.reportsDir,
      VECTORSTORE_DIR: offline.vectorstoreDir,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: baseURL,
      OPENAI_EMBEDDING_MODEL: 'loopback-embed',
    });
    const first = await Library.open(offline, recordingLogger().logger);
    expect(first.index.embedder).toMatch(/^hashed-/);

    const { logger, messages } = recordingLogger();
    const remote = await Library.open(online, logger);
    expect(messages).toContain('saved index is out of date: rebuilding it');
    expect(remote.index.embedder).toBe(`openai/loopback-embed@${baseURL}`);
    expect((await retrieveFor(remote.index, '慈溪完成执法证换证多少人次', FULL_RETRIEVAL, 5)).length).toBeGreaterThan(0);

    const back = await Library.open(offline, recordingLogger().logger);
    expect(back.index.embedder).toMatch(/^hashed-/);
  });
});

describe('an upload', () => {
  async function smallLibrary(count: number): Promise<{ library: Library; config: Config; names: string[] }> {
    const config = testConfig({ reportsDir: await mkdtemp(path.join(work, 'reports-')), vectorstoreDir: await mkdtemp(path.join(work, 'store-')) });
    const names = (await readdir(reportsDir)).filter((f) => f.endsWith('.txt')).sort();
    for (const name of names.slice(0, count)) await cp(path.join(reportsDir, name), path.join(config.reportsDir, name));
    return { library: await Library.open(config, recordingLogger().logger), config, names };
  }

  it('of a bad or misnamed file, or of a copy, is refused with the reason, the index and the folder untouched', async () => {
    const config = await builtStore();
    const library = await Library.open(config, recordingLogger().logger);
    const before = library.index;
    const files = await readdir(reportsDir);
    await expect(library.shelf.upload('empty.txt', new Uint8Array())).rejects.toBeInstanceOf(IngestError);
    await expect(library.shelf.upload('notes.xyz', new TextEncoder().encode('文字'))).rejects.toBeInstanceOf(IngestError);
    await expect(library.shelf.upload('README.md', new TextEncoder().encode('# 说明'))).rejects.toThrow(/不是报告文件名/);
    const existing = files.find((f) => f.endsWith('.txt'))!;
    expect(await library.shelf.upload('copy.txt', await readFile(path.join(reportsDir, existing)))).toEqual({ kind: 'duplicate', existing });
    expect(library.index).toBe(before);
    expect(await readdir(reportsDir)).toEqual(files);
  });

  it('of a good file is added and searchable, while a search on the old index keeps working', async () => {
    const { library, config, names } = await smallLibrary(2);
    const old = library.index;
    const upload = names[2]!;
    const outcome = await library.shelf.upload(upload, await readFile(path.join(reportsDir, upload)));
    expect(outcome).toMatchObject({ kind: 'added', meta: { region: '镜湖区' } });
    expect(library.index.reports).toHaveLength(3);
    expect(await retrieveFor(old, '镜湖区法律援助', FULL_RETRIEVAL, 5)).toEqual([]);
    const hits = await retrieveFor(library.index, '镜湖区上半年开展了多少场法律七进活动', FULL_RETRIEVAL, 5);
    expect(hits[0]?.report.meta.region).toBe('镜湖区');
    expect(await readdir(config.reportsDir)).toContain(upload);
    // Added without rebuilding the others, then saved: the next start loads it as it is.
    await library.saved();
    const { logger, messages } = recordingLogger();
    const reopened = await Library.open(config, logger);
    expect(messages).toContain('index loaded');
    expect(reopened.index.reports.map((r) => r.meta.file)).toEqual(library.index.reports.map((r) => r.meta.file));
    expect((await retrieveFor(reopened.index, '镜湖区上半年开展了多少场法律七进活动', FULL_RETRIEVAL, 5))[0]?.report.meta.region).toBe('镜湖区');
  });

  it('over an existing name waits for a replace; the original is kept and can be restored', async () => {
    const { library, config, names } = await smallLibrary(1);
    const name = names[0]!;
    const original = await readFile(path.join(config.reportsDir, name));
    const changed = Buffer.from(original.toString('utf8').replace('202件', '302件'));
    // Summaries asked again are kept: each must still come from the report as it is now.
    const answers = createAnswerService({ config, logger: recordingLogger().logger, library });
    const summaryText = async () => (await answers.summary('阳山')).text;
    expect(await summaryText()).toContain('202件');
    const outcome = await library.shelf.upload(name, changed, 7001);
    expect(outcome).toMatchObject({ kind: 'conflict', existing: { file: name } });
    // Nothing changed yet: the file, and the figure answers give.
    expect((await readFile(path.join(config.reportsDir, name))).equals(original)).toBe(true);
    expect(library.index.reports[0]!.text).toContain('202件');
    expect(await summaryText()).toContain('202件');
    if (outcome.kind !== 'conflict') throw new Error('no conflict');
    await library.shelf.replaceWith(outcome.version.hash.slice(0, 12), 7001);
    expect(library.index.reports[0]!.text).toContain('302件');
    expect(await summaryText()).toContain('302件');
    expect(await summaryText()).not.toContain('202件');
    const kept = (await library.shelf.listVersions()).find((v) => v.file === name && v.hash !== outcome.version.hash)!;
    expect(kept).toBeDefined();
    await library.shelf.replaceWith(kept.hash.slice(0, 12));
    expect((await readFile(path.join(config.reportsDir, name))).equals(original)).toBe(true);
    expect(library.index.reports).toHaveLength(1);
    expect(library.index.reports[0]!.text).toContain('202件');
    expect(await summaryText()).toContain('202件');
    await library.saved();
  });

  it('replaced, takes the place of the old report without the others being ingested again, and so after a restart', async () => {
    const { library, config, names } = await smallLibrary(2);
    const name = names[0]!;
    const other = library.index.reports.find((r) => r.meta.file !== name)!;
    const changed = Buffer.from((await readFile(path.join(config.reportsDir, name), 'utf8')).replace('202件', '302件'));
    const outcome = await library.shelf.upload(name, changed, 7001);
    if (outcome.kind !== 'conflict') throw new Error('no conflict');
    await library.shelf.replaceWith(outcome.version.hash.slice(0, 12), 7001);
    await library.saved();
    const reopened = await Library.open(config, recordingLogger().logger);
    for (const served of [library, reopened]) {
      const hits = await retrieveFor(served.index, '阳山县2024年受理了多少件法律援助案件', FULL_RETRIEVAL, 5);
      expect(hits[0]?.chunk.text).toContain('302件');
      expect(hits.some((h) => h.chunk.text.includes('202件'))).toBe(false);
      expect(served.index.reports.map((r) => r.meta.id).sort()).toEqual([other.meta.id, hits[0]!.report.meta.id].sort());
    }
    // The other report is the object ingested before, not a new ingest of it.
    expect(library.index.reports.find((r) => r.meta.id === other.meta.id)).toBe(other);
  });

  it('removed by an admin, leaves the folder and the index (and so after a restart), kept as a version that restores it', async () => {
    const { library, config, names } = await smallLibrary(2);
    const [gone, kept] = [names[0]!, names[1]!];
    expect(library.shelf.matching('阳山').map((m) => m.file)).toEqual([gone]);
    expect(library.shelf.matching(gone).map((m) => m.file)).toEqual([gone]);
    const removed = await library.shelf.remove(gone, 7001);
    expect(removed.file).toBe(gone);
    await expect(library.shelf.remove(gone)).rejects.toThrow(IngestError);
    await library.saved();
    const reopened = await Library.open(config, recordingLogger().logger);
    for (const served of [library, reopened]) {
      expect(served.index.reports.map((r) => r.meta.file)).toEqual([kept]);
      const hits = await retrieveFor(served.index, '阳山县2024年受理了多少件法律援助案件', FULL_RETRIEVAL, 5);
      expect(hits.every((h) => h.report.meta.file === kept)).toBe(true);
    }
    expect((await readdir(config.reportsDir)).filter((f) => !f.startsWith('.'))).toEqual([kept]);
    const [version] = await library.shelf.listVersions();
    expect(version).toMatchObject({ file: gone, by: 7001 });
    await library.shelf.replaceWith(version!.hash.slice(0, 12));
    const hits = await retrieveFor(library.index, '阳山县2024年受理了多少件法律援助案件', FULL_RETRIEVAL, 5);
    expect(hits[0]?.chunk.text).toContain('202件');
    await library.saved();
  });

  it('of a second report of the same bureau, year and period asks before it replaces the first', async () => {
    const { library, config, names } = await smallLibrary(1);
    const text = (await readFile(path.join(config.reportsDir, names[0]!), 'utf8')).replace('202件', '212件');
    const outcome = await library.shelf.upload('阳山县司法局2024年报告（更正版）.txt', Buffer.from(text));
    expect(outcome).toMatchObject({ kind: 'conflict', existing: { file: names[0] }, meta: { region: '阳山县', year: 2024 } });
    expect(library.index.reports).toHaveLength(1);
    expect((await readdir(config.reportsDir)).filter((f) => !f.startsWith('.'))).toEqual([names[0]]);
  });

  it('with a very long name holding a line break, HTML and folders is stored under a safe name', async () => {
    const { library, config, names } = await smallLibrary(1);
    const weird = `../../<b>清新区</b>\n司法局${'很长的名字'.repeat(80)}.txt`;
    const outcome = await library.shelf.upload(weird, await readFile(path.join(reportsDir, names[2]!)));
    expect(outcome.kind).toBe('added');
    const stored = (await readdir(config.reportsDir)).find((f) => f !== names[0] && !f.startsWith('.'))!;
    // Only the part after the last path separator (the "/" of </b> included) is a file name.
    expect(stored).toMatch(/^b 司法局很长的名字.*\.txt$/);
    expect(stored.length).toBeLessThanOrEqual(60);
    expect((await library.shelf.listVersions())[0]?.originalName).toBe(weird);
    await library.saved();
  });
});
