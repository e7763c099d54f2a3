/* Jiedu: the search worker for a library too large for one index file.
 *
 * Material's search box and results stay as they are: this worker speaks the protocol of
 * Material's own (SETUP → READY, QUERY → RESULT; mkdocs-material's
 * integrations/search/worker), which Material documents as the way to plug in another
 * search. The build points Material at it (overrides/main.html) when the site's search index
 * loads per query (hooks/jiedu/outputs/searchshards.py says what the files hold):
 *
 * - SETUP brings the manifest (search/search_index.json: pages, counts, the shards' folder);
 * - a query loads the term shards of its keys (one request each, in parallel), intersects
 *   their postings, and answers at once with the matching texts (page titles); then it loads
 *   the document chunk of a candidate of each of the first ten texts (what the first screen
 *   shows) and answers again with those paragraphs, checked against the query itself, ranked,
 *   the query marked; then the chunks of the best texts' other candidates, and answers with
 *   them all. A newer query makes an older one's answers moot: they are dropped.
 *
 * Keys as the index has them: Chinese cut into single characters (a one-character query)
 * and pairs of adjacent characters (every pair must be there: any run of characters is found);
 * English words, lower case, a plural's s dropped, the last word of the query as a prefix;
 * pinyin letters only (tone marks, tone numbers and spaces dropped), as a prefix of a glossary
 * entry's pinyin.
 *
 * Shards are classic scripts (jieduSearch("t12", {...})). Over HTTP the worker fetches them
 * and reads the data between the parentheses; from file:// Material runs its worker inside an
 * iframe (the iframe-worker shim), where fetch cannot read files: there they are added as
 * script elements, all at once.
 */
"use strict";
(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var HAN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
  var STOP = new Set("a an and are as at be by for from in is it its of on or that the this to was were with".split(" "));
  var MAX_PAIRS = 8;      /* a long query: this many of its pairs, spread over it, find the candidates */
  var SCREEN = 10;        /* texts Material shows before the reader scrolls */
  var MAX_CHUNKS = 40;    /* document chunks one query may load in all */
  var MAX_SECTIONS = 50;  /* paragraphs listed under one text */
  var inFrame = typeof WorkerGlobalScope === "undefined";
  var index = null, root = null, latest = 0;
  var loading = new Map(), loaded = new Map(), waiting = {};  /* shard name → promise, → data */

  function fnv(s) {
    var h = 2166136261;
    for (var ch of s) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h;
  }
  function stem(w) {
    if (w.length > 4 && w.slice(-3) === "ies") return w.slice(0, -3) + "y";
    if (w.length > 3 && w.slice(-1) === "s" && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  function pinyinKey(s) {
    return s.toLowerCase().normalize("NFD").replace(/u\u0308/g, "v").replace(/u:/g, "v").replace(/[^a-z]/g, "");
  }
  function decode(code) {
    var docs = [], doc = -1, value = 0, shift = 0;
    for (var i = 0; i < code.length; i++) {
      var d = DIGIT[code.charCodeAt(i)];
      if (d >= 32) { value += (d - 32) * Math.pow(2, shift); shift += 5; }
      else { doc += value + d * Math.pow(2, shift) + 1; docs.push(doc); value = 0; shift = 0; }
    }
    return docs;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function union(lists) {
    var all = new Set();
    lists.forEach(function (l) { l.forEach(function (d) { all.add(d); }); });
    return Array.from(all).sort(function (a, b) { return a - b; });
  }
  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  /* -- loading shards ---------------------------------------------------------------------- */
  self.jieduSearch = function (name, data) {
    var w = waiting[name];
    if (w) { delete waiting[name]; w(data); }
  };
  function fromScript(name, url) {
    return new Promise(function (resolve, reject) {
      waiting[name] = resolve;
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () { s.remove(); if (waiting[name]) { delete waiting[name]; reject(new Error(url)); } };
      s.onerror = function () { s.remove(); delete waiting[name]; reject(new Error("cannot load " + url)); };
      document.body.appendChild(s);
    });
  }
  function fromFetch(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.text();
    }).then(function (t) { return JSON.parse(t.slice(t.indexOf(",") + 1, t.lastIndexOf(")"))); });
  }
  function load(name) {  /* "t12" or "d3" */
    if (!loading.has(name)) {
      var url = new URL(index.path + name[0] + "/" + name.slice(1) + ".js", root).href;
      var p = (inFrame ? fromScript(name, url) : fromFetch(url)).then(function (data) {
        loaded.set(name, data);
        return data;
      });
      p.catch(function () { loading.delete(name); });  /* a later query tries again */
      loading.set(name, p);
    }
    return loading.get(name);
  }

  /* -- the query ---------------------------------------------------------------------------- */
  function parse(query) {
    var q = query.normalize("NFKC");
    var runs = q.match(HAN) || [];
    var latin = q.replace(HAN, " ");
    var words = (fold(latin.toLowerCase()).replace(/'s\b/g, " ").match(/[a-z0-9]+/g) || [])
      .filter(function (w) { return !STOP.has(w); }).map(stem);
    var prefix = words.length && /[a-z0-9]$/i.test(query) ? words[words.length - 1] : null;  /* still being typed */
    var key = runs.length ? "" : pinyinKey(latin);
    var phrase = words.length > 1 ? fold(latin.toLowerCase()).replace(/\s+/g, " ").trim() : "";
    return { runs: runs, words: words, prefix: prefix, key: key.length >= 2 ? key : "", phrase: phrase };
  }
  function pieces(run) {
    if (run.length < 2 || Array.from(run).length < 2) return [run];
    var chars = Array.from(run), pairs = [];
    for (var i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
    if (pairs.length <= MAX_PAIRS) return pairs;
    var out = [];
    for (var k = 0; k < MAX_PAIRS; k++) out.push(pairs[Math.round(k * (pairs.length - 1) / (MAX_PAIRS - 1))]);
    return out;
  }
  function shardOf(key) {
    var h = key[0] === "e" && key[1] === ":" ? fnv(key.slice(0, 5)) : key[0] === "=" ? fnv(key.slice(0, 4)) : fnv(key);
    return "t" + (h % index.shards);
  }

  /* The documents that have every key of the query (Chinese, English), or whose pinyin key
     starts with the query's; and which of them came from a pinyin key. */
  function candidates(q, shards) {
    function postings(key) {
      var data = shards[shardOf(key)];
      return data && Object.prototype.hasOwnProperty.call(data, key) ? decode(data[key]) : [];
    }
    function prefixed(key) {
      var data = shards[shardOf(key)] || {};
      return union(Object.keys(data).filter(function (k) { return k.indexOf(key) === 0; }).map(function (k) { return decode(data[k]); }));
    }
    var lists = [];
    q.runs.forEach(function (run) { pieces(run).forEach(function (p) { lists.push(postings(p)); }); });
    q.words.forEach(function (w, i) {
      lists.push(i === q.words.length - 1 && q.prefix && w.length >= 3 ? prefixed("e:" + w) : postings("e:" + w));
    });
    var found = [];
    if (lists.length) {
      lists.sort(function (a, b) { return a.length - b.length; });
      found = lists.reduce(intersect);
    }
    var byKey = q.key ? prefixed("=" + q.key) : [];
    return { docs: union([found, byKey]), byKey: new Set(byKey) };
  }
  function keysOf(q) {
    var keys = [];
    q.runs.forEach(function (run) { pieces(run).forEach(function (p) { keys.push(p); }); });
    q.words.forEach(function (w) { keys.push("e:" + w); });
    if (q.key) keys.push("=" + q.key);
    return keys;
  }

  /* -- answers ------------------------------------------------------------------------------- */
  function pageOf(doc) {
    var pages = index.pages, lo = 0, hi = pages.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (pages[mid][2] <= doc) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function group(found) {
    var groups = new Map();
    found.docs.forEach(function (d) {
      var p = pageOf(d), g = groups.get(p);
      if (!g) groups.set(p, g = { page: p, docs: [], key: false });
      g.docs.push(d);
      if (found.byKey.has(d)) g.key = true;
    });
    return Array.from(groups.values()).sort(function (a, b) {
      return (b.key - a.key) || (b.docs.length - a.docs.length) || (a.page - b.page);
    });
  }
  function article(g, score, terms, text) {
    var page = index.pages[g.page];
    return { location: page[0], title: escapeHTML(page[1]), text: text || "", score: score, terms: terms };
  }
  function row(doc) {
    var data = loaded.get("d" + Math.floor(doc / index.per));
    return data ? data[doc % index.per] : null;
  }
  function marker(q) {
    var parts = q.runs.map(function (r) { return r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    q.words.forEach(function (w) { parts.push("\\b" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "[a-z]*"); });
    return parts.length ? new RegExp(parts.join("|"), "gi") : null;
  }
  function marked(text, re) {
    var s = escapeHTML(text);
    if (!re) return s;
    return s.replace(re, function (m) { return "<mark data-md-highlight>" + m + "</mark>"; });
  }
  function count(text, run) {
    var n = 0, at = text.indexOf(run);
    while (at >= 0) { n++; at = text.indexOf(run, at + run.length); }
    return n;
  }
  /* How well a document answers: every Chinese run of the query in its title or text (else it
     is no answer: its pairs were there, apart); more for the title, for each use (fewer the
     longer the document: BM25's saturation), for the English words together as typed, and
     for a glossary entry found by its pinyin. */
  function score(q, r, byKey) {
    var title = r[1], body = r[2] + " " + (r[3] || ""), s = byKey ? 10 : 0;
    var norm = 1.2 * (0.25 + 0.75 * body.length / 200);
    function add(inTitle, n) { s += (inTitle ? 2 : 0) + n / (n + norm); }
    for (var i = 0; i < q.runs.length; i++) {
      var run = q.runs[i], inTitle = title.indexOf(run) >= 0, n = count(body, run);
      if (!inTitle && !n) return 0;
      add(inTitle, n);
    }
    if (q.words.length) {
      var lt = fold(title.toLowerCase()), lb = fold(body.toLowerCase());
      q.words.forEach(function (w) {
        var re = new RegExp("\\b" + w.replace(/[^a-z0-9]/g, ""), "g");
        add(re.test(lt), (lb.match(re) || []).length);
      });
      if (q.phrase && (lt.indexOf(q.phrase) >= 0 || lb.indexOf(q.phrase) >= 0)) s += 2;
    }
    return Math.max(s, 0.01);
  }
  /* The answer with the documents loaded so far: each text's documents that answer, ranked;
     a text none of whose documents is loaded yet keeps its title alone, after the others. */
  function full(q, groups, byKey, terms) {
    var re = marker(q), items = [], waiting = [];
    groups.forEach(function (g) {
      var url = index.pages[g.page][0], sections = [], page = null, seen = 0;
      g.docs.forEach(function (d) {
        var r = row(d);
        if (!r) return;
        seen++;
        var s = score(q, r, byKey.has(d));
        if (!s) return;  /* its pairs were there, apart */
        var text = r[2] + (r[3] ? (r[2] ? " " : "") + r[3] : "");
        var item = { location: r[0] ? url + "#" + r[0] : url, title: marked(r[1], re), text: marked(text, re), score: s, terms: terms };
        if (r[0]) sections.push(item); else page = item;
      });
      if (!seen) { waiting.push([article(g, 0, terms)]); return; }
      if (!sections.length && !page) return;
      sections.sort(function (a, b) { return b.score - a.score; });
      var list = sections.slice(0, MAX_SECTIONS).concat([page || article(g, 0, terms)]);
      list.sort(function (a, b) { return b.score - a.score; });
      items.push(list);
    });
    items.sort(function (a, b) { return b[0].score - a[0].score; });
    return items.concat(waiting);
  }

  function chunkOf(doc) { return "d" + Math.floor(doc / index.per); }
  function loadChunks(names) {
    return Promise.all(names.map(function (c) { return load(c).catch(function () { return null; }); }));
  }

  async function search(query, id) {
    var q = parse(query);
    var keys = keysOf(q);
    if (!keys.length) return { items: [] };
    var names = Array.from(new Set(keys.map(shardOf)));
    var data = await Promise.all(names.map(load)), shards = {};
    names.forEach(function (n, i) { shards[n] = data[i]; });
    if (id !== latest) return null;
    var found = candidates(q, shards);
    var groups = group(found), terms = {};
    terms[query.trim()] = true;
    /* what the first screen shows: a document of each of the first texts; then the rest of
       the best texts' candidates, up to MAX_CHUNKS chunks in all */
    var first = [], all = [];
    groups.slice(0, SCREEN).forEach(function (g) { if (first.indexOf(chunkOf(g.docs[0])) < 0) first.push(chunkOf(g.docs[0])); });
    for (var i = 0; i < groups.length && all.length < MAX_CHUNKS; i++) {
      groups[i].docs.forEach(function (d) {
        var c = chunkOf(d);
        if (all.indexOf(c) < 0 && all.length < MAX_CHUNKS) all.push(c);
      });
    }
    first.forEach(function (c) { if (all.indexOf(c) < 0) all.push(c); });
    function here(c) { return loaded.has(c); }
    if (!all.every(here)) {
      if (!first.every(here)) {
        /* the texts that match, at once; a paragraph of each when its chunk is here; then all */
        answer(id, { items: groups.map(function (g) { return [article(g, 1, terms)]; }) });
        await loadChunks(first);
        if (id !== latest) return null;
        answer(id, { items: full(q, groups, found.byKey, terms) });
      }
      await loadChunks(all);
      if (id !== latest) return null;
    }
    return { items: full(q, groups, found.byKey, terms) };
  }

  function answer(id, data) {
    if (id === latest) postMessage({ type: RESULT, data: data });
  }

  addEventListener("message", function (ev) {
    var m = ev.data;
    if (m.type === SETUP) {
      index = m.data.config.jiedu;
      var script = inFrame ? document.querySelector("script[src]").src : self.location.href;
      root = new URL("../", script).href;  /* this file is assets/jiedu-search.js */
      postMessage({ type: READY });
    } else if (m.type === QUERY) {
      var id = ++latest;
      if (!index) return;
      search(m.data, id).then(function (data) { if (data) answer(id, data); }, function (e) {
        console.warn("Jiedu search: " + (e && e.message || e));
        /* offline, a shard not kept on this device: say so, rather than "no results" */
        answer(id, { items: [[{ location: root + "index.html", title: "Search needs the network",
          text: "Its index could not be loaded: it loads what each query needs from the site, and was not saved on this device.",
          score: 0, terms: {} }]] });
      });
    }
  });
})();
