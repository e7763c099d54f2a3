/* Jiedu's word dictionary: CC-CEDICT's readings and definitions and the HSK 3.0 level of the
 * words of the site's texts, for the word popup and pinyin by level.
 *
 *   Jiedu.dictionary.load(words)      → Promise: the entries of these words and of their
 *                                       characters are loaded (each file once; again after a failure)
 *   Jiedu.dictionary.ready(word)      the entries of this word and its characters are loaded
 *   Jiedu.dictionary.entry(word)      → {level, senses: [{pinyin, definitions}], parts, partLevel}
 *                                       or null; level 1–6, 7 for the 7–9 band, 0 when not
 *                                       listed; parts: the listed words a compound CC-CEDICT
 *                                       lacks is made of (their entries are in the word's file);
 *                                       partLevel: the level of the hardest listed word a word
 *                                       the lists lack is made of
 *   Jiedu.dictionary.loadLevels()     → Promise: every word's HSK level is loaded
 *   Jiedu.dictionary.level(word)      → the word's level, or its parts' (partLevel), once
 *                                       loaded (levels.js, or the word's entry); 0: not known
 *   Jiedu.dictionary.ordered(senses, said)   the senses, the reading the page chose first
 *   Jiedu.dictionary.variants(definitions)   [{word, entry}] for each "variant of X[…]" whose
 *                                       entry is loaded (a word's file carries its variants)
 *
 * The data are generated scripts (hooks/jiedu/outputs/sitedict.py): assets/jiedu-dict/<n>.js
 * holds the entries of the words whose first character hashes to n (FNV-1a modulo 512), and
 * each calls jieduDict(name, {word: {level?, senses?, parts?, partLevel?}}); a file that would
 * be large keeps its words in files by their second character (<n>-<hex>.js; it says so with
 * a third argument, 1); assets/jiedu-dict/levels.js holds the level of every word of the
 * texts that has one (its own, else its parts': what pinyin by level needs). A word needs the
 * files of its characters (its own is its first character's): a popup loads a few small
 * files, whatever the size of the library.
 * Loaded when first needed, so a page that never asks pays nothing and file:// works.
 * Definitions are data: whoever shows them puts them in the page as text, never as HTML.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var words = {}, levels = null, loaded = {}, split = {}, EMPTY = [];

  /* Each file of the dictionary calls this; "more" (1): the character's words are in files
     named by their first two characters. */
  window.jieduDict = function (name, data, more) {
    if (name === "levels") { levels = data; return; }
    for (var w in data) if (Object.prototype.hasOwnProperty.call(data, w)) words[w] = data[w];
    if (more) split[name] = true;
    loaded[name] = true;
  };

  /* A character's file: the FNV-1a hash of its code point modulo 512 (sitedict.shard). */
  var BUCKETS = 512;
  function file(ch) { return String((Math.imul(2166136261 ^ ch.codePointAt(0), 16777619) >>> 0) % BUCKETS); }
  /* The files a word's entry and its characters' are in, as far as the files loaded tell. */
  function files(list) {
    var out = [];
    function add(f) { if (out.indexOf(f) < 0) out.push(f); }
    list.forEach(function (w) {
      var chars = Array.from(w);
      chars.forEach(function (ch) { add(file(ch)); });
      if (chars.length > 1 && split[file(chars[0])]) add(file(chars[0]) + "-" + chars[1].codePointAt(0).toString(16));
    });
    return out;
  }
  function missing(list) { return files(list).filter(function (f) { return !loaded[f]; }); }
  /* Two rounds at most: the characters' files, then the files of words whose first
     character's file is split. */
  function load(list) {
    var first = missing(list);
    if (!first.length) return Promise.resolve();
    return Promise.all(first.map(function (f) { return J.loadScript("jiedu-dict/" + f + ".js"); })).then(function () {
      var more = missing(list);
      return Promise.all(more.map(function (f) { return J.loadScript("jiedu-dict/" + f + ".js"); }));
    });
  }
  function ready(w) { return !missing([w]).length; }
  function loadLevels() { return J.loadScript("jiedu-dict/levels.js"); }

  function entry(w) {
    if (!Object.prototype.hasOwnProperty.call(words, w)) return null;
    var e = words[w];
    return { level: e.level || 0, senses: e.senses || EMPTY, parts: e.parts || EMPTY, partLevel: e.partLevel || 0 };
  }
  function level(w) {
    if (levels && Object.prototype.hasOwnProperty.call(levels, w)) return levels[w];
    var e = entry(w);
    return e ? e.level || e.partLevel : 0;
  }

  /* A word's senses, the reading the page chose first: same pinyin, then the same in lower
     case (a name's reading after the common word's), then the same syllables in another
     tone, then the rest, each group in CC-CEDICT's order (as dictionary.in_context_first). */
  function toneless(p) { return p.split(" ").map(function (s) { return J.pinyin.base(s).toLowerCase(); }).join(" "); }
  function ordered(senses, said) {
    function rank(s) {
      if (s.pinyin === said) return 0;
      if (s.pinyin.toLowerCase() === said.toLowerCase()) return 1;
      if (toneless(s.pinyin) === toneless(said)) return 2;
      return 3;
    }
    return senses.map(function (s, i) { return { rank: rank(s), i: i, sense: s }; })
      .sort(function (a, b) { return a.rank - b.rank || a.i - b.i; })
      .map(function (x) { return x.sense; });
  }

  /* "variant of 擘划[bò huà]": that word and its entry, when the file has one with senses. */
  function variants(definitions) {
    var out = [];
    definitions.forEach(function (d) {
      var m = /variant of ([^\[\s|,()]+)\[/.exec(d), v = m ? entry(m[1]) : null;
      if (v && v.senses.length) out.push({ word: m[1], entry: v });
    });
    return out;
  }

  J.dictionary = {
    load: load,
    ready: ready,
    entry: entry,
    loadLevels: loadLevels,
    level: level,
    ordered: ordered,
    variants: variants
  };
})();
