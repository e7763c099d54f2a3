/* Jiedu's floating panels: what the glossary tooltips (jiedu-tooltips.js) and the word popup
 * (jiedu-popup.js) share. Loaded after jiedu-settings.js, before them.
 *
 *   Jiedu.popover.hovering()          the pointer that acted last is a mouse (or, before any
 *                                     pointer acted, the device has one): hover may open panels
 *   Jiedu.popover.create(options)     → a popover: one panel element, shown near an anchor
 *
 * options: className (also the prefix of the modifier classes --sheet and --top), id, role,
 * width (px on a desktop), gap (px between anchor and panel), hideDelay (ms a panel stays
 * after the pointer left it), onHide(anchor) (the anchor being left). A popover has
 *
 *   .panel()              the element (created on first use, put back in <body> after
 *                         instant navigation replaced it)
 *   .anchor, .pinned      what it is open for, and whether a click or tap pinned it open
 *   .open(anchor, pinned) show it for anchor and place it (the content is the caller's)
 *   .place()              place it again (content or viewport changed)
 *   .close()              hide it; .closeSoon() after hideDelay; .stay() cancels that
 *   .isOpen(), .contains(node)   node is inside the panel
 *
 * Placement: below the anchor when there is room, else above; on a small screen (under
 * 600 px) a sheet across the screen's width at the bottom, or at the top when the anchor is
 * in the lower half, so the line being read stays visible. The pointer leaving the panel
 * closes an unpinned one; entering it keeps it open.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var SHEET_BELOW = 600;  /* px of viewport width under which a panel is a sheet */

  /* -- pointer --------------------------------------------------------------------------- */
  var coarse = window.matchMedia("(hover: none), (pointer: coarse)");
  var lastPointer = "";  /* "mouse", "touch" or "pen": the pointer that acted last */
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);
  document.addEventListener("pointermove", function (e) { lastPointer = e.pointerType; }, true);
  function hovering() {
    return lastPointer === "mouse" || (!lastPointer && !coarse.matches);
  }

  /* -- placement ------------------------------------------------------------------------- */
  function place(p, anchor, o) {
    var cls = o.className;
    var r = anchor.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    p.classList.remove(cls + "--sheet", cls + "--top");
    p.hidden = false;
    if (vw < SHEET_BELOW) {
      /* the screen's width (the visual viewport), even where a page is wider than the screen */
      var vv = window.visualViewport;
      p.classList.add(cls + "--sheet");
      if (r.top > vh / 2) p.classList.add(cls + "--top");
      p.style.top = "";
      p.style.left = (vv ? vv.offsetLeft : 0) + "px";
      p.style.width = (vv ? vv.width : vw) + "px";
      return;
    }
    var width = Math.min(o.width, vw - 16);
    p.style.width = width + "px";
    p.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + vw - width - 8)) + "px";
    var h = p.offsetHeight, below = r.bottom + o.gap;
    var top = below + h < vh || r.top - h - o.gap < 0 ? below : r.top - h - o.gap;
    p.style.top = top + window.scrollY + "px";
  }

  /* -- a popover ------------------------------------------------------------------------- */
  function create(o) {
    var el = null, hideTimer = 0;
    var pop = {
      anchor: null,
      pinned: false,
      panel: function () {
        if (!el) {
          el = document.createElement("div");
          el.className = o.className;
          el.id = o.id;
          el.setAttribute("role", o.role);
          el.hidden = true;
          el.addEventListener("mouseenter", pop.stay);
          el.addEventListener("mouseleave", function () { if (!pop.pinned) pop.closeSoon(); });
        }
        if (!document.body.contains(el)) document.body.appendChild(el);
        return el;
      },
      isOpen: function () { return !!(el && !el.hidden && pop.anchor); },
      contains: function (node) { return !!(el && node && el.contains(node)); },
      open: function (anchor, pinned) {
        pop.stay();
        if (pop.anchor && pop.anchor !== anchor && o.onHide) o.onHide(pop.anchor);
        pop.anchor = anchor;
        pop.pinned = !!pinned;
        place(pop.panel(), anchor, o);
      },
      place: function () { if (pop.isOpen()) place(el, pop.anchor, o); },
      close: function () {
        pop.stay();
        var was = pop.anchor;
        pop.anchor = null;
        pop.pinned = false;
        if (el) el.hidden = true;
        if (was && o.onHide) o.onHide(was);
      },
      closeSoon: function () {
        clearTimeout(hideTimer);
        hideTimer = setTimeout(pop.close, o.hideDelay);
      },
      stay: function () { clearTimeout(hideTimer); }
    };
    window.addEventListener("resize", pop.place);
    return pop;
  }

  J.popover = { hovering: hovering, create: create };
})();
