/* Jiedu: glossary tooltips on hover, keyboard focus, click and tap.
 *
 * One floating panel shows a copy of the term's hidden definition (rendered and escaped at
 * build time, so nothing is fetched: it works from file://). Hover and focus show it for as
 * long as the pointer or focus stays; a click or tap pins it open (a second one closes it)
 * and never leaves the page: the link to the glossary entry is inside the panel. Escape and
 * the close button close it. On a small screen the panel is a sheet across the screen's
 * width at the bottom or the top, whichever the term is not in. Listeners sit on the
 * document, so they keep working after Material's instant navigation.
 */
(function () {
  "use strict";
  var panel = null, body = null, current = null, pinned = false, hideTimer = 0, quiet = false;
  var coarse = window.matchMedia("(hover: none), (pointer: coarse)");
  var lastPointer = "";  /* "mouse", "touch" or "pen": the pointer that acted last */
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);
  document.addEventListener("pointermove", function (e) { lastPointer = e.pointerType; }, true);

  function hovering() {
    return lastPointer === "mouse" || (!lastPointer && !coarse.matches);
  }

  function getPanel() {
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "jiedu-tooltip";
      panel.id = "jiedu-tooltip";
      panel.setAttribute("role", "tooltip");
      panel.hidden = true;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "jiedu-tooltip__close";
      close.setAttribute("aria-label", "Close");
      close.textContent = "×";
      close.addEventListener("click", function (e) {
        e.preventDefault();
        var t = current, inside = panel.contains(document.activeElement);
        hide();
        if (t && inside) refocus(t);
      });
      body = document.createElement("div");
      panel.appendChild(close);
      panel.appendChild(body);
      panel.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      panel.addEventListener("mouseleave", function () { if (!pinned) scheduleHide(); });
      document.body.appendChild(panel);
    }
    if (!document.body.contains(panel)) document.body.appendChild(panel);
    return panel;
  }

  function termOf(node) {
    return node && node.closest ? node.closest("a.jiedu-term") : null;
  }

  function show(term, pin) {
    clearTimeout(hideTimer);
    var def = document.getElementById("jiedu-def-" + term.dataset.entry);
    if (!def) return;
    var p = getPanel();
    if (current === term && !p.hidden) { pinned = pinned || pin; return; }
    if (current) current.removeAttribute("aria-expanded");
    current = term;
    pinned = pin;
    body.innerHTML = def.innerHTML;        /* built and escaped at build time */
    p.lang = "en";
    if (window.Jiedu) window.Jiedu.paint(body);  /* the reader's tone style on the pinyin */
    p.hidden = false;
    term.setAttribute("aria-expanded", "true");
    place(term, p);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (current) current.removeAttribute("aria-expanded");
    current = null;
    pinned = false;
    if (panel) panel.hidden = true;
  }

  /* Focus back on the term after closing, without opening it again. */
  function refocus(term) {
    quiet = true;
    term.focus();
    quiet = false;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  /* Below the term when there is room, else above; on a small screen a sheet. */
  function place(term, p) {
    var r = term.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    p.classList.remove("jiedu-tooltip--sheet", "jiedu-tooltip--top");
    if (vw < 600) {
      p.classList.add("jiedu-tooltip--sheet");
      if (r.top > vh / 2) p.classList.add("jiedu-tooltip--top");
      p.style.left = p.style.top = p.style.width = "";
      return;
    }
    var width = Math.min(400, vw - 16);
    p.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + vw - width - 8));
    p.style.left = left + "px";
    var h = p.offsetHeight;
    var below = r.bottom + 8;
    var top = below + h < vh || r.top - h - 8 < 0 ? below : r.top - h - 8;
    p.style.top = top + window.scrollY + "px";
  }

  document.addEventListener("mouseover", function (e) {
    var t = termOf(e.target);
    if (t && hovering() && !(pinned && current !== t)) show(t, false);
  });
  document.addEventListener("mouseout", function (e) {
    var t = termOf(e.target);
    if (t && hovering() && !pinned && !(e.relatedTarget && panel && panel.contains(e.relatedTarget))) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    if (quiet) return;
    var t = termOf(e.target);
    if (t) { if (!(pinned && current === t)) show(t, false); }
    else if (!(panel && panel.contains(e.target)) && !pinned) hide();
  });
  document.addEventListener("focusout", function (e) {
    if (termOf(e.target) && !pinned && !(e.relatedTarget && panel && panel.contains(e.relatedTarget))) scheduleHide();
  });
  /* A click or tap on a term opens and pins its tooltip, or closes it if it is pinned; it
     never follows the link (the glossary entry's link is in the panel). Capture phase: this
     runs before Material's instant navigation sees the click. */
  document.addEventListener("click", function (e) {
    var t = termOf(e.target);
    if (t) {
      e.preventDefault();
      e.stopPropagation();
      if (current === t && pinned && panel && !panel.hidden) hide();
      else show(t, true);
    } else if (panel && !panel.hidden && !panel.contains(e.target)) {
      hide();
    }
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current) {
      var t = current;
      hide();
      refocus(t);
    }
  });
  window.addEventListener("resize", function () { if (current) place(current, getPanel()); });
  if (window.Jiedu) window.Jiedu.onPage(hide);
})();
