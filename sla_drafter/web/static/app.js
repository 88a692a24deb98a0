// sla-drafter web app: progressive enhancement only; every page works without this file.
"use strict";

// Review: drag and drop onto the file input's zone, with the chosen names listed.
function setUpDropzones() {
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    const input = zone.querySelector("input[type=file]");
    const list = zone.querySelector("[data-file-list]");
    if (!input) { return; }
    function show() {
      if (!list) { return; }
      list.textContent = "";
      Array.from(input.files || []).forEach(function (f) {
        const li = document.createElement("li");
        li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KiB)";
        list.appendChild(li);
      });
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
    input.addEventListener("change", show);
  });
}

// Long reads and renders: say what is happening and keep the button from a second submit.
function setUpProgress() {
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      const button = e.submitter || form.querySelector("button[data-busy]");
      if (!button || !button.dataset.busy) { return; }
      const note = form.querySelector("[data-progress]");
      const started = Date.now();
      if (note) {
        note.classList.add("on");
        const tick = function () {
          note.textContent = button.dataset.busy + " " + Math.round((Date.now() - started) / 1000) + " s";
        };
        tick();
        window.setInterval(tick, 1000);
      }
      // disable after the submit has captured the button's name and value
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setUpDropzones();
  setUpProgress();
});
