import type { Dictionary, HmmModel } from './dictionary.js';

/**
 * jieba's segmentation as cppjieba 5 does it (nodejieba 3): maximum-probability cuts over the
 * dictionary's word graph (MPSegment), runs of lone characters re-cut by the HMM (MixSegment),
 * search mode adding the dictionary's 2- and 3-character sub-words (QuerySegment), and parts of
 * speech from the dictionary (PosTagger). Same order of operations, same tie-breaking, so the
 * words are nodejieba's; a test compares the two on the corpus. Positions are UTF-16 offsets;
 * a character outside the BMP (two units) is never cut apart.
 */

/** cppjieba's MIN_DOUBLE: the weight of an impossible step. */
const IMPOSSIBLE = -3.14e100;
/** cppjieba's PreFilter separators (space, tab, line feed, ，。): each stands alone, no word spans one. */
const SEPARATORS = /[ \t\n\uff0c\u3002]/g;
const [B, E, M, S] = [0, 1, 2, 3] as const;
const STATES = [B, E, M, S] as const;

export interface TaggedWord {
  readonly word: string;
  readonly tag: string;
}

/** A word as a half-open range of UTF-16 offsets. */
interface Range {
  readonly start: number;
  readonly end: number;
}

type PieceCutter = (text: string, start: number, end: number, out: Range[]) => void;

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** The end of the character starting at `i` (two units for a surrogate pair). */
function charEnd(text: string, i: number): number {
  return isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

/** Lone surrogates become U+FFFD, as on the way into cppjieba's UTF-8. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export class Segmenter {
  constructor(
    private readonly dictionary: Dictionary,
    private readonly hmm: HmmModel,
  ) {}

  /** Adds a word the segmentation keeps whole, weighing the dictionary's median (nodejieba's insertWord). */
  insertWord(word: string): void {
    this.dictionary.set(word, this.dictionary.userWeight, 'x');
  }

  /** Precise mode without the HMM: nodejieba's `cut(text)`. */
  cut(text: string): string[] {
    return this.segment(text, (t, start, end, out) => this.maxProbability(t, start, end, out));
  }

  /** Search mode without the HMM: nodejieba's `cutForSearch(text)`, each word of `cut` preceded by its sub-words. */
  cutForSearch(text: string): string[] {
    return this.cut(text).flatMap((word) => [...this.subWords(word), word]);
  }

  /**
   * QuerySegment's additions for one word of `cut`: its 2-character, then 3-character substrings
   * that are dictionary words, for a word longer than they are.
   */
  subWords(word: string): string[] {
    const starts = charStarts(word, 0, word.length);
    const out: string[] = [];
    for (const size of [2, 3]) {
      for (let k = 0; starts.length > size && k + size <= starts.length; k++) {
        const end = starts[k + size] ?? word.length;
        if (this.dictionary.isWord(this.dictionary.walk(word, starts[k]!, end))) out.push(word.slice(starts[k]!, end));
      }
    }
    return out;
  }

  /** Words with the HMM and their parts of speech: nodejieba's `tag(text)`. */
  tag(text: string): TaggedWord[] {
    return this.segment(text, (t, start, end, out) => this.mixed(t, start, end, out)).map((word) => ({ word, tag: this.lookupTag(word) }));
  }

  /** Splits at the separators (each one a word of its own) and cuts each piece. */
  private segment(raw: string, cutPiece: PieceCutter): string[] {
    const text = wellFormed(raw);
    const ranges: Range[] = [];
    let start = 0;
    for (const match of text.matchAll(SEPARATORS)) {
      if (match.index > start) cutPiece(text, start, match.index, ranges);
      ranges.push({ start: match.index, end: match.index + 1 });
      start = match.index + 1;
    }
    if (start < text.length) cutPiece(text, start, text.length, ranges);
    return ranges.map((r) => text.slice(r.start, r.end));
  }

  /**
   * MPSegment: for each character the words of the dictionary that start there (the lone
   * character always), then the best path from the end backwards; ties keep the shorter word.
   */
  private maxProbability(text: string, from: number, to: number, out: Range[]): void {
    const { dictionary } = this;
    const best = new Float64Array(to - from + 1);
    const bestEnd = new Int32Array(to - from);
    for (let i = to - 1; i >= from; i--) {
      if (i > from && isLowSurrogate(text.charCodeAt(i)) && isHighSurrogate(text.charCodeAt(i - 1))) continue;
      const single = charEnd(text, i);
      let node = dictionary.walk(text, i, single);
      let bestWeight = best[single - from]! + (dictionary.isWord(node) ? dictionary.weight(node) : dictionary.minWeight);
      let end = single;
      for (let j = single; j < to && node !== -1; j++) {
        node = dictionary.child(node, text.charCodeAt(j));
        if (!dictionary.isWord(node) || isHighSurrogate(text.charCodeAt(j))) continue;
        const weight = best[j + 1 - from]! + dictionary.weight(node);
        if (weight > bestWeight) {
          bestWeight = weight;
          end = j + 1;
        }
      }
      best[i - from] = bestWeight;
      bestEnd[i - from] = end;
    }
    for (let i = from; i < to; i = bestEnd[i - from]!) out.push({ start: i, end: bestEnd[i - from]! });
  }

  /** MixSegment: runs of lone characters after the dictionary cut go to the HMM. */
  private mixed(text: string, from: number, to: number, out: Range[]): void {
    const words: Range[] = [];
    this.maxProbability(text, from, to, words);
    const isSingle = (w: Range) => charEnd(text, w.start) === w.end;
    for (let i = 0; i < words.length; i++) {
      if (!isSingle(words[i]!)) {
        out.push(words[i]!);
        continue;
      }
      let j = i;
      while (j < words.length && isSingle(words[j]!)) j++;
      this.hmmCut(text, words[i]!.start, words[j - 1]!.end, out);
      i = j - 1;
    }
  }

  /** HMMSegment: ASCII letters (with digits after them) and numbers stay whole; the rest goes to Viterbi. */
  private hmmCut(text: string, from: number, to: number, out: Range[]): void {
    let left = from;
    let right = from;
    while (right < to) {
      if (text.charCodeAt(right) >= 0x80) {
        right = charEnd(text, right);
        continue;
      }
      if (left !== right) this.viterbi(text, left, right, out);
      left = right;
      right = asciiRunEnd(text, left, to);
      out.push({ start: left, end: right });
      left = right;
    }
    if (left !== right) this.viterbi(text, left, right, out);
  }

  private viterbi(text: string, from: number, to: number, out: Range[]): void {
    const { start, trans, emit } = this.hmm;
    const starts = charStarts(text, from, to);
    const x = starts.length;
    const weight = new Float64Array(x * 4);
    const path = new Int8Array(x * 4);
    const code = (t: number) => text.codePointAt(starts[t]!)!;
    for (const y of STATES) {
      weight[y * x] = start[y]! + (emit[y]!.get(code(0)) ?? IMPOSSIBLE);
      path[y * x] = -1;
    }
    for (let t = 1; t < x; t++) {
      for (const y of STATES) {
        const now = t + y * x;
        weight[now] = IMPOSSIBLE;
        path[now] = E;
        const emitted = emit[y]!.get(code(t)) ?? IMPOSSIBLE;
        for (const previous of STATES) {
          const w = weight[t - 1 + previous * x]! + trans[previous]![y]! + emitted;
          if (w > weight[now]!) {
            weight[now] = w;
            path[now] = previous;
          }
        }
      }
    }
    const states = new Int8Array(x);
    let state: number = weight[x - 1 + E * x]! >= weight[x - 1 + S * x]! ? E : S;
    for (let t = x - 1; t >= 0; t--) {
      states[t] = state;
      state = path[t + state * x]!;
    }
    let left = from;
    states.forEach((s, t) => {
      if (s !== E && s !== S) return;
      const end = starts[t + 1] ?? to;
      out.push({ start: left, end });
      left = end;
    });
  }

  /** PosTagger: the dictionary's tag, else m for numbers, eng for Latin, x for the rest. */
  private lookupTag(word: string): string {
    const tag = this.dictionary.tag(word);
    if (tag) return tag;
    const chars = Array.from(word);
    let ascii = 0;
    let digits = 0;
    for (let i = 0; i < chars.length && ascii < Math.floor(chars.length / 2); i++) {
      const code = chars[i]!.codePointAt(0)!;
      if (code >= 0x80) continue;
      ascii++;
      if (code >= 0x30 && code <= 0x39) digits++;
    }
    if (ascii === 0) return 'x';
    return digits === ascii ? 'm' : 'eng';
  }
}

/** The offsets where the characters of text[from, to) start. */
function charStarts(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i = charEnd(text, i)) out.push(i);
  return out;
}

const isLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The end of an ASCII letter run (digits may follow letters), a number (with dots), or one character. */
function asciiRunEnd(text: string, from: number, to: number): number {
  const code = (i: number) => text.charCodeAt(i);
  let end = from + 1;
  if (isLetter(code(from))) {
    while (end < to && (isLetter(code(end)) || isDigit(code(end)))) end++;
  } else if (isDigit(code(from))) {
    while (end < to && (isDigit(code(end)) || code(end) === 0x2e)) end++;
  }
  return end;
}
