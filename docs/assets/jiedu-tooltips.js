/* Jiedu: glossary tooltips on hover, keyboard focus, click and tap.
 *
 * One floating panel (Jiedu.popover, jiedu-popover.js: placement, a sheet on a phone) shows
 * a copy of the term's hidden definition (rendered and escaped at build time, so nothing is
 * fetched: it works from file://). Hover and focus show it for as long as the pointer or
 * focus stays; a click or tap pins it open (a second one closes it) and never leaves the
 * page: the link to the glossary entry is inside the panel. Escape and the close button close
 * it. Listeners sit on the document, so they keep working after Material's instant navigation.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J || !J.popover) return;
  var body = null, quiet = false;
  var pop = J.popover.create({
    className: "jiedu-tooltip", id: "jiedu-tooltip", role: "tooltip", width: 400, gap: 8, hideDelay: 250,
    onHide: function (term) { term.removeAttribute("aria-expanded"); }
  });

  function getPanel() {
    var p = pop.panel();
    if (!body) {
      var close = document.createElement("button");
      close.type = "button";
      close.className = "jiedu-tooltip__close";
      close.setAttribute("aria-label", "Close");
      close.textContent = "×";
      close.addEventListener("click", function (e) {
        e.preventDefault();
        var t = pop.anchor, inside = p.contains(document.activeElement);
        pop.close();
        if (t && inside) refocus(t);
      });
      body = document.createElement("div");
      p.appendChild(close);
      p.appendChild(body);
    }
    return p;
  }

  function termOf(node) {
    return node && node.closest ? node.closest("a.jiedu-term") : null;
  }

  function show(term, pin) {
    var def = document.getElementById("jiedu-def-" + term.dataset.entry);
    if (!def) return;
    var p = getPanel();
    if (pop.anchor === term && pop.isOpen()) { pop.stay(); pop.pinned = pop.pinned || pin; return; }
    body.innerHTML = def.innerHTML;        /* built and escaped at build time */
    p.lang = "en";
    J.paint(body);  /* the reader's tone style on the pinyin */
    term.setAttribute("aria-expanded", "true");
    pop.open(term, pin);
  }

  /* Focus back on the term after closing, without opening it again. */
  function refocus(term) {
    quiet = true;
    term.focus();
    quiet = false;
  }

  function inPanel(node) { return pop.isOpen() && pop.contains(node); }

  document.addEventListener("mouseover", function (e) {
    var t = termOf(e.target);
    if (t && J.popover.hovering() && !(pop.pinned && pop.anchor !== t)) show(t, false);
  });
  document.addEventListener("mouseout", function (e) {
    var t = termOf(e.target);
    if (t && J.popover.hovering() && !pop.pinned && !inPanel(e.relatedTarget)) pop.closeSoon();
  });
  document.addEventListener("focusin", function (e) {
    if (quiet) return;
    var t = termOf(e.target);
    if (t) { if (!(pop.pinned && pop.anchor === t)) show(t, false); }
    else if (!inPanel(e.target) && !pop.pinned) pop.close();
  });
  document.addEventListener("focusout", function (e) {
    if (termOf(e.target) && !pop.pinned && !inPanel(e.relatedTarget)) pop.closeSoon();
  });
  /* A click or tap on a term opens and pins its tooltip, or closes it if it is pinned; it
     never follows the link (the glossary entry's link is in the panel). Capture phase: this
     runs before Material's instant navigation sees the click. */
  document.addEventListener("click", function (e) {
    var t = termOf(e.target);
    if (t) {
      e.preventDefault();
      e.stopPropagation();
      if (pop.anchor === t && pop.pinned && pop.isOpen()) pop.close();
      else show(t, true);
    } else if (pop.isOpen() && !inPanel(e.target)) {
      pop.close();
    }
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop.anchor) {
      var t = pop.anchor;
      pop.close();
      refocus(t);
    }
  });
  J.onPage(pop.close);
})();
