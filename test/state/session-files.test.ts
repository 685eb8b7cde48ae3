import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { processState } from '../../src/state/bot-state.js';
import { SessionFiles, type SessionDisk } from '../../src/state/session-files.js';

const logger = createLogger('silent');
const DAY = 24 * 3600 * 1000;
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sessions-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const stateIn = (dir: string) => processState(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), logger);

/** A disk that counts its calls and answers them when told, as files written by a busy thread pool would. */
function slowDisk() {
  const files = new Map<string, string>();
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const later = <T>(value: () => T) => new Promise<T>((resolve) => waiting.push(() => resolve(value())));
  const disk: SessionDisk = {
    read: (key) => (calls.push(`read ${key}`), later(() => files.get(key))),
    write: (key, text) => (calls.push(`write ${key}`), later(() => void files.set(key, text))),
    delete: (key) => (calls.push(`delete ${key}`), later(() => void files.delete(key))),
  };
  const settle = async () => {
    while (waiting.length > 0) {
      waiting.splice(0).forEach((go) => go());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { disk, files, calls, settle };
}

describe('sessions of one process', () => {
  it('are on disk once the bot stops, and a restarted bot reads them back', async () => {
    const state = stateIn(dataDir);
    const chats = state.sessions<{ answers: string[] }>('chat', DAY);
    await chats.write('-100', { answers: ['阳山县 202件'] });
    await chats.write('-100', { answers: ['阳山县 202件', '梁平区 627件'] });
    await state.close();
    const files = await readdir(path.join(dataDir, 'sessions', 'chat'), { recursive: true });
    expect(files.filter((f) => f.endsWith('.json'))).toEqual([path.join('00', '-100.json')]);
    const again = stateIn(dataDir).sessions<{ answers: string[] }>('chat', DAY);
    expect(await again.read('-100')).toEqual({ answers: ['阳山县 202件', '梁平区 627件'] });
  });

  it('forget a file cut short by a crash instead of failing every update', async () => {
    await mkdir(path.join(dataDir, 'sessions', 'member', '42'), { recursive: true });
    await writeFile(path.join(dataDir, 'sessions', 'member', '42', '-100_42.json'), '{"__d":{"last":');
    const members = stateIn(dataDir).sessions<{ last: string }>('member', DAY);
    expect(await members.read('-100_42')).toBeUndefined();
  });

  it('are deleted from disk when the bot deletes them', async () => {
    const state = stateIn(dataDir);
    const users = state.sessions<{ language: string }>('user', DAY);
    await users.write('7', { language: 'en' });
    await state.close();
    await users.delete('7');
    await state.close();
    expect(await stateIn(dataDir).sessions('user', DAY).read('7')).toBeUndefined();
  });
});

describe('SessionFiles', () => {
  it('reads a key from disk once, then from memory, a copy each time', async () => {
    const { disk, files, calls, settle } = slowDisk();
    files.set('a', JSON.stringify({ n: 1 }));
    const sessions = new SessionFiles<{ n: number }>(disk, () => undefined);
    const first = sessions.read('a');
    await settle();
    const value = (await first)!;
    value.n = 99;
    expect(await sessions.read('a')).toEqual({ n: 1 });
    expect(calls).toEqual(['read a']);
  });

  it('writes turns that come while a write is under way as one write of the latest value', async () => {
    const { disk, files, calls, settle } = slowDisk();
    const sessions = new SessionFiles<{ n: number }>(disk, () => undefined);
    for (let n = 1; n <= 5; n++) sessions.write('a', { n });
    expect(await sessions.read('a')).toEqual({ n: 5 });
    const flushed = sessions.flush();
    await settle();
    await flushed;
    expect(calls).toEqual(['write a', 'write a']);
    expect(JSON.parse(files.get('a')!)).toEqual({ n: 5 });
  });

  it('keeps a write that came while the key was being read from disk', async () => {
    const { disk, files, settle } = slowDisk();
    files.set('a', JSON.stringify({ n: 1 }));
    const sessions = new SessionFiles<{ n: number }>(disk, () => undefined);
    const reading = sessions.read('a');
    sessions.write('a', { n: 2 });
    await settle();
    expect(await reading).toEqual({ n: 2 });
  });

  it('forgets the oldest keys beyond its capacity, never one not yet written', async () => {
    const { disk, calls, settle } = slowDisk();
    const sessions = new SessionFiles<{ n: number }>(disk, () => undefined, 2);
    sessions.write('a', { n: 1 });
    sessions.write('b', { n: 2 });
    sessions.write('c', { n: 3 });
    expect(await sessions.read('a')).toEqual({ n: 1 });
    const flushed = sessions.flush();
    await settle();
    await flushed;
    sessions.write('d', { n: 4 });
    const reading = sessions.read('b');
    await settle();
    expect(await reading).toEqual({ n: 2 });
    expect(calls.filter((c) => c.startsWith('read'))).toEqual(['read b']);
  });

  it('reports a write that failed and writes the key again at its next change', async () => {
    const { disk, files, settle } = slowDisk();
    const failures: string[] = [];
    let failNext = true;
    const failing: SessionDisk = {
      ...disk,
      write: (key, text) => {
        if (!failNext) return disk.write(key, text);
        failNext = false;
        return Promise.reject(new Error('disk full'));
      },
    };
    const sessions = new SessionFiles<{ n: number }>(failing, (key, error) => failures.push(`${key}: ${(error as Error).message}`));
    sessions.write('a', { n: 1 });
    await sessions.flush();
    expect(failures).toEqual(['a: disk full']);
    sessions.write('a', { n: 2 });
    const flushed = sessions.flush();
    await settle();
    await flushed;
    expect(JSON.parse(files.get('a')!)).toEqual({ n: 2 });
  });
});

it('session files hold JSON a person can read', async () => {
  const state = stateIn(dataDir);
  await state.sessions<{ language: string }>('user', DAY).write('12345', { language: 'en' });
  await state.close();
  const text = await readFile(path.join(dataDir, 'sessions', 'user', '45', '12345.json'), 'utf8');
  expect(JSON.parse(text).__d).toEqual({ language: 'en' });
});
