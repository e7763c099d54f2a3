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
 * - above the site's budget (offline.json's "texts": hooks/jiedu/outputs/offlinetexts.py) the
 *   copy holds what every text needs and the texts the reader chose ("keep" messages from
 *   jiedu-offline.js); the choice is kept across builds ("chosen" beside the list), and a text
 *   let go is deleted from the copy (files other kept texts share stay).
 * The reader's settings (localStorage) are never touched. Only this site's caches are: their
 * names start with "jiedu " and this worker's scope, so two sites on one host keep theirs.
 */
"use strict";
var SCOPE = self.registration.scope;            /* e.g. https://user.github.io/repo/ */
var PREFIX = "jiedu " + SCOPE + " ";
var CURRENT = PREFIX + "current";
var LIST = new URL("offline.json", SCOPE).href;
var HASH = "x-jiedu-sha256";
var copy = null;                                /* the copy in use: withKept() */
var checking = null;                            /* the check under way (a promise) */
var progress = { done: 0, total: 0 };

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
}

/* The files of a build's list to keep: all, or above the budget what every text needs and
   the files of the texts chosen (site-relative URLs). */
function selection(data, chosen) {
  if (!data.texts) return data.files;
  var want = new Set(data.texts.common);
  data.texts.texts.forEach(function (t) {
    if (chosen.indexOf(t[0]) >= 0) t[2].forEach(function (i) { want.add(i); });
  });
  return data.files.filter(function (f, i) { return want.has(i); });
}

function withKept(data, chosen) {
  var known = data.texts ? data.texts.texts.map(function (t) { return t[0]; }) : [];
  chosen = chosen.filter(function (u) { return known.indexOf(u) >= 0; });
  var files = selection(data, chosen);
  return {
    version: data.version, data: data, chosen: chosen, files: files,
    bytes: files.reduce(function (n, f) { return n + f[1]; }, 0),
    kept: new Set(files.map(function (f) { return new URL(f[0], SCOPE).href; }))
  };
}

async function inUse() {
  if (copy) return copy;
  var r = await caches.match("list", { cacheName: CURRENT });
  if (r) {
    var saved = await r.json();  /* {data, chosen}; a copy saved before texts could be chosen: the list itself */
    copy = withKept(saved.data || saved, saved.chosen || []);
  }
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

async function save(data, chosen) {
  var name = PREFIX + data.version;
  var cache = await caches.open(name);
  var old = await saved();
  var next = withKept(data, chosen);
  var queue = next.files.slice();
  progress = { done: 0, total: queue.length };
  async function worker() {                      /* a few downloads at a time */
    while (queue.length) await keep(cache, data, queue.shift(), old);
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  /* the switch: one write names the complete copy; then the others go */
  var current = await caches.open(CURRENT);
  await current.put("list", new Response(JSON.stringify({ data: data, chosen: next.chosen }),
    { headers: { "content-type": "application/json" } }));
  copy = next;
  var names = await caches.keys();
  await Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CURRENT && n !== name; })
    .map(function (n) { return caches.delete(n); }));
  /* a text let go: its files leave the copy (those another kept text needs stay) */
  var stored = await cache.keys();
  await Promise.all(stored.filter(function (r) { return !next.kept.has(r.url); }).map(function (r) { return cache.delete(r); }));
  tell({ state: "ready", version: data.version });
}

/* One change of the copy at a time: a check for a new build, or a text kept or let go. */
function serially(work) {
  var run = (checking || Promise.resolve()).catch(function () {}).then(work);
  checking = run.catch(function (e) {
    tell({ state: "failed", error: String(e.message || e), saved: !!copy });
    throw e;
  }).finally(function () { if (checking === mine) checking = null; });
  var mine = checking;
  return checking;
}

async function choose(url, yes) {
  var now = await inUse();
  if (!now || !now.data.texts) return;
  var chosen = now.chosen.filter(function (u) { return u !== url; });
  if (yes) chosen.push(url);
  await save(now.data, chosen);
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
  return serially(async function () {
    var response = await fetch(LIST, { cache: "no-store", credentials: "same-origin" });
    if (response.status === 404) return retire();
    if (!response.ok) throw new Error("offline.json: HTTP " + response.status);
    var data = await response.json();
    var now = await inUse();
    if (!now || now.version !== data.version) await save(data, now ? now.chosen : []);
  });
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

/* What the reading options show: the copy, and whether the page asking is a text one can keep. */
function status(c, page) {
  var out = { jiedu: "offline", state: "ready", version: c.version, bytes: c.bytes, files: c.files.length };
  var t = c.data.texts;
  if (!t) return out;
  out.byText = true;
  out.zip = t.zip;
  out.common = t.common.reduce(function (n, i) { return n + c.data.files[i][1]; }, 0);
  out.kept = t.texts.filter(function (x) { return c.chosen.indexOf(x[0]) >= 0; }).map(function (x) { return [x[0], x[1]]; });
  var path = page ? page.split("#")[0].split("?")[0] : "";
  if (path.indexOf(SCOPE) === 0) path = path.slice(SCOPE.length);
  if (path === "" || path.slice(-1) === "/") path += "index.html";
  var here = t.texts.filter(function (x) { return x[0] === path; })[0];
  if (here) {
    out.here = { url: here[0], title: here[1], kept: c.chosen.indexOf(here[0]) >= 0, zip: here[3],
                 bytes: here[2].reduce(function (n, i) { return n + c.data.files[i][1]; }, 0) };
  }
  return out;
}

/* A page the copy does not hold, asked for without a network: a page saying so, not the
   browser's error page. */
function notSaved() {
  var home = SCOPE, byText = copy && copy.data && copy.data.texts;
  var saved = byText ? "The texts you chose to keep, what every text needs and search are saved"
                     : "Every text, the glossary and search are saved";
  var html = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Not saved for offline reading</title>' +
    '<body style="font: 16px/1.6 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #222">' +
    '<h1 style="font-size: 1.4rem">This page is not saved on this device</h1>' +
    '<p>You are offline, and this address is not part of the copy of the site kept here ' +
    '(it may be mistyped, or newer than the copy). ' + saved + ': ' +
    '<a href="' + home + '">go to the home page</a>.</p></body></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("message", function (event) {
  var d = event.data;
  if (!d || !event.source) return;
  if (d.jiedu === "check") event.waitUntil(check().catch(function () { /* told the pages */ }));
  if (d.jiedu === "keep" && typeof d.url === "string") {
    event.waitUntil(serially(function () { return choose(d.url, !!d.keep); }).catch(function () { /* told the pages */ }));
  }
  if (d.jiedu !== "status") return;
  event.waitUntil(inUse().then(function (c) {
    event.source.postMessage(c ? status(c, d.page)
      : { jiedu: "offline", state: checking ? "saving" : "missing", done: progress.done, total: progress.total });
  }));
});
