/* Jiedu reader controls: pinyin shown / hidden / over glossary terms only; tone marks,
 * tone numbers or zhuyin; tone colours; the tone changes of 一 and 不 as spoken (the page
 * writes citation tones; the build puts the spoken one in <rt data-spoken>). Choices
 * persist (localStorage) across pages and visits, and work from file:// and after
 * Material's instant navigation.
 *
 * Showing and hiding is one class on <html> (the early script in overrides/main.html sets it
 * before the first paint) that changes visibility only, so the text never reflows; tone
 * styles rewrite <rt> text block by block, near the screen first.
 * Without JavaScript the page shows ruby with tone marks and no controls.
 */
(function () {
  "use strict";
  var KEY = "jiedu.reader";
  var DEFAULTS = { pinyin: "shown", tones: "marks", colours: false, spoken: false };
  var MARKS = { "ā": "a1", "á": "a2", "ǎ": "a3", "à": "a4", "ē": "e1", "é": "e2", "ě": "e3", "è": "e4",
    "ī": "i1", "í": "i2", "ǐ": "i3", "ì": "i4", "ō": "o1", "ó": "o2", "ǒ": "o3", "ò": "o4",
    "ū": "u1", "ú": "u2", "ǔ": "u3", "ù": "u4", "ǖ": "ü1", "ǘ": "ü2", "ǚ": "ü3", "ǜ": "ü4",
    "ń": "n2", "ň": "n3", "ǹ": "n4", "ḿ": "m2" };
  var ZHUYIN_TONE = { 1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ" };

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY) || "{}");
      return {
        pinyin: ["shown", "hidden", "terms"].indexOf(s.pinyin) >= 0 ? s.pinyin : DEFAULTS.pinyin,
        tones: ["marks", "numbers", "zhuyin"].indexOf(s.tones) >= 0 ? s.tones : DEFAULTS.tones,
        colours: s.colours === true,
        spoken: s.spoken === true
      };
    } catch (e) { return Object.assign({}, DEFAULTS); }
  }
  function save(s) { try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ } }

  /* "háng" -> ["hang", 2]; neutral tone is 5. */
  function split(syllable) {
    var base = "", tone = 5;
    for (var i = 0; i < syllable.length; i++) {
      var m = MARKS[syllable[i]];
      if (m) { base += m[0]; tone = +m[1]; } else { base += syllable[i]; }
    }
    return [base, tone];
  }
  function render(syllable, style) {
    if (style === "marks" || !syllable) return syllable;
    var bt = split(syllable);
    if (style === "numbers") return bt[0] + bt[1];
    var z = (window.JIEDU_ZHUYIN || {})[bt[0]];
    if (!z) return syllable;
    return bt[1] === 5 ? "˙" + z : z + ZHUYIN_TONE[bt[1]];
  }

  /* Tone styles and colour classes are applied block by block (paragraph, heading): at
     once to the blocks near the screen, and to the others as they scroll near it. A switch
     on a 100,000-character page then touches a few hundred <rt>, not all of them. */
  var state = fresh();

  function fresh() {
    return { style: "marks", colours: false, spoken: false, observer: null, near: new Set(), originals: new WeakMap() };
  }

  function key() { return state.style + (state.colours ? "+c" : "") + (state.spoken ? "+s" : ""); }

  function paint(block) {
    var rts = block.getElementsByTagName("rt");
    for (var i = 0; i < rts.length; i++) {
      var rt = rts[i], orig = state.originals.get(rt);
      if (orig === undefined) { orig = rt.textContent; state.originals.set(rt, orig); }
      var said = state.spoken && rt.dataset.spoken ? rt.dataset.spoken : orig;
      var text = render(said, state.style);
      if (rt.textContent !== text) rt.textContent = text;
      if (state.colours) {
        var cls = "t" + split(said)[1];
        if (rt.className !== cls) rt.className = cls;
      }
    }
    block.jieduPainted = key();
  }

  /* The observer keeps the set of blocks within a screen's height of the viewport (no
     layout is forced to find them) and paints each block as it comes near. */
  function observe() {
    state.observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          state.near.add(e.target);
          if (e.target.jieduPainted !== key() && !(e.target.jieduPainted === undefined && key() === "marks")) paint(e.target);
        } else {
          state.near.delete(e.target);
        }
      });
    }, { rootMargin: "100% 0px" });
    document.querySelectorAll(".md-content .jiedu-text > *").forEach(function (b) { state.observer.observe(b); });
  }

  function repaint() {
    if (!("IntersectionObserver" in window)) {
      document.querySelectorAll(".md-content .jiedu-text > *").forEach(paint);
      return;
    }
    if (!state.observer) observe();  /* its first report paints the blocks near the screen */
    state.near.forEach(function (b) { if (b.jieduPainted !== key()) paint(b); });
  }

  function apply(s) {
    var root = document.documentElement.classList;
    root.toggle("jiedu-pinyin-hidden", s.pinyin === "hidden");
    root.toggle("jiedu-pinyin-terms", s.pinyin === "terms");
    root.toggle("jiedu-colours", s.colours);
    if (s.tones !== state.style || (s.colours && !state.colours) || s.spoken !== state.spoken) {
      state.style = s.tones;
      state.colours = state.colours || s.colours;  /* classes stay once set; the root class switches */
      state.spoken = s.spoken;
      repaint();
    }
  }

  var OPTIONS = [
    ["pinyin", "Pinyin", [["shown", "Shown"], ["terms", "Glossary terms only"], ["hidden", "Hidden"]]],
    ["tones", "Tones", [["marks", "Tone marks (hàn)"], ["numbers", "Tone numbers (han4)"], ["zhuyin", "Zhuyin (ㄏㄢˋ)"]]]
  ];

  var CHECKBOXES = [
    ["colours", "Tone colours"],
    ["spoken", "Tone changes of 一 and 不 as spoken (yí gè, bú shì)"]
  ];

  function controls(s) {
    var box = document.createElement("div");
    box.className = "jiedu-controls";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button jiedu-controls__button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "jiedu-controls-panel");
    button.setAttribute("aria-label", "Reading options: pinyin and tones");
    button.title = "Reading options";
    button.textContent = "拼";
    button.lang = "zh-Hans";
    var panel = document.createElement("form");
    panel.className = "jiedu-controls__panel";
    panel.id = "jiedu-controls-panel";
    panel.hidden = true;
    panel.setAttribute("aria-label", "Reading options");
    OPTIONS.forEach(function (o) {
      var fs = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = o[1];
      fs.appendChild(legend);
      o[2].forEach(function (choice) {
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "radio"; input.name = o[0]; input.value = choice[0];
        input.checked = s[o[0]] === choice[0];
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + choice[1]));
        fs.appendChild(label);
      });
      panel.appendChild(fs);
    });
    CHECKBOXES.forEach(function (c) {
      var label = document.createElement("label");
      label.className = "jiedu-controls__" + c[0];
      var input = document.createElement("input");
      input.type = "checkbox"; input.name = c[0]; input.checked = s[c[0]];
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + c[1]));
      panel.appendChild(label);
    });
    panel.addEventListener("change", function () {
      var next = {};
      OPTIONS.forEach(function (o) { next[o[0]] = panel.elements[o[0]].value; });
      CHECKBOXES.forEach(function (c) { next[c[0]] = panel.elements[c[0]].checked; });
      save(next);
      apply(next);
    });
    button.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) panel.querySelector("input:checked, input").focus();
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !panel.hidden) {
        panel.hidden = true;
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!panel.hidden && !box.contains(e.target)) {
        panel.hidden = true;
        button.setAttribute("aria-expanded", "false");
      }
    });
    box.appendChild(button);
    box.appendChild(panel);
    return box;
  }

  function init() {
    if (state.observer) state.observer.disconnect();
    state = fresh();
    var s = load();
    apply(s);
    if (!document.querySelector(".jiedu-controls")) {
      var header = document.querySelector(".md-header__inner");
      var search = header && header.querySelector(".md-search");
      if (header) header.insertBefore(controls(s), search || null);
    }
  }

  /* Material's document$ emits after each instant navigation; it does not always emit for
     the first page opened from file://, so the first run does not wait for it. */
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
})();
