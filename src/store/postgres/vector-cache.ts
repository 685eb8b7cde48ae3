import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SectionRole } from '../../ingest/types.js';
import type { Embedder } from '../../index/embeddings.js';
import { commitGeneration, removeLeftovers, savedGenerations, verifyGeneration } from '../../index/generations.js';
import { HnswVectorStore } from '../../index/vector-store.js';

/**
 * The vector index of a process serving from PostgreSQL, kept on this machine's disk between starts
 * (a folder per corpus under VECTORSTORE_DIR), so a start reads the saved graph and fetches only the
 * passages added since, instead of reading every vector and building the graph again (which takes
 * minutes at 10,000 reports). Written as checksummed generations like the embedded index: a crash
 * mid-write leaves the previous one, and a damaged one is ignored (the vectors are fetched anew).
 */

/** Where a passage's vector belongs: its number in the table and its role. */
export interface VectorPassage {
  readonly doc: number;
  readonly role: SectionRole;
}

export interface CachedVectors {
  readonly vectors: HnswVectorStore;
  readonly passages: ReadonlyMap<string, VectorPassage>;
  /** The last passage number the vectors hold: those after it are fetched from the table. */
  readonly lastDoc: number;
}

const PASSAGES_FILE = 'passages.json';

interface SavedPassages {
  readonly embedder: string;
  readonly lastDoc: number;
  readonly passages: readonly (readonly [string, number, SectionRole])[];
}

export class VectorCache {
  constructor(private readonly root: string) {}

  /** The saved vectors of this embedder, or undefined when there are none, or they are damaged. */
  async load(embedder: Embedder): Promise<CachedVectors | undefined> {
    try {
      await removeLeftovers(this.root);
      const [current] = await savedGenerations(this.root);
      if (!current) return undefined;
      await verifyGeneration(current, [PASSAGES_FILE]);
      const saved = JSON.parse(await readFile(path.join(current, PASSAGES_FILE), 'utf8')) as SavedPassages;
      if (saved.embedder !== embedder.id) return undefined;
      const vectors = await HnswVectorStore.load(current, embedder.embeddings);
      return { vectors, passages: new Map(saved.passages.map(([id, doc, role]) => [id, { doc, role }])), lastDoc: saved.lastDoc };
    } catch {
      return undefined;
    }
  }

  async save(embedder: Embedder, { vectors, passages, lastDoc }: CachedVectors): Promise<void> {
    const saved: SavedPassages = { embedder: embedder.id, lastDoc, passages: [...passages].map(([id, p]) => [id, p.doc, p.role]) };
    await commitGeneration(this.root, async (dir) => {
      await vectors.save(dir);
      await writeFile(path.join(dir, PASSAGES_FILE), JSON.stringify(saved));
    });
  }
}
