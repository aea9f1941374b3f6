/*
 * Japanese search for Material for MkDocs, loaded before Material's bundle
 * (overrides/main.html).
 *
 * 1. Material's search runs in our worker (javascripts/search-worker.js), which cuts page text
 *    and queries with the vocabulary the build wrote into the index.
 * 2. The search index is requested only when the reader opens search (or arrives from a
 *    search result with ?h=), so pages that nobody searches from stay light.
 * 3. When nothing matches, or nothing matches well, the result list says so and points to the
 *    triage chart and to AWS Support.
 */
(function () {
  "use strict";

  var siteRoot = new URL("..", document.currentScript.src);
  var WORKER_URL = new URL("javascripts/search-worker.js", siteRoot).href;

  /* --- 1. Our worker instead of Material's ------------------------------------------------ */

  // Material reads the worker's URL from #__config when its bundle starts, after this script.
  var configElement = document.getElementById("__config");
  if (configElement) {
    var config = JSON.parse(configElement.textContent);
    config.search = WORKER_URL;
    configElement.textContent = JSON.stringify(config);
  }

  /* --- 2. Defer the search index ------------------------------------------------------ */

  var searchWanted = false;
  var waiting = [];

  function wantSearch() {
    if (searchWanted) return;
    searchWanted = true;
    waiting.splice(0).forEach(function (send) { send(); });
  }

  var INDEX_URL = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.deferUntilSearch = INDEX_URL.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (request.deferUntilSearch && !searchWanted) {
      waiting.push(function () { send.apply(request, args); });
      return;
    }
    return send.apply(request, args);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) wantSearch();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) wantSearch();
  });
  if (new URLSearchParams(location.search).has("h")) wantSearch();

  /* --- 3. Nothing (relevant) found --------------------------------------------------------- */

  // The worker answers {items, weak}: weak when no page covers what the reader typed.
  var lastResult = null;
  var realPostMessage = Worker.prototype.postMessage;
  var listening = new WeakSet();
  Worker.prototype.postMessage = function () {
    if (!listening.has(this)) {
      listening.add(this);
      this.addEventListener("message", function (event) {
        if (event.data && event.data.type === 3) {
          lastResult = event.data.data;
          showHelp();
        }
      });
    }
    return realPostMessage.apply(this, arguments);
  };

  function link(path, text) {
    return '<a href="' + new URL(path, siteRoot).href + '">' + text + "</a>";
  }

  function showHelp() {
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta) return;
    var help = document.querySelector(".search-ja-help");
    var empty = lastResult && lastResult.items.length === 0;
    var weak = lastResult && lastResult.items.length > 0 && lastResult.weak;
    if (!empty && !weak) {
      if (help) help.remove();
      return;
    }
    if (!help) {
      help = document.createElement("div");
      help.className = "search-ja-help";
      help.setAttribute("role", "status");
    }
    help.innerHTML =
      "<p>" + (empty
        ? "言葉を変えるか、症状を短く入れてみてください。"
        : "入力した言葉にぴったり合うページは見つかりませんでした（下は一部の言葉だけが合うページです）。") +
      "</p><ul><li>" + link("troubleshooting/", "サインインできないときの診断（フローチャート）で症状を選ぶ") +
      "</li><li>" + link("troubleshooting/support/", "AWS サポートに問い合わせる") + "</li></ul>";
    if (help.previousElementSibling !== meta) meta.after(help);
  }

  // Material may redraw the result list after our message handler ran; keep the help in place.
  function watchResults() {
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta || meta.dataset.searchJa) return;
    meta.dataset.searchJa = "watched";
    new MutationObserver(function () { showHelp(); })
      .observe(meta, { childList: true, characterData: true, subtree: true });
  }

  // With navigation.instant, document$ emits on every page; without it, once.
  function onEveryPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(fn);
    else document.addEventListener("DOMContentLoaded", fn);
  }
  document.addEventListener("DOMContentLoaded", function () { onEveryPage(watchResults); });

  window.searchJa = { wantSearch: wantSearch, workerUrl: WORKER_URL };
})();
