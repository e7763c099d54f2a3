/* Jiedu translation: the English of each heading and paragraph, under it when the reader asks.
 *
 * The build puts each block's English right after the block, hidden
 * (hooks/jiedu/annotations/translation.py):
 *
 *   <p id="p-5">…</p><div class="jiedu-en no-ruby" lang="en" data-for="p-5" hidden>…</div>
 *
 * This script adds
 *   - a reader setting, "translation": hidden (the default) | shown under every block, in the
 *     reading options panel; stored with the other choices, so it holds across pages and
 *     visits (overrides/main.html sets html[data-jiedu-translation=shown] before the first paint,
 *     and jiedu.css shows the English until this script has taken the blocks over);
 *   - an "EN" button at the end of every translated block, showing or hiding that block's
 *     English alone (aria-expanded); on a desktop it appears when the pointer is over the
 *     block or the button has the keyboard's focus, on a touch screen it is always there;
 *   - a search result found by its English opens that block's English (Material's
 *     highlight parameter, ?h=, names what was searched).
 *
 * Showing and hiding is the `hidden` attribute, so hidden English is neither read by screen
 * readers nor copied (jiedu-reader.js's copy handler skips [hidden]); English shown is copied
 * with its block. Without JavaScript the English stays hidden, as it does by default for
 * everyone: the page reads as the Chinese text it is.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var S = J.settings;
  S.define("translation", "hidden", ["hidden", "shown"]);
  var ROOT_ATTR = "data-jiedu-translation";  /* on <html>, "shown" */
  var panelSection = null;

  function englishBlocks() {
    return document.querySelectorAll(".md-content .jiedu-text > .jiedu-en");
  }
  /* The block an English element translates: named by data-for (the build sets the block's
     id), else the element just before it. */
  function blockOf(en) {
    return (en.dataset.for && document.getElementById(en.dataset.for)) || en.previousElementSibling;
  }
  function show(en, shown) {
    en.hidden = !shown;
    if (en.jieduToggle) en.jieduToggle.setAttribute("aria-expanded", String(shown));
  }

  /* -- each block's button --------------------------------------------------------------- */
  function mount(en) {
    if (en.dataset.jieduEn) return;
    en.dataset.jieduEn = "1";  /* taken over: the stylesheet's before-the-script rule stops */
    var block = blockOf(en);
    if (!block) return;
    if (!en.id) en.id = "en-" + (block.id || Math.random().toString(36).slice(2));
    var heading = /^H[1-6]$/.test(block.tagName);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jiedu-en-toggle";
    button.lang = "en";
    /* The visible "EN" is the stylesheet's (::before): no text node, so copying the block,
       reading its words or its length never meets it. */
    button.setAttribute("aria-label", "English translation of this " + (heading ? "heading" : "paragraph"));
    button.setAttribute("aria-controls", en.id);
    button.setAttribute("aria-expanded", String(!en.hidden));
    button.addEventListener("click", function () { show(en, en.hidden); });
    en.jieduToggle = button;
    block.appendChild(button);
  }

  /* -- the setting --------------------------------------------------------------------------- */
  function apply(s, changed) {
    if (changed && changed.indexOf("translation") < 0) return;
    var shown = s.translation === "shown";
    var run = function () {
      if (shown) document.documentElement.setAttribute(ROOT_ATTR, "shown");
      else document.documentElement.removeAttribute(ROOT_ATTR);
      englishBlocks().forEach(function (en) { mount(en); show(en, shown); });
    };
    if (changed) J.keepPlace(run); else run();
    syncPanel(s);
  }
  S.on(apply);

  /* A search result found by its English: open that block's English. */
  function revealSearched() {
    var query = null;
    try { query = new URL(location.href).searchParams.get("h"); } catch (e) { return; }
    var id = decodeURIComponent(location.hash.slice(1));
    if (!query || !id || !/[a-z]/i.test(query)) return;
    var target = document.getElementById(id);
    var en = null;
    englishBlocks().forEach(function (e) { if (!en && blockOf(e) === target) en = e; });
    if (!en || !en.hidden) return;
    var text = en.textContent.toLowerCase();
    var words = query.toLowerCase().split(/[\s"+\-*~^:]+/).filter(function (w) { return /[a-z]/.test(w) && w.length > 1; });
    if (words.some(function (w) { return text.indexOf(w) >= 0; })) show(en, true);
  }

  J.onPage(function () {
    apply(S.get());
    if (panelSection) panelSection.hidden = !englishBlocks().length;
    revealSearched();
  });

  /* -- the panel's section ------------------------------------------------------------------ */
  var CHOICES = [["hidden", "Hidden (EN after a paragraph shows its own)"], ["shown", "Shown under every paragraph"]];
  function syncPanel(s) {
    var form = document.getElementById("jiedu-controls-panel");
    var input = form && form.querySelector('input[name="translation"][value="' + s.translation + '"]');
    if (input) input.checked = true;
  }
  J.panel.section(70, function () {
    var s = S.get();
    var fs = document.createElement("fieldset");
    fs.className = "jiedu-controls__translation";
    var legend = document.createElement("legend");
    legend.textContent = "English translation";
    fs.appendChild(legend);
    CHOICES.forEach(function (c) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio"; input.name = "translation"; input.value = c[0];
      input.checked = s.translation === c[0];
      input.addEventListener("change", function () { if (input.checked) S.set({ translation: c[0] }); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + c[1]));
      fs.appendChild(label);
    });
    fs.hidden = !englishBlocks().length;  /* on pages with a translation only */
    panelSection = fs;
    return fs;
  });
})();
