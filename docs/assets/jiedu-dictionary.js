/* Jiedu's word dictionary: CC-CEDICT's readings and definitions and the HSK 3.0 level of the
 * words of the site's texts, for the word popup and pinyin by level.
 *
 *   Jiedu.dictionary.load()           → Promise of the file's loading (once; again after a failure)
 *   Jiedu.dictionary.ready()          the file is loaded
 *   Jiedu.dictionary.entry(word)      → {level, senses: [{pinyin, definitions}]} or null;
 *                                       level 1–6, 7 for the 7–9 band, 0 when not listed
 *   Jiedu.dictionary.ordered(senses, said)   the senses, the reading the page chose first
 *   Jiedu.dictionary.variants(definitions)   [{word, entry}] for each "variant of X[…]" the
 *                                       file has an entry for
 *
 * The data are a generated script (assets/jiedu-dict.js, hooks/jiedu/outputs/sitedict.py:
 * window.JIEDU_DICT.w maps a word to {level?, senses?}, both left out when empty), loaded
 * when first needed, so a page that never asks pays nothing and file:// works. Definitions
 * are data: whoever shows them puts them in the page as text, never as HTML.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var words = null, loading = null;
  var EMPTY = [];

  function load() {
    if (!loading) {
      loading = J.loadScript("jiedu-dict.js").then(function () {
        words = (window.JIEDU_DICT && window.JIEDU_DICT.w) || {};
        return words;
      }, function (e) { loading = null; throw e; });
    }
    return loading;
  }

  function entry(w) {
    if (!words || !Object.prototype.hasOwnProperty.call(words, w)) return null;
    var e = words[w];
    return { level: e.level || 0, senses: e.senses || EMPTY };
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
    ready: function () { return !!words; },
    entry: entry,
    ordered: ordered,
    variants: variants
  };
})();
