// letters serve: follow the server's rebuild events and swap in new previews only once complete.
// The event stream is one-way (server-sent events): nothing here sends anything to the server.
"use strict";
(() => {
  const body = document.body;
  const key = body.dataset.key || "";
  const translate = body.dataset.translate === "1";
  const query = body.dataset.query || "";
  let generation = Number(body.dataset.generation);
  const status = document.getElementById("status");
  const rebuilding = document.getElementById("rebuilding");
  const problems = document.getElementById("problems");

  function setStatus(text, cls) {
    status.textContent = text;
    status.className = "status " + cls;
  }

  function showProblems(list, blocking) {
    const heading = problems.querySelector("h2");
    heading.textContent = blocking ? heading.dataset.broken : heading.dataset.errors;
    const ul = problems.querySelector("ul");
    ul.replaceChildren();
    for (const p of list) {
      const li = document.createElement("li");
      const where = document.createElement("code");
      where.className = "where";
      where.textContent = p.where;
      const msg = document.createElement("span");
      msg.className = "message";
      msg.textContent = " " + p.message;
      li.append(where, msg);
      if (p.hint) {
        const hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = "hint: " + p.hint;
        li.append(document.createElement("br"), hint);
      }
      ul.append(li);
    }
    problems.hidden = list.length === 0;
  }

  // Load the new version in a hidden frame; show it only when it has loaded completely.
  function reloadFrame(old, src) {
    const fresh = old.cloneNode(false);
    const id = old.id;
    fresh.removeAttribute("id");  // one #doc at a time: the old one until the new one is complete
    fresh.src = src;
    fresh.classList.add("loading");
    fresh.addEventListener("load", () => {
      old.remove();
      fresh.id = id;
      fresh.classList.remove("loading");
      if (id === "doc") attachOrigins(fresh);
    }, { once: true });
    old.after(fresh);
  }

  function reloadFrames() {
    const g = "g=" + generation;
    const doc = document.getElementById("doc");
    const pdf = document.getElementById("pdf");
    if (doc) reloadFrame(doc, "/doc/" + key + ".html?" + (query ? query + "&" : "") + g);
    if (pdf) reloadFrame(pdf, "/doc/" + key + ".pdf?" + (query.includes("pseudo=1") ? "pseudo=1&" : "") + g);
  }

  // Translator mode: show where the string under the pointer comes from.
  function showOrigin(span) {
    const panel = document.getElementById("origin");
    if (!panel) return;
    const d = span.dataset;
    panel.querySelector(".status-value").textContent = d.status + (d.catalog ? " (" + d.catalog + " catalog)" : "");
    panel.querySelector(".where").textContent = d.where || "in no catalog yet: run 'letters i18n update'";
    panel.querySelector(".msgctxt").textContent = d.msgctxt;
    panel.querySelector(".msgid").textContent = d.msgid;
    panel.querySelector(".comment").textContent = d.comment;
    panel.querySelector(".note").textContent = d.note;
    panel.dataset.lt = d.lt;
  }

  let pinned = null;
  function attachOrigins(frame) {
    if (!translate || !frame.contentDocument) return;
    const doc = frame.contentDocument;
    doc.addEventListener("mouseover", (ev) => {
      const span = ev.target.closest && ev.target.closest(".lt-s");
      if (span && !pinned) showOrigin(span);
    });
    doc.addEventListener("click", (ev) => {
      const span = ev.target.closest && ev.target.closest(".lt-s");
      if (!span) { pinned = null; return; }
      ev.preventDefault();
      if (pinned) pinned.classList.remove("lt-pinned");
      pinned = span;
      span.classList.add("lt-pinned");
      showOrigin(span);
    });
  }

  const first = document.getElementById("doc");
  if (first) {
    if (first.contentDocument && first.contentDocument.readyState === "complete") attachOrigins(first);
    first.addEventListener("load", () => attachOrigins(first), { once: true });
  }

  // Pseudo-locale: does the letter still fit once its text is about 30 % longer? (Both PDFs are
  // made on the server; a letter that runs onto another page will overflow in translation.)
  const fit = document.getElementById("fit");
  function checkFit() {
    if (!fit || !key) return;
    fetch("/_/fit/" + key + "?g=" + generation).then((r) => (r.ok ? r.json() : null)).then((d) => {
      if (!d) { fit.hidden = true; return; }
      const pages = (n) => n + (n === 1 ? " page" : " pages");
      const over = d.pseudo_pages > d.pages;
      fit.classList.toggle("overflow", over);
      fit.dataset.pages = String(d.pages);
      fit.dataset.pseudoPages = String(d.pseudo_pages);
      fit.textContent = over
        ? "Overflow: the pseudo-translated letter takes " + pages(d.pseudo_pages) + ", the letter itself " +
          pages(d.pages) + ". A translation about 30 % longer will run onto another page: see the PDF."
        : "Fits: the pseudo-translated letter takes " + pages(d.pseudo_pages) + ", as the letter itself.";
      fit.hidden = false;
    }).catch(() => { fit.hidden = true; });
  }
  checkFit();

  const events = new EventSource("/events");
  events.addEventListener("building", () => {
    setStatus("rebuilding…", "building");
    rebuilding.hidden = false;
  });
  events.addEventListener("broken", (e) => {
    const d = JSON.parse(e.data);
    rebuilding.hidden = true;
    setStatus("error: showing the last good version", "broken");
    showProblems(d.problems, true);
  });
  events.addEventListener("ready", (e) => {
    const d = JSON.parse(e.data);
    rebuilding.hidden = true;
    showProblems(d.problems || [], false);
    setStatus(d.problems && d.problems.length ? "up to date, with errors" : "up to date", "ready");
    if (d.generation === generation) return;
    generation = d.generation;
    body.dataset.generation = String(generation);
    if (!key) { window.location.reload(); return; }
    pinned = null;
    if (d.changed.includes(key)) { reloadFrames(); checkFit(); }
  });
  events.addEventListener("error", () => setStatus("server stopped?", "broken"));
})();
