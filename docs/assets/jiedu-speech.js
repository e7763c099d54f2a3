/* Jiedu: read the Chinese aloud with the browser's speech synthesis (Web Speech API).
 *
 * A play button at the end of each paragraph of a text, and one in the word popup
 * (jiedu-popup.js, through Jiedu.speech). The voice is the browser's own: a local zh-CN
 * voice is preferred (it works offline), then any zh-CN voice, then a local and any other
 * Chinese voice. Without a Chinese voice there are no controls at all. Nothing is fetched.
 *
 * A paragraph button plays, pauses and resumes; a stop button stands beside it while the
 * paragraph is being read, and the paragraph is highlighted. Only one paragraph button is
 * a tab stop at a time (the one of the paragraph the word cursor is in, else the first), so
 * the buttons add one stop to a text, not one per paragraph.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var synth = window.speechSynthesis;
  var PARAGRAPHS = ".md-content .jiedu-text p[id^='p-']";
  var voice = null, active = null, paused = false, queue = [];

  function pick() {
    var voices = [];
    try { voices = synth ? synth.getVoices() || [] : []; } catch (e) { voices = []; }
    function lang(v) { return String(v.lang || "").replace("_", "-").toLowerCase(); }
    var chinese = voices.filter(function (v) { return /^(zh|cmn)(-|$)/.test(lang(v)); });
    function first(test) { for (var i = 0; i < chinese.length; i++) if (test(chinese[i])) return chinese[i]; return null; }
    function cn(v) { return /^(zh|cmn)-(cn|hans-cn|hans)$/.test(lang(v)) || lang(v) === "zh"; }
    return first(function (v) { return cn(v) && v.localService; }) || first(cn) ||
      first(function (v) { return v.localService; }) || chinese[0] || null;
  }

  function utterance(text) {
    var u = new SpeechSynthesisUtterance(text);
    u.lang = voice.lang || "zh-CN";
    try { u.voice = voice; } catch (e) { /* not a SpeechSynthesisVoice: the lang chooses */ }
    u.rate = 0.9;
    return u;
  }

  /* The text a reader sees: the paragraph without its pinyin and without the buttons. */
  function textOf(block) {
    var out = "";
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, null);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentNode.closest("rt, .jiedu-speak")) out += n.data;
    }
    return out.replace(/\s+/g, "");
  }
  /* Sentence by sentence: some engines stop a long utterance after about fifteen seconds. */
  function sentences(text) {
    return text.match(/[^。！？；!?]+[。！？；!?]*[”’」』）)]*|[。！？；!?]+/g) || [];
  }

  function stop() {
    queue = [];
    paused = false;
    if (synth) synth.cancel();
    if (active) { active.classList.remove("jiedu-speaking"); setButtons(active, "idle"); }
    active = null;
  }

  function speakNext(block) {
    if (active !== block) return;
    var text = queue.shift();
    if (text === undefined) { stop(); return; }
    var u = utterance(text);
    u.onend = function () { speakNext(block); };
    u.onerror = function () { if (active === block) stop(); };
    synth.speak(u);
  }

  function play(block) {
    if (active === block) {
      if (paused) { synth.resume(); paused = false; setButtons(block, "playing"); }
      else { synth.pause(); paused = true; setButtons(block, "paused"); }
      return;
    }
    stop();
    active = block;
    queue = sentences(textOf(block));
    block.classList.add("jiedu-speaking");
    setButtons(block, "playing");
    speakNext(block);
  }

  function say(text) {
    stop();
    if (voice) synth.speak(utterance(text));
  }

  function setButtons(block, state) {
    var box = block.querySelector(".jiedu-speak");
    if (!box) return;
    var b = box.querySelector(".jiedu-speak__play"), s = box.querySelector(".jiedu-speak__stop");
    b.setAttribute("data-state", state);
    b.setAttribute("aria-label", state === "playing" ? "Pause reading" : state === "paused" ? "Resume reading" : "Read this paragraph aloud");
    b.title = b.getAttribute("aria-label");
    s.hidden = state === "idle";
  }

  function controls(block) {
    var box = document.createElement("span");
    box.className = "jiedu-speak";
    box.lang = "en";
    var b = document.createElement("button");
    b.type = "button";
    b.className = "jiedu-speak__play";
    b.tabIndex = -1;
    b.addEventListener("click", function (e) { e.stopPropagation(); play(block); });
    var s = document.createElement("button");
    s.type = "button";
    s.className = "jiedu-speak__stop";
    s.setAttribute("aria-label", "Stop reading");
    s.title = "Stop reading";
    s.hidden = true;
    s.addEventListener("click", function (e) { e.stopPropagation(); stop(); b.focus(); });
    box.appendChild(b);
    box.appendChild(s);
    block.appendChild(box);
    setButtons(block, "idle");
  }

  /* One tab stop among the paragraph buttons: the paragraph of the word cursor, else the
     first; the arrow keys do not move between them (the text's word cursor does). */
  function roving() {
    var cursor = document.querySelector(".jiedu-text .jiedu-cursor");
    var here = cursor && cursor.closest(PARAGRAPHS);
    var all = document.querySelectorAll(PARAGRAPHS + " > .jiedu-speak > .jiedu-speak__play");
    all.forEach(function (b, i) {
      b.tabIndex = (here ? b.closest(PARAGRAPHS) === here : i === 0) ? 0 : -1;
    });
  }

  function setUp() {
    stop();
    voice = pick();
    if (!voice) return;
    document.querySelectorAll(PARAGRAPHS).forEach(function (p) {
      if (!p.querySelector(":scope > .jiedu-speak") && textOf(p)) controls(p);
    });
    roving();
  }

  J.speech = {
    available: function () { return !!voice; },
    say: say,
    stop: stop
  };
  if (!synth || !window.SpeechSynthesisUtterance) return;
  J.onPage(setUp);
  /* Voices arrive late in some browsers (Chromium lists them after the first request). */
  if (synth.addEventListener) synth.addEventListener("voiceschanged", function () { if (!voice) setUp(); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Tab") roving();  /* before focus moves on from the word cursor */
    if (e.key === "Escape" && active && e.target.closest && e.target.closest(".jiedu-speak")) stop();
  }, true);
  window.addEventListener("pagehide", stop);
})();
