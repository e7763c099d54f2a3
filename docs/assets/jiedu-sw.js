/* Jiedu's service worker: keeps the whole site on the reader's device, one build at a time.
 *
 * The build writes sw.js at the site's root: `self.JIEDU_OFFLINE = {version, bytes, files}`
 * (files: [path, size, first 16 hex digits of its SHA-256]), then imports this script.
 * Any change to any file changes sw.js, so the browser installs the new worker when a
 * reader next opens the site online.
 *
 * - install: download every file (bypassing the HTTP cache), check each against its hash,
 *   into a new cache named by the build's version; files whose hash the old copy already
 *   holds are copied from it instead of downloaded. One wrong or missing file fails the
 *   install and the old copy stays, whole (a half-deployed server cannot leave a mix).
 * - activate (at once: skipWaiting, or when a page asks): the new copy replaces the old one,
 *   which is deleted; open pages then reload themselves (jiedu-offline.js), so no page runs
 *   on two builds.
 * - fetch: a kept file comes from the copy, online or not (the same build everywhere);
 *   anything else (the zip download, …) goes to the network as usual.
 * The reader's settings (localStorage) are never touched. Only this site's caches are: their
 * names start with "jiedu " and this worker's scope, so two sites on one host keep theirs.
 */
"use strict";
var DATA = self.JIEDU_OFFLINE;
var SCOPE = self.registration.scope;            /* e.g. https://user.github.io/repo/ */
var PREFIX = "jiedu " + SCOPE + " ";
var NAME = PREFIX + DATA.version;
var HASH = "x-jiedu-sha256";                    /* stored with each kept response */
var KEPT = new Map(DATA.files.map(function (f) { return [new URL(f[0], SCOPE).href, f]; }));
var progress = { done: 0, total: DATA.files.length, error: null };

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

async function tell(message) {
  var all = await self.clients.matchAll({ includeUncontrolled: true, type: "window" });
  all.forEach(function (c) { c.postMessage(Object.assign({ jiedu: "offline" }, message)); });
}

/* The old copies' responses by hash, so an update downloads only what changed. */
async function previous() {
  var byHash = new Map();
  var names = (await caches.keys()).filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== NAME; });
  for (var i = 0; i < names.length; i++) {
    (await (await caches.open(names[i])).matchAll()).forEach(function (r) {
      var h = r.headers.get(HASH);
      if (h && !byHash.has(h)) byHash.set(h, r);
    });
  }
  return byHash;
}

async function keep(cache, file, old) {
  var url = new URL(file[0], SCOPE).href;
  var kept = old.get(file[2]);                   /* clone: two paths may share a content */
  var body = kept ? await kept.clone().arrayBuffer() : null;
  var type = kept ? kept.headers.get("content-type") : null;
  if (body === null) {
    var response = await fetch(url, { cache: "reload", credentials: "same-origin" });
    if (!response.ok) throw new Error(file[0] + ": HTTP " + response.status);
    body = await response.arrayBuffer();
    type = response.headers.get("content-type");
  }
  var digest = hex(await crypto.subtle.digest("SHA-256", body)).slice(0, 16);
  if (digest !== file[2]) throw new Error(file[0] + ": not the file of this build (the server may be mid-update)");
  var headers = { "content-length": String(body.byteLength) };
  headers[HASH] = digest;
  /* a page can read which build it came from: performance's navigation entry, serverTiming */
  headers["server-timing"] = 'jiedu;desc="' + DATA.version + '"';
  if (type) headers["content-type"] = type;
  await cache.put(url, new Response(body, { status: 200, headers: headers }));
  progress.done += 1;
  if (progress.done % 10 === 0 || progress.done === progress.total) tell({ state: "saving", done: progress.done, total: progress.total });
}

async function install() {
  await caches.delete(NAME);                     /* a half-filled copy from an interrupted try */
  var cache = await caches.open(NAME);
  var old = await previous();
  var queue = DATA.files.slice();
  async function worker() {                      /* a few downloads at a time */
    while (queue.length) await keep(cache, queue.shift(), old);
  }
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
  } catch (e) {
    await caches.delete(NAME);
    progress.error = String(e.message || e);
    tell({ state: "failed", error: progress.error });
    throw e;
  }
  /* another worker's activation deletes copies not its own: if it deleted this one, fail */
  if (!(await caches.has(NAME))) throw new Error("the new copy was removed while it was saved");
  await self.skipWaiting();                      /* the copy is complete: take over now */
}

self.addEventListener("install", function (event) { event.waitUntil(install()); });

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    var names = await caches.keys();
    await Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== NAME; })
      .map(function (n) { return caches.delete(n); }));
    await self.clients.claim();
    tell({ state: "ready" });
  })());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  url.search = ""; url.hash = "";                /* search results link to page.html?h=… */
  if (url.pathname.slice(-1) === "/") url.pathname += "index.html";
  var key = url.href;
  if (!KEPT.has(key)) return;
  event.respondWith(caches.match(key, { cacheName: NAME }).then(function (r) { return r || fetch(request); }));
});

self.addEventListener("message", function (event) {
  /* Chromium can park a worker in "waiting" despite skipWaiting() when a page's request lands
     just as it activates; the page then asks again (jiedu-offline.js). */
  if (event.data && event.data.jiedu === "skip") { self.skipWaiting(); return; }
  if (!event.data || event.data.jiedu !== "status" || !event.source) return;
  caches.has(NAME).then(function (has) {           /* asked of the active worker: its install ended */
    event.source.postMessage({ jiedu: "offline", state: has ? "ready" : "missing",
      version: DATA.version, bytes: DATA.bytes, files: DATA.files.length, done: progress.done, total: progress.total });
  });
});
