// The ticket kiosk: the scanner's input keeps the focus (a hall reader types what it scans, then Enter); a new
// ticket prints by itself and the screen goes back to the start.
(function () {
  "use strict";
  var scan = document.querySelector("[data-keep-focus]");
  if (scan) {
    document.addEventListener("click", function (event) {
      // Touching an area or a priority choice must not be stolen; anywhere else gives the reader its field back.
      if (!event.target.closest("button, label, input, a")) { scan.focus(); }
    });
  }
  var paper = document.querySelector("[data-print]");
  if (paper) {
    window.addEventListener("load", function () { window.print(); });
    var after = parseInt(paper.getAttribute("data-back-after"), 10) || 12;
    window.setTimeout(function () { window.location.assign(paper.getAttribute("data-back")); }, after * 1000);
  }
  var again = document.querySelector("[data-print-button]");
  if (again) { again.addEventListener("click", function () { window.print(); }); }
})();
