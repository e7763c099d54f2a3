/* Jiedu's shared namespace for the reader's scripts: window.Jiedu. Loaded before them.
 *
 * Each concern is its own classic script, loaded in this order (mkdocs.yml's extra_javascript):
 * the reader controls (jiedu-reader.js), the translation, the floating panels
 * (jiedu-popover.js), glossary tooltips, speech, the word dictionary (jiedu-dictionary.js),
 * the reader's vocabulary (jiedu-vocabulary.js), the word popup (jiedu-popup.js), offline.
 * They meet here and nowhere else:
 *
 *   Jiedu.settings.define(name, default, allowed)   allowed: array of values, or a test function
 *   Jiedu.settings.get()                            → {name: value} (stored values that pass the test)
 *   Jiedu.settings.set({name: value})               stores, then calls the listeners
 *   Jiedu.settings.on(fn)                           fn(settings, changedNames), also for other tabs
 *   Jiedu.store(key)                                → {get(), set(value)}: JSON in localStorage
 *   Jiedu.panel.section(order, build)               build(form) → element for the reading options
 *                                                   panel (form#jiedu-controls-panel), by order;
 *                                                   each order is one section's (a second throws):
 *                                                   10 pinyin, 15 HSK level, 20 tones, 30 colours,
 *                                                   40 spoken tones, 50 size, 60 term marking
 *                                                   (jiedu-reader.js, jiedu-vocabulary.js),
 *                                                   70 translation, 80 known words, 90 offline
 *   Jiedu.onPage(fn)                                fn() on every page, after instant navigation too
 *   Jiedu.blocks.painter({active, paint})           paint(block) runs on the text's blocks near the
 *                                                   viewport while any painter is active() (and once
 *                                                   more to undo); Jiedu.blocks.repaint() after a change;
 *                                                   Jiedu.blocks.near(): the blocks near the viewport;
 *                                                   Jiedu.blocks.selector: what a block is;
 *                                                   Jiedu.blocks.onNear(f): f(block) as one comes near
 *   Jiedu.paint(element)                            paint an element now (a tooltip just filled)
 *   Jiedu.keepPlace(fn)                             run fn (which changes layout) and keep the block
 *                                                   under the reader's eye where it was
 *   Jiedu.word(ruby)                                → {text, syllables, spoken}: a word of the page
 *   Jiedu.pinyin.tone(s), .base(s), .render(s, style)   style: marks | numbers | zhuyin
 *   Jiedu.asset(path), Jiedu.loadScript(path)       files under the site's assets/ (any sub-path,
 *                                                   file:// too); loadScript → Promise, once per file
 *
 * The markup they share (hooks/jiedu/page/ruby.py): one <ruby> per word, one <rt> holding its
 * syllables separated by spaces, data-spoken on the <rt> where 一/不 change tone in speech;
 * glossary terms are a.jiedu-term around words; pinyin outside ruby is a .jiedu-py element.
 * The settings are stored in localStorage "jiedu.reader"; overrides/main.html reads them
 * before the first paint to set the data-jiedu-* attributes on <html>.
 */
(function () {
  "use strict";
  if (window.Jiedu) return;
  var KEY = "jiedu.reader";
  var script = document.currentScript;
  var assets = script ? script.src.replace(/[^\/]*$/, "") : "assets/";

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode, full */ }
  }

  /* -- settings ------------------------------------------------------------------------ */
  var defs = {}, listeners = [], stored = read(KEY) || {};
  function valid(def, v) {
    if (v === undefined) return false;
    if (typeof def.allowed === "function") return !!def.allowed(v);
    if (def.allowed) return def.allowed.indexOf(v) >= 0;
    return typeof v === typeof def.value;
  }
  var settings = {
    define: function (name, value, allowed) { defs[name] = { value: value, allowed: allowed }; },
    get: function () {
      var out = {};
      for (var n in defs) out[n] = valid(defs[n], stored[n]) ? stored[n] : defs[n].value;
      return out;
    },
    set: function (patch) {
      var before = settings.get(), changed = [];
      for (var n in patch) {
        if (!defs[n] || !valid(defs[n], patch[n])) continue;
        stored[n] = patch[n];
        if (before[n] !== patch[n]) changed.push(n);
      }
      if (!changed.length) return;
      write(KEY, stored);
      notify(changed);
    },
    on: function (fn) { listeners.push(fn); }
  };
  function notify(changed) {
    var s = settings.get();
    listeners.forEach(function (fn) { fn(s, changed); });
  }
  /* Another tab changed the settings: follow. */
  window.addEventListener("storage", function (e) {
    if (e.key !== KEY) return;
    var before = settings.get();
    stored = read(KEY) || {};
    var after = settings.get(), changed = [];
    for (var n in after) if (after[n] !== before[n]) changed.push(n);
    if (changed.length) notify(changed);
  });

  function store(key) {
    return { get: function () { return read(key); }, set: function (v) { write(key, v); } };
  }

  /* -- pages --------------------------------------------------------------------------- */
  var pageFns = [], lastContent = null;
  function onPage(fn) {
    pageFns.push(fn);
    if (lastContent) fn();
  }
  /* Material's instant navigation swaps the page's content and emits document$; the first
     page opened from file:// is not always announced, so the first run does not wait. */
  function pageLoaded() {
    var content = document.querySelector(".md-content") || document.body;
    if (content === lastContent) return;
    lastContent = content;
    pageFns.forEach(function (fn) { fn(); });
  }

  /* -- the reading options panel --------------------------------------------------------- */
  var sections = [], box = null, form = null, button = null;
  function section(order, build) {
    if (sections.some(function (s) { return s.order === order; })) throw new Error("Jiedu.panel: order " + order + " is taken");
    sections.push({ order: order, build: build });
    sections.sort(function (a, b) { return a.order - b.order; });
    if (form) render();
  }
  function render() {
    form.textContent = "";
    sections.forEach(function (s) {
      var el = s.build(form);
      if (el) form.appendChild(el);
    });
  }
  function closePanel(focusButton) {
    if (!form || form.hidden) return;
    form.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focusButton) button.focus();
  }
  function buildControls() {
    box = document.createElement("div");
    box.className = "jiedu-controls";
    button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button jiedu-controls__button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "jiedu-controls-panel");
    button.setAttribute("aria-label", "Reading options: pinyin, tones, text size");
    button.title = "Reading options";
    button.textContent = "拼";
    button.lang = "zh-Hans";
    form = document.createElement("form");
    form.className = "jiedu-controls__panel";
    form.id = "jiedu-controls-panel";
    form.hidden = true;
    form.setAttribute("aria-label", "Reading options");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    render();
    button.addEventListener("click", function () {
      var open = form.hidden;
      form.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) {
        var first = form.querySelector("input:checked, input, button, select");
        if (first) first.focus();
      }
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") closePanel(true);
    });
    /* Focus moving out of the options (Tab past the last one) closes them. */
    box.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !box.contains(e.relatedTarget)) closePanel(false);
    });
    document.addEventListener("click", function (e) {
      if (!box.contains(e.target)) closePanel(false);
    });
    box.appendChild(button);
    box.appendChild(form);
    var header = document.querySelector(".md-header__inner");
    var search = header && header.querySelector(".md-search");
    if (header) header.insertBefore(box, search || null);
  }
  /* The control shows on pages that show pinyin: a text, the glossary, a vocabulary list. */
  onPage(function () {
    if (!box || !document.contains(box)) buildControls();
    box.hidden = !document.querySelector(".md-content ruby, .md-content .jiedu-py");
    closePanel(false);
  });

  /* -- blocks near the screen ------------------------------------------------------------
     Work on a long page's words (tone styles, colours, known words …) is done block by block:
     at once for the blocks within a screen's height of the viewport, and for the others as
     they come near. A change on a 100,000-character page then touches a few hundred words. */
  var painters = [], generation = 0, observer = null, near = new Set(), nearing = [];
  /* A text's paragraphs and headings; on other pages (glossary, lists) the article's blocks. */
  var BLOCKS = ".md-content__inner > .jiedu-text > *, .md-content__inner > :not(.jiedu-text)";

  function needed(block) {
    return block.jieduGen !== generation &&
      (block.jieduGen !== undefined || painters.some(function (p) { return p.active(); }));
  }
  function paint(el) {
    painters.forEach(function (p) { p.paint(el); });
    el.jieduGen = generation;
  }
  function observe() {
    if (observer) observer.disconnect();
    near = new Set();
    var blocks = document.querySelectorAll(BLOCKS);
    if (!("IntersectionObserver" in window)) {
      blocks.forEach(function (b) { if (needed(b)) paint(b); });
      return;
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          near.add(e.target);
          nearing.forEach(function (f) { f(e.target); });
          if (needed(e.target)) paint(e.target);
        } else {
          near.delete(e.target);
        }
      });
    }, { rootMargin: "100% 0px" });
    blocks.forEach(function (b) { observer.observe(b); });
  }
  var blocks = {
    painter: function (p) { painters.push(p); if (lastContent) blocks.repaint(); },
    /* The blocks within a screen's height of the viewport, as last observed. */
    near: function () { return Array.from(near); },
    onNear: function (f) { nearing.push(f); },
    selector: BLOCKS,
    repaint: function () {
      generation++;
      if (!observer) { observe(); return; }
      near.forEach(function (b) { if (needed(b)) paint(b); });
    }
  };
  onPage(observe);

  /* -- keeping the reader's place ------------------------------------------------------------ */
  function keepPlace(fn) {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var anchor = null, before = 0;
    /* Blocks with a box (not a hidden definition or translation), in document order: those
       near the screen if they reach above the header's edge (a long page has thousands). */
    function boxed(list) {
      return Array.prototype.filter.call(list, function (el) { return el.getClientRects().length > 0; });
    }
    var candidates = boxed(Array.from(near).sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }));
    if (!candidates.length || candidates[0].getBoundingClientRect().top > top) {
      candidates = boxed(document.querySelectorAll(BLOCKS));
    }
    /* The first block whose bottom is below the header: binary search (blocks are in order). */
    var lo = 0, hi = candidates.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (candidates[mid].getBoundingClientRect().bottom <= top) lo = mid + 1; else hi = mid - 1;
    }
    if (lo < candidates.length && window.scrollY > 0) {
      anchor = candidates[lo];
      before = anchor.getBoundingClientRect().top;
    }
    var root = document.documentElement, saved = root.style.overflowAnchor;
    root.style.overflowAnchor = "none";  /* ours, not the browser's scroll anchoring */
    fn();
    if (anchor) {
      var delta = anchor.getBoundingClientRect().top - before;
      if (Math.abs(delta) >= 1) window.scrollBy(0, delta);
    }
    root.style.overflowAnchor = saved;
  }

  /* -- words and pinyin -------------------------------------------------------------------- */
  var ORIGINAL = new WeakMap();
  function word(ruby) {
    var rt = ruby.querySelector("rt");
    var text = "";
    for (var n = ruby.firstChild; n; n = n.nextSibling) if (n !== rt) text += n.textContent;
    var orig = rt ? (ORIGINAL.get(rt) || rt.textContent) : "";
    var spoken = rt && rt.dataset.spoken ? rt.dataset.spoken.split(" ") : null;
    return { text: text, syllables: orig.split(" "), spoken: spoken };
  }

  var MARKS = { "ā": "a1", "á": "a2", "ǎ": "a3", "à": "a4", "ē": "e1", "é": "e2", "ě": "e3", "è": "e4",
    "ī": "i1", "í": "i2", "ǐ": "i3", "ì": "i4", "ō": "o1", "ó": "o2", "ǒ": "o3", "ò": "o4",
    "ū": "u1", "ú": "u2", "ǔ": "u3", "ù": "u4", "ǖ": "ü1", "ǘ": "ü2", "ǚ": "ü3", "ǜ": "ü4",
    "ń": "n2", "ň": "n3", "ǹ": "n4", "ḿ": "m2", "Ā": "A1", "Á": "A2", "Ǎ": "A3", "À": "A4",
    "Ē": "E1", "É": "E2", "Ě": "E3", "È": "E4", "Ō": "O1", "Ó": "O2", "Ǒ": "O3", "Ò": "O4" };
  var ZHUYIN_TONE = { 1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ" };
  function splitSyllable(s) {
    var base = "", tone = 5;
    for (var i = 0; i < s.length; i++) {
      var m = MARKS[s[i]];
      if (m) { base += m[0]; tone = +m[1]; } else { base += s[i]; }
    }
    return [base, tone];
  }
  var pinyin = {
    tone: function (s) { return splitSyllable(s)[1]; },
    base: function (s) { return splitSyllable(s)[0]; },
    render: function (s, style) {
      if (!s || style === "marks" || !style) return s;
      var bt = splitSyllable(s);
      if (!/^[a-zü]+$/i.test(bt[0])) return s;  /* not a syllable (punctuation in a .jiedu-py) */
      if (style === "numbers") return bt[0] + bt[1];
      var z = (window.JIEDU_ZHUYIN || {})[bt[0].toLowerCase()];
      if (!z) return s;
      return bt[1] === 5 ? "˙" + z : z + ZHUYIN_TONE[bt[1]];
    }
  };

  /* -- assets ------------------------------------------------------------------------------ */
  var loading = {};
  function asset(path) { return assets + path; }
  function loadScript(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = asset(path);
        s.onload = function () { resolve(); };
        s.onerror = function () { delete loading[path]; reject(new Error("could not load " + path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  window.Jiedu = {
    settings: settings, store: store, onPage: onPage,
    panel: { section: section, close: function () { closePanel(false); } },
    blocks: blocks, paint: function (el) { paint(el); },
    keepPlace: keepPlace, word: word, original: ORIGINAL, pinyin: pinyin,
    asset: asset, loadScript: loadScript
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageLoaded);
  else setTimeout(pageLoaded, 0);  /* after the other scripts of the page have registered */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(pageLoaded);
})();
