// Evidence upload with a progress bar (XHR upload progress) and the size limit checked before sending
// (the server checks it again from the Content-Length, before reading the body, and after reading).
// The server answers at once with a background job; the browser goes to the job's page, which shows the
// import's progress and its result. Without JavaScript the form posts normally and is sent there too.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var input = document.getElementById("id_files");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files || []);
    // The limit is for one upload (all files together), as the server counts it.
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    if (total > maxBytes) { status.textContent = form.dataset.tooBig + " " + files.map(function (f) { return f.name; }).join(", "); return; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.hidden = false; bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    xhr.addEventListener("load", function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
      if (xhr.status === 202 && data && data.page_url) {
        bar.value = 100;
        status.textContent = form.dataset.queued;
        window.location.assign(data.page_url);
      } else {
        bar.hidden = true;
        // 413 from the server itself (waitress refuses a too-big body before reading it): plain text
        status.textContent = (data && data.error) || (xhr.status === 413 ? form.dataset.tooBig : form.dataset.failed);
      }
    });
    xhr.addEventListener("error", function () { bar.hidden = true; status.textContent = form.dataset.failed; });
    form.querySelector("button[type=submit]").disabled = true;
    xhr.addEventListener("loadend", function () { form.querySelector("button[type=submit]").disabled = false; });
    xhr.send(new FormData(form));
  });
})();
