/**
 * HTML built from tagged templates that escape every interpolated value unless it is already
 * `SafeHtml`. Untrusted text from uploaded files (cell text, titles, law quotes) is therefore
 * escaped by default: `<script>` in a table cell renders as text.
 */
import { escapeHtml } from '../search/snippet.ts';

export { escapeHtml };

const SAFE: unique symbol = Symbol('safe-html');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

/** What a template may interpolate: nested arrays are joined, null/undefined/false render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Marks markup as safe. Only for markup we produced (e.g. search snippets the index escaped already). */
export function raw(value: string): SafeHtml {
  return { [SAFE]: true, value };
}

export function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return raw(out);
}

/** A value as markup: escaped text, or safe markup as is. */
export function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  if (isSafe(value)) return value.value;
  return escapeHtml(String(value));
}
