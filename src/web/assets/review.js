// The correction form (/app/notices/:id/review) holds every cell of every table; only the cells
// a reviewer changed need to travel. On submit, unchanged cells are disabled (a disabled field
// is not sent), so a long catalogue posts a few hundred bytes, not megabytes. The server treats
// a missing cell as unchanged, so the form works the same without this script.
const form = document.querySelector('form.review-form');
if (form) {
  form.addEventListener('submit', () => {
    for (const cell of form.querySelectorAll('textarea[data-cell]')) {
      if (cell instanceof HTMLTextAreaElement && cell.value === cell.defaultValue) cell.disabled = true;
    }
  });
  // coming back to the page (history), the browser may restore the disabled cells: enable them
  window.addEventListener('pageshow', () => {
    for (const cell of form.querySelectorAll('textarea[data-cell]')) cell.disabled = false;
  });
}
