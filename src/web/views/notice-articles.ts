import type { Article } from '../../../schemas/notice.ts';
import { html, type SafeHtml } from '../html.ts';

/** Articles grouped by chapter, with a chapter navigation list of anchor links. */
export function noticeArticles(articles: Article[]): SafeHtml {
  if (articles.length === 0) return html``;
  const chapters: { title: string | null; articles: Article[] }[] = [];
  for (const article of articles) {
    const last = chapters.at(-1);
    if (last && last.title === article.chapter) last.articles.push(article);
    else chapters.push({ title: article.chapter, articles: [article] });
  }
  const named = chapters.filter((c) => c.title !== null);
  return html`<section aria-labelledby="articles-title">
<h2 id="articles-title">条文（${articles.length} 条${named.length > 0 ? `，${named.length} 章` : ''}）</h2>
${
  named.length > 0
    ? html`<nav class="chapters" aria-label="章节导航"><ol>${chapters.map((c, i) =>
        c.title ? html`<li><a href="#chapter-${i + 1}">${c.title}</a></li>` : '',
      )}</ol></nav>`
    : ''
}
${chapters.map(
  (chapter, i) => html`<section class="chapter" id="chapter-${i + 1}" tabindex="-1">
${chapter.title ? html`<h3>${chapter.title}</h3>` : ''}
${chapter.articles.map(
  (a) => html`<p class="article" id="article-${a.number}"><strong>第${a.number}条</strong> ${a.text}</p>`,
)}
</section>`,
)}
</section>`;
}
