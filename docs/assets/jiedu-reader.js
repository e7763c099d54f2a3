/* Jiedu reader controls: what the reader chooses in the reading options panel (the 拼 button).
 *
 *   pinyin   shown | terms (over glossary terms only) | hidden
 *   tones    marks | numbers | zhuyin
 *   colours  off | pinyin | all (pinyin and characters)
 *   spoken   the tone changes of 一 and 不 as spoken (the page writes citation tones)
 *   size     text size, a factor on the text and its pinyin
 *   marking  first (first use of a core term in each section) | all | none
 *
 * Pinyin shown or hidden, colours, marking and size are data-jiedu-* attributes and one custom
 * property on <html> (overrides/main.html sets them before the first paint from the stored
 * choices, by the same rules as attributes() here), so they apply to every page at once;
 * pinyin shown or hidden is also carried by each block of the content
 * (data-jiedu-block-pinyin), so a switch restyles the blocks near the screen first. Tone
 * styles and colour spans rewrite the words of the blocks near the screen (Jiedu.blocks),
 * and of a tooltip when it opens (Jiedu.paint). Without JavaScript the page shows ruby with
 * tone marks and no controls.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var SIZES = [0.85, 1, 1.15, 1.3, 1.5, 1.75, 2];
  var S = J.settings;
  S.define("pinyin", "shown", ["shown", "terms", "hidden"]);
  S.define("tones", "marks", ["marks", "numbers", "zhuyin"]);
  S.define("colours", "off", ["off", "pinyin", "all"]);
  S.define("spoken", false);
  S.define("size", 1, SIZES);
  S.define("marking", "first", ["first", "all", "none"]);

  /* Attributes on <html> (not classes: see jiedu.css); the same rules as overrides/main.html's
     early script. A default is no attribute. An attribute is written only when it changes. */
  function mark(el, name, value) {
    if (value === null) { if (el.hasAttribute(name)) el.removeAttribute(name); }
    else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  function attributes(s) {
    var root = document.documentElement;
    mark(root, "data-jiedu-pinyin", s.pinyin === "shown" ? null : s.pinyin);
    mark(root, "data-jiedu-colours", s.colours === "off" ? null : s.colours);
    mark(root, "data-jiedu-marking", s.marking === "first" ? null : s.marking);
    if (s.size === 1) root.style.removeProperty("--jiedu-scale");
    else root.style.setProperty("--jiedu-scale", String(s.size));
  }

  /* -- painting words: tone style, spoken tones, colour spans ---------------------------- */
  var painted = { style: "marks", spoken: false, colours: "off" };
  function syllablesOf(rt) {
    var orig = J.original.get(rt);
    if (orig === undefined) { orig = rt.textContent; J.original.set(rt, orig); }
    var said = painted.spoken && rt.dataset && rt.dataset.spoken;
    return (said || orig).split(" ");
  }
  function paintPinyin(el, syllables) {
    var style = painted.style;
    if (painted.colours === "off") {
      var text = syllables.map(function (s) { return J.pinyin.render(s, style); }).join(" ");
      if (el.textContent !== text || el.firstElementChild) el.textContent = text;
      return;
    }
    el.textContent = "";
    syllables.forEach(function (s, i) {
      if (i) el.appendChild(document.createTextNode(" "));
      var span = document.createElement("span");
      span.className = "t" + J.pinyin.tone(s);
      span.textContent = J.pinyin.render(s, style);
      el.appendChild(span);
    });
  }
  /* The characters of a word, one span each with its tone's class (in one wrapper span, the
     word's base, so the word stays one box), or plain text again. */
  function paintHanzi(ruby, rt, syllables) {
    var first = ruby.firstChild;
    var wrapped = first && first.nodeType === 1 && first !== rt;
    if (painted.colours !== "all") {
      if (wrapped) ruby.replaceChild(document.createTextNode(first.textContent), first);
      return;
    }
    if (wrapped || !first || first === rt) return;
    var base = document.createElement("span");
    base.className = "jiedu-hz";
    var k = 0;
    Array.from(first.textContent).forEach(function (ch) {
      var span = document.createElement("span");
      /* punctuation kept inside a word has no syllable; Han characters take theirs in order */
      span.className = /\p{sc=Han}/u.test(ch) ? "t" + J.pinyin.tone(syllables[k++] || "") : "";
      span.textContent = ch;
      base.appendChild(span);
    });
    ruby.replaceChild(base, first);
  }
  function paintBlock(block) {
    var rts = block.getElementsByTagName("rt");
    for (var i = 0; i < rts.length; i++) {
      var rt = rts[i], syllables = syllablesOf(rt);
      paintPinyin(rt, syllables);
      paintHanzi(rt.parentNode, rt, syllables);
    }
    var py = block.querySelectorAll(".jiedu-py");
    for (var k = 0; k < py.length; k++) paintPinyin(py[k], syllablesOf(py[k]));
  }
  J.blocks.painter({
    active: function () { return painted.style !== "marks" || painted.spoken || painted.colours !== "off"; },
    paint: paintBlock
  });

  /* -- paragraph height estimates (a steady scrollbar with content-visibility) ----------------
     A paragraph not laid out yet takes the height of round_up(n / per-line) lines, in CSS
     (jiedu.css): n, its characters, is counted once per page; characters per line is set on
     <html> for pinyin shown (measured on a sample of paragraphs) and hidden (plain Chinese:
     the line's width in ems). A switch then costs no script work for the estimates. */
  var MEASURED = 40;  /* paragraphs measured at most */
  function estimateHeights(remeasure) {
    var text = document.querySelector(".md-content .jiedu-text");
    if (!text) return;
    var paras = Array.prototype.slice.call(text.querySelectorAll(":scope > p"));
    if (!paras.length) return;
    if (!paras[0].style.getPropertyValue("--n")) {
      paras.forEach(function (p) {
        p.style.setProperty("--n", String(p.textContent.length - textOf(p, "rt").length));
      });
    }
    var root = document.documentElement;
    var em = parseFloat(getComputedStyle(paras[0]).fontSize), width = paras[0].clientWidth;
    if (!em || !width) return;
    var plain = Math.max(4, Math.floor(width / em));
    root.style.setProperty("--jiedu-per-line-hidden", plain.toFixed(2));
    if (!remeasure && root.style.getPropertyValue("--jiedu-per-line-shown")) return;
    if (root.hasAttribute("data-jiedu-pinyin")) {  /* hidden, or over terms only */
      if (!root.style.getPropertyValue("--jiedu-per-line-shown")) {
        root.style.setProperty("--jiedu-per-line-shown", (plain * 0.8).toFixed(2));
      }
      return;
    }
    /* Lay out a sample spread over the text for a moment; n characters over k lines fill
       about k - ½ of them. */
    var step = Math.max(1, Math.ceil(paras.length / MEASURED));
    var sample = paras.filter(function (_, i) { return i % step === 0; });
    sample.forEach(function (p) { p.style.contentVisibility = "visible"; });
    var chars = 0, lines = 0;
    sample.forEach(function (p) {
      var lh = parseFloat(getComputedStyle(p).lineHeight), h = p.getBoundingClientRect().height;
      var n = +p.style.getPropertyValue("--n");
      if (!lh || !n || !h) return;
      chars += n; lines += Math.max(1, Math.round(h / lh)) - 0.5;
    });
    sample.forEach(function (p) { p.style.contentVisibility = ""; });
    if (lines >= 3) root.style.setProperty("--jiedu-per-line-shown", Math.max(4, chars / lines).toFixed(2));
  }
  function textOf(el, tag) {
    var t = "", list = el.getElementsByTagName(tag);
    for (var i = 0; i < list.length; i++) t += list[i].textContent;
    return t;
  }

  /* -- pinyin on the content's blocks: near the screen at once, the rest when idle ----------
     Each block carries the pinyin setting itself (data-jiedu-block-pinyin; the custom
     properties it selects are in jiedu.css), so a switch restyles the blocks near the screen
     in the frame after it and the others a chunk at a time while the browser is idle;
     a block that comes near the screen before its turn, and printing, catch up first. A block
     not marked yet follows the setting the page was shown with (data-jiedu-pinyin0 on <html>). */
  var BLOCK_ATTR = "data-jiedu-block-pinyin", catchUp = null;
  var idle = window.requestIdleCallback
    ? function (f) { return window.requestIdleCallback(f, { timeout: 300 }); }
    : function (f) { return setTimeout(function () { f({ timeRemaining: function () { return 8; } }); }, 16); };
  function markBlock(block, value) { mark(block, BLOCK_ATTR, value); }
  function markBlocks(value, nearFirst) {
    if (catchUp) catchUp.cancel();
    /* On screen now; the blocks within a screen's height of it first when idle, then all. */
    var near = nearFirst ? J.blocks.near() : [], later = [];
    near.forEach(function (b) {
      var r = b.getBoundingClientRect();
      if (r.bottom >= 0 && r.top <= window.innerHeight) markBlock(b, value); else later.push(b);
    });
    var all = document.querySelectorAll(J.blocks.selector), list = later.concat(Array.from(all));
    var i = 0, cancelled = false;
    function step(deadline) {
      if (cancelled) return;
      for (var n = 0; i < list.length && (n < 10 || deadline.timeRemaining() > 4); i++, n++) markBlock(list[i], value);
      if (i < list.length) idle(step); else catchUp = null;
    }
    catchUp = {
      value: value,
      cancel: function () { cancelled = true; catchUp = null; },
      finish: function () { for (; i < list.length; i++) markBlock(list[i], value); cancelled = true; catchUp = null; }
    };
    idle(step);
  }
  window.addEventListener("beforeprint", function () { if (catchUp) catchUp.finish(); });
  /* A block scrolled near the screen before its turn takes the setting at once. */
  J.blocks.onNear(function (block) { if (catchUp) markBlock(block, catchUp.value); });

  /* -- applying a choice ------------------------------------------------------------------ */
  function apply(s, changed) {
    var layout = !changed || changed.some(function (n) { return n === "pinyin" || n === "size"; });
    var restyle = s.tones !== painted.style || s.spoken !== painted.spoken || s.colours !== painted.colours;
    var run = function () {
      /* The blocks first, while the layout is clean (finding those on screen costs nothing). */
      if (!changed || changed.indexOf("pinyin") >= 0) markBlocks(s.pinyin, !!changed);
      attributes(s);
      /* A page just shown (also after instant navigation, before its blocks are styled):
         its blocks follow this setting until they are marked. */
      if (!changed) mark(document.documentElement, "data-jiedu-pinyin0", s.pinyin === "shown" ? null : s.pinyin);
      painted = { style: s.tones, spoken: s.spoken, colours: s.colours };
      if (restyle) J.blocks.repaint();
      /* A new text size changes every line's length: measure again, inside keepPlace. */
      if (changed && changed.indexOf("size") >= 0) estimateHeights(true);
    };
    if (changed && layout) J.keepPlace(run); else run();
  }
  S.on(apply);
  J.onPage(function () {
    apply(S.get());
    requestAnimationFrame(function () { requestAnimationFrame(function () { estimateHeights(true); }); });
  });
  window.addEventListener("resize", function () { requestAnimationFrame(function () { estimateHeights(true); }); });

  /* -- copying: the Chinese alone ----------------------------------------------------------
     Pinyin is unselectable, but a word is laid out as a small column (see jiedu.css), and
     browsers put a line break around each column's pinyin when they copy. So a copy from a
     text is rebuilt from its characters: pinyin left out, words joined, a blank line between
     paragraphs. */
  var BLOCK = /^(P|LI|H[1-6]|DIV|SECTION|BLOCKQUOTE|DD|DT|TR)$/;
  document.addEventListener("copy", function (e) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !e.clipboardData) return;
    var range = sel.getRangeAt(0);
    var root = range.commonAncestorContainer;
    if (root.nodeType !== 1) root = root.parentNode;
    if (!root.closest(".jiedu-text") && !root.querySelector(".jiedu-text")) return;
    var out = "", lastBlock = null;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType !== 3 || !range.intersectsNode(n)) continue;
      var el = n.parentNode;
      if (el.closest("rt, .jiedu-defs, .jiedu-tooltip, [hidden]")) continue;
      var block = el;
      while (block && block !== root && !BLOCK.test(block.tagName)) block = block.parentNode;
      if (lastBlock && block !== lastBlock && out && !/\n$/.test(out)) out += "\n\n";
      lastBlock = block;
      var text = n.data;
      if (n === range.endContainer) text = text.slice(0, range.endOffset);
      if (n === range.startContainer) text = text.slice(range.startOffset);
      out += text;
    }
    e.clipboardData.setData("text/plain", out.replace(/[ \t]*\n[ \t]*(?!\n)/g, "\n").trim());
    e.preventDefault();
  });

  /* -- the panel's sections ----------------------------------------------------------------- */
  function radios(name, legend, choices) {
    return function () {
      var s = S.get();
      var fs = document.createElement("fieldset");
      var lg = document.createElement("legend");
      lg.textContent = legend;
      fs.appendChild(lg);
      choices.forEach(function (c) {
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "radio"; input.name = name; input.value = c[0];
        input.checked = s[name] === c[0];
        input.addEventListener("change", function () { if (input.checked) S.set(patch(name, c[0])); });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + c[1]));
        fs.appendChild(label);
      });
      return fs;
    };
  }
  function patch(name, value) { var p = {}; p[name] = value; return p; }
  /* Keep the panel's inputs in step with choices made elsewhere (another tab, a popup). */
  S.on(function (s) {
    var form = document.getElementById("jiedu-controls-panel");
    if (!form) return;
    ["pinyin", "tones", "colours", "marking"].forEach(function (n) {
      var input = form.querySelector('input[name="' + n + '"][value="' + s[n] + '"]');
      if (input) input.checked = true;
    });
    var spoken = form.querySelector('input[name="spoken"]');
    if (spoken) spoken.checked = s.spoken;
    var out = form.querySelector(".jiedu-controls__size output");
    if (out) out.textContent = Math.round(s.size * 100) + " %";
  });

  J.panel.section(10, radios("pinyin", "Pinyin", [["shown", "Shown"], ["terms", "Over glossary terms only"], ["hidden", "Hidden"]]));
  J.panel.section(20, radios("tones", "Tones", [["marks", "Tone marks (hàn)"], ["numbers", "Tone numbers (han4)"], ["zhuyin", "Zhuyin (ㄏㄢˋ)"]]));
  J.panel.section(30, radios("colours", "Tone colours", [["off", "Off"], ["pinyin", "On the pinyin"], ["all", "On pinyin and characters"]]));
  J.panel.section(40, function () {
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "checkbox"; input.name = "spoken"; input.checked = S.get().spoken;
    input.addEventListener("change", function () { S.set({ spoken: input.checked }); });
    label.appendChild(input);
    /* 一 and 不 marked as Chinese, so they are set in the CJK font (a Latin font's 一 is a dash). */
    [" Tone changes of ", ["一"], " and ", ["不"], " as spoken (yí gè, bú shì)"].forEach(function (part) {
      if (typeof part === "string") { label.appendChild(document.createTextNode(part)); return; }
      var zh = document.createElement("span");
      zh.lang = "zh-Hans";
      zh.textContent = part[0];
      label.appendChild(zh);
    });
    var fs = document.createElement("fieldset");
    var lg = document.createElement("legend");
    lg.textContent = "Spoken tones";
    fs.appendChild(lg);
    fs.appendChild(label);
    return fs;
  });
  J.panel.section(50, function () {
    var fs = document.createElement("fieldset");
    var lg = document.createElement("legend");
    lg.textContent = "Text size";
    fs.appendChild(lg);
    var row = document.createElement("div");
    row.className = "jiedu-controls__size";
    var out = document.createElement("output");
    out.setAttribute("aria-live", "polite");
    function step(by, text) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.addEventListener("click", function () {
        var i = SIZES.indexOf(S.get().size) + by;
        if (i >= 0 && i < SIZES.length) S.set({ size: SIZES[i] });
      });
      return b;
    }
    row.appendChild(step(-1, "Smaller text"));
    row.appendChild(step(1, "Larger text"));
    out.textContent = Math.round(S.get().size * 100) + " %";
    row.appendChild(out);
    fs.appendChild(row);
    return fs;
  });
  J.panel.section(60, radios("marking", "Glossary terms marked", [["first", "First use in each section"], ["all", "Every use"], ["none", "None (tooltips still open)"]]));
})();
