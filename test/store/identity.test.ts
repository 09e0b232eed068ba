import { describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import { catalogueKey, latestPerCatalogue } from '../../src/store/catalogue-key.ts';
import { docNumberKey, noticeKey, placeUpload, planFolds, renditionsOf } from '../../src/store/identity.ts';
import { loadUploads } from './fixtures.ts';

const up = await loadUploads();

describe('notice identity', () => {
  it('is region + 文号, whatever brackets and spaces the 文号 is written with', () => {
    const a = structuredClone(up.seed);
    a.meta.docNumber = '官医保发〔2024〕3 号';
    const b = structuredClone(a);
    b.meta.docNumber = '官医保发[2024]3号';
    expect(noticeKey(a)).toBe('530111|doc|官医保发〔2024〕3号');
    expect(noticeKey(b)).toBe(noticeKey(a));
    expect(docNumberKey('京医保发（2024）10号')).toBe('京医保发〔2024〕10号');
  });

  it('is region + title without a 文号, and the catalogue kind without either', () => {
    const titled = structuredClone(up.seed);
    titled.meta.docNumber = null;
    titled.meta.title = '官渡区医疗保障局 “双随机、一公开” 抽查事项清单';
    expect(noticeKey(titled)).toBe('530111|title|官渡区医疗保障局双随机、一公开抽查事项清单');
    const bare = structuredClone(up.seed);
    bare.meta.docNumber = null;
    bare.meta.title = null;
    expect(noticeKey(bare)).toBe(catalogueKey(bare));
  });
});

describe('placing an upload among a notice’s versions', () => {
  const versions = [
    { version: 1, contentKey: 'c1', issuedOn: '2024-03-01', formats: ['docx'] },
    { version: 2, contentKey: 'c2', issuedOn: '2024-06-01', formats: ['docx', 'pdf'] },
    { version: 3, contentKey: null, issuedOn: '2024-09-01', formats: [] },
    { version: 4, contentKey: 'c4', issuedOn: '2024-12-01', formats: ['unknown'] },
  ];
  it('the same content in any format is a rendition of that version', () => {
    expect(placeUpload(versions, { contentKey: 'c1', issuedOn: '2024-03-01', format: 'pdf' })).toEqual({
      kind: 'rendition',
      version: 1,
      sameContent: true,
    });
  });
  it('other content of the same date in a format the version lacks is a rendition with differences', () => {
    expect(placeUpload(versions, { contentKey: 'x', issuedOn: '2024-03-01', format: 'html' })).toEqual({
      kind: 'rendition',
      version: 1,
      sameContent: false,
    });
  });
  it('other content in a format the version has, or of another date, is a new version', () => {
    expect(placeUpload(versions, { contentKey: 'x', issuedOn: '2024-06-01', format: 'pdf' })).toEqual({
      kind: 'new-version',
    });
    expect(placeUpload(versions, { contentKey: 'x', issuedOn: '2025-01-01', format: 'txt' })).toEqual({
      kind: 'new-version',
    });
    // a version saved before content keys were recorded matches nothing
    expect(placeUpload(versions, { contentKey: 'x', issuedOn: '2024-09-01', format: 'txt' })).toEqual({
      kind: 'new-version',
    });
    // nor does one whose format nobody knows (it cannot be told to lack this format)
    expect(placeUpload(versions, { contentKey: 'x', issuedOn: '2024-12-01', format: 'txt' })).toEqual({
      kind: 'new-version',
    });
  });
  it('plans the folds of versions saved one per format, in the order they were saved', () => {
    const pdf = structuredClone(up.first.notice);
    if (pdf.source) pdf.source.format = 'pdf';
    pdf.tables[0]?.items.pop();
    expect(
      planFolds([
        { version: 1, notice: up.first.notice },
        { version: 2, notice: pdf },
        { version: 3, notice: up.corrected.notice },
        { version: 4, notice: up.first.notice },
      ]),
    ).toEqual([
      { version: 2, into: 1, sameContent: false },
      { version: 4, into: 1, sameContent: true },
    ]);
  });
});

describe('latestPerCatalogue', () => {
  it('keeps a region’s newest catalogue of a kind when separate notices (other 文号) list the same powers', () => {
    const at = (id: string, notice: typeof up.first.notice, createdAt: string) => ({
      id,
      version: 1,
      createdAt,
      notice,
    });
    const old = at('a', up.first.notice, '2025-01-01T00:00:00.000Z');
    const newer = at('b', up.corrected.notice, '2024-01-01T00:00:00.000Z'); // issued later
    const other = at('c', up.other.notice, '2025-01-01T00:00:00.000Z'); // another kind
    expect(latestPerCatalogue([old, newer, other]).map((r) => r.id)).toEqual(['b', 'c']);
  });
});

describe('renditionsOf', () => {
  it('lists a version’s renditions, or its own file when it kept none (stored before renditions were)', () => {
    const record: StoredNotice = {
      id: '530111-0123456789',
      version: 1,
      current: true,
      catalogueKey: catalogueKey(up.seed),
      sourceFile: 'guandu.txt',
      sha256: 'a'.repeat(64),
      status: 'indexed',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      notice: up.seed,
      renditions: [],
      reviewed: null,
    };
    expect(renditionsOf(record)).toEqual([
      {
        sha256: 'a'.repeat(64),
        sourceFile: 'guandu.txt',
        format: up.seed.source?.format ?? 'unknown',
        storedAt: '2025-01-01T00:00:00.000Z',
        differences: [],
      },
    ]);
    const kept = [
      {
        sha256: 'b'.repeat(64),
        sourceFile: 'guandu.pdf',
        format: 'pdf',
        storedAt: record.createdAt,
        differences: [],
      },
    ] as StoredNotice['renditions'];
    expect(renditionsOf({ ...record, renditions: kept })).toBe(kept);
  });
});
