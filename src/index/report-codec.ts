import type { Chunk, Figure, Report, ReportMeta, Section, SectionRole, Sentence, Span } from '../ingest/types.js';

/**
 * A compact form of reports for the index files. Each report keeps its metadata and a table of
 * the short strings it uses (headings, roles, units, …); its text and folded text go, one after
 * the other, into one string of all texts (saved as UTF-16, which decodes ten times faster than
 * UTF-8 JSON); everything else is numbers in two flat streams (unsigned integers and floats), read
 * back in the order written. Chunk texts, figure quotes and phrases are slices of the report's
 * text, so only their offsets are stored: a million small JSON objects take seconds to parse.
 */

export interface StoredReport {
  readonly meta: ReportMeta;
  readonly sourceHash: string;
  /** Length of the text, and so of the folded text. */
  readonly length: number;
  /** Strings the numbers refer to by position. */
  readonly strings: readonly string[];
}

export interface EncodedReports {
  readonly reports: readonly StoredReport[];
  /** Each report's text then its folded text, report after report. */
  readonly texts: string;
  readonly ints: Uint32Array;
  readonly floats: Float64Array;
}

export function encodeReports(reports: readonly Report[]): EncodedReports {
  const ints: number[] = [];
  const floats: number[] = [];
  const stored = reports.map((report) => new ReportWriter(report, ints, floats).write());
  const texts = reports.map((r) => r.text + r.folded).join('');
  return { reports: stored, texts, ints: Uint32Array.from(ints), floats: Float64Array.from(floats) };
}

/** Throws on texts or streams that end early, run long or point outside their tables. */
export function decodeReports({ reports, texts, ints, floats }: EncodedReports): Report[] {
  const cursor = { int: 0, float: 0, text: 0 };
  const decoded = reports.map((stored) => new ReportReader(stored, texts, ints, floats, cursor).read());
  if (cursor.int !== ints.length || cursor.float !== floats.length || cursor.text !== texts.length) {
    throw new Error('reports file: data left over');
  }
  return decoded;
}

class ReportWriter {
  private readonly strings = new Map<string, number>();

  constructor(
    private readonly report: Report,
    private readonly ints: number[],
    private readonly floats: number[],
  ) {}

  write(): StoredReport {
    const { meta, sourceHash, text, sections, chunks, figures } = this.report;
    this.list(sections, (s) => this.section(s));
    this.list(chunks, (c, ordinal) => this.chunk(c, ordinal));
    const ordinals = new Map(chunks.map((c, i) => [c.id, i]));
    this.list(figures, (f) => this.figure(f, ordinals));
    return { meta, sourceHash, length: text.length, strings: [...this.strings.keys()] };
  }

  private list<T>(items: readonly T[], write: (item: T, index: number) => void): void {
    this.ints.push(items.length);
    items.forEach(write);
  }

  private span({ start, end }: Span): void {
    this.ints.push(start, end);
  }

  private string(value: string): void {
    let id = this.strings.get(value);
    if (id === undefined) {
      id = this.strings.size;
      this.strings.set(value, id);
    }
    this.ints.push(id);
  }

  /** A slice of the text as (start + 1, length), else (0, string id). */
  private quote(value: string, from: number): void {
    const at = this.report.text.indexOf(value, from);
    if (at >= 0) {
      this.ints.push(at + 1, value.length);
    } else {
      this.ints.push(0);
      this.string(value);
    }
  }

  private section(section: Section): void {
    this.list(section.path, (p) => this.string(p));
    this.string(section.role);
    this.span(section.heading);
    this.span(section.span);
  }

  /** Chunk ids and texts are derived on reading, so they must be what ingest makes them. */
  private chunk(chunk: Chunk, ordinal: number): void {
    if (chunk.id !== chunkId(this.report.meta.id, ordinal) || chunk.reportId !== this.report.meta.id) {
      throw new Error(`chunk ${chunk.id}: id is not ${chunkId(this.report.meta.id, ordinal)}`);
    }
    this.span(chunk);
    this.list(chunk.sectionPath, (p) => this.string(p));
    this.string(chunk.role);
    this.list(chunk.sentences, (s) => {
      this.span(s);
      this.list(s.clauses, (c) => this.span(c));
    });
  }

  private figure(figure: Figure, ordinals: ReadonlyMap<string, number>): void {
    const ordinal = ordinals.get(figure.chunkId);
    if (ordinal === undefined) throw new Error(`figure at ${figure.start}: no chunk ${figure.chunkId}`);
    this.ints.push(ordinal);
    this.span(figure);
    this.quote(figure.raw, figure.start);
    this.string(figure.unit);
    this.string(figure.approx ?? '');
    this.quote(figure.phrase, figure.sentence.start);
    this.span(figure.sentence);
    this.floats.push(figure.value, figure.number, figure.scale);
  }
}

function chunkId(reportId: string, ordinal: number): string {
  return `${reportId}#${ordinal}`;
}

class ReportReader {
  private readonly text: string;
  private readonly folded: string;

  constructor(
    private readonly stored: StoredReport,
    texts: string,
    private readonly ints: Uint32Array,
    private readonly floats: Float64Array,
    private readonly cursor: { int: number; float: number; text: number },
  ) {
    const { meta, length, strings } = stored;
    const start = cursor.text;
    cursor.text += 2 * length;
    const valid = typeof meta?.id === 'string' && Number.isInteger(length) && length >= 0 && cursor.text <= texts.length && Array.isArray(strings);
    if (!valid) throw new Error('reports file: malformed report');
    this.text = texts.slice(start, start + length);
    this.folded = texts.slice(start + length, cursor.text);
  }

  read(): Report {
    const { meta, sourceHash } = this.stored;
    const { text, folded } = this;
    const sections = this.list(() => this.section());
    const chunks = this.list((ordinal) => this.chunk(ordinal));
    const figures = this.list(() => this.figure(chunks));
    return { meta, text, folded, sections, chunks, figures, sourceHash };
  }

  private int(): number {
    const value = this.ints[this.cursor.int++];
    if (value === undefined) throw new Error('reports file: numbers end early');
    return value;
  }

  private float(): number {
    const value = this.floats[this.cursor.float++];
    if (value === undefined) throw new Error('reports file: numbers end early');
    return value;
  }

  private list<T>(read: (index: number) => T): T[] {
    const count = this.int();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read(i));
    return items;
  }

  private span(): Span {
    return { start: this.int(), end: this.int() };
  }

  private string<T extends string = string>(): T {
    const value = this.stored.strings[this.int()];
    if (value === undefined) throw new Error('reports file: string out of range');
    return value as T;
  }

  private quote(): string {
    const at = this.int();
    if (at === 0) return this.string();
    return this.text.slice(at - 1, at - 1 + this.int());
  }

  private section(): Section {
    return { path: this.list(() => this.string()), role: this.string<SectionRole>(), heading: this.span(), span: this.span() };
  }

  private chunk(ordinal: number): Chunk {
    const { meta } = this.stored;
    const { text, folded } = this;
    const { start, end } = this.span();
    return {
      id: chunkId(meta.id, ordinal),
      reportId: meta.id,
      start,
      end,
      sectionPath: this.list(() => this.string()),
      role: this.string<SectionRole>(),
      text: text.slice(start, end),
      folded: folded.slice(start, end),
      sentences: this.list(() => this.sentence()),
    };
  }

  private sentence(): Sentence {
    const { start, end } = this.span();
    return { start, end, clauses: this.list(() => this.span()) };
  }

  private figure(chunks: readonly Chunk[]): Figure {
    const chunk = chunks[this.int()];
    if (!chunk) throw new Error('reports file: figure of no chunk');
    const { start, end } = this.span();
    const raw = this.quote();
    const unit = this.string();
    const approx = this.string<NonNullable<Figure['approx']> | ''>();
    const phrase = this.quote();
    const sentence = this.span();
    const [value, number, scale] = [this.float(), this.float(), this.float()];
    return {
      reportId: chunk.reportId,
      chunkId: chunk.id,
      start,
      end,
      raw,
      value,
      number,
      scale,
      unit,
      ...(approx ? { approx } : {}),
      phrase,
      sentence,
    };
  }
}
