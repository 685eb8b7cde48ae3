import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import type { AnswerService } from '../../src/answer/types.js';
import { createLogger } from '../../src/logger.js';
import { openTestLibrary, testConfig } from '../support/library.js';

/** A question resting on a wrong figure is corrected before it is answered, with the report's figure quoted. */

let service: AnswerService;

beforeAll(async () => {
  service = createAnswerService({ config: testConfig({ vectorstoreDir: '/tmp/premise-test-unused' }), logger: createLogger('silent'), library: await openTestLibrary() });
});

describe('a question resting on a figure', () => {
  it('opens with the correction when the report says otherwise, and says where the stated figure comes from', async () => {
    const answer = await service.ask('梁平区年末在册社区矫正对象140名，同比增长多少？');
    expect(answer.text.startsWith('不是140名')).toBe(true);
    expect(answer.text).toContain('272人');
    expect(answer.text).toContain('140名是阳山县');
    expect(answer.citations[0]!.region).toBe('梁平区');
    expect(answer.citations[0]!.quote).toContain('272人');
    expect(answer.text).toContain('7%');
  });

  it('answers without a correction when the stated figure is the report’s', async () => {
    const answer = await service.ask('阳山县2024年共受理法律援助案件202件，为受援人挽回了多少经济损失？');
    expect(answer.text).not.toContain('不是202件');
    expect(answer.text).toContain('23万余元');
  });
});
