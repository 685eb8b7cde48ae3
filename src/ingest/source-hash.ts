import { createHash } from 'node:crypto';

/** The identity of a report file's bytes (`Report.sourceHash`): what the index compares to see a change. */
export function sourceHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
