import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * A file's bytes in an ArrayBuffer of their own, which typed arrays of any element size can view.
 *
 * The file is mapped into memory when the optional binding `@riaskov/mmap-io` is installed: an
 * index file is written once and never changed, and a mapping shares the pages the system already
 * caches instead of copying them into fresh memory, which costs more than the read itself on a
 * virtual machine (a 230 MB file: 0.1 s mapped and touched, 0.75 s read). The mapping is private
 * and writable, so that a stray write copies a page instead of crashing or reaching the file.
 * Without the binding, or for a file the binding cannot map (2 GB and more), it is read; so is a
 * file under MAP_FROM_BYTES, where the binding's loader (80 ms at every start) would cost more
 * than mapping saves.
 */

interface MmapBinding {
  map(size: number, protection: number, flags: number, fd: number): Buffer;
  readonly PROT_READ: number;
  readonly PROT_WRITE: number;
  readonly MAP_PRIVATE: number;
}

const MAP_FROM_BYTES = 16 << 20;
/** The binding takes the size as a 32-bit integer. */
const MAPPABLE_BYTES = 2 ** 31 - 1;

let binding: MmapBinding | null | undefined;

/** The binding, loaded on first use; null when it is not installed. */
function mmapBinding(): MmapBinding | null {
  if (binding !== undefined) return binding;
  try {
    const module = createRequire(import.meta.url)('@riaskov/mmap-io') as MmapBinding | { default: MmapBinding };
    binding = 'default' in module ? module.default : module;
  } catch {
    binding = null;
  }
  return binding;
}

export async function readArrayBuffer(file: string): Promise<ArrayBuffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const mmap = size >= MAP_FROM_BYTES && size <= MAPPABLE_BYTES ? mmapBinding() : null;
    const mapped = mmap?.map(size, mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_PRIVATE, handle.fd);
    return mapped && ownsBuffer(mapped) ? (mapped.buffer as ArrayBuffer) : ownBuffer(await handle.readFile());
  } finally {
    await handle.close();
  }
}

function ownsBuffer(bytes: Buffer): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

/** Large files are read into a buffer of their own already, so they are not copied again. */
function ownBuffer(bytes: Buffer): ArrayBuffer {
  const buffer = bytes.buffer as ArrayBuffer;
  return ownsBuffer(bytes) ? buffer : buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
