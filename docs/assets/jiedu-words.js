/* Jiedu: a popup for every word of a text, pinyin by HSK level, known words.
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
 * The dictionary is a generated script (assets/jiedu-dict.js, hooks/jiedu/outputs/sitedict.py),
 * loaded on the first popup, or at once when the reader hides pinyin by HSK level: a page
 * that opens no popup loads nothing more. Definitions are data: they are put in the page as
 * text (textContent), never as HTML.
 *
 * Known words and looked-up words are kept in localStorage ("jiedu.known", "jiedu.looked");
 * the reading options panel counts them, clears, exports and imports the known words (a
 * text file, one word a line) and downloads the looked-up words not marked known as an Anki
 * file (the columns of the vocabulary export), all in the browser, offline.
 *
 * Hiding pinyin: the painter puts "jiedu-known" (a known word) or "jiedu-easy" (a word at or
 * below the chosen level) on a word's <ruby>; the stylesheets hide its <rt>.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;

  var HOVER_DELAY = 250;  /* ms the pointer rests on a word before its popup opens */
  var LOOKED_DWELL = 1000; /* ms a hovered popup stays open before the word counts as looked up */
  var LEVELS = ["all", "1", "2", "3", "4", "5", "6", "9"];
  var WORDS = ".jiedu-text ruby";
  var SENTENCE_END = /[。！？；!?]/;
  J.settings.define("level", "all", LEVELS);

  /* -- data ------------------------------------------------------------------------------ */
  var dict = null, dictLoading = null;
  function loadDict() {
    if (!dictLoading) {
      dictLoading = J.loadScript("jiedu-dict.js").then(function () {
        dict = (window.JIEDU_DICT && window.JIEDU_DICT.w) || {};
        return dict;
      }, function (e) { dictLoading = null; throw e; });
    }
    return dictLoading;
  }
  function entry(w) { return (dict && Object.prototype.hasOwnProperty.call(dict, w)) ? dict[w] : null; }

  /* A word's senses, the reading the page chose first: same pinyin, then the same in lower
     case (a name's reading after the common word's), then the same syllables in another
     tone, then the rest, each group in CC-CEDICT's order (as dictionary.in_context_first). */
  function toneless(p) { return p.split(" ").map(function (s) { return J.pinyin.base(s).toLowerCase(); }).join(" "); }
  function ordered(senses, said) {
    function rank(s) {
      if (s[0] === said) return 0;
      if (s[0].toLowerCase() === said.toLowerCase()) return 1;
      if (toneless(s[0]) === toneless(said)) return 2;
      return 3;
    }
    return senses.map(function (s, i) { return [rank(s), i, s]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (x) { return x[2]; });
  }

  /* -- known and looked-up words --------------------------------------------------------- */
  var knownStore = J.store("jiedu.known"), lookedStore = J.store("jiedu.looked");
  var known = new Set(list(knownStore.get()));
  function list(v) { return Array.isArray(v) ? v.filter(function (x) { return typeof x === "string" && x; }) : []; }
  function saveKnown() { knownStore.set(Array.from(known).sort()); }
  function looked() {
    var v = lookedStore.get();
    return Array.isArray(v) ? v.filter(function (x) { return x && typeof x.w === "string"; }) : [];
  }
  function noteLookup(w, sentence) {
    var all = looked();
    if (all.some(function (x) { return x.w === w.text; })) return;
    all.push({ w: w.text, p: w.syllables.join(" "), s: sentence });
    lookedStore.set(all.slice(-5000));
  }
  window.addEventListener("storage", function (e) {  /* another tab marked a word */
    if (e.key === "jiedu.known") { known = new Set(list(knownStore.get())); J.blocks.repaint(); }
  });

  /* -- words of the page ------------------------------------------------------------------- */
  function wordRuby(node) {
    var r = node && node.closest ? node.closest(WORDS) : null;
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

  /* -- pinyin by level, known words: the painter --------------------------------------- */
  function level() { var v = J.settings.get().level; return v === "all" ? 0 : +v; }
  J.blocks.painter({
    active: function () { return known.size > 0 || level() > 0; },
    paint: function (block) {
      var max = level(), rubies = block.getElementsByTagName("ruby");
      for (var i = 0; i < rubies.length; i++) {
        var r = rubies[i];
        if (r.closest("a.jiedu-term") || !r.closest(".jiedu-text")) continue;
        var w = J.word(r).text, e = max && dict ? entry(w) : null;
        r.classList.toggle("jiedu-known", known.has(w));
        r.classList.toggle("jiedu-easy", !!e && e[0] > 0 && e[0] <= max);
      }
    }
  });
  function needDictForLevel() {
    if (level() > 0 && !dict && document.querySelector(WORDS)) {
      loadDict().then(function () { J.blocks.repaint(); }, function () {});
    }
  }
  J.settings.on(function (s, changed) {
    if (changed.indexOf("level") >= 0) { needDictForLevel(); J.blocks.repaint(); }
    if (changed.indexOf("tones") >= 0 || changed.indexOf("spoken") >= 0) { if (current && !panel.hidden) fill(current); }
  });

  /* -- the popup ------------------------------------------------------------------------- */
  var panel = null, current = null, pinned = false, viaKeyboard = false;
  var hoverTimer = 0, hideTimer = 0, dwellTimer = 0;
  var coarse = window.matchMedia("(hover: none), (pointer: coarse)");
  var lastPointer = "";
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);
  document.addEventListener("pointermove", function (e) { lastPointer = e.pointerType; }, true);
  function hovering() { return lastPointer === "mouse" || (!lastPointer && !coarse.matches); }

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
    if (!panel) {
      panel = el("div", "jiedu-word");
      panel.id = "jiedu-word";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-labelledby", "jiedu-word-title");
      panel.tabIndex = -1;
      panel.hidden = true;
      panel.lang = "en";
      panel.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      panel.addEventListener("mouseleave", function () { if (!pinned) scheduleHide(); });
      panel.addEventListener("keydown", panelKeys);
    }
    if (!document.body.contains(panel)) document.body.appendChild(panel);
    return panel;
  }

  function show(ruby, how) {
    clearTimeout(hideTimer);
    clearTimeout(dwellTimer);
    var p = getPanel();
    if (current === ruby && !p.hidden) { pinned = pinned || how !== "hover"; return; }
    if (current) current.classList.remove("jiedu-word--open");
    current = ruby;
    pinned = how !== "hover";
    viaKeyboard = how === "key";
    ruby.classList.add("jiedu-word--open");
    fill(ruby);
    place(ruby, p);  /* shows it, placed: an unplaced panel could widen a phone's page */
    var w = J.word(ruby), sentence = sentenceOf(ruby);
    if (how === "hover") dwellTimer = setTimeout(function () { if (current === ruby) noteLookup(w, sentence); }, LOOKED_DWELL);
    else noteLookup(w, sentence);
    if (!dict) {
      loadDict().then(function () { if (current === ruby) { fill(ruby); place(ruby, p); } },
        function () { if (current === ruby) fill(ruby, true); });
    }
    if (how === "key") p.focus();
  }

  function hide(returnFocus) {
    clearTimeout(hideTimer);
    clearTimeout(hoverTimer);
    clearTimeout(dwellTimer);
    var was = current;
    if (current) current.classList.remove("jiedu-word--open");
    current = null;
    pinned = false;
    if (panel) panel.hidden = true;
    if (returnFocus && was) { var t = textOf(was); if (t) { setCursor(was); t.focus({ preventScroll: true }); } }
  }
  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { hide(false); }, 300);
  }

  /* The panel's content, built as text nodes only. */
  function fill(ruby, failed) {
    var p = getPanel(), w = J.word(ruby), s = J.settings.get();
    var said = (s.spoken && w.spoken ? w.spoken : w.syllables).join(" ");
    var e = entry(w.text);
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
    if (e && e[0]) head.appendChild(el("span", "jiedu-word__hsk", "HSK " + (e[0] >= 7 ? "7–9" : e[0])));
    if (J.speech && J.speech.available()) {
      var play = el("button", "jiedu-word__play");
      play.type = "button";
      play.setAttribute("aria-label", "Listen to " + w.text);
      play.title = "Listen";
      play.addEventListener("click", function () { J.speech.say(w.text); });
      head.appendChild(play);
    }
    p.appendChild(head);

    if (!dict) {
      p.appendChild(el("p", "jiedu-word__note", failed ? "The dictionary could not be loaded." : "Loading the dictionary…"));
    } else {
      var senses = e ? ordered(e[1], w.syllables.join(" ")) : [];
      if (senses.length) {
        var ol = el("ol", "jiedu-word__senses");
        senses.forEach(function (sense, i) {
          var li = el("li", i === 0 ? "jiedu-word__sense jiedu-word__sense--here" : "jiedu-word__sense");
          li.appendChild(el("span", "jiedu-word__reading", render(sense[0])));
          li.appendChild(document.createTextNode(" " + sense[1].join("; ")));
          variants(sense[1]).forEach(function (v) { li.appendChild(v); });
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
    know.setAttribute("aria-pressed", String(known.has(w.text)));
    know.addEventListener("click", function () {
      if (known.has(w.text)) known.delete(w.text); else known.add(w.text);
      saveKnown();
      know.setAttribute("aria-pressed", String(known.has(w.text)));
      J.blocks.repaint();
      updateCounts();
    });
    foot.appendChild(know);
    var credit = el("a", "jiedu-word__credit", "CC-CEDICT");
    credit.href = J.asset("../credits.html");
    credit.title = "Definitions from CC-CEDICT (CC BY-SA 4.0): data and licences";
    foot.appendChild(credit);
    p.appendChild(foot);
  }

  /* "variant of 擘划[bò huà]": that word's own definitions, when the file has them. */
  function variants(defs) {
    var out = [];
    defs.forEach(function (d) {
      var m = /variant of ([^\[\s|,()]+)\[/.exec(d), v = m ? entry(m[1]) : null;
      if (v && v[1].length) {
        var div = el("div", "jiedu-word__variant");
        div.appendChild(zh("span", "", m[1]));
        div.appendChild(document.createTextNode(": " + v[1][0][1].join("; ")));
        out.push(div);
      }
    });
    return out;
  }

  function characters(w, missing) {
    var wrap = el("div", "jiedu-word__chars");
    if (!missing) wrap.appendChild(el("p", "jiedu-word__label", "Characters"));
    var ul = el("ul");
    Array.from(w.text).forEach(function (ch, i) {
      var li = el("li");
      li.appendChild(zh("span", "jiedu-word__char", ch));
      var syl = w.syllables[i] || "", c = entry(ch);
      var senses = c ? ordered(c[1], syl) : [];
      li.appendChild(el("span", "jiedu-word__reading", render(senses.length && !syl ? senses[0][0] : syl)));
      li.appendChild(document.createTextNode(" " + (senses.length ? senses[0][1].slice(0, 4).join("; ") : "—")));
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    return wrap;
  }

  /* Below the word when there is room, else above; on a small screen a sheet at the bottom
     or the top, whichever the word is not in, so the line being read stays visible. */
  function place(ruby, p) {
    var r = ruby.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    p.classList.remove("jiedu-word--sheet", "jiedu-word--top");
    p.hidden = false;
    if (vw < 600) {
      /* the screen's width (the visual viewport), even where a page is wider than the screen */
      var vv = window.visualViewport;
      p.classList.add("jiedu-word--sheet");
      if (r.top > vh / 2) p.classList.add("jiedu-word--top");
      p.style.top = "";
      p.style.left = (vv ? vv.offsetLeft : 0) + "px";
      p.style.width = (vv ? vv.width : vw) + "px";
      return;
    }
    var width = Math.min(380, vw - 16);
    p.style.width = width + "px";
    p.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + vw - width - 8)) + "px";
    var h = p.offsetHeight, below = r.bottom + 6;
    var top = below + h < vh || r.top - h - 6 < 0 ? below : r.top - h - 6;
    p.style.top = top + window.scrollY + "px";
  }

  /* -- pointer ----------------------------------------------------------------------------- */
  document.addEventListener("mouseover", function (e) {
    if (!hovering()) return;
    var r = wordRuby(e.target);
    if (!r) return;
    clearTimeout(hideTimer);
    clearTimeout(hoverTimer);
    if (r === current) return;
    if (pinned) return;  /* a pinned popup stays until closed or another word is clicked */
    hoverTimer = setTimeout(function () { show(r, "hover"); }, HOVER_DELAY);
  });
  document.addEventListener("mouseout", function (e) {
    if (!hovering() || !wordRuby(e.target)) return;
    clearTimeout(hoverTimer);
    if (current && !pinned && !(e.relatedTarget && panel && panel.contains(e.relatedTarget))) scheduleHide();
  });
  document.addEventListener("click", function (e) {
    var r = wordRuby(e.target);
    if (r) {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed && String(sel).length) return;  /* selecting text, not looking up */
      clearTimeout(hoverTimer);
      if (r === current && pinned) { hide(false); return; }
      setCursor(r);
      show(r, "click");
    } else if (current && panel && !panel.contains(e.target)) {
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
      if (current && current !== r) hide(false);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (!cursor || !text.contains(cursor)) { var f = move(text, "ArrowRight"); if (f) setCursor(f); }
      if (cursor) show(cursor, "key");
    } else if (e.key === "Escape" && current) {
      hide(false);
    }
  }
  function panelKeys(e) {
    if (e.key === "Escape") { e.preventDefault(); hide(true); return; }
    if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && current && e.target === panel) {
      var text = textOf(current);
      if (!text) return;
      e.preventDefault();
      setCursor(current);
      var r = move(text, e.key);
      if (r && r !== current) { setCursor(r); r.scrollIntoView({ block: "nearest" }); show(r, "key"); }
    }
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current && !(panel && panel.contains(e.target)) && !textOf(e.target)) hide(false);
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
        if (!(e.relatedTarget && (text.contains(e.relatedTarget) || (panel && panel.contains(e.relatedTarget))))) {
          if (!current) setCursor(null);
        }
      });
    });
    needDictForLevel();
  }
  J.onPage(setUp);
  window.addEventListener("resize", function () { if (current && panel && !panel.hidden) place(current, panel); });

  /* -- the reading options: level, known words, looked-up words --------------------------- */
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

  J.panel.section(70, function () {
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
      saveKnown();
      J.blocks.repaint();
      updateCounts();
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
        saveKnown();
        J.blocks.repaint();
        updateCounts();
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
      loadDict().then(function () {
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

  function lookedUp() { return looked().filter(function (x) { return !known.has(x.w); }); }

  /* The vocabulary export's format (hooks/jiedu/page/vocab.py): Anki's headers, then hanzi,
     pinyin, English, explanation, sentence, tab-separated. */
  function ankiFile(items) {
    function field(v) { return String(v || "").replace(/\s+/g, " ").trim(); }
    var lines = ["#separator:tab", "#html:false", "#columns:Hanzi\tPinyin\tEnglish\tExplanation\tSentence"];
    items.forEach(function (x) {
      var e = entry(x.w), senses = e ? ordered(e[1], x.p) : [];
      var english = senses.length ? senses[0][1].join("; ") : "";
      var explanation = "";
      if (senses.length > 1) {
        explanation = "Other readings: " + senses.slice(1).map(function (s) { return s[0] + ": " + s[1].join("; "); }).join(" | ");
      } else if (!senses.length && x.w.length > 1) {
        var syl = x.p.split(" ");
        explanation = Array.from(x.w).map(function (ch, i) {
          var c = entry(ch), cs = c ? ordered(c[1], syl[i] || "") : [];
          return ch + " " + (syl[i] || "") + ": " + (cs.length ? cs[0][1].slice(0, 4).join("; ") : "—");
        }).join(" | ");
      }
      lines.push([x.w, x.p, english, explanation, x.s].map(field).join("\t"));
    });
    return lines.join("\n") + "\n";
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var a = el("a");
    a.href = url;
    a.download = name;
    /* the panel and Material's instant navigation must not take this click as theirs */
    a.addEventListener("click", function (e) { e.stopPropagation(); });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  J.words = { loadDictionary: loadDict, ordered: ordered, ankiFile: ankiFile, sentenceOf: sentenceOf };
})();
