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

  // Material's worker cuts the index with TinySegmenter but the query only at spaces (and
  // Han runs against the index), so "ログインできない" reaches it as one term and finds
  // nothing. The query is cut here the same way the index was, normalised, and given the
  // words readers use for the words the pages use.
  var segmenter = null;
  var vocabulary = new Set();  // katakana words of the index, to split compounds like ルートパスワード

  function ensureQueryTools() {
    if (segmenter || document.querySelector("script[data-search-ja-segmenter]")) return;
    var created = !window.lunr;
    if (created) window.lunr = {};
    var script = document.createElement("script");
    script.src = new URL("assets/javascripts/lunr/tinyseg.js", siteRoot).href;
    script.setAttribute("data-search-ja-segmenter", "");
    script.onload = function () {
      if (window.lunr.TinySegmenter) segmenter = new window.lunr.TinySegmenter();
      if (created) delete window.lunr;
    };
    document.head.appendChild(script);
  }

  // NFKC folds full-width Latin and digits and half-width katakana (ＩＡＭ → IAM, ﾛｸﾞｲﾝ → ログイン).
  var PUNCTUATION = /[「」『』【】（）()［］\[\]{}〈〉《》、。，．,.!?！？・:：;；"'“”‘’…〜~^*+=<>|\\\/]/g;
  var VU = [[/ヴァ/g, "バ"], [/ヴィ/g, "ビ"], [/ヴェ/g, "ベ"], [/ヴォ/g, "ボ"], [/ヴ/g, "ブ"]];
  // Particles and endings that carry no topic; dropped so they do not pull in every page.
  var STOP = new Set(("の を が は に で と も へ や か ね よ な だ た て し する した して します です ます ませ ん " +
    "たい とは って から まで など 場合 方法 a an the to in on as of for my i is it how what " +
    "can can't cannot not do does").split(" "));
  // Words readers type -> words the pages use. Keys are matched after normalisation.
  var SYNONYMS = {
    "ログイン": ["サインイン"], "ログオン": ["サインイン"], "サインオン": ["サインイン"],
    "2段階": ["mfa"], "二段階": ["mfa"], "2要素": ["mfa"], "多要素": ["mfa"], "ワンタイム": ["mfa"],
    "2fa": ["mfa"], "二要素": ["mfa"],
    "なくし": ["紛失"], "無くし": ["紛失", "なくし"], "失くし": ["紛失", "なくし"], "紛失": ["なくし"],
    "わから": ["分から"], "わすれ": ["忘れ"],
    "root": ["ルート"], "password": ["パスワード"], "passwd": ["パスワード"],
    "reset": ["リセット"], "forgot": ["忘れ"], "forget": ["忘れ"], "forgotten": ["忘れ"],
    "sign": ["サインイン"], "signin": ["サインイン"], "login": ["サインイン", "ログイン"], "log": ["サインイン"],
    "support": ["サポート"], "contact": ["問い合わせ"], "account": ["アカウント"], "user": ["ユーザー"],
    "browser": ["ブラウザ"], "cache": ["キャッシュ"], "cookie": ["クッキー"], "クッキー": ["cookie"],
    "email": ["メール"], "mail": ["メール"], "lost": ["なくし", "紛失"], "alias": ["エイリアス"],
    "captcha": ["セキュリティチェック"], "sso": ["アクセスポータル", "identity"],
    "portal": ["アクセスポータル"], "name": ["名"], "username": ["ユーザー", "名"]
  };

  function scriptOf(char) {
    if (/[\u30A1-\u30FA\u30FC]/.test(char)) return "K";
    if (/[\u3041-\u3096]/.test(char)) return "I";
    if (/[\u4E00-\u9FFF\u3005]/.test(char)) return "H";
    return "A";
  }

  // Without TinySegmenter (not loaded yet), cut where the script changes.
  function splitScripts(text) {
    var parts = [], current = "";
    for (var i = 0; i < text.length; i++) {
      if (current && scriptOf(text[i]) !== scriptOf(current[current.length - 1])) {
        parts.push(current);
        current = "";
      }
      current += text[i];
    }
    if (current) parts.push(current);
    return parts;
  }

  // Split a katakana compound into the longest words the index knows (left to right).
  function splitKatakana(word) {
    if (word.length < 4 || vocabulary.has(word)) return [word];
    var parts = [], start = 0;
    while (start < word.length) {
      var end = word.length;
      while (end > start + 1 && !vocabulary.has(word.slice(start, end))) end--;
      parts.push(word.slice(start, end));
      start = end;
    }
    return parts.every(function (p) { return p.length > 1; }) ? parts : [word];
  }

  // A final ー is written or left out at will (ユーザ / ユーザー): drop it, the worker adds a
  // prefix wildcard, so the shorter form finds both.
  function dropLongVowel(token) {
    return /^[\u30A1-\u30FA\u30FC]{3,}ー$/.test(token) ? token.slice(0, -1) : token;
  }

  function cut(run) {
    // ASCII runs (IAM, 12, root) stay whole, as the index keeps them; Japanese runs are cut
    // by TinySegmenter like the index, then at script changes, then katakana compounds.
    if (/^[\x00-\x7F]+$/.test(run)) return [run];
    var tokens = [];
    (segmenter ? segmenter.segment(run) : splitScripts(run)).forEach(function (segment) {
      splitScripts(segment.trim()).forEach(function (part) {
        tokens.push.apply(tokens, scriptOf(part[0]) === "K" ? splitKatakana(part) : [part]);
      });
    });
    return tokens;
  }

  function prepareQuery(query) {
    var text = query.normalize("NFKC").toLowerCase().replace(PUNCTUATION, " ");
    VU.forEach(function (pair) { text = text.replace(pair[0], pair[1]); });
    var tokens = [];
    text.split(/\s+/).forEach(function (piece) {
      piece.split(/([\x00-\x7F]+)/).forEach(function (run) {
        if (run) tokens.push.apply(tokens, cut(run));
      });
    });
    var out = [];
    function add(token) {
      token = dropLongVowel(token);
      // a lone hiragana is an inflection fragment (さ れ た …): its prefix matches everything
      if (/^[\u3041-\u3096]$/.test(token)) return;
      if (token && !STOP.has(token) && out.indexOf(token) < 0) out.push(token);
    }
    tokens.forEach(add);
    Object.keys(SYNONYMS).forEach(function (key) {
      var found = /^[\x00-\x7F]+$/.test(key) ? tokens.indexOf(key) >= 0 : text.indexOf(key) >= 0;
      if (found) SYNONYMS[key].forEach(add);
    });
    return out.join(" ") || query;
  }

  var KATAKANA_RUN = /[\u30A1-\u30FA\u30FC]{2,}/g;

  function learnVocabulary(index) {
    (index.docs || []).forEach(function (doc) {
      var text = [doc.title, doc.text].concat(doc.tags || []).join(" ");
      (text.match(KATAKANA_RUN) || []).forEach(function (word) { vocabulary.add(word); });
    });
  }

  var realPostMessage = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && typeof message === "object") {
      if (message.type === 0 && message.data && message.data.docs) learnVocabulary(message.data);
      if (message.type === 2 && typeof message.data === "string") {
        arguments[0] = { type: 2, data: prepareQuery(message.data) };
      }
    }
    return realPostMessage.apply(this, arguments);
  };

  /* --- 3. When nothing is found ----------------------------------------------------- */

  // Instead of a bare 「何も見つかりませんでした」, point to the triage flowchart and the
  // symptom list, which need no search words at all.
  function showHelpWhenEmpty() {
    var meta = document.querySelector(".md-search-result__meta");
    var config = document.getElementById("__config");
    if (!meta || !config) return;
    var none = JSON.parse(config.textContent).translations["search.result.none"];
    var help = document.createElement("div");
    help.className = "search-ja-help";
    help.innerHTML =
      '<p>言葉を変えるか、単語の間にスペースを入れてみてください。次のページからも探せます。</p><ul>' +
      '<li><a href="' + new URL("troubleshooting/", siteRoot).href + '">サインインできないときの診断（フローチャート）</a></li>' +
      '<li><a href="' + new URL("symptoms/", siteRoot).href + '">症状から探す（よくある言い方とメッセージの一覧）</a></li></ul>';
    new MutationObserver(function () {
      var empty = meta.textContent.trim() === none;
      if (empty && !help.isConnected) meta.after(help);
      if (!empty && help.isConnected) help.remove();
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }
  document.addEventListener("DOMContentLoaded", showHelpWhenEmpty);

  window.searchJa = { wantSearch: wantSearch, prepareQuery: function (q) { return prepareQuery(q); } };
})();
