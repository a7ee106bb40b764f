// A "Print" button (data-print): the page's own print, without an inline handler (the pages' CSP runs no inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
