/* Jiedu offline: registers the service worker that keeps the site on this device, and says
 * in the reading options (the 拼 button; a section of Jiedu.panel) whether the site is
 * available offline and how much it stores.
 *
 * The worker is registered only over http(s) and only when the build made one: the build
 * adds <meta name="jiedu-service-worker" content="…/sw.js"> (overrides/main.html) unless
 * it is a `mkdocs serve` preview (JIEDU_OFFLINE=1 turns it on there). Under file:// a
 * service worker cannot run, and nothing is needed: the files are already on the device.
 * On each page opened with a network the worker looks for a new build; once a new build is
 * saved completely and in use, a page that came from the old copy reloads once, so that no
 * page mixes two builds (jiedu-sw.js says how the copy is replaced); a page knows its build
 * from the Server-Timing the copy serves it with. If the server no longer has offline.json (a
 * build with JIEDU_OFFLINE=0, or a `mkdocs serve` preview on an address that once served a
 * build), the worker removes the copy and itself, and the page reloads from the server.
 * The home page's download link (<span data-jiedu-zip-size>, filled in by the build) is
 * hidden where there is nothing to download: in the downloaded copy itself, and in previews.
 *
 * Above the site's budget (a large library: hooks/jiedu/outputs/offlinetexts.py) the worker
 * keeps what every text needs, and the texts the reader chooses: on a text, the section has
 * "Save this text for offline reading" (or "Remove it from this device") and the links to the
 * text's zip and to the zip of what every text needs; it lists the texts kept, each with a
 * button to let it go.
 */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="jiedu-service-worker"]');
  var file = location.protocol === "file:";
  var container = "serviceWorker" in navigator && window.isSecureContext ? navigator.serviceWorker : null;
  var saved = !!(container && container.controller);  /* a copy is saved on this device */
  /* The build this page came from when the saved copy served it (jiedu-sw.js stores every file
     with Server-Timing: jiedu;desc="<version>"); null when the server did. */
  var mine = (function () {
    var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var t = nav && nav.serverTiming ? nav.serverTiming.filter(function (x) { return x.name === "jiedu"; })[0] : null;
    return t ? t.description : null;
  })();

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
  var choice = document.createElement("div");  /* above the budget: this text, the texts kept */
  choice.className = "jiedu-offline__texts";
  choice.hidden = true;
  section.appendChild(choice);
  if (window.Jiedu) window.Jiedu.panel.section(90, function () { return section; });

  function say(t) {
    if (status.textContent !== t) status.textContent = t;
  }

  /* Ask the newest active worker (not this page's controller, which may be the old one). */
  function ask() {
    container.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ jiedu: "status", page: location.href }); });
  }
  function keep(url, yes) {
    container.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ jiedu: "keep", url: url, keep: yes }); });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function button(text, onclick) {
    var b = el("button", "jiedu-controls__action", text);
    b.type = "button";
    b.addEventListener("click", onclick);
    return b;
  }
  /* The root of the site (the worker's scope is the folder of sw.js). */
  function root() { return new URL(".", new URL(meta.content, location.href)).href; }

  /* Above the budget: this text (keep it, or let it go; its zips) and the texts kept. */
  function choices(d) {
    choice.textContent = "";
    choice.hidden = false;
    if (d.here) {
      var p = el("p", "jiedu-offline__here");
      if (d.here.kept) {
        p.appendChild(el("span", "", "This text is saved on this device. "));
        p.appendChild(button("Remove it from this device", function () { keep(d.here.url, false); say("Removing the text…"); }));
      } else {
        p.appendChild(button("Save this text for offline reading (" + size(d.here.bytes) + ")", function () {
          keep(d.here.url, true);
          say("Saving the text for offline use…");
        }));
      }
      choice.appendChild(p);
      var z = el("p", "jiedu-offline__zips");
      var a = el("a", "", "Download this text (zip, " + size(d.here.zip) + ")");
      a.href = new URL(d.here.url.replace(/\.html$/, ".zip"), root()).href;
      a.setAttribute("download", "");
      var b = el("a", "", "what every text needs (zip, " + size(d.zip) + ", once)");
      b.href = new URL("jiedu-site-common.zip", root()).href;
      b.setAttribute("download", "");
      z.appendChild(a);
      z.appendChild(document.createTextNode(" and "));
      z.appendChild(b);
      z.appendChild(document.createTextNode(": unzip both in one folder and open jiedu-site/index.html."));
      choice.appendChild(z);
    }
    if (d.kept.length) {
      choice.appendChild(el("p", "jiedu-offline__label", "Texts saved on this device:"));
      var ul = el("ul", "jiedu-offline__kept");
      d.kept.forEach(function (t) {
        var li = el("li");
        var link = el("a", "", t[1]);
        link.href = new URL(t[0], root()).href;
        link.lang = "zh-Hans";
        li.appendChild(link);
        li.appendChild(document.createTextNode(" "));
        var remove = button("Remove", function () { keep(t[0], false); say("Removing the text…"); });
        remove.setAttribute("aria-label", "Remove " + t[1] + " from this device");
        li.appendChild(remove);
        ul.appendChild(li);
      });
      choice.appendChild(ul);
    }
  }

  /* A newer complete copy is active while this page came from an older one: show the page
     from the new copy, whole. Once per version, so that nothing can reload a page forever. */
  function renew(version) {
    try {
      if (sessionStorage.getItem("jiedu.renewed") === version) return false;
      sessionStorage.setItem("jiedu.renewed", version);
    } catch (e) { /* no session storage: reload all the same */ }
    location.reload();
    return true;
  }

  function hear(event) {
    var d = event.data;
    if (!d || d.jiedu !== "offline") return;
    if (d.state === "saving" && d.total) say("Saving the site for offline use: " + d.done + " of " + d.total + " files…");
    else if (d.state === "ready" && d.version && mine && d.version !== mine && renew(d.version)) return;
    else if (d.state === "ready" && d.bytes && d.byText) {
      say("Kept on this device: the pages every text needs and " + (d.kept.length === 1 ? "1 text" : d.kept.length + " texts") +
          " (" + size(d.bytes) + "). The library is too large to keep whole: save the texts you want to read offline.");
      choices(d);
    }
    else if (d.state === "ready" && d.bytes) say("Available offline on this device (" + size(d.bytes) + " stored, " + d.files + " files).");
    else if (d.state === "ready") ask();
    else if (d.state === "failed" && !d.saved) say("Could not save the site for offline use (" + d.error + "). It tries again on your next visit.");
    else if (d.state === "retired") renew("retired");  /* the site dropped offline reading: the server's pages */
    else if (d.state === "missing") say("Not available offline: the browser has removed the saved copy. Reload to save it again.");
  }

  function page() {
    document.querySelectorAll("[data-jiedu-zip-size]").forEach(function (span) {
      var p = span.closest("p");
      if (p && (file || !span.textContent.trim())) p.hidden = true;
    });
  }

  if (file) say("Reading a copy saved on this device: it works without a network.");
  else if (!meta) say("Not kept for offline use: this preview does not make the offline copy (JIEDU_OFFLINE=1 does).");
  else if (!container) say("This browser cannot keep the site for offline use here; the download on the home page works anywhere.");
  else {
    say("Checking whether the site is available offline…");
    container.addEventListener("message", hear);
    container.getRegistration().then(function (reg) { if (reg && reg.active) saved = true; });
    /* a copy took over: the first one, or a new build (ask() then compares it with this page's) */
    container.addEventListener("controllerchange", function () { saved = true; ask(); });
    var start = function () {
      container.register(meta.content, { updateViaCache: "none" }).then(function (reg) {
        if (!reg.active) return;  /* the first copy is being saved */
        ask();
        /* with a network, the worker looks for a new build (offline.json) */
        if (navigator.onLine !== false) reg.active.postMessage({ jiedu: "check" });
      }, function (e) {
        if (!saved) say("Could not keep the site for offline use: " + e.message);
      });
    };
    /* after the page's own requests, so the first visit is not slowed by the download */
    if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  }

  if (window.Jiedu) window.Jiedu.onPage(function () {
    page();
    if (container && meta && saved) ask();  /* instant navigation: this text's choice */
  });
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page);
  else page();
})();
