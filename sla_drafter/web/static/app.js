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

// Draft: one step at a time (all steps show without this script).
function setUpSteps(form) {
  const links = Array.from(document.querySelectorAll("[data-step-link]"));
  const sections = Array.from(form.querySelectorAll("section[data-step]"));
  if (!links.length || !sections.length) { return; }
  function show(id) {
    sections.forEach(function (s) { s.classList.toggle("hidden", s.dataset.step !== id); });
    links.forEach(function (a) { a.classList.toggle("current", a.dataset.stepLink === id); });
  }
  links.forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); show(a.dataset.stepLink); window.scrollTo(0, 0); });
  });
  const focus = document.querySelector("[data-focus]");
  let start = sections[0].dataset.step;
  if (focus) {
    const target = document.getElementById("f-" + focus.dataset.focus) || document.getElementById(focus.dataset.focus);
    const section = target && target.closest("section[data-step]");
    if (section) { start = section.dataset.step; }
  } else {
    const invalid = form.querySelector(".field.invalid, .field-error:not(:empty)");
    const section = invalid && invalid.closest("section[data-step]");
    if (section) { start = section.dataset.step; }
  }
  show(start);
  if (focus) {
    const target = document.getElementById("f-" + focus.dataset.focus) || document.getElementById(focus.dataset.focus);
    if (target) { target.scrollIntoView(); }
  }
}

// Draft: validate as you go, with the same messages as `sla-drafter validate`.
function parentPath(path) {
  const m = path.match(/^(.*)(\[\d+\]|\.[^.\[\]]+)$/);
  return m ? m[1] : "";
}

function showProblems(form, result) {
  form.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
  form.querySelectorAll(".field.invalid").forEach(function (el) { el.classList.remove("invalid"); });
  const counts = {};
  Object.keys(result.fields || {}).forEach(function (path) {
    let p = path;
    let el = null;
    while (p && !(el = form.querySelector("[data-error-for=\"" + CSS.escape(p) + "\"]"))) { p = parentPath(p); }
    if (!el) { return; }
    el.textContent = (el.textContent ? el.textContent + "; " : "") + result.fields[path].join("; ");
    const fieldDiv = el.closest(".field");
    if (fieldDiv) { fieldDiv.classList.add("invalid"); }
    const section = el.closest("section[data-step]");
    if (section) { counts[section.dataset.step] = (counts[section.dataset.step] || 0) + result.fields[path].length; }
  });
  document.querySelectorAll("[data-step-count]").forEach(function (badge) {
    const n = counts[badge.dataset.stepCount] || 0;
    badge.textContent = String(n);
    badge.hidden = n === 0;
  });
  const summary = document.querySelector("[data-summary]");
  const list = document.querySelector("[data-summary-list]");
  if (summary && list) {
    list.textContent = "";
    (result.lines || []).forEach(function (line) {
      const li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
    summary.hidden = !(result.lines || []).length;
  }
}

function setUpLiveValidation(form) {
  let timer = null;
  let serial = 0;
  function check() {
    const mine = ++serial;
    const data = new FormData(form);
    fetch("/draft/validate", { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result && mine === serial) { showProblems(form, result); } })
      .catch(function () { /* the Check button still works */ });
  }
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 250);
  });
}

// Draft: downloads through fetch, so the page can say a PDF is being rendered.
function setUpDownloads(form) {
  const note = form.querySelector("[data-progress]");
  form.querySelectorAll("button[data-download]").forEach(function (button) {
    button.addEventListener("click", function (e) {
      e.preventDefault();
      const data = new FormData(form);
      data.append("action", button.value);
      const started = Date.now();
      let ticker = null;
      if (note) {
        note.classList.add("on");
        const tick = function () { note.textContent = button.dataset.download + " " + Math.round((Date.now() - started) / 1000) + " s"; };
        tick();
        ticker = window.setInterval(tick, 500);
      }
      button.disabled = true;
      fetch("/draft", { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
        .then(function (r) {
          const type = r.headers.get("content-type") || "";
          if (!r.ok || type.indexOf("text/html") === 0) {
            // problems to show: let the server render the page the plain form would get
            const action = document.createElement("input");
            action.type = "hidden"; action.name = "action"; action.value = button.value;
            form.appendChild(action);
            form.submit();
            return null;
          }
          const disposition = r.headers.get("content-disposition") || "";
          const match = disposition.match(/filename="([^"]+)"/);
          return r.blob().then(function (blob) {
            const url = URL.createObjectURL(blob);
            const a = document.createElement("a");
            a.href = url;
            a.download = match ? match[1] : "download";
            document.body.appendChild(a);
            a.click();
            a.remove();
            window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
            if (note) { note.textContent = "Downloaded " + a.download + " in " + ((Date.now() - started) / 1000).toFixed(1) + " s"; }
          });
        })
        .catch(function (err) { if (note) { note.textContent = "error: " + err; } })
        .finally(function () { button.disabled = false; if (ticker) { window.clearInterval(ticker); } });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setUpDropzones();
  setUpProgress();
  const draft = document.querySelector("form[data-draft]");
  if (draft) {
    setUpSteps(draft);
    setUpLiveValidation(draft);
    setUpDownloads(draft);
  }
});
