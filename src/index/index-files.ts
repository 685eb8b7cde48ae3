import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IngestProblem, Report } from '../ingest/types.js';
import { readArrayBuffer } from './array-buffer-file.js';
import { UNGATED, type ReadGate } from './generations.js';
import { restoreEmbedder, type EmbedderChoice, type EmbedderState } from './embeddings.js';
import { KeywordIndex } from './keyword-index.js';
import { decodeReports, encodeReportsToBytes, utf16Texts, type StoredReport } from './report-codec.js';
import { assembleIndex, type SearchIndex } from './search-index.js';
import { HnswVectorStore, isVectorFile } from './vector-store.js';

/**
 * The files of one index generation: the reports in compact form (metadata and short strings as
 * JSON; values, offsets and texts in a binary file of floats, unsigned integers, then UTF-16),
 * the keyword index, the embedder's fitted state, the hnswlib vectors, and a manifest saying what
 * the index was built from.
 */

export interface IndexManifest {
  readonly format: number;
  /** Changes whenever the code that builds the index changes. */
  readonly builderVersion: string;
  readonly embedder: string;
  readonly builtAt: string;
  /** File name in the reports folder → sha256 of its bytes. */
  readonly sources: Readonly<Record<string, string>>;
  readonly problems: readonly IngestProblem[];
}

export const INDEX_FORMAT = 6;
const MANIFEST = 'manifest.json';
const REPORTS = 'reports.json';
const REPORT_DATA = 'reports.bin';
const EMBEDDER = 'embedder.json';
/** Files every generation has (the vector file only when there are vectors). */
export const INDEX_FILES: readonly string[] = [MANIFEST, REPORTS, REPORT_DATA, 'keywords.json', 'keywords.bin', EMBEDDER, 'vectors.json'];

/**
 * The files a load reads first, to verify first (see `checkGeneration`): the vector graphs take
 * longest to read, and hnswlib reads them on other threads while this one decodes the reports.
 */
export const READ_FIRST = (file: string): boolean => file === EMBEDDER || isVectorFile(file);

interface ReportsHead {
  readonly ints: number;
  readonly floats: number;
  readonly reports: readonly StoredReport[];
}

const { BYTES_PER_ELEMENT: FLOAT_BYTES } = Float64Array;
const { BYTES_PER_ELEMENT: INT_BYTES } = Uint32Array;
/** Bytes of a UTF-16 code unit. */
const CHAR_BYTES = 2;

async function writeReports(dir: string, reports: readonly Report[]): Promise<void> {
  const { reports: stored, texts, ints, floats } = encodeReportsToBytes(reports);
  const head: ReportsHead = { ints: ints.length, floats: floats.length, reports: stored };
  await writeFile(path.join(dir, REPORTS), JSON.stringify(head));
  // Floats first, so that they sit at an offset a Float64Array can view; parts, not one copy of all.
  await writeFile(path.join(dir, REPORT_DATA), [new Uint8Array(floats.buffer), new Uint8Array(ints.buffer), ...texts]);
}

async function readReports(dir: string, ready: ReadGate): Promise<Report[]> {
  await Promise.all([ready(REPORTS), ready(REPORT_DATA)]);
  const [json, data] = await Promise.all([readFile(path.join(dir, REPORTS), 'utf8'), readArrayBuffer(path.join(dir, REPORT_DATA))]);
  const head = JSON.parse(json) as ReportsHead;
  const textStart = head?.floats * FLOAT_BYTES + head?.ints * INT_BYTES;
  if (!Array.isArray(head?.reports) || !(textStart <= data.byteLength) || (data.byteLength - textStart) % CHAR_BYTES !== 0) {
    throw new Error('reports file: data file does not match');
  }
  return decodeReports({
    reports: head.reports,
    texts: utf16Texts(Buffer.from(data, textStart)),
    floats: new Float64Array(data, 0, head.floats),
    ints: new Uint32Array(data, head.floats * FLOAT_BYTES, head.ints),
  });
}

export async function writeIndexFiles(dir: string, index: SearchIndex, manifest: IndexManifest, embedderState: EmbedderState): Promise<void> {
  await writeReports(dir, index.reports);
  await index.keywords.save(dir);
  await writeFile(path.join(dir, EMBEDDER), JSON.stringify(embedderState));
  await index.vectors.save(dir);
  await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest));
}

/** Any format is read: the builder version, which covers the format, tells whether it is current. */
export async function readManifest(dir: string): Promise<IndexManifest> {
  const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as IndexManifest;
  const valid =
    Number.isInteger(manifest?.format) &&
    typeof manifest.builderVersion === 'string' &&
    typeof manifest.embedder === 'string' &&
    typeof manifest.sources === 'object' &&
    Array.isArray(manifest.problems);
  if (!valid) throw new Error('manifest: malformed');
  return manifest;
}

/**
 * Reads a generation written by `writeIndexFiles`, each file once `ready` admits it; throws on
 * anything missing or malformed.
 */
export async function readIndexFiles(dir: string, manifest: IndexManifest, choice: EmbedderChoice, ready: ReadGate = UNGATED): Promise<SearchIndex> {
  await ready(EMBEDDER);
  const embedder = await restoreEmbedder(choice, JSON.parse(await readFile(path.join(dir, EMBEDDER), 'utf8')) as EmbedderState);
  // A document's text is its chunk's, looked up in the index once it is assembled.
  let index: SearchIndex | undefined;
  const textOf = (chunkId: string) => index?.chunks[index.chunkPositions.get(chunkId) ?? -1]?.chunk.text ?? '';
  // hnswlib reads its graphs on the libuv pool: they load while this thread decodes the reports.
  const loading = Promise.all([HnswVectorStore.load(dir, embedder.embeddings, (m) => textOf(m.chunkId), ready), KeywordIndex.load(dir, ready)]);
  loading.catch(() => undefined);
  const reports = await readReports(dir, ready);
  const [vectors, keywords] = await loading;
  index = assembleIndex({ reports, builtAt: manifest.builtAt, embedder, keywords, vectors });
  return index;
}
