/* Jiedu's service worker: keeps the whole site on the reader's device, one build at a time.
 *
 * The build writes offline.json at the site's root: {version, bytes, files}, files being
 * [path, size, first 16 hex digits of its SHA-256], and the version a hash of them all.
 * The worker itself (sw.js imports this file) is the same for every build, so a new build
 * never waits on a new worker's activation: the worker in place takes it.
 *
 * - check (on install, and when a page opens with a network): read offline.json; if its
 *   version is not the copy's, save the new build into a new cache named by that version:
 *   every file downloaded past the HTTP cache and checked against its hash; files the old
 *   copy holds with the same hash are copied from it. One wrong or missing file stops it
 *   and the old copy stays whole (a half-deployed server cannot leave a mix); the next
 *   check goes on from the files already saved.
 * - switch: the copy in use is named by one entry of a small cache ("… current"), written
 *   in one step once the new copy is complete; then the old copy is deleted and open pages
 *   are told: a page that came from the old copy reloads (jiedu-offline.js; a page knows its
 *   build from the Server-Timing header every saved file carries).
 * - fetch: a kept file comes from the copy in use, online or not (one build everywhere);
 *   anything else (the zip download, …) goes to the network as usual; a page neither kept
 *   nor reachable gets a short page saying so, with a link home.
 * - offline.json gone (404: a build without the offline files): the copy is removed and the
 *   worker unregisters itself, so the browser does not keep serving an old site.
 * The reader's settings (localStorage) are never touched. Only this site's caches are: their
 * names start with "jiedu " and this worker's scope, so two sites on one host keep theirs.
 */
"use strict";
var SCOPE = self.registration.scope;            /* e.g. https://user.github.io/repo/ */
var PREFIX = "jiedu " + SCOPE + " ";
var CURRENT = PREFIX + "current";
var LIST = new URL("offline.json", SCOPE).href;
var HASH = "x-jiedu-sha256";
var copy = null;                                /* the copy in use: {version, bytes, files, kept} */
var checking = null;                            /* the check under way (a promise) */
var progress = { done: 0, total: 0 };

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

function withKept(data) {
  data.kept = new Set(data.files.map(function (f) { return new URL(f[0], SCOPE).href; }));
  return data;
}

async function inUse() {
  if (copy) return copy;
  var r = await caches.match("list", { cacheName: CURRENT });
  if (r) copy = withKept(await r.json());
  return copy;
}

async function tell(message) {
  var all = await self.clients.matchAll({ includeUncontrolled: true, type: "window" });
  all.forEach(function (c) { c.postMessage(Object.assign({ jiedu: "offline" }, message)); });
}

/* Responses already saved, by hash: the copy in use and a new copy begun before. */
async function saved() {
  var byHash = new Map();
  var names = (await caches.keys()).filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CURRENT; });
  for (var i = 0; i < names.length; i++) {
    (await (await caches.open(names[i])).matchAll()).forEach(function (r) {
      var h = r.headers.get(HASH);
      if (h && !byHash.has(h)) byHash.set(h, r);
    });
  }
  return byHash;
}

async function keep(cache, data, file, old) {
  var url = new URL(file[0], SCOPE).href;
  var have = await cache.match(url);
  if (have && have.headers.get(HASH) === file[2]) { progress.done += 1; return; }
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
  /* the page reads which build it came from: its navigation entry's serverTiming */
  headers["server-timing"] = 'jiedu;desc="' + data.version + '"';
  if (type) headers["content-type"] = type;
  await cache.put(url, new Response(body, { status: 200, headers: headers }));
  progress.done += 1;
  if (progress.done % 10 === 0 || progress.done === progress.total) tell({ state: "saving", done: progress.done, total: progress.total });
}

async function save(data) {
  var name = PREFIX + data.version;
  var cache = await caches.open(name);
  var old = await saved();
  var queue = data.files.slice();
  progress = { done: 0, total: queue.length };
  async function worker() {                      /* a few downloads at a time */
    while (queue.length) await keep(cache, data, queue.shift(), old);
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  /* the switch: one write names the complete copy; then the others go */
  var current = await caches.open(CURRENT);
  await current.put("list", new Response(JSON.stringify({ version: data.version, bytes: data.bytes, files: data.files }),
    { headers: { "content-type": "application/json" } }));
  copy = withKept(data);
  var names = await caches.keys();
  await Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CURRENT && n !== name; })
    .map(function (n) { return caches.delete(n); }));
  tell({ state: "ready", version: data.version });
}

/* The site no longer offers offline reading: forget the copy, and this worker. */
async function retire() {
  var names = await caches.keys();
  await Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (n) { return caches.delete(n); }));
  copy = null;
  await self.registration.unregister();
  tell({ state: "retired" });
}

function check() {
  if (!checking) {
    checking = (async function () {
      var response = await fetch(LIST, { cache: "no-store", credentials: "same-origin" });
      if (response.status === 404) return retire();
      if (!response.ok) throw new Error("offline.json: HTTP " + response.status);
      var data = await response.json();
      var now = await inUse();
      if (!now || now.version !== data.version) await save(data);
    })().catch(function (e) {
      tell({ state: "failed", error: String(e.message || e), saved: !!copy });
      throw e;
    }).finally(function () { checking = null; });
  }
  return checking;
}

/* The first copy is saved before the worker takes over: "active" means "available offline". */
self.addEventListener("install", function (event) {
  event.waitUntil(check().then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim().then(function () { tell({ state: "ready" }); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.href.indexOf(SCOPE) !== 0) return;
  url.search = ""; url.hash = "";                /* search results link to page.html?h=… */
  if (url.pathname.slice(-1) === "/") url.pathname += "index.html";
  var key = url.href;
  var page = request.mode === "navigate";
  if (copy && !copy.kept.has(key) && !page) return;  /* not kept: the network, as without a worker */
  event.respondWith(inUse().then(function (c) {
    if (!c || !c.kept.has(key)) return page ? fetch(request).catch(notSaved) : fetch(request);
    return caches.match(key, { cacheName: PREFIX + c.version }).then(function (r) { return r || fetch(request); });
  }));
});

/* A page the copy does not hold, asked for without a network: a page saying so, not the
   browser's error page. */
function notSaved() {
  var home = SCOPE;
  var html = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Not saved for offline reading</title>' +
    '<body style="font: 16px/1.6 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #222">' +
    '<h1 style="font-size: 1.4rem">This page is not saved on this device</h1>' +
    '<p>You are offline, and this address is not part of the copy of the site kept here ' +
    '(it may be mistyped, or newer than the copy). Every text, the glossary and search are saved: ' +
    '<a href="' + home + '">go to the home page</a>.</p></body></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("message", function (event) {
  var d = event.data;
  if (!d || !event.source) return;
  if (d.jiedu === "check") event.waitUntil(check().catch(function () { /* told the pages */ }));
  if (d.jiedu !== "status") return;
  event.waitUntil(inUse().then(function (c) {
    event.source.postMessage(c ? { jiedu: "offline", state: "ready", version: c.version, bytes: c.bytes, files: c.files.length }
      : { jiedu: "offline", state: checking ? "saving" : "missing", done: progress.done, total: progress.total });
  }));
});
