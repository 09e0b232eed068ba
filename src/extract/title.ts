import type { Block } from '../../schemas/document.ts';
import { normalizeText } from '../normalize/text.ts';

/** What a notice title ends with: 通知, 办法, 清单 … optionally (试行) / (征求意见稿). */
const TITLE_END =
  /(?:通知|决定|意见|办法|规定|细则|规则|清单|目录|基准|方案|公告|通告|批复|函|条例|制度|标准|指南|规划|报告)(?:（[^）]{1,8}）)?$/;
const STATUS_LINE = /^（(?:试行|征求意见稿|草案|送审稿|暂行)）$/;
const MAX_TITLE_LINES = 3;
/** An organisation's name standing alone: 北京市医疗保障局, 山西省医疗保障局办公室. */
export const ORGANISATION =
  /^[\u4e00-\u9fa5（）()]{2,40}(?:局|厅|委员会|办公室|办公厅|政府|部|委|中心|院|处|署)$/;
/** Masthead lines that are never part of a title: issuer, 文件 letterhead, 文号, 附件 label, date. */
const NOT_TITLE = /^(?:附件\s*\d*[:：]?|.*文件|.*〔\d{4}〕\d+号|.*\d{4}年\d{1,2}月\d{1,2}日)$/;

/**
 * The notice's title: the first heading, else the first masthead paragraph (or a few lines
 * wrapped from it) that ends like a title; a following （征求意见稿） line belongs to it.
 */
export function findTitle(blocks: Block[]): string | null {
  const texts = blocks.filter((block) => block.kind !== 'table').map((block) => normalizeText(block.text));
  const heading = blocks.find((block) => block.kind === 'heading');
  if (heading)
    return withStatusLine(normalizeText(heading.text), texts[texts.indexOf(normalizeText(heading.text)) + 1]);
  for (let start = 0; start < texts.length; start++) {
    let candidate = '';
    for (let end = start; end < Math.min(texts.length, start + MAX_TITLE_LINES); end++) {
      const line = texts[end] ?? '';
      if (ORGANISATION.test(line) || NOT_TITLE.test(line)) break;
      candidate += line;
      if (candidate.length > 80 || /[。；]$/.test(candidate)) break;
      if (TITLE_END.test(candidate) && balanced(candidate) && !/[：:]$/.test(candidate)) {
        return withStatusLine(candidate, texts[end + 1]);
      }
    }
  }
  return null;
}

function withStatusLine(title: string, next: string | undefined): string {
  return next && STATUS_LINE.test(next) ? title + next : title;
}

function balanced(text: string): boolean {
  const opens = (text.match(/《/g) ?? []).length;
  return opens === (text.match(/》/g) ?? []).length && opens <= 4;
}
