import { CSRF_FIELD } from '../http/browser-guard.ts';
import { allows, type Role } from '../http/keys.ts';
import { html, type SafeHtml } from './html.ts';

/** The app's sections, in navigation order. */
export const SECTIONS = [
  { id: 'upload', href: '/app/upload', label: '上传', role: 'upload' },
  { id: 'notices', href: '/app/notices', label: '通知', role: 'read' },
  { id: 'search', href: '/app/search', label: '检索', role: 'read' },
  { id: 'compare', href: '/app/compare', label: '比较', role: 'read' },
  { id: 'matrix', href: '/app/matrix', label: '覆盖矩阵', role: 'read' },
  { id: 'review', href: '/app/review', label: '待复核', role: 'read' },
  { id: 'queues', href: '/admin/queues', label: '队列', role: 'upload' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export interface PageOptions {
  title: string;
  /** The navigation entry shown as current. */
  active?: SectionId;
  /** The signed-in role (null on the login page); navigation hides what the role may not use. */
  role: Role | null;
  /** Whether the server runs without keys (open local mode): no logout button then. */
  openMode?: boolean;
  body: SafeHtml;
  /** Extra scripts of this page, under /app/assets/. */
  scripts?: string[];
  /** Extra style sheets of this page, under /app/assets/. */
  styles?: string[];
  /** This browser's CSRF token: into every form that posts, and a meta tag for scripts. */
  csrf?: string;
}

/** A whole page: Chinese UI, skip link, navigation, one `<main>`; works at 1280 px and on a narrow window. */
export function page(options: PageOptions): SafeHtml {
  const { title, active, role, body, scripts = [], styles = [] } = options;
  const nav = SECTIONS.filter((s) => allows(role, s.role));
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${options.csrf ?? ''}">
<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>
<title>${title} · 医保政策知识库</title>
<link rel="stylesheet" href="/app/assets/app.css">
${styles.map((s) => html`<link rel="stylesheet" href="/app/assets/${s}">`)}
<script src="/app/assets/htmx.min.js" defer></script>
<script src="/app/assets/app.js" defer></script>
${scripts.map((s) => html`<script src="/app/assets/${s}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <a class="brand" href="/app">医保政策知识库</a>
  ${
    role
      ? html`<nav aria-label="主导航"><ul>
    ${nav.map(
      (s) =>
        html`<li><a href="${s.href}"${active === s.id ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
    )}
  </ul></nav>
  ${
    options.openMode
      ? html`<span class="mode" title="未配置 POLICY_KB_KEYS，仅本机可访问">本机模式</span>`
      : html`<form method="post" action="/app/logout" class="logout">${csrfField(options.csrf)}<button type="submit">退出</button></form>`
  }`
      : ''
  }
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** The hidden field that carries the CSRF token in a form that posts. */
export function csrfField(token: string | undefined): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token ?? ''}">`;
}
