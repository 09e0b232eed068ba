import { readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemaFileText } from '../../schemas/json-schema.ts';
import type { Notice } from '../../schemas/notice.ts';
import { extractFile } from '../../src/extract/from-file.ts';

const notices = new Map<string, Notice>();
async function seed(prefix: string): Promise<Notice> {
  const file = SEEDS.find((name) => name.startsWith(prefix)) as string;
  if (!notices.has(file)) notices.set(file, await extractFile(`seeds/${file}`));
  return notices.get(file) as Notice;
}
const SEEDS = readdirSync('seeds').sort();

describe('extraction of the seed notices', () => {
  it('validates every seed against the generated JSON Schema as well as the zod schema', async () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schemaFileText('Notice')));
    for (const file of SEEDS) {
      const notice = await seed(file.slice(0, 3));
      expect(validate(JSON.parse(JSON.stringify(notice))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('uses what a cell says when cells arrive out of column order (实施依据 before 职权类型)', async () => {
    const item = (await seed('001')).tables[0]?.items.find((i) => i.seq === 7);
    expect(item?.powerType).toBe('行政处罚');
    expect(item?.citations.map((c) => `${c.law}#${c.article}`)).toContain('社会保险法#88');
  });

  it('joins a name split across lines and normalizes stray traditional characters', async () => {
    const notice = await seed('001');
    expect(notice.tables[0]?.items.find((i) => i.seq === 10)?.name).toBe(
      '对个人以骗取医疗保障基金为目的，造成医疗保障基金损失的处罚',
    );
    const beijing = await seed('000');
    const frequency = beijing.tables[0]?.items[2]?.fields.frequency;
    expect(frequency).toContain('行政执法');
    expect(beijing.tables[0]?.items[2]?.verbatim.检查频次).toContain('執法');
  });

  it('infers the power type of a table without a power-type column from its title or header', async () => {
    const beijing = await seed('000');
    expect(beijing.tables.map((t) => [t.title, t.powerType])).toEqual([
      ['北京市医疗保障行政检查裁量基准', '行政检查'],
      ['北京市医疗保障行政强制裁量基准', '行政强制'],
    ]);
    expect((await seed('003')).tables[0]?.powerType).toBe('行政检查');
  });

  it('keeps columns no mapping knows and the fields it does', async () => {
    const item = (await seed('000')).tables[1]?.items[0];
    expect(item?.fields.coercionKind).toContain('行政强制执行');
    expect(item?.fields.conditions).toMatch(/^1\./);
    expect(Object.keys(item?.verbatim ?? {})).toEqual([
      '序号',
      '行政强制事项',
      '强制对象',
      '强制种类(方式)',
      '强制依据',
      '适用条件',
      '适用程序',
      '行使层级',
    ]);
  });

  it('reads metadata: 文号, issuer, date, region with its parents, status and validity', async () => {
    const shanxi = (await seed('002')).meta;
    expect(shanxi).toMatchObject({
      docNumber: '晋医保办发〔2025〕7号',
      issuer: '山西省医疗保障局办公室',
      issuedOn: '2025-07-23',
      status: 'trial',
      expiresOn: '2026-07-23',
    });
    expect(shanxi.region).toMatchObject({ name: '山西省', level: 'province' });
    const guandu = (await seed('003')).meta.region;
    expect(guandu).toMatchObject({ name: '官渡区', level: 'county' });
    expect(guandu?.parents.map((p) => p.name)).toEqual(['昆明市', '云南省']);
    expect((await seed('004')).meta.status).toBe('draft');
  });

  it('reads 50 articles in 6 chapters from 河源 and re-joins 山西 articles hard-wrapped by a PDF', async () => {
    const heyuan = await seed('004');
    expect(heyuan.articles).toHaveLength(50);
    expect([...new Set(heyuan.articles.map((a) => a.chapterTitle))]).toEqual([
      '总则',
      '预防与内控',
      '协议管理',
      '行政监管',
      '社会监督',
      '附则',
    ]);
    const shanxi = await seed('002');
    expect(shanxi.articles).toHaveLength(14);
    expect(shanxi.articles[0]?.text).toBe(
      '为确保医疗保障行政检查裁量权的行使，规范行政检查行为，促进依法行政，保护公民、法人和其他组织的合法权益，根据《中华人民共和国社会保险法》《医疗保障基金使用监督管理条例》等法律法规和有关规定，结合我省医疗保障行政检查工作实际，制定本办法。',
    );
    expect(shanxi.articles[13]?.text).toBe('本办法自印发之日起施行，有效期一年。');
  });
});
