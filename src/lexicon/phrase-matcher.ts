/** A place in a text where a known phrase stands, with what the phrase stands for. */
export interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly phrase: string;
  readonly values: readonly T[];
}

/**
 * Finds known phrases in a text, longest first and without overlaps, scanning left to right
 * (the way a reader takes 法律援助案件 as one term, not 法律 + 援助案件). `atBoundary` may refuse a
 * match position (English phrases must start and end at word boundaries).
 */
export class PhraseMatcher<T> {
  private readonly values = new Map<string, T[]>();
  /** For each first character, the phrase lengths starting with it, longest first. */
  private readonly lengths = new Map<string, number[]>();

  constructor(
    entries: Iterable<readonly [string, T]>,
    private readonly atBoundary: (text: string, start: number, end: number) => boolean = () => true,
  ) {
    for (const [phrase, value] of entries) {
      if (!phrase) continue;
      const list = this.values.get(phrase) ?? [];
      if (!list.includes(value)) list.push(value);
      this.values.set(phrase, list);
    }
    for (const phrase of this.values.keys()) {
      const first = phrase[0]!;
      const lengths = this.lengths.get(first) ?? [];
      if (!lengths.includes(phrase.length)) lengths.push(phrase.length);
      this.lengths.set(first, lengths);
    }
    for (const lengths of this.lengths.values()) lengths.sort((a, b) => b - a);
  }

  /**
   * The matches in `text`, in order, chosen so that together they cover the most (longer words
   * weighing more): 设立法律援助工作站 is 法律援助工作站, not 立法 + what is left of it.
   */
  scan(text: string): PhraseMatch<T>[] {
    const all: PhraseMatch<T>[] = [];
    for (let i = 0; i < text.length; i++) all.push(...this.allAt(text, i));
    // weighted interval scheduling over matches sorted by end: best[k] is the best weight of the first k matches
    all.sort((a, b) => a.end - b.end || a.start - b.start);
    const weight = (m: PhraseMatch<T>) => (m.end - m.start) ** 2;
    const best: number[] = [0];
    const take: boolean[] = [];
    const previous: number[] = [];
    for (let k = 0; k < all.length; k++) {
      const m = all[k]!;
      let p = k - 1;
      while (p >= 0 && all[p]!.end > m.start) p--;
      previous.push(p);
      const withIt = weight(m) + best[p + 1]!;
      take.push(withIt > best[k]!);
      best.push(Math.max(withIt, best[k]!));
    }
    const chosen: PhraseMatch<T>[] = [];
    for (let k = all.length - 1; k >= 0; ) {
      if (take[k]) {
        chosen.push(all[k]!);
        k = previous[k]!;
      } else k--;
    }
    return chosen.reverse();
  }

  private allAt(text: string, start: number): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (const length of this.lengths.get(text[start]!) ?? []) {
      const end = start + length;
      if (end > text.length) continue;
      const phrase = text.slice(start, end);
      const values = this.values.get(phrase);
      if (values && this.atBoundary(text, start, end)) out.push({ start, end, phrase, values });
    }
    return out;
  }

  /** Whether any phrase stands in `text`. */
  test(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.longestAt(text, i)) return true;
    return false;
  }

  /** What a phrase stands for, when it is known exactly. */
  get(phrase: string): readonly T[] | undefined {
    return this.values.get(phrase);
  }

  phrases(): IterableIterator<string> {
    return this.values.keys();
  }

  private longestAt(text: string, start: number): PhraseMatch<T> | undefined {
    for (const length of this.lengths.get(text[start]!) ?? []) {
      const end = start + length;
      if (end > text.length) continue;
      const phrase = text.slice(start, end);
      const values = this.values.get(phrase);
      if (values && this.atBoundary(text, start, end)) return { start, end, phrase, values };
    }
    return undefined;
  }
}
