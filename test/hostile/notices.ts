/**
 * The small, valid notice the hostile corpus wraps in hostile encodings, line endings and
 * markup: a title, a document number, two articles and a two-item catalogue table.
 */

/** The notice's lines (simplified Chinese); the table rows are tab-separated. */
export const NOTICE_LINES = [
  '关于印发《昆明市官渡区医疗保障行政检查事项清单》的通知',
  '官医保发〔2024〕12号',
  '各定点医药机构：',
  '第一条 为规范医疗保障行政检查，依据《医疗保障基金使用监督管理条例》第二十七条，制定本清单。',
  '第二条 本清单自印发之日起施行。',
  '昆明市官渡区医疗保障行政检查事项清单',
  '序号\t事项名称\t检查对象\t实施依据',
  '1\t对定点医药机构的行政检查\t定点医药机构\t《医疗保障基金使用监督管理条例》第二十七条',
  '2\t对参保人员的行政检查\t参保人员\t《中华人民共和国社会保险法》第七十九条',
  '',
  '昆明市官渡区医疗保障局',
  '2024年3月1日',
];

export const NOTICE_TEXT = `${NOTICE_LINES.join('\n')}\n`;

/** The same notice in traditional characters (what a Big5 file holds). */
export const NOTICE_TRADITIONAL = `${[
  '關於印發《昆明市官渡區醫療保障行政檢查事項清單》的通知',
  '各定點醫藥機構：',
  '第一條 為規範醫療保障行政檢查，依據《醫療保障基金使用監督管理條例》第二十七條，制定本清單。',
  '第二條 本清單自印發之日起施行。',
  '序號\t事項名稱\t檢查對象\t實施依據',
  '1\t對定點醫藥機構的行政檢查\t定點醫藥機構\t《醫療保障基金使用監督管理條例》第二十七條',
  '2\t對參保人員的行政檢查\t參保人員\t《中華人民共和國社會保險法》第七十九條',
  '',
  '昆明市官渡區醫療保障局',
].join('\n')}\n`;

/** The notice as an HTML body fragment: heading, paragraphs, and the table with a `<thead>`. */
export function noticeHtmlBody(extra: { cellAttributes?: string; inCell?: string } = {}): string {
  const [title = '', number = '', greeting = '', first = '', second = '', caption = ''] = NOTICE_LINES;
  const [head = [], ...rows] = NOTICE_LINES.slice(6, 9).map((line) => line.split('\t'));
  const cell = (text: string, k: number) =>
    `<td${k === 1 ? (extra.cellAttributes ?? '') : ''}>${text}${k === 1 ? (extra.inCell ?? '') : ''}</td>`;
  return [
    `<h1>${title}</h1>`,
    ...[number, greeting, first, second, caption].map((text) => `<p>${text}</p>`),
    `<table><thead><tr>${head.map((text) => `<th>${text}</th>`).join('')}</tr></thead><tbody>`,
    ...rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** A whole HTML page around `body`, declaring `charset` (utf-8 unless given). */
export function htmlPage(body: string, charset = 'utf-8', head = ''): string {
  return `<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>通知</title>${head}</head>\n<body>\n${body}\n</body></html>\n`;
}
