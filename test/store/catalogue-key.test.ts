import { describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import { catalogueKey, currentVersion, noticeIdFor } from '../../src/store/catalogue-key.ts';
import { loadUploads } from './fixtures.ts';

const up = await loadUploads();

describe('catalogueKey', () => {
  it('is region code plus the power types of a catalogue, unchanged by issue date or corrections', () => {
    expect(catalogueKey(up.seed)).toBe('530111|catalogue|行政检查');
    expect(catalogueKey(up.corrected.notice)).toBe(catalogueKey(up.seed));
    expect(catalogueKey(up.other.notice)).toBe('530111|catalogue|行政处罚');
  });

  it('keys a notice without tables by its title without years and status marks', () => {
    const rules = structuredClone(up.seed);
    rules.tables = [];
    rules.meta.title = '官渡区医疗保障基金监督管理实施办法（2023年修订）';
    const draft = structuredClone(rules);
    draft.meta.title = '《官渡区医疗保障基金监督管理实施办法》（征求意见稿）';
    expect(catalogueKey(rules)).toBe('530111|text|官渡区医疗保障基金监督管理实施办法');
    expect(catalogueKey(draft)).toBe(catalogueKey(rules));
  });
});

describe('noticeIdFor', () => {
  it('is the region code and a hash of the key, the same for every version', () => {
    const id = noticeIdFor(up.first.key, up.first.notice);
    expect(id).toMatch(/^530111-[0-9a-f]{10}$/);
    expect(noticeIdFor(up.corrected.key, up.corrected.notice)).toBe(id);
    expect(noticeIdFor(up.other.key, up.other.notice)).not.toBe(id);
  });
});

describe('currentVersion', () => {
  const at = (version: number, issuedOn: string | null, createdAt: string) => {
    const notice = structuredClone(up.seed);
    notice.meta.issuedOn = issuedOn;
    return { version, createdAt, notice } satisfies Pick<StoredNotice, 'version' | 'createdAt' | 'notice'>;
  };

  it('picks the newest issue date, whatever the order of arrival', () => {
    const versions = [
      at(1, '2024-03-01', '2025-01-01T00:00:00.000Z'),
      at(2, '2024-06-01', '2025-01-02T00:00:00.000Z'),
      at(3, '2023-01-01', '2025-01-03T00:00:00.000Z'),
    ];
    expect(currentVersion(versions)).toBe(2);
  });

  it('falls back to the latest stored when issue dates tie or are missing', () => {
    expect(
      currentVersion([
        at(1, '2024-03-01', '2025-01-01T00:00:00.000Z'),
        at(2, '2024-03-01', '2025-01-02T00:00:00.000Z'),
      ]),
    ).toBe(2);
    expect(
      currentVersion([
        at(1, null, '2025-01-02T00:00:00.000Z'),
        at(2, '2024-03-01', '2025-01-01T00:00:00.000Z'),
      ]),
    ).toBe(1);
    expect(currentVersion([])).toBeNull();
  });
});
