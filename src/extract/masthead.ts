/**
 * The head of a notice as web pages and their mirrors show it: labelled fields of a
 * government information-disclosure page (标题：… 发文字号：… 成文日期：…, labels spaced out
 * as 标  题 or run one after another on a line), and page furniture (您当前的位置：首页>…,
 * 字号, 打印, 浏览) that is never the notice's own text. Pure.
 */

/** What a labelled field is: the notice's own title, 文号, issuer or date, a weaker issuer, or a posting date (a decoy). */
type FieldRole = 'title' | 'docNumber' | 'issuer' | 'publisher' | 'issuedOn' | 'posted' | 'other';

const LABELS: [string, FieldRole][] = [
  ['标题', 'title'],
  ['信息名称', 'title'],
  ['文件名称', 'title'],
  ['发文字号', 'docNumber'],
  ['发文文号', 'docNumber'],
  ['文号', 'docNumber'],
  ['发文机关', 'issuer'],
  ['发文单位', 'issuer'],
  ['制发机关', 'issuer'],
  ['发布机构', 'publisher'],
  ['发布单位', 'publisher'],
  ['信息来源', 'publisher'],
  ['来源', 'publisher'],
  ['成文日期', 'issuedOn'],
  ['发文日期', 'issuedOn'],
  ['印发日期', 'issuedOn'],
  ['发布日期', 'posted'],
  ['发布时间', 'posted'],
  ['公开日期', 'posted'],
  ['生成日期', 'posted'],
  ['更新日期', 'posted'],
  ['日期', 'posted'],
  ['时间', 'posted'],
  ['索引号', 'other'],
  ['分类', 'other'],
  ['主题分类', 'other'],
  ['内容分类', 'other'],
  ['公开方式', 'other'],
  ['公开时限', 'other'],
  ['公开范围', 'other'],
  ['公开目录', 'other'],
  ['存放位置', 'other'],
  ['责任处室', 'other'],
  ['信息类别', 'other'],
  ['信息索取号', 'other'],
  ['作者', 'other'],
  ['点击数', 'other'],
  ['浏览', 'other'],
  ['字号', 'other'],
];

/** A label, its characters perhaps spaced out (标      题), then `:` or white space, at a field start. */
const LABEL = new RegExp(
  `(?:^|[\\s|｜])(${LABELS.map(([label]) => [...label].join('[ \\u3000]*')).join('|')})[ \\u3000]*(?:[:：][ \\u3000]*|[ \\u3000]+)`,
  'gu',
);
const ROLE = new Map(LABELS);

export interface LabelledField {
  role: FieldRole;
  label: string;
  value: string;
}

/** The labelled fields on `lines`, in order; a value runs to the next label on its line. */
export function labelledFields(lines: string[]): LabelledField[] {
  const fields: LabelledField[] = [];
  for (const text of lines) {
    const found = [...text.matchAll(LABEL)];
    found.forEach((match, k) => {
      const label = (match[1] ?? '').replace(/[ \u3000]+/gu, '');
      const start = (match.index ?? 0) + match[0].length;
      const end = found[k + 1]?.index ?? text.length;
      const value = text.slice(start, end).trim();
      const role = ROLE.get(label) ?? 'other';
      if (value !== '' || role === 'other') fields.push({ role, label, value });
    });
  }
  return fields;
}

/** Whether a line may hold a label at all (any of their characters, simplified or traditional): a cheap first look. */
export function mayHoldLabel(text: string): boolean {
  return LABEL_CHARS.test(text);
}

const LABEL_CHARS = /[标標题題文号號发發机機关關布构構源日期时時间間名]/u;

/** A line that is a labelled field line: it starts with a label. */
function isLabelLine(text: string): boolean {
  LABEL.lastIndex = 0;
  const match = LABEL.exec(text);
  return match !== null && match.index === 0;
}

/** Navigation, share and font-size controls, counters: page furniture, never the notice's text. */
const FURNITURE =
  /^(?:您?(?:当前|现在)?的?(?:位置|所在位置)(?:是)?[:：]|首页\s*[>＞»]|【?\s*字号|字体[:：]|打印|关闭|分享到?|扫一扫|收藏本站|设为首页|热门站点|无障碍|下载地址|查看隐藏内容|相关(?:解读|文件|链接)[:：]?$|[•·]\s*|资讯$|长者模式)|[>＞»]{1,2}\s*正文$/u;

export function isFurniture(text: string): boolean {
  return FURNITURE.test(text.trim()) || (mayHoldLabel(text) && isLabelLine(text));
}
