/* Jiedu's floating panels: what the glossary tooltips (jiedu-tooltips.js) and the word popup
 * (jiedu-popup.js) share. Loaded after jiedu-settings.js, before them.
 *
 *   Jiedu.popover.hovering()          the pointer that acted last is a mouse (or, before any
 *                                     pointer acted, the device has one): hover may open panels
 *   Jiedu.popover.target(click)       what a click is on: the element its gesture began on (a
 *                                     tap's pointerdown), else the click's own target
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
 * Placement: below the anchor when there is room, else on the side with more room; never
 * taller than that room (the panel scrolls inside itself), so it is always inside the
 * viewport. On a small screen (under 600 px) a sheet across the screen's width at the
 * bottom, or at the top when the anchor is in the lower half, so the line being read stays
 * visible. The pointer leaving the panel closes an unpinned one; entering it keeps it open.
 *
 * One panel at a time: opening one closes any other (a tooltip and a word popup never
 * stand on top of each other). A tap is judged by where it began: a phone may move a tap's
 * click a few pixels onto a neighbouring element (touch adjustment), and a click that a
 * gesture on a term or word began is that term's or word's, never a click "outside" that
 * closes what the same tap just opened.
 */
(function () {
  "use strict";
  var J = window.Jiedu;
  if (!J) return;
  var SHEET_BELOW = 600;  /* px of viewport width under which a panel is a sheet */
  var EDGE = 8;           /* px kept between a panel and the viewport's edges */
  var MIN_ROOM = 120;     /* px: a panel is never squeezed shorter (it then covers its anchor) */

  /* -- pointer --------------------------------------------------------------------------- */
  var coarse = window.matchMedia("(hover: none), (pointer: coarse)");
  var lastPointer = "";  /* "mouse", "touch" or "pen": the pointer that acted last */
  var down = null, downAt = -1e9;  /* where the last press began, and when */
  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType;
    if (e.isPrimary) { down = e.target; downAt = e.timeStamp; }
  }, true);
  document.addEventListener("pointermove", function (e) { lastPointer = e.pointerType; }, true);
  function hovering() {
    return lastPointer === "mouse" || (!lastPointer && !coarse.matches);
  }
  /* A click made by a press (not the keyboard: detail 0) within a second and a half of it. */
  function target(click) {
    return click.detail > 0 && down && document.contains(down) && click.timeStamp - downAt < 1500 ? down : click.target;
  }
  var shown = null;  /* the popover open now */

  /* -- placement ------------------------------------------------------------------------- */
  function place(p, anchor, o) {
    var cls = o.className;
    var r = anchor.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    p.classList.remove(cls + "--sheet", cls + "--top");
    p.hidden = false;
    if (vw < SHEET_BELOW) {
      /* the screen's width (the visual viewport), even where a page is wider than the screen;
         on the side the anchor leaves more room, never over the anchor's line */
      var vv = window.visualViewport, top = vh - r.bottom < r.top;
      p.classList.add(cls + "--sheet");
      if (top) p.classList.add(cls + "--top");
      p.style.top = "";
      p.style.left = (vv ? vv.offsetLeft : 0) + "px";
      p.style.width = (vv ? vv.width : vw) + "px";
      p.style.maxHeight = "";
      var room = Math.max((top ? r.top : vh - r.bottom) - EDGE, MIN_ROOM);
      if (p.offsetHeight > room) p.style.maxHeight = room + "px";
      return;
    }
    var width = Math.min(o.width, vw - 2 * EDGE);
    p.style.width = width + "px";
    p.style.left = Math.max(EDGE, Math.min(r.left + window.scrollX, window.scrollX + vw - width - EDGE)) + "px";
    p.style.maxHeight = "";
    var h = p.offsetHeight;
    var below = vh - r.bottom - o.gap - EDGE, above = r.top - o.gap - EDGE;
    var under = h <= below || below >= above;
    var room = Math.max(under ? below : above, MIN_ROOM);
    if (h > room) { h = room; p.style.maxHeight = room + "px"; }
    var top = under ? Math.min(r.bottom + o.gap, vh - EDGE - h) : Math.max(EDGE, r.top - o.gap - h);
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
        if (shown && shown !== pop) shown.close();
        shown = pop;
        if (pop.anchor && pop.anchor !== anchor && o.onHide) o.onHide(pop.anchor);
        pop.anchor = anchor;
        pop.pinned = !!pinned;
        place(pop.panel(), anchor, o);
      },
      place: function () { if (pop.isOpen()) place(el, pop.anchor, o); },
      close: function () {
        pop.stay();
        if (shown === pop) shown = null;
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

  J.popover = { hovering: hovering, target: target, create: create };
})();
