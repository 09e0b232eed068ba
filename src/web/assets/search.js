// Search page keys: ArrowDown from the search box goes to the first result, ArrowUp/ArrowDown
// move between results, Escape returns to the box (Tab works too: results are plain links).
document.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Escape') return;
  const box = document.getElementById('q');
  const links = [...document.querySelectorAll('#results .hit-title')];
  const at = links.indexOf(document.activeElement);
  if (event.key === 'Escape' && at >= 0) {
    event.preventDefault();
    box?.focus();
    return;
  }
  if (document.activeElement === box && event.key === 'ArrowDown' && links.length) {
    event.preventDefault();
    links[0].focus();
  } else if (at >= 0 && event.key !== 'Escape') {
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) box?.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }
});
