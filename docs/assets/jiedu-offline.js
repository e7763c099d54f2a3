/* Jiedu offline: registers the service worker that keeps the site on this device, and says
 * in the reading options (the 拼 button; a section of Jiedu.panel) whether the site is
 * available offline and how much it stores.
 *
 * The worker is registered only over http(s) and only when the build made one: the build
 * adds <meta name="jiedu-service-worker" content="…/sw.js"> (overrides/main.html) unless
 * it is a `mkdocs serve` preview (JIEDU_OFFLINE=1 turns it on there). Under file:// a
 * service worker cannot run, and nothing is needed: the files are already on the device.
 * When a new build has been saved completely, every open page reloads once, so that no page
 * mixes two builds (jiedu-sw.js says how the copy is replaced). If the server no longer has
 * sw.js (a build with JIEDU_OFFLINE=0, or a `mkdocs serve` preview on an address that once
 * served a build), the saved copy is removed and the page reloads from the server: otherwise
 * the browser would keep serving the old copy, as a service worker outlives a missing script.
 * The home page's download link (<span data-jiedu-zip-size>, filled in by the build) is
 * hidden where there is nothing to download: in the downloaded copy itself, and in previews.
 */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="jiedu-service-worker"]');
  var file = location.protocol === "file:";
  var container = "serviceWorker" in navigator && window.isSecureContext ? navigator.serviceWorker : null;
  var hadController = !!(container && container.controller);  /* a page of a saved copy */

  function size(n) {  /* as the build labels the zip: kB under a megabyte, else MB to a tenth */
    return n < 999500 ? Math.round(n / 1000) + " kB" : (Math.round(n / 100000) / 10).toFixed(1) + " MB";
  }

  /* A section of the reading options panel (Jiedu.panel, jiedu-settings.js), last. */
  var status = document.createElement("p");
  status.className = "jiedu-offline";
  status.setAttribute("role", "status");
  status.style.cssText = "margin:0";
  var section = document.createElement("fieldset");
  var legend = document.createElement("legend");
  legend.textContent = "Offline";
  section.appendChild(legend);
  section.appendChild(status);
  if (window.Jiedu) window.Jiedu.panel.section(90, function () { return section; });

  function say(t) {
    if (status.textContent !== t) status.textContent = t;
  }

  function ask() {
    if (!container) return;
    if (container.controller) container.controller.postMessage({ jiedu: "status" });
    else container.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ jiedu: "status" }); });
  }

  function hear(event) {
    var d = event.data;
    if (!d || d.jiedu !== "offline") return;
    if (d.state === "saving" && d.total) say("Saving the site for offline use: " + d.done + " of " + d.total + " files…");
    else if (d.state === "ready" && d.bytes) say("Available offline on this device (" + size(d.bytes) + " stored, " + d.files + " files).");
    else if (d.state === "ready") ask();
    else if (d.state === "failed") say("Could not save the site for offline use (" + d.error + "). It tries again on your next visit.");
    else if (d.state === "missing") say("Not available offline: the browser has removed the saved copy. Reload to save it again.");
  }

  function page() {
    document.querySelectorAll("[data-jiedu-zip-size]").forEach(function (span) {
      var p = span.closest("p");
      if (p && (file || !span.textContent.trim())) p.hidden = true;
    });
  }

  /* The site has dropped its service worker: forget this copy and show the server's pages. */
  function retire(reg) {
    var prefix = "jiedu " + reg.scope + " ";
    Promise.all([reg.unregister(), caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(prefix) === 0; }).map(function (n) { return caches.delete(n); }));
    })]).then(function () { location.reload(); });
  }

  function failed(e) {
    fetch(meta.content, { cache: "no-store" }).then(function (r) {
      if (r.status === 404) {
        container.getRegistration(meta.content).then(function (reg) { if (reg) retire(reg); });
        say("Not kept for offline use: this site no longer offers it.");
      } else {
        say("Could not keep the site for offline use: " + e.message);
      }
    }, function () {  /* no network: a saved copy goes on as it is */
      if (!hadController) say("Not available offline yet: the site is saved on a visit with a network.");
    });
  }

  if (file) say("Reading a copy saved on this device: it works without a network.");
  else if (!meta) say("Not kept for offline use: this preview does not make the offline copy (JIEDU_OFFLINE=1 does).");
  else if (!container) say("This browser cannot keep the site for offline use here; the download on the home page works anywhere.");
  else {
    say("Checking whether the site is available offline…");
    container.addEventListener("message", hear);
    /* a page opened past the worker (Shift+reload) still belongs to the saved copy's build */
    container.getRegistration().then(function (reg) { if (reg && reg.active) hadController = true; });
    container.addEventListener("controllerchange", function () {
      if (hadController) location.reload();  /* a new build took over: show it whole */
      else { hadController = true; ask(); }  /* the first copy is complete */
    });
    var start = function () {
      container.register(meta.content, { updateViaCache: "none" }).then(function (reg) {
        if (!container.controller && !reg.active) return;  /* the first copy is being saved */
        ask();
        reg.update().catch(failed);  /* register() does not fetch sw.js again; this does */
      }, failed);
    };
    /* after the page's own requests, so the first visit is not slowed by the download */
    if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  }

  if (window.Jiedu) window.Jiedu.onPage(page);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page);
  else page();
})();
