import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArrayBuffer } from '../../src/index/array-buffer-file.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'array-buffer-file-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A file of `bytes` bytes that differ from place to place. */
async function fileOf(name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 31 + (i >> 12)) & 0xff;
  await writeFile(file, data);
  return file;
}

describe('an index file in memory', () => {
  it.each([
    ['a small file (read)', 4096],
    ['a large file (mapped when the binding is installed)', 17 << 20],
  ])('%s: the same bytes, viewable as 32-bit words, and a write to them never reaches the file', async (_what, bytes) => {
    const file = await fileOf(`f-${bytes}`, bytes);
    const buffer = await readArrayBuffer(file);
    const onDisk = await readFile(file);
    expect(buffer.byteLength).toBe(bytes);
    expect(Buffer.from(buffer).equals(onDisk)).toBe(true);
    const words = new Uint32Array(buffer, 0, 4);
    expect(words[1]).toBe(onDisk.readUInt32LE(4));
    words[0] = 0xdeadbeef;
    expect((await readFile(file)).readUInt32LE(0)).toBe(onDisk.readUInt32LE(0));
  });

  it('is an empty buffer for an empty file', async () => {
    const file = path.join(dir, 'empty');
    await writeFile(file, '');
    expect((await readArrayBuffer(file)).byteLength).toBe(0);
  });
});
