import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/ingest/normalize.js';
import { REPORT_FILES, reportText } from './fixtures.js';

describe('foldText', () => {
  it('folds Traditional to Simplified and full to half width, keeping the length', () => {
    expect(foldText('梁平區司法局')).toBe('梁平区司法局');
    expect(foldText('ＡＢ１２，（）％\u3000')).toBe('ab12,()% ');
    expect(foldText('调解成功率达99.97%')).toBe('调解成功率达99.97%');
  });

  it('keeps every report the same length, so offsets carry over', () => {
    for (const file of Object.values(REPORT_FILES)) {
      const text = reportText(file);
      expect(foldText(text)).toHaveLength(text.length);
    }
    expect(foldText(reportText(REPORT_FILES.liangping))).toContain('梁平区重点人群平安稳定工作推进会议');
  });
});
