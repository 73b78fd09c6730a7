// Upload with progress: send the files, then poll the import job until it is done.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.fetch) { return; }
  var T = window.IMPORT_TEXT;
  var box = document.getElementById("import-progress");
  var bar = document.getElementById("import-bar");
  var stage = document.getElementById("import-stage");
  var percent = document.getElementById("import-percent");
  var result = document.getElementById("import-result");

  function show(label, value) {
    box.hidden = false;
    stage.textContent = label;
    bar.value = value;
    percent.textContent = Math.round(value) + "%";
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function finish(state) {
    result.hidden = false;
    result.innerHTML = "";
    if (state.state === "failed") {
      result.className = "import-result status-refused";
      result.appendChild(el("p", state.error || T.failed, "flash flash-error"));
      form.querySelector("button").disabled = false;
      return;
    }
    result.className = "import-result status-done";
    result.appendChild(el("h2", state.dry_run ? T.dryRun : T.done));
    (state.messages || []).forEach(function (m) { result.appendChild(el("p", m, "muted")); });
    var dl = el("dl", undefined, "facts summary");
    Object.keys(T.labels).forEach(function (key) {
      if (state.summary && key in state.summary) {
        dl.appendChild(el("dt", T.labels[key]));
        dl.appendChild(el("dd", String(state.summary[key]), "summary-" + key));
      }
    });
    result.appendChild(dl);
    var links = el("p");
    if (state.report_url) {
      var a = el("a", T.report); a.href = state.report_url; a.className = "report-link";
      links.appendChild(a);
    }
    if (state.changes_url) {
      if (links.childNodes.length) { links.appendChild(document.createTextNode(" · ")); }
      var c = el("a", T.changes); c.href = state.changes_url; c.className = "changes-link";
      links.appendChild(c);
    }
    if (state.summary && (state.summary.review || state.summary.queued)) {
      links.appendChild(document.createTextNode(" · "));
      var waiting = (state.summary.review || 0) + (state.summary.queued || 0);
      var r = el("a", T.review + " (" + waiting + ")"); r.href = state.review_url;
      r.className = "review-link";
      links.appendChild(r);
    }
    result.appendChild(links);
    form.querySelector("button").disabled = false;
    refreshHistory();
  }

  // The list of imports below the form, as the server now has it.
  function refreshHistory() {
    var table = document.getElementById("import-history");
    if (!table) { return; }
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("import-history");
        if (fresh) { table.replaceWith(fresh); }
      })
      .catch(function () { return null; });
  }

  function poll(url) {
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.error && !state.state) { finish({ state: "failed", error: state.error.message }); return; }
        show(state.label || "", 30 + (state.percent || 0) * 0.7);
        if (state.state === "done" || state.state === "failed") {
          show(state.label || "", 100);
          finish(state);
        } else {
          window.setTimeout(function () { poll(url); }, 300);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(url); }, 1000); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { show(T.uploading, (e.loaded / e.total) * 30); }
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
      if (xhr.status !== 200 || !body.status_url) {
        finish({ state: "failed", error: (body.error && body.error.message) || T.failed });
        return;
      }
      // The import goes on if the page is closed; reopening this address shows its result.
      if (body.result_url && window.history.replaceState) {
        window.history.replaceState(null, "", body.result_url);
      }
      poll(body.status_url);
    };
    xhr.onerror = function () { finish({ state: "failed", error: T.failed }); };
    form.querySelector("button").disabled = true;
    result.hidden = true;
    show(T.uploading, 0);
    xhr.send(data);
  });
}());
