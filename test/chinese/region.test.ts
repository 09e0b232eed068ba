import { describe, expect, it } from 'vitest';
import { Region } from '../../schemas/notice.ts';
import { divisions, findRegionInText, resolveRegion } from '../../src/chinese/region.ts';
import { SLOW_MACHINE_FACTOR } from '../support/slack.ts';

const names = (region: Region | null) => region && [region.name, ...region.parents.map((p) => p.name)];

describe('resolveRegion', () => {
  it('resolves a county with its parents, nearest first', () => {
    const region = resolveRegion('官渡区');
    expect(region).toEqual({
      name: '官渡区',
      level: 'county',
      code: '530111',
      parents: [
        { name: '昆明市', level: 'city', code: '530100' },
        { name: '云南省', level: 'province', code: '530000' },
      ],
    });
    expect(Region.parse(region)).toEqual(region);
  });

  it('treats a municipality as a province whose districts sit directly under it', () => {
    expect(resolveRegion('北京市')).toMatchObject({ level: 'province', code: '110000', parents: [] });
    expect(names(resolveRegion('海淀区'))).toEqual(['海淀区', '北京市']);
  });

  it('resolves cities, autonomous regions and unambiguous short forms', () => {
    expect(names(resolveRegion('山南市'))).toEqual(['山南市', '西藏自治区']);
    expect(resolveRegion('山南市')?.level).toBe('city');
    expect(resolveRegion('北京')?.name).toBe('北京市');
    expect(resolveRegion('内蒙古')?.name).toBe('内蒙古自治区');
    expect(resolveRegion('延边')?.name).toBe('延边朝鲜族自治州');
  });

  it('settles a shared name by a parent named in the context, else gives up', () => {
    expect(resolveRegion('朝阳区')).toBeNull();
    expect(resolveRegion('朝阳区', '吉林省长春市医疗保障局')?.code).toBe('220104');
    expect(resolveRegion('朝阳区', '北京市')?.code).toBe('110105');
  });

  it('returns null for names that are not divisions', () => {
    expect(resolveRegion('医疗保障局')).toBeNull();
    expect(resolveRegion('')).toBeNull();
  });
});

describe('findRegionInText', () => {
  it.each([
    ['昆明市官渡区医疗保障局', ['官渡区', '昆明市', '云南省']],
    ['河源市医疗保障基金使用监督管理办法（征求意见稿）', ['河源市', '广东省']],
    ['北京市医疗保障局', ['北京市']],
    ['山西省医疗保障局办公室', ['山西省']],
    ['各区医疗保障局、北京经济技术开发区社会事业局', ['北京市']],
    ['长春市朝阳区医疗保障局', ['朝阳区', '长春市', '吉林省']],
    ['北京朝阳区医疗保障局', ['朝阳区', '北京市']],
    ['广东省河源市医疗保障局关于印发天津市文件的通知', ['河源市', '广东省']],
  ])('%s → %j', (text, expected) => {
    expect(names(findRegionInText(text))).toEqual(expected);
  });

  it.each([
    '朝阳区医疗保障局',
    '加强区域管理',
    '各县（区、市）和县级医疗保障部门',
    '医疗保障行政执法事项目录清单',
  ])('finds nothing in %s', (text) => {
    expect(findRegionInText(text)).toBeNull();
  });

  it('ignores a short form that does not start a word', () => {
    expect(findRegionInText('驻北京办事处')).toBeNull();
  });

  it('scans a text well under 0.3 ms once the index is built (× the slow-machine factor)', () => {
    const issuer = '昆明市官渡区医疗保障局关于印发医疗保障行政执法事项清单的通知';
    findRegionInText(issuer);
    const runs = 500;
    const start = performance.now();
    for (let i = 0; i < runs; i++) findRegionInText(issuer);
    expect((performance.now() - start) / runs).toBeLessThan(0.3 * SLOW_MACHINE_FACTOR);
  });
});

describe('divisions', () => {
  it('lists every division of a level in the order of the GB/T 2260 tables, as copies', () => {
    const provinces = divisions('province');
    expect(provinces).toHaveLength(34);
    const counties = divisions('county');
    expect(counties.length).toBeGreaterThan(2800);
    expect(counties.every((county) => county.level === 'county' && Region.safeParse(county).success)).toBe(
      true,
    );
    expect(counties.slice(0, 2).map((county) => county.name)).toEqual(['东城区', '西城区']);
    expect(counties.find((county) => county.name === '官渡区')?.parents.map((p) => p.name)).toEqual([
      '昆明市',
      '云南省',
    ]);
    // placeholders (市辖区) are not divisions
    expect(counties.some((county) => county.name === '市辖区')).toBe(false);
    counties[0]?.parents.pop();
    expect(divisions('county')[0]?.parents.length).toBeGreaterThan(0);
  });
});
