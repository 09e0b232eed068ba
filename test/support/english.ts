/**
 * Finds English sentences in text people read: runs of two or more Latin words (`Bad Request`,
 * `no asset x.js`; a product's name such as Bull Board excepted). Code names inside a run are
 * neither words nor breaks (`Invalid PDF structure` is a sentence, `下载 DOCX` is not):
 * all-capital names (DOCX, API, GET) and mixed-case ones (BullMQ, powerType). Anything with a
 * digit, dot, underscore, hyphen or slash (noise.bin, policy-kb, /api/search, seeds/003.txt,
 * REDIS_URL), URLs, Chinese text and its punctuation end a run, so `上传角色（upload）` is one
 * code name, not a sentence.
 */
export function englishSentences(text: string): string[] {
  const found: string[] = [];
  for (const segment of text.replace(NAMES, ' ').split(NOT_LATIN)) {
    let run: string[] = [];
    let words = 0;
    const flush = () => {
      while (run.length > 0 && !isWord(run[run.length - 1] ?? '')) run.pop();
      if (words >= MIN_WORDS) found.push(run.join(' '));
      run = [];
      words = 0;
    };
    for (const token of segment.split(/\s+/)) {
      const word = token.replace(EDGE_PUNCTUATION, '');
      if (isWord(word)) {
        run.push(word);
        words += 1;
      } else if (isCodeName(word) && run.length > 0) run.push(word);
      else if (!isCodeName(word)) flush();
    }
    flush();
  }
  return found;
}

/** One word is a name or a label (Word 文件, Redis), not a sentence. */
const MIN_WORDS = 2;
/** Names of products people see on the pages, in more than one word. */
const NAMES = /\bBull Board\b/g;
/** Line breaks, tabs (table cells), CJK ideographs and full-width punctuation: a run never crosses them. */
const NOT_LATIN = /[\n\r\t\u2E80-\u9FFF\u3000-\u303F\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF“”‘’…—·×→≠]+/u;
/** Sentence punctuation around a word (`found,` `(see` `big:`), not inside a name (`noise.bin`). */
const EDGE_PUNCTUATION = /^[("'[{<]+|[)"'\]}>,.;:!?]+$/g;

/** A plain word of a sentence: letters, lower-case or capitalized (`found`, `Too`, `don't`). */
function isWord(token: string): boolean {
  return /^[A-Za-z][a-z]*(?:'[a-z]+)?$/.test(token) && !/^[A-Z]{2,}$/.test(token);
}

/** A code name made of letters only: all capitals (PDF, GET) or mixed case (BullMQ, powerType). */
function isCodeName(token: string): boolean {
  return /^[A-Za-z]+$/.test(token) && !isWord(token);
}
