/* Jiedu: the Texts page, to choose a text. Sort and filter the list, and see how much of each
 * text you know.
 *
 * The build writes the list (hooks/jiedu/page/textspage.py) newest first, each text an
 *   <li class="jiedu-texts__item" data-kind="…" data-date="2024-11-04">
 * with its figures in
 *   <div class="jiedu-texts__figures" data-figures="texts/x.html" data-chars data-tokens
 *        data-level (the HSK level for 95 % of its words; 8: none) data-outside (per cent)>
 * Without JavaScript that list is the page. This script adds, above it, a sort order (date,
 * difficulty, length, the share you know) and filters (kind, years, highest HSK level), and
 * says how many texts are shown. The choices are kept (localStorage "jiedu.texts").
 *
 * The share you know: the words marked known in the word popup (localStorage "jiedu.known",
 * jiedu-vocabulary.js) against each text's words with their counts, from assets/jiedu-textwords.js
 * (loaded only when some word is marked known). Counted in running words: a word used ten
 * times weighs ten times. Nothing leaves the browser.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var LIST = ".jiedu-texts__list";
  var KNOWN = "jiedu.known";
  var store = J.store("jiedu.texts"), knownStore = J.store(KNOWN);
  var LEVEL_NAMES = { 1: "1", 2: "2", 3: "3", 4: "4", 5: "5", 6: "6", 7: "7–9" };
  var SORTS = [
    ["newest", "Newest first"], ["oldest", "Oldest first"], ["easiest", "Easiest first"],
    ["hardest", "Hardest first"], ["shortest", "Shortest first"], ["longest", "Longest first"],
    ["known", "Most of its words known"]
  ];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function num(v, dflt) { var n = parseFloat(v); return isNaN(n) ? dflt : n; }

  /* One record per text, read from the markup once. */
  function records(list) {
    return Array.prototype.map.call(list.querySelectorAll(":scope > .jiedu-texts__item"), function (li, i) {
      var f = li.querySelector(".jiedu-texts__figures") || li;
      var date = li.getAttribute("data-date") || "";
      return {
        li: li, order: i, kind: li.getAttribute("data-kind") || "", date: date,
        year: date ? +date.slice(0, 4) : null, url: f.getAttribute("data-figures") || "",
        chars: num(f.getAttribute("data-chars"), 0), level: num(f.getAttribute("data-level"), 8),
        outside: num(f.getAttribute("data-outside"), 0), known: null
      };
    });
  }

  function compare(sort) {
    function byDate(a, b) {  /* undated last, whichever way */
      if (!a.date !== !b.date) return a.date ? -1 : 1;
      return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
    }
    function easier(a, b) { return a.level - b.level || a.outside - b.outside || a.chars - b.chars; }
    return {
      newest: function (a, b) { return (!a.date !== !b.date) ? byDate(a, b) : -byDate(a, b) || a.order - b.order; },
      oldest: function (a, b) { return byDate(a, b) || a.order - b.order; },
      easiest: function (a, b) { return easier(a, b) || a.order - b.order; },
      hardest: function (a, b) { return -easier(a, b) || a.order - b.order; },
      shortest: function (a, b) { return a.chars - b.chars || a.order - b.order; },
      longest: function (a, b) { return b.chars - a.chars || a.order - b.order; },
      known: function (a, b) { return (b.known || 0) - (a.known || 0) || a.order - b.order; }
    }[sort] || function (a, b) { return a.order - b.order; };
  }

  /* -- the share of words known ---------------------------------------------------------- */
  function knownWords() {
    var v = knownStore.get();
    return new Set(Array.isArray(v) ? v.filter(function (x) { return typeof x === "string"; }) : []);
  }
  var textWords = null;  /* {url: [[word, count], …]} once the file is loaded */
  function decode(data) {
    var vocabulary = String(data.v || "").split(" "), out = {};
    Object.keys(data.t || {}).forEach(function (url) {
      var entries = [], at = 0;
      String(data.t[url]).split(",").forEach(function (e) {
        if (!e) return;
        var parts = e.split(".");
        at += parseInt(parts[0], 36);
        entries.push([vocabulary[at], parts.length > 1 ? parseInt(parts[1], 36) : 1]);
      });
      out[url] = entries;
    });
    return out;
  }
  function shareKnown(entries, known) {
    var all = 0, yes = 0;
    entries.forEach(function (e) { all += e[1]; if (known.has(e[0])) yes += e[1]; });
    return all ? yes / all : 0;
  }
  function percent(x) {
    var p = Math.round(x * 100);
    return (p === 100 && x < 1 ? 99 : p === 0 && x > 0 ? "< 1" : p) + " %";
  }

  /* -- the controls ---------------------------------------------------------------------- */
  function select(name, label, options, value) {
    var wrap = el("label", "jiedu-texts__control");
    wrap.appendChild(el("span", "jiedu-texts__label", label));
    var s = el("select");
    s.name = name;
    options.forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      s.appendChild(opt);
    });
    s.value = value;
    if (s.value !== value) s.selectedIndex = 0;
    wrap.appendChild(s);
    return { wrap: wrap, select: s };
  }

  function mount(list) {
    if (list.dataset.jieduTexts) return;
    list.dataset.jieduTexts = "1";
    var items = records(list);
    if (!items.length) return;
    var saved = store.get() || {};
    var kinds = [], years = [];
    items.forEach(function (r) {
      if (kinds.indexOf(r.kind) < 0) kinds.push(r.kind);
      if (r.year && years.indexOf(r.year) < 0) years.push(r.year);
    });
    kinds.sort();
    years.sort(function (a, b) { return a - b; });

    var form = el("form", "jiedu-texts__controls");
    form.setAttribute("aria-label", "Sort and filter the texts");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var sort = select("sort", "Sort", SORTS, saved.sort || "newest");
    var kindOptions = [["", "All kinds"]].concat(kinds.map(function (k) { return [k || "-", k || "Kind not given"]; }));
    var kind = select("kind", "Kind", kindOptions, saved.kind || "");
    var yearOptions = years.map(function (y) { return [String(y), String(y)]; });
    var from = select("from", "From", [["", "Any year"]].concat(yearOptions), saved.from || "");
    var to = select("to", "To", [["", "Any year"]].concat(yearOptions), saved.to || "");
    var levelOptions = [["", "Any level"]].concat([1, 2, 3, 4, 5, 6, 7].map(function (l) { return [String(l), "HSK " + LEVEL_NAMES[l] + " or below"]; }));
    var level = select("difficulty", "Difficulty", levelOptions, saved.level || "");
    var knownOption = sort.select.querySelector('option[value="known"]');
    [sort, kind, from, to, level].forEach(function (c) { form.appendChild(c.wrap); });
    if (kinds.length < 2) kind.wrap.hidden = true;
    if (years.length < 2) { from.wrap.hidden = true; to.wrap.hidden = true; }
    var status = el("p", "jiedu-texts__status");
    status.setAttribute("role", "status");
    form.appendChild(status);
    list.parentNode.insertBefore(form, list);

    function apply() {
      var k = kind.select.value, f = +from.select.value || 0, t = +to.select.value || 0, l = +level.select.value || 0;
      var shown = 0;
      items.forEach(function (r) {
        var ok = (!k || (k === "-" ? !r.kind : r.kind === k)) &&
          (!f || (r.year && r.year >= f)) && (!t || (r.year && r.year <= t)) && (!l || r.level <= l);
        r.li.hidden = !ok;
        if (ok) shown++;
      });
      var order = items.slice().sort(compare(sort.select.value));
      order.forEach(function (r) { list.appendChild(r.li); });
      status.textContent = shown === items.length ? "All " + items.length + " texts shown." :
        "Showing " + shown + " of " + items.length + " texts.";
      store.set({ sort: sort.select.value, kind: k, from: from.select.value, to: to.select.value, level: level.select.value });
    }
    [sort, kind, from, to, level].forEach(function (c) { c.select.addEventListener("change", apply); });

    function showKnown() {
      var known = knownWords();
      knownOption.hidden = knownOption.disabled = !known.size;
      if (!known.size) {
        items.forEach(function (r) { r.known = null; var s = r.li.querySelector(".jiedu-texts__known"); if (s) s.hidden = true; });
        if (sort.select.value === "known") sort.select.value = "newest";
        apply();
        return;
      }
      var ready = textWords ? Promise.resolve() : J.loadScript("jiedu-textwords.js").then(function () {
        textWords = decode(window.JIEDU_TEXTWORDS || {});
      });
      ready.then(function () {
        items.forEach(function (r) {
          var span = r.li.querySelector(".jiedu-texts__known");
          var entries = textWords[r.url];
          if (!span || !entries) return;
          r.known = shareKnown(entries, known);
          span.textContent = " · you know " + percent(r.known) + " of its words";
          span.hidden = false;
        });
        apply();
      }, function () { apply(); });
    }
    window.addEventListener("storage", function (e) { if (e.key === KNOWN && document.body.contains(list)) showKnown(); });
    apply();
    showKnown();
  }

  J.onPage(function () {
    var list = document.querySelector(".md-content " + LIST);
    if (list) mount(list);
  });
})();
