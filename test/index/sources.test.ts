import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceHash } from '../../src/ingest/source-hash.js';
import { hashSources } from '../../src/index/sources.js';

describe('the identities of the reports folder, with the hash cache beside the index', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  async function folder(): Promise<{ reports: string; cache: string; file: string }> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sources-'));
    dirs.push(root);
    const reports = path.join(root, 'reports');
    const file = path.join(reports, 'a.txt');
    await mkdir(reports);
    await writeFile(file, '阳山县司法局2024年工作总结：受理法律援助案件202件。');
    // Older than the cache's racy window, as a report that has sat in the folder is.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, hourAgo, hourAgo);
    return { reports, cache: path.join(root, 'vectorstore'), file };
  }

  it('gives the same sha256 as reading every file, and sees an edit that keeps the size', async () => {
    const { reports, cache, file } = await folder();
    const first = await hashSources(reports, cache);
    expect(first).toEqual(await hashSources(reports));
    expect(first['a.txt']).toBe(sourceHash(await readFile(file)));
    await writeFile(file, '阳山县司法局2024年工作总结：受理法律援助案件203件。');
    const edited = await hashSources(reports, cache);
    expect(edited['a.txt']).toBe(sourceHash(await readFile(file)));
    expect(edited['a.txt']).not.toBe(first['a.txt']);
  });

  it('does not read a file again while its size, inode and times are unchanged', async () => {
    const { reports, cache } = await folder();
    await hashSources(reports, cache);
    const cacheFile = path.join(cache, 'source-hashes.json');
    const saved = JSON.parse(await readFile(cacheFile, 'utf8')) as Record<string, { key: string; hash: string }>;
    const [entry] = Object.values(saved);
    // The cached identity is what a start takes: a different one proves the file was not read.
    await writeFile(cacheFile, JSON.stringify(Object.fromEntries(Object.keys(saved).map((k) => [k, { ...entry, hash: 'from-the-cache' }]))));
    expect((await hashSources(reports, cache))['a.txt']).toBe('from-the-cache');
  });

  it('hashes a file written just now again next time: an edit in the same clock tick could keep its times', async () => {
    const { reports, cache, file } = await folder();
    await writeFile(file, '新写入的报告');
    await hashSources(reports, cache);
    const saved = JSON.parse(await readFile(path.join(cache, 'source-hashes.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(saved)).toHaveLength(0);
  });

  it('hashes everything when the cache is unreadable', async () => {
    const { reports, cache, file } = await folder();
    await mkdir(cache);
    await writeFile(path.join(cache, 'source-hashes.json'), '{"a.txt": ');
    expect((await hashSources(reports, cache))['a.txt']).toBe(sourceHash(await readFile(file)));
  });
});
