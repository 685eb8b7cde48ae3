import type pg from 'pg';
import { BIGRAM_PREFIX, bigrams } from '../../index/tokenizer.js';
import type { TermStats } from '../../search/evidence.js';

/**
 * Passage counts of words from PostgreSQL, with the embedded index's semantics: a token's count is
 * kept in `corpus_terms`; a word that is no token of its own (the segmenter cut it) is counted in
 * the passages that hold all its character pairs and the word itself. Weighing is synchronous, so
 * the counts a question needs are fetched first (`prepare`); a word nobody prepared is taken as
 * present and of middling rarity, never as absent (that would read as "the reports do not say").
 */

/** An unprepared word counts as held by this share of passages. */
const UNPREPARED_SHARE = 0.01;

/** A tsquery holding every one of the terms (quoted as lexemes, so any character is literal). */
export function allOf(terms: readonly string[]): string {
  return terms.map(lexeme).join(' & ');
}

export function anyOf(terms: readonly string[]): string {
  return terms.map(lexeme).join(' | ');
}

function lexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export class PgTermStats implements TermStats {
  private readonly tokens = new Map<string, number>();
  private readonly words = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private passages: number,
  ) {}

  get size(): number {
    return this.passages;
  }

  /** After an ingest: counts change. */
  reset(passages: number): void {
    this.passages = passages;
    this.tokens.clear();
    this.words.clear();
  }

  documentFrequency(word: string): number {
    const whole = this.tokens.get(word);
    if (whole !== undefined && whole > 0) return whole;
    return this.words.get(word) ?? Math.max(1, Math.round(this.passages * UNPREPARED_SHARE));
  }

  hasPair(pair: string): boolean {
    return (this.tokens.get(`${BIGRAM_PREFIX}${pair}`) ?? 1) > 0;
  }

  /** Counts of these tokens (known ones kept). */
  async tokenCounts(terms: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const missing = [...new Set(terms)].filter((t) => !this.tokens.has(t));
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ term: string; df: number }>('select term, df from corpus_terms where term = any($1)', [missing]);
      for (const t of missing) this.tokens.set(t, 0);
      for (const row of rows) this.tokens.set(row.term, row.df);
    }
    return this.tokens;
  }

  /** Fetches the counts weighing these words will read. */
  async prepare(words: readonly string[]): Promise<void> {
    await this.tokenCounts([...words, ...words.flatMap(bigrams)]);
    for (const word of words) {
      if (this.words.has(word) || (this.tokens.get(word) ?? 0) > 0) continue;
      this.words.set(word, await this.substringCount(word));
    }
  }

  private async substringCount(word: string): Promise<number> {
    const pairs = bigrams(word);
    if (pairs.length === 0) return 0;
    if (pairs.length === 1) return this.tokens.get(pairs[0]!) ?? 0;
    if (pairs.some((p) => (this.tokens.get(p) ?? 0) === 0)) return 0;
    const { rows } = await this.pool.query<{ n: string }>('select count(*) as n from corpus_passages where tsv @@ $1::tsquery and strpos(index_text, $2) > 0', [allOf(pairs), word]);
    return Number(rows[0]?.n ?? 0);
  }
}
