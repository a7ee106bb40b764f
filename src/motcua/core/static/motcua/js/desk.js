// motcua desk: a barcode scanner "types" a dossier code quickly and presses Enter. When that happens while no
// field has the focus, the keys are gathered here and the dossier opens. Written for this project.
(function () {
  "use strict";
  var CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/;
  var buffer = "", last = 0;
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.altKey || event.metaKey) { return; }
    var now = Date.now();
    if (now - last > 100) { buffer = ""; }  // a person types slower than a scanner
    last = now;
    if (event.key === "Enter") {
      var code = buffer.toUpperCase();
      buffer = "";
      if (CODE.test(code)) {
        event.preventDefault();
        var field = document.querySelector("[data-scan-target]");
        field.value = code;
        field.form.submit();
      }
    } else if (event.key.length === 1) {
      buffer += event.key;
    }
  });
})();
