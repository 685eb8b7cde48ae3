import { readFile } from 'node:fs/promises';

/**
 * A file's bytes in an ArrayBuffer of their own, which typed arrays of any element size can view.
 * Large files come from `readFile` in a buffer of their own already, so they are not copied: a
 * copy of the index's large binary files would add to the peak memory of a start.
 */
export async function readArrayBuffer(file: string): Promise<ArrayBuffer> {
  const bytes = await readFile(file);
  const ownBuffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return ownBuffer ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
