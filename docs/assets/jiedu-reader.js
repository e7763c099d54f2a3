/* Jiedu reader controls: what the reader chooses in the reading options panel (the 拼 button).
 *
 *   pinyin   shown | terms (over glossary terms only) | hidden
 *   tones    marks | numbers | zhuyin
 *   colours  off | pinyin | all (pinyin and characters)
 *   spoken   the tone changes of 一 and 不 as spoken (the page writes citation tones)
 *   size     text size, a factor on the text and its pinyin
 *   marking  first (first use of a core term in each section) | all | none
 *
 * Showing and hiding, colours on or off, marking and size are classes and one custom property
 * on <html> (overrides/main.html sets them before the first paint from the stored choices),
 * so they apply to every page at once. Tone styles and colour spans rewrite the words of
 * the blocks near the screen (Jiedu.blocks), and of a tooltip when it opens (Jiedu.paint).
 * Without JavaScript the page shows ruby with tone marks and no controls.
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

  /* Classes on <html>; the same rules as overrides/main.html's early script. */
  function classes(s) {
    var root = document.documentElement, c = root.classList;
    c.toggle("jiedu-pinyin-hidden", s.pinyin === "hidden");
    c.toggle("jiedu-pinyin-terms", s.pinyin === "terms");
    c.toggle("jiedu-colours", s.colours !== "off");
    c.toggle("jiedu-colours-hanzi", s.colours === "all");
    c.toggle("jiedu-mark-all", s.marking === "all");
    c.toggle("jiedu-mark-none", s.marking === "none");
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
  /* The characters of a word, one span each with its tone's class, or plain text again. */
  function paintHanzi(ruby, rt, syllables) {
    var colour = painted.colours === "all";
    var first = ruby.firstChild;
    if (!colour) {
      if (first && first.nodeType === 1 && first !== rt) {
        var text = "";
        while (ruby.firstChild !== rt) { text += ruby.firstChild.textContent; ruby.removeChild(ruby.firstChild); }
        ruby.insertBefore(document.createTextNode(text), rt);
      }
      return;
    }
    if (first && first.nodeType === 1 && first !== rt) return;  /* already in spans */
    var chars = Array.from(first && first !== rt ? first.textContent : "");
    if (!chars.length) return;
    var frag = document.createDocumentFragment();
    chars.forEach(function (ch, i) {
      var span = document.createElement("span");
      span.className = "t" + J.pinyin.tone(syllables[i] || "");
      span.textContent = ch;
      frag.appendChild(span);
    });
    ruby.replaceChild(frag, first);
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

  /* -- paragraph height estimates (a steady scrollbar with content-visibility) -------------- */
  function estimateHeights() {
    var text = document.querySelector(".md-content .jiedu-text");
    if (!text) return;
    var paras = text.querySelectorAll(":scope > p");
    if (paras.length < 8) return;
    /* Characters per line and line pitch from the paragraphs laid out so far. */
    var chars = 0, lines = 0, pitch = 0;
    for (var i = 0; i < paras.length && lines < 30; i++) {
      var p = paras[i];
      if (!p.checkVisibility || !p.checkVisibility({ contentVisibilityAuto: true })) continue;
      var cs = getComputedStyle(p), lh = parseFloat(cs.lineHeight);
      var n = p.textContent.length - textOf(p, "rt").length;
      var h = p.getBoundingClientRect().height;
      if (!lh || !n || !h) continue;
      chars += n; lines += Math.max(1, Math.round(h / lh)); pitch = lh;
    }
    if (!lines || !pitch) return;
    var perLine = Math.max(4, chars / lines);
    for (var k = 0; k < paras.length; k++) {
      var q = paras[k];
      var m = q.textContent.length - textOf(q, "rt").length;
      q.style.setProperty("--jiedu-h", Math.max(1, Math.ceil(m / perLine)) * pitch + "px");
    }
  }
  function textOf(el, tag) {
    var t = "", list = el.getElementsByTagName(tag);
    for (var i = 0; i < list.length; i++) t += list[i].textContent;
    return t;
  }

  /* -- applying a choice ------------------------------------------------------------------ */
  function apply(s, changed) {
    var layout = !changed || changed.some(function (n) { return n === "pinyin" || n === "size"; });
    var restyle = s.tones !== painted.style || s.spoken !== painted.spoken || s.colours !== painted.colours;
    var run = function () {
      classes(s);
      painted = { style: s.tones, spoken: s.spoken, colours: s.colours };
      if (restyle) J.blocks.repaint();
    };
    if (changed && layout) J.keepPlace(run); else run();
    if (changed && layout) requestAnimationFrame(estimateHeights);
  }
  S.on(apply);
  J.onPage(function () {
    apply(S.get());
    requestAnimationFrame(function () { requestAnimationFrame(estimateHeights); });
  });
  window.addEventListener("resize", function () { requestAnimationFrame(estimateHeights); });

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
    label.appendChild(document.createTextNode(" Tone changes of 一 and 不 as spoken (yí gè, bú shì)"));
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
