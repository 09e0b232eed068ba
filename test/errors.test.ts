import { describe, expect, it } from 'vitest';
import { causeForPeople } from '../src/errors.ts';
import { englishSentences } from './support/english.ts';

describe('causeForPeople: a library’s refusal as people read it', () => {
  it('says known library messages in Chinese and keeps Chinese ones', () => {
    expect(causeForPeople(new Error('Invalid PDF structure.'))).toBe('结构无效');
    expect(causeForPeople(new Error('end of central directory record signature not found'))).toBe(
      '找不到压缩包的目录',
    );
    expect(causeForPeople(new Error('表格超过上限'))).toBe('表格超过上限');
  });

  it('names any other English message by its code or its error name, never quoting it', () => {
    const withCode = Object.assign(new Error('incorrect data check in some stream'), {
      code: 'Z_DATA_ERROR',
    });
    class FormatError extends Error {
      override name = 'FormatError';
    }
    const causes = [
      causeForPeople(withCode),
      causeForPeople(new FormatError('Bad FCHECK in flate stream')),
      causeForPeople('a thrown string'),
    ];
    expect(causes).toEqual(['程序库报错 Z_DATA_ERROR', '程序库报错 FormatError', '程序库报错 Error']);
    expect(causes.flatMap(englishSentences)).toEqual([]);
  });
});
