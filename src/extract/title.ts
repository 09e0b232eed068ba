import { findRegionInText } from '../chinese/region.ts';
import { isFurniture } from './masthead.ts';

/** What a notice title ends with: 通知, 办法, 清单, 计划 … optionally (试行) / (征求意见稿) / (2022版). */
const TITLE_END =
  /(?:通知|决定|意见|办法|规定|细则|规则|清单|目录|基准|方案|公告|通告|批复|函|条例|制度|标准|指南|规划|报告|计划|事项|一览表|实施标准|适用规则)(?:[（(][^）)]{1,10}[）)])*$/u;
const ABOUT = /关于.{2,}的(?:通知|决定|意见|批复|函|公告|通告)$/u;
const STATUS_LINE = /^[（(](?:试行|征求意见稿|草案|送审稿|暂行)[）)]$/u;
const MAX_TITLE_LINES = 3;
const MAX_TITLE_CHARS = 150;
/** An organisation's name standing alone: 北京市医疗保障局, 山西省医疗保障局办公室. */
export const ORGANISATION =
  /^[\u4e00-\u9fa5（）()]{2,40}(?:局|厅|委员会|办公室|办公厅|政府|部|委|中心|院|处|署)$/u;
/** Masthead lines that are never part of a title: issuer, 文件 letterhead, 文号, 附件, a date, a salutation. */
const NOT_TITLE =
  /^(?:附件|\d{4}[-./]\d{1,2}[-./]\d{1,2}|第[零〇一二两三四五六七八九十百千\d]+[条章])|文件$|〔\d{4}〕\d+号?$|\d{4}年\d{1,2}月\d{1,2}日.{0,4}$|[:：]$/u;
/** A site's tag before a title (【湖北】) and a 文号 after it (…的通知-鄂医保发〔2025〕30号). */
const TAG_BEFORE = /^【[^】]{1,8}】/u;
const NUMBER_AFTER = /[-—－]\s*[\u4e00-\u9fa5]{1,12}[〔[［(（]\d{4}[〕\]］)）]\d+号?$/u;

/**
 * The notice's title among the head's lines (already normalized): a labelled 标题 wins; else
 * the lines (or two or three wrapped lines) that end like a title, page furniture skipped, a
 * site's tag before and a 文号 after cut off, a title quoted whole in 《》 unquoted. Of those, one
 * above the body (the salutation or first sentence) is preferred, then one naming its region
 * (济源市医疗保障局行政检查事项 over an aggregator's 医疗保障局行政检查事项), then the earliest;
 * a （征求意见稿） line after it belongs to it.
 */
export function findTitle(lines: string[], labelled: string | null): string | null {
  if (labelled) return cleanTitle(labelled);
  const texts = lines.map(cleanTitle);
  const blocked = texts.map(
    (line, k) =>
      line === '' || ORGANISATION.test(line) || NOT_TITLE.test(line) || isFurniture(lines[k] ?? ''),
  );
  // The body starts at the salutation (各区医疗保障局…：) or the first sentence: a title above it is
  // the notice's own, one below it an attachment's (附件 title, a table's caption). This holds
  // whatever the format, wherever its line breaks fall (a PDF wraps a long title over three lines).
  const body = texts.findIndex((line) => /[:：]$/u.test(line) || /。/u.test(line));
  let best: { title: string; score: number } | null = null;
  for (let start = 0; start < texts.length; start++) {
    let candidate = '';
    for (let end = start; end < Math.min(texts.length, start + MAX_TITLE_LINES); end++) {
      const line = texts[end] ?? '';
      if (blocked[end]) break;
      candidate += line;
      if (candidate.length > MAX_TITLE_CHARS || /[。；，,/>]/u.test(candidate)) break;
      if (TITLE_END.test(candidate) && balanced(candidate)) {
        // A title wrapped after a word that can end one (…裁量权基准 / 实施办法（试行）) goes on.
        let last = end;
        for (let more = candidate; last + 1 < Math.min(texts.length, start + MAX_TITLE_LINES); ) {
          more += texts[last + 1] ?? '';
          if (!TITLE_END.test(more) || !balanced(more) || blocked[last + 1]) break;
          candidate = more;
          last++;
        }
        const title = withStatusLine(candidate, texts[last + 1]);
        // Preferred: a title naming its region, a 关于…的通知; less so one pieced from wrapped lines.
        const score =
          (body < 0 || start < body ? 2 : 0) +
          (findRegionInText(title) ? 1 : 0) +
          (ABOUT.test(title) ? 0.5 : 0) -
          0.5 * (last - start);
        if (!best || score > best.score) best = { title, score };
        break;
      }
    }
  }
  return best?.title ?? null;
}

function cleanTitle(text: string): string {
  let title = text.trim().replace(TAG_BEFORE, '').replace(NUMBER_AFTER, '').trim();
  if (/^《[^《》]*(?:《[^》]*》[^《》]*)*》$/u.test(title)) title = title.slice(1, -1);
  return title;
}

function withStatusLine(title: string, next: string | undefined): string {
  return next && STATUS_LINE.test(next) ? title + next : title;
}

function balanced(text: string): boolean {
  const opens = (text.match(/《/gu) ?? []).length;
  return opens === (text.match(/》/gu) ?? []).length && opens <= 6;
}
