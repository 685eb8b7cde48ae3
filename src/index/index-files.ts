import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Chunk, IngestProblem, Report } from '../ingest/types.js';
import { restoreEmbedder, type EmbedderChoice, type EmbedderState } from './embeddings.js';
import { KeywordIndex } from './keyword-index.js';
import { assembleIndex, type SearchIndex } from './search-index.js';
import { HnswVectorStore } from './vector-store.js';

/**
 * The files of one index generation: report metadata, chunks and figures (JSON lines, one report
 * a line, chunk texts left out as they are slices of the report), the keyword index, the embedder's
 * fitted state, the hnswlib vectors, and a manifest saying what the index was built from.
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

export const INDEX_FORMAT = 1;
const MANIFEST = 'manifest.json';
const REPORTS = 'reports.jsonl';
const EMBEDDER = 'embedder.json';

type StoredChunk = Omit<Chunk, 'text' | 'folded'>;
type StoredReport = Omit<Report, 'chunks'> & { readonly chunks: readonly StoredChunk[] };

function toStored(report: Report): StoredReport {
  return { ...report, chunks: report.chunks.map(({ text: _text, folded: _folded, ...rest }) => rest) };
}

function fromStored(stored: StoredReport): Report {
  if (typeof stored?.text !== 'string' || typeof stored.folded !== 'string' || !Array.isArray(stored.chunks) || !stored.meta) {
    throw new Error('reports file: malformed report');
  }
  const chunks = stored.chunks.map((c) => ({ ...c, text: stored.text.slice(c.start, c.end), folded: stored.folded.slice(c.start, c.end) }));
  return { ...stored, chunks };
}

export async function writeIndexFiles(dir: string, index: SearchIndex, manifest: IndexManifest, embedderState: EmbedderState): Promise<void> {
  await writeFile(path.join(dir, REPORTS), index.reports.map((r) => JSON.stringify(toStored(r))).join('\n'));
  await index.keywords.save(dir);
  await writeFile(path.join(dir, EMBEDDER), JSON.stringify(embedderState));
  await index.vectors.save(dir);
  await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
}

export async function readManifest(dir: string): Promise<IndexManifest> {
  const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as IndexManifest;
  const valid =
    manifest?.format === INDEX_FORMAT &&
    typeof manifest.builderVersion === 'string' &&
    typeof manifest.embedder === 'string' &&
    typeof manifest.sources === 'object' &&
    Array.isArray(manifest.problems);
  if (!valid) throw new Error('manifest: malformed or of another format');
  return manifest;
}

async function readReports(dir: string): Promise<Report[]> {
  const reports: Report[] = [];
  const lines = createInterface({ input: createReadStream(path.join(dir, REPORTS), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) reports.push(fromStored(JSON.parse(line) as StoredReport));
  }
  return reports;
}

/** Reads a generation written by `writeIndexFiles`; throws on anything missing or malformed. */
export async function readIndexFiles(dir: string, manifest: IndexManifest, choice: EmbedderChoice): Promise<SearchIndex> {
  const reports = await readReports(dir);
  const keywords = await KeywordIndex.load(dir);
  const embedder = await restoreEmbedder(choice, JSON.parse(await readFile(path.join(dir, EMBEDDER), 'utf8')) as EmbedderState);
  const texts = new Map(reports.flatMap((r) => r.chunks.map((c) => [c.id, c.text] as const)));
  const vectors = await HnswVectorStore.load(dir, embedder.embeddings, (m) => texts.get(m.chunkId) ?? '');
  return assembleIndex({ reports, builtAt: manifest.builtAt, embedder, keywords, vectors });
}
