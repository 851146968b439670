/* Concerto's own behaviour, in one file so that the Content-Security-Policy allows no inline script.
 *
 * Every page works without it. With it:
 * - <html> gets the class "js", so that .js-only controls show;
 * - a button with data-action="print" prints the page;
 * - htmx swaps focus what data-focus-after-settle names (below);
 * - a page holding an element with data-print-on-load opens the print dialog once loaded
 *   (the movement list's "Print" button asks for that page).
 */
document.documentElement.classList.add("js");

document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-action='print']");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

window.addEventListener("load", function () {
  if (document.querySelector("[data-print-on-load]")) {
    window.print();
  }
});

/* After htmx swaps new content into an element with data-focus-after-settle="selector", focus
 * that selector inside it (the week calendar focuses the new week's title), so keyboard and
 * screen-reader users follow the change. */
document.addEventListener("htmx:afterSettle", function (event) {
  var box = event.target && event.target.closest ? event.target.closest("[data-focus-after-settle]") : null;
  if (box) {
    var focus = box.querySelector(box.getAttribute("data-focus-after-settle"));
    if (focus) {
      focus.focus();
    }
  }
});
