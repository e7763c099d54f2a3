/* Jiedu: pinyin over punctuation and at the line's start, as clreq sets interlinear
 * annotations (W3C, Requirements for Chinese Text Layout, "Positioning of romanization").
 *
 * A word is a small column, pinyin over characters (jiedu.css); when its pinyin is wider
 * than its characters, the column is as wide as the pinyin and the characters stand in its
 * middle, with room on both sides. Between two words that room is what keeps their pinyin
 * apart (clreq: at least a quarter em between annotations). Elsewhere it is a fault:
 *
 * - before closing punctuation (群众、) and after opening punctuation (“小马拉大车), it set
 *   the punctuation loose from its word, up to 0.9 em. clreq lets an annotation extend over
 *   adjacent base text that carries none: the word's column is pulled over the punctuation
 *   (a negative margin, --jl / --jr, of the room on that side); where its pinyin would then
 *   come closer than a quarter em to the next word's, the room lacking goes after the
 *   punctuation (--jp on the word's <j-n>), where it reads as the mark's pause;
 * - at the start of a line it indented the line. clreq: "if a romanized annotation is longer
 *   than its base text and is at the line start or end, both the annotation and the base text
 *   can be aligned with line start or end": the word's characters and pinyin align to the
 *   column's start there (data-jiedu-ls; the column keeps its width, so no line changes;
 *   punctuation after such a word is pulled over the whole room, --jrs).
 *
 * The room is measured without layout: the pinyin's width in its font (a canvas, once per
 * string) against its characters (one em each: Chinese is set solid). Words near the screen
 * are done as they come near (Jiedu.blocks.onNear) and again when a setting changes the
 * pinyin (tone style, spoken tones) or the lines (pinyin shown, size, the window's width).
 * Without this script the page reads as before: the punctuation a little loose.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var OPENING = /[“‘（《「『【〔〖〈([{]+$/, CLOSING = /^[，。、；：？！）”’》」』】〕〗〉…‥·%),.;:!?\]}]+/;
  var GAP = 0.25;  /* em of pinyin kept between two words' pinyin (clreq: a quarter em) */
  var canvas = null, widths = new Map(), generation = 0;

  function measure(text, font) {
    var key = font + "\u0000" + text, w = widths.get(key);
    if (w === undefined) {
      if (!canvas) canvas = document.createElement("canvas").getContext("2d");
      canvas.font = font;
      w = canvas.measureText(text).width;
      if (widths.size > 20000) widths.clear();
      widths.set(key, w);
    }
    return w;
  }
  function fontOf(style) {
    return style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
  }

  /* The punctuation right before or after a word, inside its <j-n> (hooks/jiedu/page/ruby.py). */
  function touching(ruby) {
    var before = ruby.previousSibling, after = ruby.nextSibling;
    var open = before && before.nodeType === 3 ? OPENING.exec(before.data) : null;
    var close = after && after.nodeType === 3 ? CLOSING.exec(after.data) : null;
    return { open: open && open[0], close: close && close[0] };
  }

  /* Pull the words of a block over the punctuation touching them: the whole room on that
     side (--jl, --jr; --jrs at a line's start, where all the room is on the right). */
  function fit(block) {
    block.jieduFit = generation;
    var rubies = block.querySelectorAll("j-n > ruby");
    if (!rubies.length) return;
    var first = rubies[0].querySelector("rt");
    if (!first) return;
    var base = getComputedStyle(rubies[0]), rtStyle = getComputedStyle(first);
    var em = parseFloat(base.fontSize), rtEm = parseFloat(rtStyle.fontSize);
    var rtFont = fontOf(rtStyle), pad = parseFloat(rtStyle.paddingLeft) + parseFloat(rtStyle.paddingRight);
    if (!em || !rtEm) return;
    block.jieduFonts = { base: fontOf(base), em: em, gap: GAP * rtEm };
    for (var i = 0; i < rubies.length; i++) {
      var ruby = rubies[i], rt = ruby.lastElementChild;
      if (!rt || rt.tagName !== "RT") continue;
      var side = touching(ruby);
      /* no room where the word shows no pinyin (known, or easy for the chosen level) */
      var bare = ruby.classList.contains("jiedu-known") || ruby.classList.contains("jiedu-easy");
      var room = bare ? 0 : Math.max(0, (measure(rt.textContent, rtFont) + pad - J.word(ruby).text.length * em) / 2);
      ruby.jieduRoom = room;
      ruby.jieduSide = side;
      set(ruby, "--jl", side.open ? -room / em : 0);
      set(ruby, "--jr", side.close ? -room / em : 0);
      set(ruby, "--jrs", side.close ? -2 * room / em : 0);
    }
  }
  function set(el, name, ems) {  /* → whether it changed */
    var value = Math.abs(ems) > 0.005 ? ems.toFixed(3) + "em" : "";
    if (el.style.getPropertyValue(name) === value) return false;
    if (value) el.style.setProperty(name, value); else el.style.removeProperty(name);
    return true;
  }

  /* The pinyin pulled over a closing mark must not meet the next word's: the room it lacks
     goes after the mark (--jp, a margin on the word's <j-n>: at a line's end it is trailing
     room, never an indent). The next word is the next element in the block after the mark,
     across any text between (its width counts). In ems of the text. */
  function push(jn, ruby, startsLine, fonts) {
    var over = ruby.jieduRoom * (startsLine ? 2 : 1), between = measure(ruby.jieduSide.close, fonts.base);
    var node = jn, next = null;
    while (node && !next && !(node.matches && node.matches(".jiedu-text > *"))) {
      for (var sib = node.nextSibling; sib && !next; sib = sib.nextSibling) {
        if (sib.nodeType === 3) between += sib.data.trim() ? measure(sib.data, fonts.base) : 0;
        else if (sib.nodeType === 1) next = sib;
      }
      node = node.parentNode;
    }
    if (!next) return 0;
    var word = next.tagName === "RUBY" ? next : next.querySelector("ruby");
    if (!word) return 0;
    var pull = 0;
    if (word.jieduSide && word.jieduSide.open) {
      pull = word.jieduRoom;
      between += measure(word.jieduSide.open, fonts.base);
    }
    return Math.max(0, over + pull + fonts.gap - between) / fonts.em;
  }

  /* Mark the words that start a line (their column's left edge at the block's left edge).
     A mark can shorten its line (punctuation pulled closer), so the next line may start
     with another word: the block is looked at again when its size changes. So that this
     settles, after a few passes under the same settings and width marks are only added
     (a word that moved up keeps its mark: its characters then stand left under its pinyin). */
  var LS = "data-jiedu-ls", PASSES = 3, MAX_PASSES = 10, width = window.innerWidth;
  function lineStarts(blocks) {
    var marks = [];
    blocks.forEach(function (block) {
      if (!block.isConnected || !block.closest(".jiedu-text")) return;
      var rubies = block.getElementsByTagName("ruby");
      if (!rubies.length) return;
      if (block.jieduLsGen !== generation + ":" + width) { block.jieduLsGen = generation + ":" + width; block.jieduLsPasses = 0; }
      var settle = ++block.jieduLsPasses > PASSES;
      var box = block.getBoundingClientRect(), cs = getComputedStyle(block);
      var left = box.left + parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth);
      for (var i = 0; i < rubies.length; i++) {
        var r = rubies[i].getBoundingClientRect(), start = r.width > 0 && Math.abs(r.left - left) < 1;
        if (start || !settle) marks.push([rubies[i], start, block]);
      }
    });
    var pushes = [];
    blocks.forEach(function (block) {
      if (!block.jieduFonts) return;
      var box = block.getBoundingClientRect(), left = box.left + parseFloat(getComputedStyle(block).paddingLeft);
      block.querySelectorAll("j-n > ruby").forEach(function (ruby) {
        if (ruby.jieduRoom === undefined || !ruby.jieduSide.close) return;
        var starts = Math.abs(ruby.getBoundingClientRect().left - left) < 1;
        pushes.push([ruby.parentNode, push(ruby.parentNode, ruby, starts, block.jieduFonts), block]);
      });
    });
    var changed = new Set();  /* all reads first, then the writes */
    marks.forEach(function (m) {
      if (m[1] !== m[0].hasAttribute(LS)) {
        if (m[1]) m[0].setAttribute(LS, ""); else m[0].removeAttribute(LS);
        changed.add(m[2]);
      }
    });
    pushes.forEach(function (p) { if (set(p[0], "--jp", p[1])) changed.add(p[2]); });
    /* a line may now break elsewhere without the block changing size: look again, and once
       more a little later (a pinyin repainted, a font drawn late) */
    var again = Array.from(changed).filter(function (b) { return b.jieduLsPasses < MAX_PASSES; });
    if (again.length) later(again);
    if (changed.size || !rechecking) {
      clearTimeout(recheck);
      recheck = setTimeout(function () {
        rechecking = true;
        later(J.blocks.near().filter(function (b) { return b.jieduLsGen; }));
      }, 400);
    }
    rechecking = false;
  }
  var recheck = 0, rechecking = false;

  /* Blocks near the screen only: the others are not laid out (content-visibility), and a
     block is done when it comes near. A block near the screen whose size changes (its lines
     changed: a setting, the window, a font) is done again in the next frame. */
  var pending = null;
  function later(blocks) {
    if (!pending) {
      pending = new Set();
      requestAnimationFrame(function () {
        var near = new Set(J.blocks.near());
        var list = Array.from(pending).filter(function (b) { return near.has(b); });
        pending = null;
        list.forEach(fit);
        lineStarts(list);
        J.steady();
      });
    }
    blocks.forEach(function (b) { pending.add(b); });
  }

  var resized = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    later(entries.map(function (e) { return e.target; }));
  }) : null;
  J.blocks.onNear(function (block) {
    if (!block.closest(".jiedu-text")) return;
    if (resized && !block.jieduRuby) { block.jieduRuby = true; resized.observe(block); }
    if (block.jieduFit !== generation || block.jieduLsGen !== generation + ":" + width) later([block]);
  });
  window.addEventListener("resize", function () { width = window.innerWidth; });
  J.settings.on(function (s, changed) {
    if (changed.some(function (n) { return n === "pinyin" || n === "size" || n === "level"; })) generation++;
    if (changed.indexOf("tones") >= 0 || changed.indexOf("spoken") >= 0) {
      generation++;  /* the pinyin's width changed: after the reader's script has rewritten it */
      setTimeout(function () { later(J.blocks.near()); }, 0);
    }
  });
  J.onPage(function () { generation++; });
  /* Whether a block has been done for the current settings (for the tests). */
  J.rubyEdges = {
    done: function (block) { return block.jieduFit === generation && block.jieduLsGen === generation + ":" + width && !pending; }
  };
})();
