/** Citations written the way the legal office writes them: 《社会保险法》第六十三条第二款. Pure. */

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 47 → 四十七, 104 → 一百零四, 110 → 一百一十 (articles stay below 10,000). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10_000) return String(n);
  if (n < 10) return DIGITS[n] ?? String(n);
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((digit, i) => {
    const unit = units[digits.length - 1 - i] ?? '';
    if (digit === 0) zero = out !== '';
    else {
      out += `${zero ? '零' : ''}${DIGITS[digit]}${unit}`;
      zero = false;
    }
  });
  return out;
}

/** The provision part: 第六十三条第二款第（五）项; empty without an article. */
export function formatProvision(c: {
  article: number | null;
  paragraph?: number | null;
  item?: number | null;
}): string {
  if (c.article === null) return '';
  const paragraph = c.paragraph ? `第${chineseNumber(c.paragraph)}款` : '';
  const item = c.item ? `第（${chineseNumber(c.item)}）项` : '';
  return `第${chineseNumber(c.article)}条${paragraph}${item}`;
}

/** 《law》 plus its provision. */
export function formatCitation(c: {
  law: string;
  article: number | null;
  paragraph?: number | null;
  item?: number | null;
}): string {
  return `《${c.law}》${formatProvision(c)}`;
}
