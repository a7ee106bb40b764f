// motcua reception counter: keyboard through the procedure results, fee per channel, scans uploaded to
// POST /api/v1/files with progress (their ids go with the form). Written for this project; no library.
(function () {
  "use strict";

  // --- procedure results: arrow keys move, Enter picks ----------------------------------------------------
  function results() { return Array.prototype.slice.call(document.querySelectorAll("[data-rc-result]")); }
  document.addEventListener("keydown", function (event) {
    var query = event.target.closest && event.target.closest("[data-rc-query]");
    var inResults = event.target.matches && event.target.matches("[data-rc-result]");
    if (!query && !inResults) { return; }
    var links = results();
    if (!links.length) { return; }
    var at = links.indexOf(event.target);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at <= 0) { document.querySelector("[data-rc-query]").focus(); } else { links[at - 1].focus(); }
    } else if (event.key === "Escape" && inResults) {
      document.querySelector("[data-rc-query]").focus();
    } else if (event.key === "Enter" && query) {
      event.preventDefault();  // the first result, as the officer sees it
      window.location.href = links[0].href;
    }
  });

  var form = document.querySelector("[data-rc-form]");
  if (!form) { return; }
  var errors = form.querySelector("[data-rc-errors]");
  if (errors) {
    var first = form.querySelector("[aria-invalid='true']");
    (first || errors).focus();
  }

  // --- fees follow the channel ----------------------------------------------------------------------------
  var channel = form.querySelector("[data-rc-channel]");
  function showFees() {
    form.querySelectorAll("[data-rc-fees]").forEach(function (group) {
      var on = group.getAttribute("data-rc-fees") === channel.value;
      group.hidden = !on;
      group.querySelectorAll("fieldset").forEach(function (set) { set.disabled = !on; });
    });
  }
  if (channel) { channel.addEventListener("change", showFees); }

  // --- ticks --------------------------------------------------------------------------------------------
  function lineOf(index) { return form.querySelector("[data-rc-line='" + index + "']"); }
  function tick(line) {
    var box = line.querySelector("[data-rc-given]");
    box.checked = true;
    line.classList.add("given");
  }
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-rc-given]")) {
      target.closest("[data-rc-line]").classList.toggle("given", target.checked);
    } else if (target.matches("[data-rc-reuse]") && target.checked) {
      var select = document.getElementById("rc-reuse-to-" + target.value);
      var line = select && lineOf(select.value);
      if (line) { tick(line); }
    } else if (target.matches("[data-rc-file]")) {
      uploadAll(target.files, target.closest("[data-rc-line]"));
      target.value = "";  // sent already: not a second time with the form
    }
  });

  // --- scans: drag and drop, or the file button; one request per file, with progress ------------------------
  var pending = 0;
  var text = form.dataset;
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function item(line, name) {
    var li = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", text.textUploading + " " + name);
    li.appendChild(label);
    li.appendChild(bar);
    line.querySelector("[data-rc-files]").appendChild(li);
    return li;
  }

  function removable(li) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-like";
    button.setAttribute("data-rc-remove", "");
    button.textContent = text.textRemove;
    li.appendChild(button);
  }

  function done(li, line, answer) {
    li.querySelector("progress").remove();
    li.className = "done";
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "doc-" + line.getAttribute("data-rc-line") + "-file_ids";
    input.value = answer.id;
    li.insertBefore(input, li.firstChild);
    removable(li);
    tick(line);
  }

  function failed(li, message) {
    var bar = li.querySelector("progress");
    if (bar) { bar.remove(); }
    li.className = "failed";
    var why = document.createElement("span");
    why.setAttribute("role", "alert");
    why.textContent = "— " + message;
    li.appendChild(why);
    removable(li);
  }

  function upload(file, line) {
    var li = item(line, file.name);
    var data = new FormData();
    data.append("file", file, file.name);
    data.append("title", line.getAttribute("data-name").slice(0, 500));
    var idNumber = form.querySelector("[name=id_number]");
    if (idNumber && idNumber.value.trim()) { data.append("applicant", idNumber.value.trim()); }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("data-upload-url"));
    xhr.setRequestHeader("X-CSRFToken", token);
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { li.querySelector("progress").value = Math.round(100 * event.loaded / event.total); }
    });
    xhr.addEventListener("loadend", function () {
      pending -= 1;
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      if (xhr.status === 201 && answer && answer.id) {
        done(li, line, answer);
      } else {
        failed(li, (answer && answer.error && answer.error.message) || text.textFailed);
      }
    });
    pending += 1;
    xhr.send(data);
  }

  function uploadAll(files, line) {
    for (var i = 0; i < files.length; i += 1) { upload(files[i], line); }
  }

  form.querySelectorAll("[data-rc-drop]").forEach(function (zone) {
    zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("over");
      uploadAll(event.dataTransfer.files, zone.closest("[data-rc-line]"));
    });
  });

  // --- the applicant block refreshed by the ID number (a card reader types it and presses Tab at once): what
  // the officer typed while the answer was on its way is put back, unless the server cleared another
  // applicant's details ------------------------------------------------------------------------------------
  var APPLICANT = ["name", "phone", "email", "address"];
  var typed = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "rc-applicant") { return; }
    typed = {};
    APPLICANT.forEach(function (name) {
      var field = target.querySelector("[name='" + name + "']");
      if (field && field.value.trim()) { typed[name] = field.value; }
    });
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    var block = document.getElementById("rc-applicant");
    if (!typed || !block) { return; }
    var kept = typed;
    typed = null;
    if (block.hasAttribute("data-rc-cleared")) { return; }
    Object.keys(kept).forEach(function (name) {
      var field = block.querySelector("[name='" + name + "']");
      if (field) { field.value = kept[name]; }
    });
  });

  form.addEventListener("click", function (event) {
    if (event.target.matches("[data-rc-remove]")) { event.target.closest("li").remove(); }
  });

  form.addEventListener("submit", function (event) {
    if (pending > 0) {
      event.preventDefault();
      window.alert(text.textWait);
    }
  });
})();
