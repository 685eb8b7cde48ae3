import { findRunInMarks, headingPhraseEnd, headingStep, looksLikeHeadingLine, matchHeadingMark, RUN_IN_LEVEL } from './headings.js';
import type { Layout, Line } from './layout.js';
import { foldText } from './normalize.js';
import { trimSpan } from './spans.js';
import { childRole, headingRole, namesLaterYear, paragraphRole } from './roles.js';
import type { Section, SectionRole, Span } from './types.js';

/**
 * Walks the lines of a report along its heading ladder and cuts it into sections and passages
 * (one paragraph or run-in item each, a heading that stands alone kept with the text below it).
 */

export interface Passage extends Span {
  readonly path: readonly string[];
  readonly role: SectionRole;
}

export interface Structure {
  readonly sections: readonly Section[];
  readonly passages: readonly Passage[];
}

interface Open {
  level: number;
  step: string;
  role: SectionRole;
  heading: Span;
  start: number;
  path: string[];
}

const PREAMBLE_ROLE: SectionRole = 'other';
const SIGNATURE_STEP = '落款';
/** A numbered line longer than this without a sentence end is a paragraph, not a heading. */
const MAX_HEADING_LINE = 80;

class StructureBuilder {
  private readonly sections: Section[] = [];
  private readonly passages: Passage[] = [];
  private stack: Open[] = [];
  private pendingStart: number | undefined;
  private lastRunIn = 0;
  private preamble: Open;

  constructor(private readonly text: string, start: number) {
    this.preamble = { level: 0, step: '', role: PREAMBLE_ROLE, heading: { start, end: start }, start, path: [] };
  }

  private get current(): Open {
    return this.stack[this.stack.length - 1] ?? this.preamble;
  }

  /** Closes headings of this level and below at `at`. */
  private closeFrom(level: number, at: number): void {
    while (this.stack.length && this.stack[this.stack.length - 1]!.level >= level) this.finish(this.stack.pop()!, at);
  }

  private finish(open: Open, end: number): void {
    this.sections.push({ path: open.path, role: open.role, heading: open.heading, span: { start: open.start, end } });
  }

  open(level: number, step: string, heading: Span, role?: SectionRole): void {
    this.closeFrom(level, heading.start);
    const parent = this.stack[this.stack.length - 1];
    const ownRole = role ?? childRole(parent?.role, foldText(step));
    const path = [...(parent?.path ?? []), step];
    this.stack.push({ level, step, role: ownRole, heading, start: heading.start, path });
    if (level < RUN_IN_LEVEL) this.lastRunIn = 0;
  }

  /** A paragraph that does not start with a run-in item (一是) is no longer part of the previous one. */
  closeRunIns(at: number): void {
    if (this.pendingStart === undefined) this.closeFrom(RUN_IN_LEVEL, at);
  }

  /** A heading with no text of its own on the line: its words go into the next passage. */
  holdHeading(start: number): void {
    this.pendingStart ??= start;
  }

  emit(start: number, end: number, role?: SectionRole): void {
    const from = this.pendingStart ?? start;
    this.pendingStart = undefined;
    const trimmed = trimSpan(this.text, from, end);
    if (trimmed.end <= trimmed.start) return;
    this.passages.push({ ...trimmed, path: this.current.path, role: role ?? this.current.role });
  }

  acceptsRunIn(ordinal: number): boolean {
    if (ordinal !== 1 && ordinal !== this.lastRunIn + 1) return false;
    this.lastRunIn = ordinal;
    return true;
  }

  flush(end: number): void {
    if (this.pendingStart !== undefined) this.emit(this.pendingStart, end);
  }

  /** The deepest open numbered level (a heading without a number sits beside it). */
  openNumberedLevel(): number {
    return [...this.stack].reverse().find((o) => o.level < RUN_IN_LEVEL)?.level ?? 1;
  }

  /** The level of a heading still waiting for its text, if the last thing read was a heading line. */
  heldHeadingLevel(): number | undefined {
    const top = this.stack[this.stack.length - 1];
    return this.pendingStart !== undefined && top && top.level < RUN_IN_LEVEL ? top.level : undefined;
  }

  startSignature(at: number): void {
    this.closeFrom(0, at);
    this.open(1, SIGNATURE_STEP, { start: at, end: at }, 'other');
  }

  finishAll(end: number): Structure {
    this.closeFrom(0, end);
    const firstHeading = Math.min(...this.sections.map((s) => s.span.start), end);
    const hasPreamble = this.passages.some((p) => p.path.length === 0);
    if (hasPreamble) this.finish(this.preamble, firstHeading);
    const sections = [...this.sections].sort((a, b) => a.span.start - b.span.start || a.path.length - b.path.length);
    return { sections, passages: this.passages };
  }
}

/** Level of a heading line without a number: a parent when numbered items follow at once, else a sibling. */
function unnumberedLevel(builder: StructureBuilder, next: Line | undefined): number {
  const nextMark = next ? matchHeadingMark(next.folded) : undefined;
  if (nextMark && nextMark.level < RUN_IN_LEVEL) return Math.max(1, nextMark.level - 1);
  const held = builder.heldHeadingLevel();
  return held !== undefined ? held + 1 : builder.openNumberedLevel();
}

function isUnnumberedHeading(line: Line, next: Line | undefined, seenHeading: boolean): boolean {
  return seenHeading && next !== undefined && looksLikeHeadingLine(line.folded);
}

/** Splits a body line at its run-in items (一是…二是…); `headingEnd` marks text already taken by a heading. */
function walkBody(builder: StructureBuilder, text: string, line: Line, headingEnd: number | undefined, hasNext: boolean): void {
  const marks = findRunInMarks(line.folded).filter((m) => builder.acceptsRunIn(m.ordinal));
  const firstMark = marks[0] ? line.start + marks[0].index : line.end;
  const opening = line.folded.slice(0, marks[0]?.index ?? line.folded.length);
  const turn = paragraphRole(opening);
  if (headingEnd === undefined && marks[0]?.index !== 0) builder.closeRunIns(line.start);
  const onlyHeadingBefore = headingEnd !== undefined && text.slice(headingEnd + 1, firstMark).trim() === '';
  if (onlyHeadingBefore && marks.length) builder.holdHeading(line.start);
  else if (firstMark > line.start) builder.emit(line.start, firstMark, turn);
  marks.forEach((m, k) => {
    const start = line.start + m.index;
    const end = k + 1 < marks.length ? line.start + marks[k + 1]!.index : line.end;
    const phraseEnd = line.start + headingPhraseEnd(line.folded, m.index);
    const step = headingStep(text.slice(start, end), RUN_IN_LEVEL, m.markerLength);
    builder.open(RUN_IN_LEVEL, step, { start, end: Math.min(phraseEnd, end) }, turn);
    // "一是强化组织领导" alone on its line heads the lines below it.
    const standsAlone = marks.length === 1 && m.index === 0 && phraseEnd === line.end && line.folded.length <= MAX_HEADING_LINE;
    if (standsAlone && hasNext) builder.holdHeading(start);
    else builder.emit(start, end);
  });
}

export function parseStructure(text: string, layout: Layout): Structure {
  const { lines, titleLines, signatureLines } = layout;
  const builder = new StructureBuilder(text, lines[0]?.start ?? 0);
  const signatureStart = signatureLines[0] ?? lines.length;
  let seenHeading = false;
  for (let i = 0; i < signatureStart; i++) {
    const line = lines[i]!;
    const next = i + 1 < signatureStart ? lines[i + 1] : undefined;
    const lineText = text.slice(line.start, line.end);
    if (titleLines.includes(i)) {
      builder.holdHeading(line.start);
      continue;
    }
    const mark = matchHeadingMark(line.folded);
    if (mark && mark.level < RUN_IN_LEVEL) {
      seenHeading = true;
      const phraseEnd = headingPhraseEnd(line.folded, mark.markerLength);
      const step = headingStep(lineText, mark.level, mark.markerLength);
      builder.open(mark.level, step, { start: line.start, end: line.start + phraseEnd });
      const headingOnly = phraseEnd >= line.folded.length && line.folded.length <= MAX_HEADING_LINE;
      if (headingOnly && next) builder.holdHeading(line.start);
      else walkBody(builder, text, line, line.start + phraseEnd, next !== undefined);
    } else if (!mark && isUnnumberedHeading(line, next, seenHeading)) {
      const level = unnumberedLevel(builder, next);
      builder.open(level, headingStep(lineText, level, 0), { start: line.start, end: line.end }, childRoleForUnnumbered(line));
      builder.holdHeading(line.start);
    } else {
      walkBody(builder, text, line, undefined, next !== undefined);
    }
  }
  builder.flush(lines[signatureStart - 1]?.end ?? 0);
  if (signatureLines.length) {
    const first = lines[signatureLines[0]!]!;
    const last = lines[signatureLines[signatureLines.length - 1]!]!;
    builder.startSignature(first.start);
    builder.emit(first.start, last.end);
  }
  return builder.finishAll(text.length);
}

/** An unnumbered heading only sets its own role when it names one (存在问题, 下一步 …). */
function childRoleForUnnumbered(line: Line): SectionRole | undefined {
  return headingRole(line.folded) === 'measures' ? undefined : headingRole(line.folded);
}

/** Relabels as plans the parts whose top heading names a year after the report's (三、2025年工作). */
export function markLaterYearsAsPlans(structure: Structure, reportYear: number): Structure {
  const isLater = (path: readonly string[]) => path.length > 0 && path[0] !== SIGNATURE_STEP && namesLaterYear(foldText(path[0]!), reportYear);
  const relabel = <T extends { path: readonly string[]; role: SectionRole }>(item: T): T =>
    item.role !== 'plans' && item.role !== 'problems' && isLater(item.path) ? { ...item, role: 'plans' } : item;
  return { sections: structure.sections.map(relabel), passages: structure.passages.map(relabel) };
}
