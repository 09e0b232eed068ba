// Shared behaviour of every page: "/" focuses the page's search box (keyboard-friendly), and
// htmx error responses show their message instead of failing silently.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
    return;
  const box = document.querySelector('input[type="search"]');
  if (box instanceof HTMLInputElement) {
    event.preventDefault();
    box.focus();
  }
});
document.addEventListener('htmx:responseError', (event) => {
  const detail = event.detail;
  const status = document.querySelector('[data-htmx-status]');
  if (status && detail?.xhr) status.textContent = `请求失败（${detail.xhr.status}）`;
});

// A changed search filter (not the search box itself, which searches as you type) searches
// again: the form listens for `filters-changed` (an htmx trigger filter would need eval).
document.addEventListener('change', (event) => {
  const target = event.target;
  if (!(target instanceof HTMLElement) || (target instanceof HTMLInputElement && target.type === 'search'))
    return;
  const form = target.closest('form[hx-trigger~="filters-changed"]');
  if (form && window.htmx) window.htmx.trigger(form, 'filters-changed');
});
