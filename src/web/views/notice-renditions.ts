import type { StoredNotice } from '../../../schemas/store.ts';
import { formatName, renditionsOf } from '../../store/identity.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * The files this version was read from (the same notice as Word, PDF, web page or text): each
 * downloadable, and what a format gave otherwise than the version shown (a PDF that lost a row,
 * joined two words …) as a warning.
 */
export function noticeRenditions(record: StoredNotice): SafeHtml {
  const renditions = renditionsOf(record);
  const base = `/api/notices/${encodeURIComponent(record.id)}/original?version=${record.version}`;
  const differing = renditions.filter((r) => r.differences.length > 0);
  return html`<section aria-labelledby="renditions-title">
<h2 id="renditions-title">原件（${renditions.length} 种格式）</h2>
${
  differing.length > 0
    ? html`<div class="banner review" role="note">同一通知的不同格式抽取结果不一致，本版本以“${renditions[0]?.sourceFile ?? ''}”为准：<ul>${differing.flatMap(
        (r) => r.differences.map((d) => html`<li>${d.message}（${r.sourceFile}）</li>`),
      )}</ul></div>`
    : ''
}
<ul class="renditions">${renditions.map(
    (r, k) =>
      html`<li><span class="badge">${formatName(r.format)}</span> <a href="${base}&amp;rendition=${r.sha256}" download>${r.sourceFile}</a> <span class="muted">${r.storedAt.slice(0, 19).replace('T', ' ')} 入库${k === 0 ? ' · 本版本由此抽取' : r.differences.length > 0 ? ` · ${r.differences.length} 处不同` : ' · 内容一致'}</span></li>`,
  )}</ul>
</section>`;
}
