// motcua desk: the inbox's "tick all" box, and focus on the message that matters after a submit (a conflict,
// an error by its form, the outcome of a bulk assignment). Written for this project.
(function () {
  "use strict";
  var all = document.querySelector("[data-tick-all]");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="pick"]').forEach(function (box) { box.checked = all.checked; });
    });
  }
  var target = document.getElementById("dx-conflict") || document.querySelector(".dx-form-error") ||
    document.getElementById("dx-outcomes");
  if (target) {
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
    if (target.scrollIntoView) { target.scrollIntoView({ block: "center" }); }
  }
})();
