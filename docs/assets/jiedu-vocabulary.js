/* Jiedu's vocabulary: the words a reader knows and the words they looked up, pinyin hidden
 * over known words and over words at or below a chosen HSK level, and the reading options'
 * sections for both (import, export, a file for Anki).
 *
 *   Jiedu.vocabulary.known(word)          the reader marked it known
 *   Jiedu.vocabulary.setKnown(word, yes)  mark or unmark it (stored, pinyin repainted)
 *   Jiedu.vocabulary.looked(word, syllables, sentence)   note a look-up (once per word)
 *   Jiedu.vocabulary.ankiFile(items)      the Anki file for [{w, p, s}] (word, pinyin, sentence)
 *
 * Known and looked-up words are kept in localStorage ("jiedu.known": the words, sorted;
 * "jiedu.looked": [{w, p, s}], the last 5,000), and follow other tabs. Exports and imports
 * are made in the browser, offline: known words as a text file, one word a line; the words
 * looked up and not known as an Anki file in the columns of the vocabulary export
 * (hooks/jiedu/page/vocab.py).
 *
 * Hiding pinyin: a painter (Jiedu.blocks) puts "jiedu-known" or "jiedu-easy" on a word's
 * <ruby> in a text; the stylesheets (jiedu-words.css) hide its <rt>. A level needs the
 * dictionary (Jiedu.dictionary), loaded at once when a level is chosen.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J || !J.dictionary) return;
  var D = J.dictionary;
  var LEVELS = ["all", "1", "2", "3", "4", "5", "6", "9"];
  var WORDS = ".jiedu-text ruby";
  J.settings.define("level", "all", LEVELS);

  /* -- the stores ---------------------------------------------------------------------------- */
  var knownStore = J.store("jiedu.known"), lookedStore = J.store("jiedu.looked");
  var known = new Set(list(knownStore.get()));
  function list(v) { return Array.isArray(v) ? v.filter(function (x) { return typeof x === "string" && x; }) : []; }
  function saveKnown() { knownStore.set(Array.from(known).sort()); }
  function looked() {
    var v = lookedStore.get();
    return Array.isArray(v) ? v.filter(function (x) { return x && typeof x.w === "string"; }) : [];
  }
  function noteLookup(word, syllables, sentence) {
    var all = looked();
    if (all.some(function (x) { return x.w === word; })) return;
    all.push({ w: word, p: syllables.join(" "), s: sentence });
    lookedStore.set(all.slice(-5000));
    updateCounts();
  }
  function lookedUp() { return looked().filter(function (x) { return !known.has(x.w); }); }
  function changedKnown() {
    saveKnown();
    J.blocks.repaint();
    updateCounts();
  }
  function setKnown(word, yes) {
    if (yes) known.add(word); else known.delete(word);
    changedKnown();
  }
  window.addEventListener("storage", function (e) {  /* another tab marked a word */
    if (e.key === "jiedu.known") { known = new Set(list(knownStore.get())); J.blocks.repaint(); updateCounts(); }
  });

  /* -- pinyin by level, known words: the painter --------------------------------------- */
  function level() { var v = J.settings.get().level; return v === "all" ? 0 : +v; }
  J.blocks.painter({
    active: function () { return known.size > 0 || level() > 0; },
    paint: function (block) {
      var max = level(), rubies = block.getElementsByTagName("ruby");
      for (var i = 0; i < rubies.length; i++) {
        var r = rubies[i];
        if (r.closest("a.jiedu-term") || !r.closest(".jiedu-text")) continue;
        var w = J.word(r).text, e = max ? D.entry(w) : null;
        r.classList.toggle("jiedu-known", known.has(w));
        r.classList.toggle("jiedu-easy", !!e && e.level > 0 && e.level <= max);
      }
    }
  });
  function needDictForLevel() {
    if (level() > 0 && !D.ready() && document.querySelector(WORDS)) {
      D.load().then(function () { J.blocks.repaint(); }, function () {});
    }
  }
  J.settings.on(function (s, changed) {
    if (changed.indexOf("level") >= 0) { needDictForLevel(); J.blocks.repaint(); }
  });
  J.onPage(needDictForLevel);

  /* -- the Anki file ------------------------------------------------------------------------- */
  /* The vocabulary export's format (hooks/jiedu/page/vocab.py): Anki's headers, then hanzi,
     pinyin, English, explanation, sentence, tab-separated. Needs the dictionary loaded. */
  function ankiFile(items) {
    function field(v) { return String(v || "").replace(/\s+/g, " ").trim(); }
    function first(senses) { return senses.length ? senses[0].definitions : []; }
    var lines = ["#separator:tab", "#html:false", "#columns:Hanzi\tPinyin\tEnglish\tExplanation\tSentence"];
    items.forEach(function (x) {
      var e = D.entry(x.w), senses = e ? D.ordered(e.senses, x.p) : [];
      var english = first(senses).join("; ");
      var explanation = "";
      if (senses.length > 1) {
        explanation = "Other readings: " + senses.slice(1).map(function (s) { return s.pinyin + ": " + s.definitions.join("; "); }).join(" | ");
      } else if (!senses.length && x.w.length > 1) {
        var syl = x.p.split(" ");
        explanation = Array.from(x.w).map(function (ch, i) {
          var c = D.entry(ch), cs = c ? D.ordered(c.senses, syl[i] || "") : [];
          return ch + " " + (syl[i] || "") + ": " + (cs.length ? first(cs).slice(0, 4).join("; ") : "—");
        }).join(" | ");
      }
      lines.push([x.w, x.p, english, explanation, x.s].map(field).join("\t"));
    });
    return lines.join("\n") + "\n";
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    /* the panel and Material's instant navigation must not take this click as theirs */
    a.addEventListener("click", function (e) { e.stopPropagation(); });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* -- the reading options: level, known words, looked-up words --------------------------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var counter = null;  /* the section's refresh: the panel may build its sections again */
  function updateCounts() { if (counter) counter(); }

  J.panel.section(15, function () {  /* after "Pinyin", which it refines */
    var fs = el("fieldset", "jiedu-controls__level");
    fs.appendChild(el("legend", "", "Pinyin by HSK 3.0 level"));
    var label = el("label", "", "Over words above ");
    var select = el("select");
    select.name = "level";
    [["all", "no level: every word"], ["1", "HSK 1"], ["2", "HSK 2"], ["3", "HSK 3 (elementary, 1–3)"],
     ["4", "HSK 4"], ["5", "HSK 5"], ["6", "HSK 6 (intermediate, 4–6)"], ["9", "HSK 7–9 (advanced): words outside the lists only"]]
      .forEach(function (o) {
        var opt = el("option", "", o[1]);
        opt.value = o[0];
        select.appendChild(opt);
      });
    select.value = J.settings.get().level;
    select.addEventListener("change", function (e) {
      e.stopPropagation();
      J.settings.set({ level: select.value });
    });
    label.appendChild(select);
    fs.appendChild(label);
    fs.appendChild(el("p", "jiedu-controls__hint", "Glossary terms and words not in the HSK lists keep their pinyin."));
    return fs;
  });

  J.panel.section(80, function () {
    var fs = el("fieldset", "jiedu-controls__known");
    fs.appendChild(el("legend", "", "Known words"));
    var count = el("p", "jiedu-controls__count");
    count.setAttribute("aria-live", "polite");
    fs.appendChild(count);
    var row = el("div", "jiedu-controls__buttons");
    function button(text, fn) {
      var b = el("button", "jiedu-controls__action", text);
      b.type = "button";
      b.addEventListener("click", fn);
      row.appendChild(b);
      return b;
    }
    button("Clear", function () {
      if (!known.size || !window.confirm("Forget the " + known.size + " words marked known?")) return;
      known.clear();
      changedKnown();
    });
    button("Export", function () {
      download("jiedu-known-words.txt", Array.from(known).sort().join("\n") + "\n", "text/plain");
    });
    var file = el("input");
    file.type = "file";
    file.accept = ".txt,text/plain";
    file.className = "jiedu-sr-only";
    file.id = "jiedu-known-import";
    file.setAttribute("aria-label", "Import known words from a text file");
    file.tabIndex = -1;
    file.addEventListener("change", function (e) {
      e.stopPropagation();
      var f = file.files && file.files[0];
      if (!f) return;
      f.text().then(function (text) {
        var added = 0;
        text.split(/[\s,，、;；]+/).forEach(function (w) {
          if (/[\u3400-\u9fff\uf900-\ufaff]/.test(w) && !known.has(w)) { known.add(w); added++; }
        });
        changedKnown();
        count.textContent += " (" + added + " imported)";
        file.value = "";
      });
    });
    button("Import…", function () { file.click(); });
    fs.appendChild(row);
    fs.appendChild(file);
    var anki = el("p", "jiedu-controls__looked");
    var get = el("button", "jiedu-controls__action", "Download for Anki");
    get.type = "button";
    get.addEventListener("click", function () {
      D.load().then(function () {
        download("jiedu-looked-up.anki.tsv", ankiFile(lookedUp()), "text/tab-separated-values");
      }, function () {});
    });
    var lookedCount = el("span");
    anki.appendChild(lookedCount);
    anki.appendChild(get);
    fs.appendChild(anki);
    function refresh() {
      count.textContent = known.size === 1 ? "1 word marked known." : known.size + " words marked known.";
      var n = lookedUp().length;
      lookedCount.textContent = (n === 1 ? "1 word" : n + " words") + " looked up and not marked known. ";
      get.disabled = !n;
    }
    counter = refresh;
    refresh();
    return fs;
  });

  J.vocabulary = {
    known: function (word) { return known.has(word); },
    setKnown: setKnown,
    looked: noteLookup,
    ankiFile: ankiFile
  };
})();
