/*
 * 症状から探す's filter box (the list is written by hooks/symptoms_page.py): the list narrows
 * as the reader types, to the lines that say every word typed.
 *
 * The words are read by the search worker itself (javascripts/search-worker.js), so the filter
 * and search understand a reader the same way: one normalisation, one vocabulary, prefix
 * matching while typing and one-character typos. This script starts a worker of its own when
 * the reader first focuses the box, sets it up with the index's vocabulary and the list's lines
 * as its documents, and asks it which lines to keep (FILTER 4 -> LINES 5). Until the worker is
 * ready, the whole list stays.
 *
 * Readers without JavaScript see the whole list; the box is hidden until this script shows it.
 * Runs on every page Material shows (document$, instant navigation included).
 */
(function () {
  "use strict";

  var siteRoot = new URL("..", document.currentScript.src);
  var WORKER_URL = new URL("javascripts/search-worker.js", siteRoot).href;
  var INDEX_URL = new URL("search/search_index.json", siteRoot).href;
  var SETUP = 0, READY = 1, FILTER = 4, LINES = 5;
  var ANNOUNCE_AFTER_MS = 400;  // say the count once the reader pauses, not at every key

  // One worker for the whole visit: the lines are the same every time the page is shown.
  var worker = null, ready = false, failed = false, current = null;

  function lineDocs(items) {
    return items.map(function (li, i) {
      return { location: String(i), title: li.textContent, text: "", tags: [li.getAttribute("data-words") || ""] };
    });
  }

  function startWorker(items) {
    if (worker || failed) return;
    worker = new Worker(WORKER_URL);
    worker.addEventListener("message", function (event) {
      var message = event.data;
      if (message.type === READY) {
        ready = true;
        if (current) current.apply();
      } else if (message.type === LINES && current) {
        current.show(message.data);
      }
    });
    fetch(INDEX_URL)
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (index) { worker.postMessage({ type: SETUP, data: { config: index.config, docs: lineDocs(items) } }); })
      .catch(function () {
        failed = true;
        if (current) current.unavailable();
      });
  }

  function mount(box) {
    if (box.dataset.mounted) return;
    box.dataset.mounted = "true";
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var none = document.querySelector(".symptom-filter__none");
    var items = [].slice.call(document.querySelectorAll(".symptom-lines > li"));
    var groups = [].slice.call(document.querySelectorAll(".symptom-group"));
    var timer = null;

    function say(text) {
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = text; }, ANNOUNCE_AFTER_MS);
    }

    // data: {query, lines: the kept lines' locations, or null for all}; answers to an earlier
    // query than the box now holds are dropped.
    function show(data) {
      if (data.query !== input.value) return;
      var kept = data.lines === null ? null : new Set(data.lines);
      var count = 0;
      items.forEach(function (li, i) {
        var visible = kept === null || kept.has(String(i));
        li.hidden = !visible;
        if (visible) count++;
      });
      groups.forEach(function (group) { group.hidden = !group.querySelector(".symptom-lines > li:not([hidden])"); });
      none.hidden = count > 0;
      if (!input.value.trim()) say("すべての症状（" + count + " 件）を表示しています。");
      else say(count ? count + " 件の症状が当てはまります。" : "当てはまる症状はありません。");
    }

    function apply() {
      if (!input.value.trim()) show({ query: input.value, lines: null });
      else if (ready) worker.postMessage({ type: FILTER, data: input.value });
    }

    current = {
      apply: apply,
      show: show,
      unavailable: function () {
        show({ query: input.value, lines: null });
        clearTimeout(timer);
        status.textContent = "絞り込みを読み込めませんでした。一覧はすべて表示しています。";
      }
    };
    input.addEventListener("focus", function () { startWorker(items); });
    input.addEventListener("input", function () { startWorker(items); apply(); });
    box.hidden = false;
    if (input.value) { startWorker(items); apply(); }  // kept by the browser on back/forward
  }

  window.document$.subscribe(function () {
    var box = document.querySelector("[data-symptom-filter]");
    if (box) mount(box);
    else current = null;
  });
})();
