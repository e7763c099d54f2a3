/* Jiedu: glossary tooltips on hover, keyboard focus and tap.
 *
 * One floating panel shows a copy of the term's hidden definition (rendered at build time,
 * so nothing is fetched: it works from file://). Listeners sit on the document, so they keep
 * working after Material's instant navigation swaps the page content.
 */
(function () {
  "use strict";
  var panel = null, current = null, hideTimer = 0;
  var coarse = window.matchMedia("(hover: none), (pointer: coarse)");
  var lastPointer = "";  /* "mouse", "touch" or "pen": set by the pointer that acted last */
  var openBeforeTap = false;  /* was this term's tooltip open before the tap began? */
  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType;
    openBeforeTap = !!current && current === termOf(e.target) && !!panel && !panel.hidden;
  }, true);
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
      panel.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      panel.addEventListener("mouseleave", function () { scheduleHide(); });
      document.body.appendChild(panel);
    }
    return panel;
  }

  function termOf(node) {
    return node && node.closest ? node.closest("a.jiedu-term") : null;
  }

  function show(term) {
    clearTimeout(hideTimer);
    var def = document.getElementById("jiedu-def-" + term.dataset.entry);
    if (!def) return;
    var p = getPanel();
    if (current === term && !p.hidden) return;
    current = term;
    p.innerHTML = def.innerHTML;           /* built and escaped at build time */
    p.lang = "en";
    p.hidden = false;
    term.setAttribute("aria-expanded", "true");
    place(term, p);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (current) current.removeAttribute("aria-expanded");
    current = null;
    if (panel) panel.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  /* Below the term when there is room, else above; on a small screen a sheet at the
     bottom or the top of the viewport, whichever the term is not in, so the line being
     read stays visible. */
  function place(term, p) {
    var r = term.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    p.classList.remove("jiedu-tooltip--sheet", "jiedu-tooltip--top");
    if (vw < 600) {
      p.classList.add("jiedu-tooltip--sheet");
      if (r.top > vh / 2) p.classList.add("jiedu-tooltip--top");
      p.style.left = p.style.top = "";
      return;
    }
    var width = Math.min(360, vw - 16);
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
    if (t && hovering()) show(t);
  });
  document.addEventListener("mouseout", function (e) {
    var t = termOf(e.target);
    if (t && hovering() && !(e.relatedTarget && panel && panel.contains(e.relatedTarget))) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    var t = termOf(e.target);
    if (t) show(t);
    else if (!(panel && panel.contains(e.target))) hide();
  });
  document.addEventListener("focusout", function (e) {
    if (termOf(e.target) && !(e.relatedTarget && panel && panel.contains(e.relatedTarget))) scheduleHide();
  });
  /* On a touch screen the first tap opens the tooltip, a second tap follows the link. The
     pointer that started the click says whether it was a tap (hybrid devices have both).
     Capture phase: this runs before Material's instant navigation sees the click. */
  document.addEventListener("click", function (e) {
    var t = termOf(e.target);
    var tap = lastPointer === "touch" || lastPointer === "pen" || (!lastPointer && coarse.matches);
    if (t && tap && !openBeforeTap) {  /* focus may have opened it during this very tap */
      e.preventDefault();
      e.stopPropagation();
      show(t);
    } else if (!t && panel && !panel.contains(e.target)) {
      hide();
    }
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current) {
      var t = current;
      hide();
      t.focus();
    }
  });
  window.addEventListener("resize", function () { if (current) place(current, getPanel()); });
})();
