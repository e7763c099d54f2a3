/* Jiedu: cite a paragraph. A "Cite" button at the end of every numbered paragraph of a text
 * (beside EN and read aloud) opens a small panel with the citation: the text's title,
 * source, place, date, the paragraph's number and its stable address (#p-N), to copy as
 * plain text, BibTeX or CSL JSON.
 *
 * The build puts the text's data in the page (hooks/jiedu/page/cite.py):
 *   <div class="jiedu-cite-data" hidden data-title data-subtitle data-source data-place
 *        data-date (2024-11-04, 2024-11 or 2024) data-date-label data-url data-key data-site>
 * data-url is the page's published address (MkDocs' site_url); without one, the address the
 * page was opened at over HTTP is cited, and a page opened from a file has no address to
 * cite: the panel says so.
 *
 * Keyboard: the buttons are one tab stop in the text (the paragraph that has the word cursor
 * or the focus, else the first), as the read-aloud buttons are; Enter opens the panel, whose
 * first button has the focus; Escape closes it and gives the focus back. The button's label
 * is generated content, so copying a paragraph never copies it.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var PARAGRAPHS = ".md-content .jiedu-text p[id^='p-']";
  var panel = null, opener = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function data() {
    var d = document.querySelector(".md-content .jiedu-cite-data");
    return d ? d.dataset : null;
  }
  function number(p) { return p.id.replace(/^p-/, ""); }
  function han(s) { return /[\u3400-\u9fff]/.test(s || ""); }

  /* The paragraph's address: published, else where the page was opened over HTTP(S). */
  function address(d, p) {
    if (d.url) return d.url + "#" + p.id;
    if (/^https?:$/.test(location.protocol)) return location.href.replace(/#.*$/, "") + "#" + p.id;
    return "";
  }

  function title(d) {
    if (!d.subtitle) return d.title;
    return d.title + (han(d.title) && han(d.subtitle) ? "——" : ": ") + d.subtitle;
  }

  function plain(d, p) {
    var where = [d.source, d.place, d.dateLabel].filter(Boolean).join(", ");
    var tail = [d.site, address(d, p)].filter(Boolean).join(", ");
    return title(d) + ". " + (where ? where + ", " : "") + "¶ " + number(p) + "." + (tail ? " " + tail : "");
  }

  function bib(value) {
    return String(value).replace(/[\\{}]/g, function (c) { return c === "\\" ? "\\textbackslash{}" : "\\" + c; })
      .replace(/[%&#$_]/g, "\\$&").replace(/~/g, "\\textasciitilde{}").replace(/\^/g, "\\textasciicircum{}");
  }
  function bibtex(d, p) {
    var url = address(d, p), fields = [["title", title(d)]];
    if (d.source) fields.push(["howpublished", d.source]);
    if (d.place) fields.push(["address", d.place]);
    if (d.date) { fields.push(["date", d.date]); fields.push(["year", d.date.slice(0, 4)]); }
    fields.push(["note", "Paragraph " + number(p)]);
    if (url) fields.push(["url", url]);
    return "@misc{" + (d.key || "text").replace(/[^A-Za-z0-9_-]/g, "") + "-p" + number(p) + ",\n" +
      fields.map(function (f) { return "  " + f[0] + " = {" + (f[0] === "url" ? f[1].replace(/[{}\\]/g, encodeURIComponent) : bib(f[1])) + "}"; }).join(",\n") +
      "\n}\n";
  }
  function csl(d, p) {
    var item = { id: (d.key || "text") + "-p" + number(p), type: "document", title: title(d) };
    if (d.source) item.publisher = d.source;
    if (d.place) item["publisher-place"] = d.place;
    if (d.date) item.issued = { "date-parts": [d.date.split("-").map(Number)] };
    var url = address(d, p);
    if (url) item.URL = url;
    item.note = "Paragraph " + number(p);
    return JSON.stringify([item], null, 2) + "\n";
  }

  /* -- copying --------------------------------------------------------------------------- */
  function copy(text, area) {
    function fallback() {
      var before = area.value;
      area.value = text;
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.value = before;
      return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
    }
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(fallback);
    return fallback();
  }

  /* -- the panel ------------------------------------------------------------------------- */
  function close(back) {
    if (!panel) return;
    panel.remove();
    panel = null;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (back) opener.focus();
    }
    opener = null;
  }

  function open(button, p) {
    var d = data();
    if (!d) return;
    var again = opener === button;
    close(false);
    if (again) return;  /* a second press closes */
    opener = button;
    button.setAttribute("aria-expanded", "true");
    panel = el("div", "jiedu-cite");
    panel.id = "jiedu-cite";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "Cite paragraph " + number(p));
    panel.lang = "en";
    var head = el("p", "jiedu-cite__head", "Cite ¶ " + number(p));
    var shut = el("button", "jiedu-cite__close");
    shut.type = "button";
    shut.setAttribute("aria-label", "Close");
    shut.addEventListener("click", function () { close(true); });
    head.appendChild(shut);
    panel.appendChild(head);
    var text = plain(d, p);
    var area = el("textarea", "jiedu-cite__text");
    area.readOnly = true;
    area.rows = 4;
    area.value = text;
    area.setAttribute("aria-label", "Citation, plain text");
    panel.appendChild(area);
    if (!address(d, p)) {
      panel.appendChild(el("p", "jiedu-cite__note",
        "Opened from a file: this copy has no web address to cite (the site was built without its published address, site_url)."));
    }
    var buttons = el("div", "jiedu-cite__buttons");
    var status = el("p", "jiedu-cite__status");
    status.setAttribute("role", "status");
    [["Copy", function () { return text; }], ["Copy BibTeX", function () { return bibtex(d, p); }],
     ["Copy CSL JSON", function () { return csl(d, p); }]].forEach(function (b) {
      var c = el("button", "jiedu-cite__copy", b[0]);
      c.type = "button";
      c.addEventListener("click", function () {
        copy(b[1](), area).then(function () { status.textContent = b[0].replace("Copy", "Copied") + (b[0] === "Copy" ? " the citation." : "."); },
          function () { status.textContent = "Copying was refused by the browser: select the text and copy it."; area.select(); });
      });
      buttons.appendChild(c);
    });
    panel.appendChild(buttons);
    panel.appendChild(status);
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.stopPropagation(); close(true); }
    });
    if (window.innerWidth <= 600) panel.classList.add("jiedu-cite--sheet");
    document.body.appendChild(panel);
    area.style.height = Math.min(area.scrollHeight + 4, 200) + "px";  /* the whole citation, up to 200 px */
    place(button);
    buttons.firstChild.focus();
  }

  /* Under the button, inside the window; on a narrow screen, a sheet along the bottom. */
  function place(button) {
    if (panel.classList.contains("jiedu-cite--sheet")) return;
    var r = button.getBoundingClientRect(), w = panel.offsetWidth;
    var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var top = r.bottom + 6;
    if (top + panel.offsetHeight > window.innerHeight - 8 && r.top - panel.offsetHeight - 6 > 8) top = r.top - panel.offsetHeight - 6;
    panel.style.left = (left + window.scrollX) + "px";
    panel.style.top = (top + window.scrollY) + "px";
  }

  document.addEventListener("click", function (e) {
    if (panel && !panel.contains(e.target) && e.target !== opener) close(false);
  });

  /* -- the buttons ------------------------------------------------------------------------ */
  function roving(current) {
    var all = document.querySelectorAll(PARAGRAPHS + " > .jiedu-cite-toggle");
    var cursor = document.querySelector(".jiedu-text .jiedu-cursor");
    var here = current || (cursor && cursor.closest(PARAGRAPHS));
    var found = false;
    all.forEach(function (b) { if (here && b.parentNode === here) found = true; });
    all.forEach(function (b, i) { b.tabIndex = (found ? b.parentNode === here : i === 0) ? 0 : -1; });
  }

  function setUp() {
    close(false);
    if (!data()) return;
    document.querySelectorAll(PARAGRAPHS).forEach(function (p) {
      if (p.querySelector(":scope > .jiedu-cite-toggle")) return;
      var b = el("button", "jiedu-cite-toggle");
      b.type = "button";
      b.lang = "en";
      b.setAttribute("aria-label", "Cite paragraph " + number(p));
      b.setAttribute("aria-haspopup", "dialog");
      b.setAttribute("aria-expanded", "false");
      b.setAttribute("aria-controls", "jiedu-cite");
      b.addEventListener("click", function (e) { e.stopPropagation(); open(b, p); });
      p.appendChild(b);
    });
    roving(null);
  }

  J.onPage(setUp);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Tab" || (panel && panel.contains(e.target))) return;
    var active = document.activeElement;
    roving(active && active.closest ? active.closest(PARAGRAPHS) : null);
  }, true);
  document.addEventListener("focusin", function (e) {
    var p = e.target.closest && e.target.closest(PARAGRAPHS);
    if (p) roving(p);
  });
})();
