/*
 * The site's search worker: Material for MkDocs talks to it with its own worker protocol
 * (SETUP 0 → READY 1, QUERY 2 → RESULT 3), and renders what it answers. search-ja.js points
 * Material at this file instead of its Lunr worker.
 *
 * Page text and query go through the same two steps, so they meet in the same spelling:
 *   1. normalize(): the character normalisation of hooks/ja_normalize.py (same steps, same
 *      order; a test compares the two over the whole site);
 *   2. segment(): longest match against the vocabulary the build wrote into the index
 *      (hooks/search_vocabulary.py: Sudachi's normalised forms, the dictionary's other spellings
 *      and inflections, kana spellings, and the few domain terms no dictionary links).
 * A word matches a word, never a piece of one (なく inside 使えなくなった is not なくした).
 * Pieces of the query that the vocabulary does not know are dropped, never shown.
 *
 * While typing, the last word also matches the index's words it starts (パスワ → パスワード); an
 * unknown longer word is read through a one-character typo (athenticator → authenticator).
 *
 * Ranking: a section or page whose title, symptoms (front matter 'symptoms:'/'messages:') or
 * problem line ('problems:') says what the reader typed comes before one that only mentions the
 * words: the share of its own words the query names, the share of the query one title or
 * symptom names together, and the reader's phrase said word for word (できない, not したあと);
 * rare words weigh more than common ones. No page carries a hand-set weight (Material's
 * 'search: boost' is dropped from the index). Each result shows the one-line summary the build
 * wrote (problem line, description or first sentence).
 * (MiniSearch was tried in its place and ranked worse on the query sets: README.)
 */
(function (root) {
  "use strict";

  /* --- 1. Normalisation (mirror of hooks/ja_normalize.py) ------------------------------- */

  var VOICING = /[\uff9e\uff9f\u3099\u309a\u309b\u309c]/;
  var VU = [["ヴァ", "バ"], ["ヴィ", "ビ"], ["ヴェ", "ベ"], ["ヴォ", "ボ"], ["ヴ", "ブ"], ["ゔ", "ぶ"], ["ヵ", "カ"], ["ヶ", "ケ"]];
  var DIGITS = { "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var UNITS = { "十": 10, "百": 100, "千": 1000 };
  var NUMERAL = /[〇零一二三四五六七八九十百千]/;
  var KATAKANA_BEFORE = /[\u30a1-\u30fa\u30fc]/;
  var DASH = /[-\u2010\u2015\u2212\uff0d]/;
  var JA = /[\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff]/;
  var ALNUM = /[a-z0-9]/;

  // Each step rewrites [text, map] where map[i] is the index in the original of text[i].
  function step(chars, map, fn) {
    var outChars = [], outMap = [];
    fn(chars, map, function (text, origin) {
      for (var k = 0; k < text.length; k++) { outChars.push(text[k]); outMap.push(origin); }
    });
    return [outChars, outMap];
  }

  function numeral(run) {
    var i, c;
    var hasUnit = false;
    for (i = 0; i < run.length; i++) if (run[i] in UNITS) hasUnit = true;
    if (!hasUnit) return run.map(function (ch) { return String(DIGITS[ch]); }).join("");
    var total = 0, digit = null;
    for (i = 0; i < run.length; i++) {
      c = run[i];
      if (c in UNITS) { total += (digit === null ? 1 : digit) * UNITS[c]; digit = null; }
      else digit = (digit === null ? 0 : digit * 10) + DIGITS[c];
    }
    return String(total + (digit || 0));
  }

  function normalize(original) {
    // code units of the original (the site's text is in the Basic Multilingual Plane)
    var t = step(original.split(""), original.split("").map(function (_, i) { return i; }), function (cs, m, put) {
      for (var i = 0; i < cs.length;) {
        var j = i + 1;
        while (j < cs.length && VOICING.test(cs[j])) j++;
        put(cs.slice(i, j).join("").normalize("NFKC"), m[i]);
        i = j;
      }
    });
    t = step(t[0], t[1], function (cs, m, put) {
      for (var i = 0; i < cs.length; i++) put(/[A-Z]/.test(cs[i]) ? cs[i].toLowerCase() : cs[i], m[i]);
    });
    VU.forEach(function (pair) {
      t = step(t[0], t[1], function (cs, m, put) {
        for (var i = 0; i < cs.length;) {
          if (cs.slice(i, i + pair[0].length).join("") === pair[0]) { put(pair[1], m[i]); i += pair[0].length; }
          else { put(cs[i], m[i]); i++; }
        }
      });
    });
    t = step(t[0], t[1], function (cs, m, put) {
      for (var i = 0; i < cs.length; i++) put(i > 0 && DASH.test(cs[i]) && KATAKANA_BEFORE.test(cs[i - 1]) ? "ー" : cs[i], m[i]);
    });
    t = step(t[0], t[1], function (cs, m, put) {
      for (var i = 0; i < cs.length;) {
        if (!NUMERAL.test(cs[i])) { put(cs[i], m[i]); i++; continue; }
        var j = i;
        while (j < cs.length && NUMERAL.test(cs[j])) j++;
        put(numeral(cs.slice(i, j)), m[i]);
        i = j;
      }
    });
    t = step(t[0], t[1], function (cs, m, put) {
      for (var i = 0; i < cs.length; i++) {
        if (/\s/.test(cs[i])) {
          if (i > 0 && /\s/.test(cs[i - 1])) continue;
          put(" ", m[i]);
        } else put(cs[i], m[i]);
      }
    });
    t = step(t[0], t[1], function (cs, m, put) {
      for (var i = 0; i < cs.length; i++) {
        if (cs[i] === " " && i > 0 && i + 1 < cs.length &&
            ((JA.test(cs[i - 1]) && ALNUM.test(cs[i + 1])) || (ALNUM.test(cs[i - 1]) && JA.test(cs[i + 1])))) continue;
        put(cs[i], m[i]);
      }
    });
    return { text: t[0].join(""), map: t[1] };
  }

  /* --- 2. Vocabulary and segmentation ---------------------------------------------------- */

  var STOP = "", ATTACHED = "~";
  var table = new Map();  // normalised spelling -> [keys], STOP, or ATTACHED + lemma (~出来る)

  function attached(keys) { return typeof keys === "string" && keys.charAt(0) === ATTACHED; }
  var longest = 1;

  function englishKey(word) {
    return word.length > 3 && /s$/.test(word) && !/ss$/.test(word) ? word.slice(0, -1) : word;
  }

  function loadVocabulary(encoded) {
    table = new Map();
    longest = 1;
    encoded.split("\n").forEach(function (line) {
      var fields = line.split("\t");
      var key = fields[0];
      if (key[0] === "+") { key = key.slice(1); fields.push(key); }
      var value = key === STOP || attached(key) ? key : key.split(" ");
      for (var i = 1; i < fields.length; i++) {
        table.set(fields[i], value);
        if (fields[i].length > longest) longest = fields[i].length;
      }
    });
  }

  // Units of a normalised text: {start, end, keys} where keys is an array of keys, STOP,
  // ATTACHED, or null for a Japanese piece the vocabulary does not know.
  function segment(text) {
    var units = [];
    var i = 0;
    while (i < text.length) {
      var c = text[i];
      if (!JA.test(c) && !ALNUM.test(c)) { i++; continue; }
      var found = null;
      for (var len = Math.min(longest, text.length - i); len > 0; len--) {
        var piece = text.substr(i, len);
        var value = table.get(piece);
        if (value === undefined) continue;
        if (ALNUM.test(piece[0]) && i > 0 && ALNUM.test(text[i - 1])) continue;
        if (ALNUM.test(piece[len - 1]) && ALNUM.test(text[i + len] || "")) continue;
        found = { start: i, end: i + len, keys: value, text: piece };
        break;
      }
      if (!found && ALNUM.test(c)) {
        var j = i;
        while (j < text.length && ALNUM.test(text[j])) j++;
        found = { start: i, end: j, keys: [englishKey(text.slice(i, j))] };
      }
      if (!found) {
        var last = units[units.length - 1];
        if (last && last.keys === null && last.end === i) last.end = i + 1;
        else units.push({ start: i, end: i + 1, keys: null });
        i++;
        continue;
      }
      units.push(found);
      i = found.end;
    }
    return foldIntoUnknown(units);
  }

  // A single kanji right next to a piece the vocabulary does not know is part of that unknown
  // word (勝手 is not 手), not a word of its own.
  function foldIntoUnknown(units) {
    var out = [];
    units.forEach(function (u, i) {
      var single = Array.isArray(u.keys) && u.end - u.start === 1 && /[\u3005\u4e00-\u9fff]/.test(u.text);
      var before = out[out.length - 1], after = units[i + 1];
      var nextToUnknown = (before && before.keys === null && before.end === u.start) ||
        (after && after.keys === null && after.start === u.end);
      if (single && nextToUnknown) u = { start: u.start, end: u.end, keys: null };
      if (u.keys === null && before && before.keys === null && before.end === u.start) before.end = u.end;
      else out.push(u);
    });
    return out;
  }

  function analyse(original) {
    var n = normalize(original);
    return { original: original, text: n.text, map: n.map, units: segment(n.text) };
  }

  function keysOf(analysis) {
    var keys = new Map();
    analysis.units.forEach(function (u) {
      if (Array.isArray(u.keys)) u.keys.forEach(function (k) { keys.set(k, (keys.get(k) || 0) + 1); });
    });
    return keys;
  }

  /* --- 3. The index ------------------------------------------------------------------- */

  // The build writes plain text (hooks/japanese_search.py, rewrite_search_index).
  var docs = [];     // {location, path, title, text, page, analyses and keys of each field}
  var pages = new Map();  // path -> {article, docs, keys: Set}

  var vocabularyWords = [];  // vocabulary spellings long enough to correct a typo towards
  var allKeys = new Set();    // every key of the index, for prefix matching while typing

  function setup(index) {
    loadVocabulary((index.config.ja || {}).vocabulary || "");
    vocabularyWords = [];
    table.forEach(function (value, spelling) {
      if (Array.isArray(value) && typoCandidate(spelling)) vocabularyWords.push(spelling);
    });
    allKeys = new Set();
    docs = [];
    pages = new Map();
    index.docs.forEach(function (raw) {
      var path = raw.location.split("#")[0];
      var doc = {
        location: raw.location, path: path, title: raw.title, text: raw.text || "",
        summary: raw.summary || ""
      };
      doc.summaryA = analyse(doc.summary);
      doc.titleA = analyse(doc.title);
      doc.textA = analyse(doc.text);
      doc.tagsA = (raw.tags || []).map(analyse);
      doc.titleKeys = keysOf(doc.titleA);
      doc.textKeys = keysOf(doc.textA);
      doc.tagKeys = doc.tagsA.map(keysOf);
      doc.phrases = [doc.titleA].concat(doc.tagsA).map(phrase);
      doc.summaryKeys = keysOf(doc.summaryA);
      var page = pages.get(path);
      if (!page) {
        page = { article: doc, docs: [], keys: new Set() };
        pages.set(path, page);
      }
      doc.page = page;
      page.docs.push(doc);
      [doc.titleKeys, doc.textKeys].concat(doc.tagKeys).forEach(function (m) {
        m.forEach(function (_, k) { page.keys.add(k); allKeys.add(k); });
      });
      docs.push(doc);
    });
  }

  // A text as a phrase: its words and the function words attached to them (できない is
  // 出来る + 無い, したあと is 為る + た + 後), in order, particles and unknown pieces left out;
  // so 「ログイン出来ない」 and the symptom 「サインインできない」 are the same phrase.
  var SEP = "\u0000";
  function phrase(a) {
    var parts = [];
    a.units.forEach(function (u) {
      if (Array.isArray(u.keys)) parts.push(u.keys.join(" "));
      else if (attached(u.keys)) parts.push(u.keys);
    });
    return { text: SEP + parts.join(SEP) + SEP, parts: parts };
  }

  // The share of the reader's phrase that a doc's title or one of its symptoms says word for
  // word: the longest stretch of it (two words or more, one of them a content word) found there,
  // over the phrase's length. 1 when a title or symptom says the whole phrase.
  function phraseShare(doc, asked) {
    var n = asked.parts.length;
    for (var len = n; len >= 2; len--) {
      for (var i = 0; i + len <= n; i++) {
        var stretch = asked.parts.slice(i, i + len);
        if (stretch.every(attached)) continue;
        var needle = SEP + stretch.join(SEP) + SEP;
        if (doc.phrases.some(function (p) { return p.text.indexOf(needle) >= 0; })) return len / n;
      }
    }
    return 0;
  }

  function pageFrequency(key) {
    var n = 0;
    pages.forEach(function (p) { if (p.keys.has(key)) n++; });
    return n;
  }

  /* --- 4. Queries ------------------------------------------------------------------------ */

  // A single kanji glued to another kanji word is a piece of a compound the vocabulary does not
  // know (書 in 請求書, 用 in 初回用): not a word of its own, so 請求書 does not find 証明書.
  var KANJI = /[\u3005\u4e00-\u9fff]/;
  function compoundPiece(a, i) {
    var u = a.units[i];
    if (!Array.isArray(u.keys) || u.end - u.start !== 1 || !KANJI.test(a.text[u.start])) return false;
    var glued = function (v, at) { return v && Array.isArray(v.keys) && KANJI.test(a.text[at] || ""); };
    var before = a.units[i - 1], after = a.units[i + 1];
    return (glued(before, u.start - 1) && before.end === u.start) ||
      (glued(after, u.end) && after.start === u.end);
  }

  // The words the reader typed (content units, merged when two spell the same keys), and the
  // runs they stand in as typed: a run is what lies between particles, spaces and punctuation
  // (「請求書」, 「分からない」, 「ルートユーザー」), so the reader is only ever shown whole words.
  function queryWords(query) {
    var a = analyse(query);
    var words = [], runs = [], run = null;
    a.units.forEach(function (u, i) {
      if (u.keys === STOP) { run = null; return; }
      if (!run || run.end !== u.start) {
        run = { start: u.start, end: u.end, words: [] };
        runs.push(run);
      }
      run.end = u.end;
      if (attached(u.keys) || compoundPiece(a, i)) return;
      var keys = u.keys === null ? [] : u.keys;
      var id = keys.join(" ") || "?" + query.slice(a.map[u.start], a.map[u.end - 1] + 1);
      var word = words.filter(function (w) { return w.id === id; })[0];
      if (!word) {
        word = { id: id, keys: keys, known: keys.length > 0, text: a.text.slice(u.start, u.end) };
        words.push(word);
      }
      if (run.words.indexOf(word) < 0) run.words.push(word);
    });
    runs.forEach(function (r) {
      r.shown = query.slice(a.map[r.start], a.map[r.end - 1] + 1);
      r.text = a.text.slice(r.start, r.end);
    });
    words.runs = runs.filter(function (r) { return r.words.length; });
    resolveTypos(words);
    addPrefix(words, query);
    return words;
  }

  /* One-character typos, in longer words only: an English word of 5+ letters or a katakana word
     of 4+ characters that the index does not have is read as the vocabulary word one edit away
     (athenticator → authenticator, pasword → password). */
  function typoCandidate(text) {
    return /^[a-z]{5,}$/.test(text) || /^[\u30a1-\u30fa\u30fc]{4,}$/.test(text);
  }

  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (b.length > a.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  function resolveTypos(words) {
    words.forEach(function (w) {
      var inIndex = w.keys.some(function (k) { return allKeys.has(k); });
      if (inIndex || !typoCandidate(w.text)) return;
      for (var i = 0; i < vocabularyWords.length; i++) {
        if (oneEditApart(w.text, vocabularyWords[i])) {
          w.keys = table.get(vocabularyWords[i]);
          w.known = true;
          w.id = w.keys.join(" ");
          return;
        }
      }
    });
  }

  // While typing (no space after the last word): the last run as typed so far also stands for
  // the index's words that start with it (パスワ → パスワード), when it is not a word itself
  // (neither a vocabulary spelling nor a word of the index: MFA is whole, not the start of MFAQ).
  function addPrefix(words, query) {
    var run = words.runs[words.runs.length - 1];
    if (!run || /\s$/.test(query) || run.text.length < 2 || table.has(run.text)) return;
    // a word the index has as typed (English words are not in the vocabulary: mfa, cookie) is whole
    var whole = run.words.length === 1 && run.words[0].keys.length &&
      run.words[0].keys.every(function (k) { return allKeys.has(k); });
    if (whole) return;
    var keys = [];
    allKeys.forEach(function (k) { if (keys.length < 8 && k.length > run.text.length && k.indexOf(run.text) === 0) keys.push(k); });
    if (!keys.length) return;
    var word = { id: "prefix " + run.text, keys: keys, known: true, text: run.text, prefix: true };
    var kept = words.filter(function (w) { return run.words.indexOf(w) < 0; });
    run.words = [word];
    words.splice(0, words.length);
    kept.concat([word]).forEach(function (w) { words.push(w); });
  }

  // How strongly a doc states one key: in its title or in a symptom it is the topic; in the
  // page title it frames every section; in the body it is mentioned.
  function strength(doc, key) {
    var best = 0;
    if (doc.titleKeys.has(key)) best = 1;
    if (doc.tagKeys.some(function (m) { return m.has(key); })) best = Math.max(best, 1);
    if (doc !== doc.page.article && doc.page.article.titleKeys.has(key)) best = Math.max(best, 0.6);
    var tf = doc.textKeys.get(key) || 0;
    if (tf) best = Math.max(best, Math.min(0.3 + 0.1 * Math.log2(tf), 0.5));
    return best;
  }

  function wordStrength(doc, word) {
    if (!word.known) return 0;
    if (word.prefix) return Math.max.apply(null, word.keys.map(function (k) { return strength(doc, k); }));
    var first = strength(doc, word.keys[0]);
    if (word.keys.length === 1) return first;
    var rest = word.keys.slice(1).map(function (k) { return strength(doc, k); });
    var mean = rest.reduce(function (a, b) { return a + b; }, 0) / rest.length;
    return Math.max(first, mean);
  }

  // The share of a field's own words that the query names: 1 when a symptom or title says
  // exactly what the reader typed.
  function precision(fieldKeys, words) {
    var own = 0, named = 0;
    fieldKeys.forEach(function (_, k) {
      own++;
      if (words.some(function (w) { return w.keys.indexOf(k) >= 0; })) named++;
    });
    return own ? named / own : 0;
  }

  // The share of the reader's words (weighted by rarity) that one field says together: a title
  // or a symptom naming ルート, パスワード and 忘れる beats a page whose symptoms name them one
  // in each.
  function together(fieldKeys, words, weightSum) {
    var said = 0;
    words.forEach(function (w) {
      if (w.keys.some(function (k) { return fieldKeys.has(k); })) said += w.idf;
    });
    return said / weightSum;
  }

  function search(query) {
    var words = queryWords(query);
    if (!words.length) return { items: [], weak: false };
    var total = pages.size || 1;
    var maxIdf = Math.log(1 + total);
    words.forEach(function (w) {
      var df = 0;
      w.keys.forEach(function (k) { df = Math.max(df, pageFrequency(k)); });
      w.idf = df ? Math.log(1 + total / df) : maxIdf;
      w.inIndex = df > 0;
    });
    var weightSum = words.reduce(function (a, w) { return a + w.idf; }, 0);
    // A title or symptom that says the reader's phrase word for word says what the reader has:
    // 「サインインできない」 is the triage page's title and symptom, 「サインインとは」 only shares a word.
    var asked = phrase(analyse(query));
    var scored = [];
    docs.forEach(function (doc) {
      var sum = 0;
      var strengths = words.map(function (w) {
        var s = wordStrength(doc, w);
        sum += w.idf * s;
        return s;
      });
      if (sum <= 0) return;
      var base = sum / weightSum;
      var fields = [doc.titleKeys].concat(doc.tagKeys);
      var stated = 0, joint = 0;
      fields.forEach(function (m) {
        stated = Math.max(stated, precision(m, words));
        joint = Math.max(joint, together(m, words, weightSum));
      });
      // a page's description says what the page is about, too (together only: it is longer)
      if (doc === doc.page.article) joint = Math.max(joint, together(doc.summaryKeys, words, weightSum));
      var phraseBonus = phraseShare(doc, asked);
      scored.push({ doc: doc, base: base, phrase: phraseBonus, strengths: strengths,
                    score: base + 0.15 * stated + 0.15 * joint + 0.1 * phraseBonus });
    });
    // The section linked under a page that wins on its symptoms: the one whose heading names
    // the most of the reader's words that the page title does not (then the most of the phrase
    // word for word, then the score): the heading says what the section answers.
    var best = new Map(), sections = new Map();
    scored.forEach(function (s) {
      var current = best.get(s.doc.path);
      if (!current || s.score > current.score) best.set(s.doc.path, s);
      if (s.doc === s.doc.page.article) return;
      s.heading = words.filter(function (w) {
        return w.keys.some(function (k) { return s.doc.titleKeys.has(k) && !s.doc.page.article.titleKeys.has(k); });
      }).length + s.phrase;
      if (!s.heading) return;
      var section = sections.get(s.doc.path);
      if (!section || s.heading > section.heading || (s.heading === section.heading && s.score > section.score)) {
        sections.set(s.doc.path, s);
      }
    });
    var ranked = Array.from(best.values()).sort(function (a, b) { return b.score - a.score; });
    if (!ranked.length) return { items: [], weak: true };
    var top = ranked[0].score;
    ranked = ranked.filter(function (s) { return s.score >= 0.25 * top; }).slice(0, 10);
    return {
      items: ranked.map(function (s) { return render(s, words, sections); }),
      weak: ranked[0].base < 0.6
    };
  }

  /* The lines of 症状から探す that say every word the reader typed (symptoms-filter.js): the
     same words as search (normalisation, vocabulary, prefix while typing, typos), but a filter,
     not a ranking. A line is kept when its own words (its title here) name each word; when no
     line does, the lines whose page's words (title, symptoms, messages: the tags) name them.
     Pieces the vocabulary does not know (できん, typos it cannot place) are left out, as search
     leaves them out; when nothing the reader typed is known, no line is kept. */
  function filter(query) {
    var words = queryWords(query);
    if (!words.length) return null;  // only particles or spaces: every line
    var known = words.filter(function (w) { return w.known; });
    if (!known.length) return [];
    var saysAll = function (fieldsOf) {
      return docs.filter(function (doc) {
        return known.every(function (w) {
          return fieldsOf(doc).some(function (m) { return w.keys.some(function (k) { return m.has(k); }); });
        });
      }).map(function (doc) { return doc.location; });
    };
    var own = saysAll(function (doc) { return [doc.titleKeys]; });
    return own.length ? own : saysAll(function (doc) { return [doc.titleKeys, doc.textKeys].concat(doc.tagKeys); });
  }

  /* --- 5. Results as Material renders them ------------------------------------------------ */

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function matchedKeys(words, strengths) {
    var keys = new Set();
    words.forEach(function (w, i) { if (strengths[i] > 0) w.keys.forEach(function (k) { keys.add(k); }); });
    return keys;
  }

  // Mark the units of an analysed text whose keys the reader asked for, within [from, to).
  function marked(a, keys, from, to) {
    var out = "", cursor = from;
    a.units.forEach(function (u) {
      if (!Array.isArray(u.keys) || !u.keys.some(function (k) { return keys.has(k); })) return;
      var s = a.map[u.start], e = a.map[u.end - 1] + 1;
      if (s < cursor || e > to) return;
      out += escapeHtml(a.original.slice(cursor, s)) + "<mark>" + escapeHtml(a.original.slice(s, e)) + "</mark>";
      cursor = e;
    });
    return out + escapeHtml(a.original.slice(cursor, to));
  }

  // How many of the asked-for keys a stretch of an analysed text names (each counted once).
  function unitsIn(a, keys, from, to) {
    var seen = new Set();
    a.units.forEach(function (u) {
      if (Array.isArray(u.keys) && a.map[u.start] >= from && a.map[u.end - 1] < to) {
        u.keys.forEach(function (k) { if (keys.has(k)) seen.add(k); });
      }
    });
    return seen.size;
  }

  // The result's one line: the section's problem line, the page's description or the first
  // sentence under the heading (written by the build), with the reader's words marked.
  function snippet(doc, keys) {
    return doc.summary ? "<p>" + marked(doc.summaryA, keys, 0, doc.summary.length) + "</p>" : "";
  }

  // Material shows false entries as 「検索に含まれない」 and puts true ones in ?h= to highlight
  // the page: true entries are the page's own spellings of the words it has; false ones are
  // whole runs as the reader typed them, when none of their words is on the page. Words the
  // site does not have anywhere are left out.
  function terms(doc, words, strengths) {
    var result = {};
    words.forEach(function (w, i) {
      if (!(strengths[i] > 0)) return;
      var spelled = null;
      [doc.titleA, doc.page.article.titleA, doc.summaryA, doc.textA].concat(doc.tagsA).some(function (a) {
        return a.units.some(function (u) {
          if (Array.isArray(u.keys) && u.keys.some(function (k) { return w.keys.indexOf(k) >= 0; })) {
            spelled = a.original.slice(a.map[u.start], a.map[u.end - 1] + 1);
            return true;
          }
          return false;
        });
      });
      if (spelled) result[spelled] = true;
    });
    words.runs.forEach(function (run) {
      var here = run.words.some(function (w) { return strengths[words.indexOf(w)] > 0; });
      var known = run.words.some(function (w) { return w.inIndex; });
      if (!here && known) result[run.shown] = false;
    });
    return result;
  }

  // One page, one result: the article, or the best section under its page title. When the
  // article wins on its symptoms, a section whose own title names the words is linked too
  // (Material folds it under 「さらに表示」, one line).
  function render(scored, words, sections) {
    var doc = scored.doc;
    var keys = matchedKeys(words, scored.strengths);
    var item = {
      location: doc.location,
      title: marked(doc.titleA, keys, 0, doc.title.length),
      text: snippet(doc, keys),
      score: scored.score,
      terms: terms(doc, words, scored.strengths)
    };
    var article = doc.page.article;
    if (doc !== article) {
      return [item, { location: article.location, title: escapeHtml(article.title), text: "", score: 0, terms: {} }];
    }
    var section = sections.get(doc.path);
    if (!section) return [item];
    var sectionKeys = matchedKeys(words, section.strengths);
    return [item, {
      location: section.doc.location,
      title: marked(section.doc.titleA, sectionKeys, 0, section.doc.title.length),
      text: "", score: scored.score * 0.9, terms: terms(section.doc, words, section.strengths)
    }];
  }

  /* --- 6. Worker protocol ------------------------------------------------------------------ */

  // Material's: SETUP 0 -> READY 1, QUERY 2 -> RESULT 3. Ours, for 症状から探す (symptoms-filter.js,
  // which sets the worker up with the index's vocabulary and the list's lines as its documents):
  // FILTER 4 (the query) -> LINES 5 ({query, lines: the locations kept, or null for all}).

  var api = { normalize: normalize, loadVocabulary: loadVocabulary, segment: segment, analyse: analyse,
              queryWords: queryWords, setup: setup, search: search, filter: filter };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else if (typeof root.postMessage === "function" && typeof root.document === "undefined") {
    root.addEventListener("message", function (event) {
      var message = event.data;
      if (message.type === 0) {
        setup(message.data);
        root.postMessage({ type: 1 });
      } else if (message.type === 2) {
        var result;
        try {
          result = search(String(message.data));
        } catch (error) {
          console.warn("search-worker: " + error);
          result = { items: [], weak: true };
        }
        root.postMessage({ type: 3, data: result });
      } else if (message.type === 4) {  // 症状から探す's filter box: FILTER 4 -> LINES 5
        root.postMessage({ type: 5, data: { query: message.data, lines: filter(String(message.data)) } });
      }
    });
  }
})(this);
