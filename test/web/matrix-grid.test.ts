import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../schemas/compare.ts';
import { matrixGrid } from '../../src/web/views/matrix-grid.ts';

describe('coverage grid headers', () => {
  it('shortens long region names in the stacked headers, the full name on hover and focus', () => {
    const matrix: Matrix = {
      regions: ['北京市', '西藏自治区', '新疆维吾尔自治区', '延边朝鲜族自治州'],
      rows: [],
      threshold: 0.27,
      items: 0,
      computedAt: '2026-12-05T00:00:00.000Z',
      sources: [],
    };
    const page = matrixGrid(matrix, [], [0, 1, 2, 3], '网格').value;
    expect(page).toContain('<th scope="col" class="region"><span class="stacked">北京市</span></th>');
    expect(page).toContain(
      '<abbr class="stacked" title="西藏自治区" tabindex="0" aria-label="西藏自治区">西藏</abbr>',
    );
    expect(page).toContain(
      '<abbr class="stacked" title="新疆维吾尔自治区" tabindex="0" aria-label="新疆维吾尔自治区">新疆</abbr>',
    );
    expect(page).toContain('aria-label="延边朝鲜族自治州">延边朝鲜族</abbr>');
  });
});
