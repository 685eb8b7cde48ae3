import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { decodeReports, encodeReports, encodeReportsToBytes, utf16Texts, type ReportsBytes } from '../../src/index/report-codec.js';

/** The plain data of reports, getters read (chunks' sentences and reports' figures are decoded when asked for). */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/** Reports decoded from the bytes of an index file, as a start reads them. */
function readBack({ reports, ints, floats, texts }: ReportsBytes) {
  return decodeReports({ reports, ints, floats, texts: utf16Texts(Buffer.concat(texts)) });
}

describe('reports saved in an index', () => {
  it('read back as ingest made them: metadata, sections, chunks with their sentences, and every figure', async () => {
    const { reports } = await ingestFolder(path.join(projectRoot, 'reports'));
    const decoded = decodeReports(encodeReports(reports));
    expect(decoded).toHaveLength(reports.length);
    expect(decoded.reduce((n, r) => n + r.figures.length, 0)).toBeGreaterThan(100);
    expect(plain(decoded)).toEqual(plain(reports));
  });

  it('that were cut short are refused, not read wrong', async () => {
    const { reports } = await ingestFolder(path.join(projectRoot, 'reports'));
    const encoded = encodeReports(reports);
    expect(() => decodeReports({ ...encoded, ints: encoded.ints.subarray(0, encoded.ints.length - 5) })).toThrow(/reports file/);
    expect(() => decodeReports({ ...encoded, floats: encoded.floats.subarray(0, encoded.floats.length - 3) })).toThrow(/reports file/);
    expect(() => decodeReports({ ...encoded, texts: encoded.texts.slice(0, -10) })).toThrow(/reports file/);
  });

  it('saved again after a report is added, the reports read back are copied, the new one encoded, and all read back whole', async () => {
    const { reports } = await ingestFolder(path.join(projectRoot, 'reports'));
    const [first, ...others] = reports;
    const loaded = readBack(encodeReportsToBytes(others));
    const savedAgain = readBack(encodeReportsToBytes([...loaded, first!]));
    expect(plain(savedAgain)).toEqual(plain([...others, first]));
    const onceMore = readBack(encodeReportsToBytes(savedAgain.slice(1)));
    expect(plain(onceMore)).toEqual(plain([...others.slice(1), first]));
  });
});
