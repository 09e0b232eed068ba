/** The compare page's two pickers: regions grouped by province (a province takes in its regions), then single notices. */
import { html, type SafeHtml } from '../html.ts';
import type { CatalogueFacts } from './catalogue-facts.ts';

export function compareForm(facts: CatalogueFacts, a: string, b: string): SafeHtml {
  return html`<form method="get" action="/app/compare" class="filters compare-form">
  ${picker('a', '甲方（地区或通知）', facts, a)}
  ${picker('b', '乙方（地区或通知）', facts, b)}
  <div><button type="submit">比较</button></div>
</form>`;
}

function picker(id: string, label: string, facts: CatalogueFacts, selected: string): SafeHtml {
  const comparable = facts.regions.filter((r) => r.catalogues > 0);
  const provinces = [...new Set(comparable.map((r) => r.province))];
  const option = (value: string, text: string) =>
    html`<option value="${value}"${value === selected ? html` selected` : ''}>${text}</option>`;
  const known = new Set([...comparable.map((r) => r.name), ...provinces, ...facts.notices.map((n) => n.id)]);
  return html`<div>
  <label for="${id}">${label}</label>
  <select id="${id}" name="${id}" required>
    <option value="">请选择…</option>
    ${selected && !known.has(selected) ? option(selected, selected) : ''}
    ${provinces.map((province) => {
      const inside = comparable.filter((r) => r.province === province);
      const whole = inside.some((r) => r.name !== province);
      return html`<optgroup label="${province}">
      ${whole ? option(province, `${province}（全省各地区）`) : ''}
      ${inside.map((r) => option(r.name, `${r.parents.length ? `${r.parents.slice(1).concat(r.name).join(' · ')}` : r.name}（${r.items} 项）`))}
    </optgroup>`;
    })}
    ${
      facts.notices.length
        ? html`<optgroup label="单个通知">
      ${facts.notices.map((n) => option(n.id, `${n.region ?? '未知地区'}：${clip(n.title ?? n.id, 30)}`))}
    </optgroup>`
        : ''
    }
  </select>
</div>`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
