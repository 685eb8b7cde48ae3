/**
 * Where quotes stand, said once per report: `阳山县司法局 · 2024 全年 · [1] 提升法律援助服务能力`.
 * A section is named by its own words (the deepest heading that has some, numbering removed),
 * shortened at a word boundary; citations of one section share one mention.
 */
import type { Citation } from '../answer/types.js';

/** A section's words longer than this are cut at the last word boundary before it. */
const SECTION_WORDS_CHARS = 16;
/** A report's line stops listing sections past this length. */
const SOURCE_LINE_CHARS = 120;

/** 一、 (五) （三） 4. 4、 二是 第一，: numbering that says nothing of the section. */
const NUMBERING = /^(?:第?[一二三四五六七八九十百]+[、，,是]|[(（][一二三四五六七八九十百\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+是)\s*/;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Cuts text to at most `max` characters at a word boundary, marking the cut. */
export function shortenAtWord(text: string, max: number): string {
  if (Array.from(text).length <= max) return text;
  let kept = '';
  for (const { segment } of segmenter.segment(text)) {
    if (Array.from(kept + segment).length > max - 1) break;
    kept += segment;
  }
  // One word longer than the whole budget: cut inside it rather than show nothing.
  if (kept === '') kept = Array.from(text).slice(0, max - 1).join('');
  return `${kept.replace(/[\s,，、;；:：(（“"]+$/u, '')}…`;
}

/** The deepest heading of a section path that has words of its own, without its numbering. */
export function sectionWords(section: string): string {
  const parts = section.split(' > ').map((part) => part.trim().replace(NUMBERING, '').replace(/[。:：]$/, ''));
  const named = parts.filter((part) => Array.from(part).length >= 2);
  return shortenAtWord(named.at(-1) ?? '', SECTION_WORDS_CHARS);
}

/** `[1]`, `[1][2]`, or `[3–6]` for a run of three or more. */
export function citationMarks(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const n of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === n - 1) run.push(n);
    else runs.push([n]);
  }
  return runs.map((run) => (run.length >= 3 ? `[${run[0]}–${run.at(-1)}]` : run.map((n) => `[${n}]`).join(''))).join('');
}

export interface SourceLine {
  readonly reportId: string;
  readonly text: string;
}

/** One line per report, in order of first citation. */
export function sourceLines(citations: readonly Citation[]): SourceLine[] {
  const byReport = new Map<string, Citation[]>();
  for (const c of citations) byReport.set(c.reportId, [...(byReport.get(c.reportId) ?? []), c]);
  return [...byReport].map(([reportId, cited]) => ({ reportId, text: reportLine(cited) }));
}

function reportLine(cited: readonly Citation[]): string {
  const first = cited[0] as Citation;
  const head = `${first.bureau} · ${first.year} ${first.period}`;
  const bySection = new Map<string, number[]>();
  for (const c of cited) {
    const words = sectionWords(c.section);
    bySection.set(words, [...(bySection.get(words) ?? []), c.n]);
  }
  let line = head;
  let separator = ' · ';
  for (const [words, numbers] of bySection) {
    const part = `${citationMarks(numbers)}${words ? ` ${words}` : ''}`;
    if (line !== head && line.length + part.length > SOURCE_LINE_CHARS) return `${line}；…`;
    line += `${separator}${part}`;
    separator = '；';
  }
  return line;
}
