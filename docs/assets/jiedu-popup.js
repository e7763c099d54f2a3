/* Jiedu: a popup for every word of a text, and a word cursor to reach it from the keyboard.
 *
 * Any word of a text (a <ruby> in .jiedu-text that is not part of a glossary term: those
 * keep their own tooltip, jiedu-tooltips.js) opens a panel on hover (after a short delay),
 * click or tap, and from the keyboard: the text is one tab stop; the arrow keys move a word
 * cursor through it (left/right: word, up/down: paragraph), Enter or Space opens the word,
 * Escape closes. The panel shows the word, its pinyin as the page reads it here (the <rt>,
 * in the reader's tone style), CC-CEDICT's definitions with that reading first, each
 * character's meaning for a compound (or for a word CC-CEDICT lacks), its HSK 3.0 level,
 * "I know this word" and, when the browser has a Chinese voice, a play button.
 *
 * The panel is a Jiedu.popover (jiedu-popover.js: placement, a sheet on a phone); its data
 * come from Jiedu.dictionary (jiedu-dictionary.js), loaded on the first popup and put in the
 * page as text (textContent), never as HTML; known and looked-up words are
 * Jiedu.vocabulary's (jiedu-vocabulary.js).
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J || !J.popover || !J.dictionary || !J.vocabulary) return;
  var D = J.dictionary, V = J.vocabulary;

  var HOVER_DELAY = 250;  /* ms the pointer rests on a word before its popup opens */
  var LOOKED_DWELL = 1000; /* ms a hovered popup stays open before the word counts as looked up */
  var SENTENCE_END = /[。！？；!?]/;
  var hoverTimer = 0, dwellTimer = 0, viaKeyboard = false;
  var pop = J.popover.create({
    className: "jiedu-word", id: "jiedu-word", role: "dialog", width: 380, gap: 6, hideDelay: 300,
    onHide: function (ruby) { ruby.classList.remove("jiedu-word--open"); }
  });

  /* -- words of the page ------------------------------------------------------------------- */
  function wordRuby(node) {
    var r = node && node.closest ? node.closest(".jiedu-text ruby") : null;
    return r && !r.closest("a.jiedu-term") ? r : null;
  }
  function textOf(el) {
    return el && el.closest ? el.closest(".jiedu-text") : null;
  }
  function wordsIn(root) {
    return Array.prototype.filter.call(root.querySelectorAll("ruby"), function (r) { return !r.closest("a.jiedu-term"); });
  }
  /* The sentence around a word: the block's text without pinyin, cut at sentence ends. */
  function sentenceOf(ruby) {
    var block = ruby.closest("p, li, h1, h2, h3, h4, h5, h6, td, dd") || ruby.parentNode;
    var before = "", after = "", seen = false;
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, null);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentNode.closest("rt")) continue;
      if (ruby.contains(n)) { seen = true; before += n.data; continue; }
      if (seen) after += n.data; else before += n.data;
    }
    var start = 0;
    for (var i = before.length - J.word(ruby).text.length - 1; i >= 0; i--) {
      if (SENTENCE_END.test(before[i])) { start = i + 1; break; }
    }
    var m = /^[^。！？；!?]*[。！？；!?]*[”’」』）)]*/.exec(after);  /* up to the sentence's end, its closing quote */
    return (before.slice(start).replace(/^[”’」』）)\s]+/, "") + (m ? m[0] : after)).trim();
  }

  J.settings.on(function (s, changed) {
    if ((changed.indexOf("tones") >= 0 || changed.indexOf("spoken") >= 0) && pop.isOpen()) fill(pop.anchor);
  });

  /* -- the popup ------------------------------------------------------------------------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function zh(tag, cls, text) { var e = el(tag, cls, text); e.lang = "zh-Hans"; return e; }
  function render(pinyin) {
    var style = J.settings.get().tones;
    return pinyin.split(" ").map(function (s) { return J.pinyin.render(s, style); }).join(" ");
  }

  function getPanel() {
    var p = pop.panel();
    if (!p.jieduSetUp) {
      p.jieduSetUp = true;
      p.setAttribute("aria-labelledby", "jiedu-word-title");
      p.tabIndex = -1;
      p.lang = "en";
      p.addEventListener("keydown", panelKeys);
    }
    return p;
  }

  function show(ruby, how) {
    clearTimeout(dwellTimer);
    var p = getPanel();
    if (pop.anchor === ruby && pop.isOpen()) { pop.stay(); pop.pinned = pop.pinned || how !== "hover"; return; }
    viaKeyboard = how === "key";
    ruby.classList.add("jiedu-word--open");
    fill(ruby);
    pop.open(ruby, how !== "hover");  /* shows it, placed: an unplaced panel could widen a phone's page */
    var w = J.word(ruby), sentence = sentenceOf(ruby);
    if (how === "hover") dwellTimer = setTimeout(function () { if (pop.anchor === ruby) V.looked(w.text, w.syllables, sentence); }, LOOKED_DWELL);
    else V.looked(w.text, w.syllables, sentence);
    if (!D.ready()) {
      D.load().then(function () { if (pop.anchor === ruby) { fill(ruby); pop.place(); } },
        function () { if (pop.anchor === ruby) fill(ruby, true); });
    }
    if (how === "key") p.focus();
  }

  function hide(returnFocus) {
    clearTimeout(hoverTimer);
    clearTimeout(dwellTimer);
    var was = pop.anchor;
    pop.close();
    if (returnFocus && was) { var t = textOf(was); if (t) { setCursor(was); t.focus({ preventScroll: true }); } }
  }

  /* The panel's content, built as text nodes only. */
  function fill(ruby, failed) {
    var p = getPanel(), w = J.word(ruby), s = J.settings.get();
    var said = (s.spoken && w.spoken ? w.spoken : w.syllables).join(" ");
    var e = D.entry(w.text);
    p.textContent = "";
    var close = el("button", "jiedu-word__close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { hide(viaKeyboard); });
    p.appendChild(close);

    var head = el("div", "jiedu-word__head");
    var title = zh("span", "jiedu-word__hanzi", w.text);
    title.id = "jiedu-word-title";
    head.appendChild(title);
    head.appendChild(el("span", "jiedu-word__pinyin", render(said)));
    if (e && e.level) head.appendChild(el("span", "jiedu-word__hsk", "HSK " + (e.level >= 7 ? "7–9" : e.level)));
    if (J.speech && J.speech.available()) {
      var play = el("button", "jiedu-word__play");
      play.type = "button";
      play.setAttribute("aria-label", "Listen to " + w.text);
      play.title = "Listen";
      play.addEventListener("click", function () { J.speech.say(w.text); });
      head.appendChild(play);
    }
    p.appendChild(head);

    if (!D.ready()) {
      p.appendChild(el("p", "jiedu-word__note", failed ? "The dictionary could not be loaded." : "Loading the dictionary…"));
    } else {
      var senses = e ? D.ordered(e.senses, w.syllables.join(" ")) : [];
      if (senses.length) {
        var ol = el("ol", "jiedu-word__senses");
        senses.forEach(function (sense, i) {
          var li = el("li", i === 0 ? "jiedu-word__sense jiedu-word__sense--here" : "jiedu-word__sense");
          li.appendChild(el("span", "jiedu-word__reading", render(sense.pinyin)));
          li.appendChild(document.createTextNode(" " + sense.definitions.join("; ")));
          D.variants(sense.definitions).forEach(function (v) {
            var div = el("div", "jiedu-word__variant");
            div.appendChild(zh("span", "", v.word));
            div.appendChild(document.createTextNode(": " + v.entry.senses[0].definitions.join("; ")));
            li.appendChild(div);
          });
          ol.appendChild(li);
        });
        p.appendChild(ol);
      } else {
        p.appendChild(el("p", "jiedu-word__note", "Not in CC-CEDICT." + (w.text.length > 1 ? " Its characters:" : "")));
      }
      if (w.text.length > 1) p.appendChild(characters(w, !senses.length));
    }

    var foot = el("div", "jiedu-word__foot");
    var know = el("button", "jiedu-word__known", "I know this word");
    know.type = "button";
    know.setAttribute("aria-pressed", String(V.known(w.text)));
    know.addEventListener("click", function () {
      V.setKnown(w.text, !V.known(w.text));
      know.setAttribute("aria-pressed", String(V.known(w.text)));
    });
    foot.appendChild(know);
    var credit = el("a", "jiedu-word__credit", "CC-CEDICT");
    credit.href = J.asset("../credits.html");
    credit.title = "Definitions from CC-CEDICT (CC BY-SA 4.0): data and licences";
    foot.appendChild(credit);
    p.appendChild(foot);
  }

  function characters(w, missing) {
    var wrap = el("div", "jiedu-word__chars");
    if (!missing) wrap.appendChild(el("p", "jiedu-word__label", "Characters"));
    var ul = el("ul");
    Array.from(w.text).forEach(function (ch, i) {
      var li = el("li");
      li.appendChild(zh("span", "jiedu-word__char", ch));
      var syl = w.syllables[i] || "", c = D.entry(ch);
      var senses = c ? D.ordered(c.senses, syl) : [];
      li.appendChild(el("span", "jiedu-word__reading", render(senses.length && !syl ? senses[0].pinyin : syl)));
      li.appendChild(document.createTextNode(" " + (senses.length ? senses[0].definitions.slice(0, 4).join("; ") : "—")));
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    return wrap;
  }

  /* -- pointer ----------------------------------------------------------------------------- */
  document.addEventListener("mouseover", function (e) {
    if (!J.popover.hovering()) return;
    var r = wordRuby(e.target);
    if (!r) return;
    pop.stay();
    clearTimeout(hoverTimer);
    if (r === pop.anchor) return;
    if (pop.pinned) return;  /* a pinned popup stays until closed or another word is clicked */
    hoverTimer = setTimeout(function () { show(r, "hover"); }, HOVER_DELAY);
  });
  document.addEventListener("mouseout", function (e) {
    if (!J.popover.hovering() || !wordRuby(e.target)) return;
    clearTimeout(hoverTimer);
    if (pop.anchor && !pop.pinned && !pop.contains(e.relatedTarget)) pop.closeSoon();
  });
  document.addEventListener("click", function (e) {
    var r = wordRuby(e.target);
    if (r) {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed && String(sel).length) return;  /* selecting text, not looking up */
      clearTimeout(hoverTimer);
      if (r === pop.anchor && pop.pinned) { hide(false); return; }
      setCursor(r);
      show(r, "click");
    } else if (pop.anchor && !pop.contains(e.target)) {
      hide(false);
    }
  });

  /* -- keyboard: one tab stop per text, a word cursor moved by the arrow keys --------------- */
  var cursor = null, live = null;
  function setCursor(r) {
    if (cursor) cursor.classList.remove("jiedu-cursor");
    cursor = r;
    if (r) r.classList.add("jiedu-cursor");
  }
  function announce(r) {
    if (!live) {
      live = el("div", "jiedu-sr-only");
      live.setAttribute("aria-live", "polite");
    }
    if (!document.body.contains(live)) document.body.appendChild(live);
    var w = J.word(r);
    live.textContent = "";
    live.appendChild(zh("span", "", w.text));
    live.appendChild(document.createTextNode(" " + w.syllables.join(" ")));
  }
  /* The first word on screen: a binary search over the text's words (they are in order). */
  function firstVisible(words) {
    var top = (document.querySelector(".md-header") || { getBoundingClientRect: function () { return { bottom: 0 }; } })
      .getBoundingClientRect().bottom;
    var lo = 0, hi = words.length - 1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (words[mid].getBoundingClientRect().bottom <= top) lo = mid + 1; else hi = mid;
    }
    return words[lo];
  }
  function blockOf(r) { return r.closest(".jiedu-text > *"); }
  function move(text, key) {
    var words = wordsIn(text);
    if (!words.length) return null;
    var i = cursor && text.contains(cursor) ? words.indexOf(cursor) : -1;
    if (i < 0) return firstVisible(words);
    if (key === "ArrowRight") return words[Math.min(i + 1, words.length - 1)];
    if (key === "ArrowLeft") return words[Math.max(i - 1, 0)];
    if (key === "Home") return words[0];
    if (key === "End") return words[words.length - 1];
    var block = blockOf(words[i]), j = i;
    if (key === "ArrowDown") {
      while (j < words.length && blockOf(words[j]) === block) j++;
      return words[Math.min(j, words.length - 1)];
    }
    /* ArrowUp: the first word of the previous block */
    while (j > 0 && blockOf(words[j - 1]) === block) j--;
    if (j === 0) return words[0];
    var prev = blockOf(words[j - 1]);
    j--;
    while (j > 0 && blockOf(words[j - 1]) === prev) j--;
    return words[j];
  }
  var KEYS = ["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Home", "End"];
  function textKeys(e) {
    var text = e.currentTarget;
    if (e.target !== text || e.altKey || e.ctrlKey || e.metaKey) return;
    if (KEYS.indexOf(e.key) >= 0) {
      e.preventDefault();
      var r = move(text, e.key);
      if (!r) return;
      setCursor(r);
      r.scrollIntoView({ block: "nearest" });
      announce(r);
      if (pop.anchor && pop.anchor !== r) hide(false);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (!cursor || !text.contains(cursor)) { var f = move(text, "ArrowRight"); if (f) setCursor(f); }
      if (cursor) show(cursor, "key");
    } else if (e.key === "Escape" && pop.anchor) {
      hide(false);
    }
  }
  function panelKeys(e) {
    if (e.key === "Escape") { e.preventDefault(); hide(true); return; }
    var current = pop.anchor;
    if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && current && e.target === getPanel()) {
      var text = textOf(current);
      if (!text) return;
      e.preventDefault();
      setCursor(current);
      var r = move(text, e.key);
      if (r && r !== current) { setCursor(r); r.scrollIntoView({ block: "nearest" }); show(r, "key"); }
    }
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop.anchor && !pop.contains(e.target) && !textOf(e.target)) hide(false);
  });

  function setUp() {
    hide(false);
    cursor = null;
    document.querySelectorAll(".md-content .jiedu-text").forEach(function (text) {
      if (text.jieduWords || !wordsIn(text).length) return;
      text.jieduWords = true;
      text.tabIndex = 0;
      text.setAttribute("role", "group");
      text.setAttribute("aria-label", "Text: arrow keys move word by word, Enter explains the word");
      text.addEventListener("keydown", textKeys);
      text.addEventListener("focusout", function (e) {
        if (!(e.relatedTarget && (text.contains(e.relatedTarget) || pop.contains(e.relatedTarget)))) {
          if (!pop.anchor) setCursor(null);
        }
      });
    });
  }
  J.onPage(setUp);

  J.popup = { sentenceOf: sentenceOf };
})();
