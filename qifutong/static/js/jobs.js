// A job's progress on the page: poll its status until it ends, then show the page again
// (the server then renders the result or the reason it failed).
(function () {
  "use strict";
  if (!window.fetch) { return; }
  function watch(box) {
    var url = box.getAttribute("data-status-url");
    var bar = box.querySelector("progress");
    var stage = box.querySelector(".job-stage");
    var percent = box.querySelector(".job-percent");
    function poll() {
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.state === "done" || job.state === "failed") { window.location.reload(); return; }
          if (bar) { bar.value = job.percent || 0; }
          if (percent) { percent.textContent = (job.percent || 0) + "%"; }
          if (stage && job.stage_label) { stage.textContent = job.stage_label; }
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    }
    poll();
  }
  var boxes = document.querySelectorAll(".job-status[data-state=queued], .job-status[data-state=running]");
  Array.prototype.forEach.call(boxes, watch);
}());
