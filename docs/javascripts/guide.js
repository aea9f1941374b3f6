/*
 * Guided mode (質問に答えて解決): the site's charts as one conversation, a question at a time.
 *
 * The flowcheck hook writes each panel with its first step already drawn, and its chart's record
 * as JSON in a <template>; every chart's record is in guide-data.json, fetched the first time a
 * conversation goes on into a chart the page does not carry. This script walks the records with
 * the same rules as hooks/flowcheck/guide.py (guide_view):
 *   - a node with one way on is a thing to do: it is listed, and the walk goes on to the next
 *     question without a click;
 *   - an answer that ends on a page with a chart of its own goes on with that chart's questions;
 *   - an end is the result: the first lines of the section it links to, and the link.
 * Each step has its own URL (#guide-N/START/ANSWER/...; ~K picks the Kth chart of a page), so
 * Back, Forward, reload and shared links work. Set up through Material's document$, so it also
 * runs after instant navigation.
 */
(function () {
  "use strict";

  var CHOOSE_QUESTION = "当てはまるものを選んでください";
  var AGAIN = "この質問には前にも答えています。別の答えを選ぶか、上のページで詳しく読んでください。";
  var guides = [];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  // --- walking the data (same rules as guide.py) ---------------------------------------------
  // charts: chart id -> record ({title, page, start, nodes, links}); a chart not at hand stops
  // the walk as "missing".

  function settle(charts, chart, nodeId) {
    var steps = [], seen = {};
    for (;;) {
      if (!charts[chart]) return { kind: "missing", chart: chart, node: null, steps: steps };
      var node = charts[chart].nodes[nodeId];
      if (!node || seen[chart + " " + nodeId]) return { kind: "end", chart: chart, node: null, steps: steps };
      seen[chart + " " + nodeId] = true;
      if (node.q) return { kind: "question", chart: chart, node: nodeId, steps: steps };
      if (node.out) {
        steps.push([chart, nodeId]);
        nodeId = node.out[0][0];
        continue;
      }
      if (node.hop && node.hop.length === 1) {
        if (node.via) steps.push([chart, nodeId]);  // a section with its own chart: the box stays as a step
        chart = node.hop[0];
        nodeId = charts[chart] ? charts[chart].start : "";
        continue;
      }
      if (node.hop) {  // a choice shows each chart's first question: every one must be at hand
        var absent = node.hop.filter(function (c) { return !charts[c]; })[0];
        if (absent) return { kind: "missing", chart: absent, node: null, steps: steps };
        return { kind: "choose", chart: chart, node: nodeId, steps: steps, choices: node.hop };
      }
      return { kind: "result", chart: chart, node: nodeId, steps: steps };
    }
  }

  function view(charts, entry, path) {
    if (!path.length || !charts[entry] || path[0] !== charts[entry].start) return null;
    var current = settle(charts, entry, path[0]), trail = [];
    for (var i = 1; i < path.length; i++) {
      var step = path[i];
      if (current.kind === "question") {
        var node = charts[current.chart].nodes[current.node];
        var edge = (node.out || []).filter(function (e) { return e[0] === step; })[0];
        if (!edge) return null;
        trail.push({ question: node.label, answer: edge[1], path: path.slice(0, i), at: [current.chart, current.node] });
        current = settle(charts, current.chart, step);
      } else if (current.kind === "choose" && choice(step, current.choices.length)) {
        var picked = choice(step, current.choices.length), target = current.choices[picked[0] - 1];
        if (!charts[target]) return { kind: "missing", chart: target, node: null, steps: [], trail: trail, path: path };
        trail.push({ question: CHOOSE_QUESTION, answer: charts[target].title, path: path.slice(0, i),
                     at: [current.chart, current.node] });
        current = settle(charts, target, charts[target].start);
        if (picked[1] !== null) {  // the chart's first question, answered on the same step
          if (current.kind !== "question") return null;
          var first = charts[current.chart].nodes[current.node];
          var chosen = (first.out || []).filter(function (e) { return e[0] === picked[1]; })[0];
          if (!chosen) return null;
          trail[trail.length - 1] = { question: first.label, answer: chosen[1], path: path.slice(0, i),
                                      at: [current.chart, current.node] };
          current = settle(charts, current.chart, picked[1]);
        }
      } else {
        if (current.kind !== "missing") return null;
        break;
      }
    }
    current.trail = trail;
    current.path = path;
    current.again = trail.some(function (a) { return a.at[0] === current.chart && a.at[1] === current.node; });
    return current;
  }

  // "~N" picks chart N of the page; "~N:ANSWER" picks it and answers its first question at once.
  function choice(step, count) {
    var found = /^~([1-9][0-9]*)(?::(.+))?$/.exec(step);
    if (!found || +found[1] > count) return null;
    return [+found[1], found[2] === undefined ? null : found[2]];
  }

  // A choice among a page's charts: one group per chart, its first question with its answers (so
  // the choice costs no extra step), or the chart's title when it does not begin with a question.
  function choiceGroups(charts, current) {
    return current.choices.map(function (chart, i) {
      var first = charts[chart] ? settle(charts, chart, charts[chart].start) : { kind: "missing" };
      if (first.kind === "question" && !first.steps.length) {
        var node = charts[chart].nodes[first.node];
        return [node.label, node.out.map(function (e) { return ["~" + (i + 1) + ":" + e[0], e[1]]; })];
      }
      var title = charts[chart] ? charts[chart].title : chart;
      return [title, [["~" + (i + 1), title]]];
    });
  }

  function answers(charts, current) {
    if (current.kind === "question") {
      return (charts[current.chart].nodes[current.node].out || []).map(function (e) { return [e[0], e[1]]; });
    }
    if (current.kind === "choose") {
      return [].concat.apply([], choiceGroups(charts, current).map(function (group) { return group[1]; }));
    }
    return [];
  }

  // --- every chart's record, fetched the first time the conversation goes on into a chart the
  // page does not carry. One store for the whole visit (instant navigation keeps this script).

  var store = {}, pending = null;

  function load(url) {
    if (!pending) {
      pending = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      }).then(function (records) {
        Object.keys(records).forEach(function (id) { store[id] = records[id]; });
      }, function (error) {
        pending = null;
        throw error;
      });
    }
    return pending;
  }

  // --- one panel -------------------------------------------------------------------------------

  function Guide(root) {
    var template = root.querySelector("template.flow-guide__data");
    var data = JSON.parse(template.content ? template.content.textContent : template.textContent);
    Object.keys(data.charts).forEach(function (id) { if (!store[id]) store[id] = data.charts[id]; });
    this.root = root;
    this.data = data;
    this.entry = data.entry;
    this.prefix = "#guide-" + data.chart + "/";
    this.dataUrl = new URL(data.root + data.data, location.href).href;  // fixed now: the URL changes
    this.start = data.charts[data.entry].start;
    this.body = root.querySelector(".flow-guide__body");
    this.startHTML = this.body.innerHTML;  // the first step as written at build
    this.live = document.querySelector('[data-guide-live="' + data.chart + '"]');
    this.path = [this.start];
    this.wanted = null;
    var self = this;
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-to]");
      if (button && root.contains(button)) {
        // pushState rather than location.hash: Material's instant navigation reacts to the hash
        // change by swapping the page in again, which would take the focus from the new question
        history.pushState(null, "", self.hashFor(self.path.concat(button.getAttribute("data-to"))));
        onHashChange();
        return;
      }
      // Steps are ordinary #fragments: keep Material's instant navigation (which would push
      // the URL without a hashchange) out of links between steps.
      var link = event.target.closest("a[href]");
      if (link && link.getAttribute("href").indexOf(self.prefix) === 0) {
        event.preventDefault();
        event.stopPropagation();
        history.pushState(null, "", link.getAttribute("href"));
        onHashChange();
      }
    });
  }

  Guide.prototype.href = function (url) {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : this.data.root + url;
  };

  Guide.prototype.hashFor = function (path) {
    return this.prefix + path.map(function (step) { return encodeURIComponent(step); }).join("/");
  };

  // The path in the URL (its steps still unchecked), or the start.
  Guide.prototype.wantedPath = function () {
    if (location.hash.indexOf(this.prefix) !== 0) return [this.start];
    return location.hash.slice(this.prefix.length).split("/").filter(Boolean).map(function (step) {
      try { return decodeURIComponent(step); } catch (error) { return ""; }
    });
  };

  Guide.prototype.richLabel = function (parent, label, urls) {
    var rest = label;
    (urls || []).forEach(function (link) {
      var at = rest.indexOf(link.text);
      if (at < 0) return;
      parent.appendChild(document.createTextNode(rest.slice(0, at)));
      parent.appendChild(el("a", { href: link.url }, link.text));
      rest = rest.slice(at + link.text.length);
    });
    parent.appendChild(document.createTextNode(rest));
  };

  Guide.prototype.excerpt = function (link) {
    var box = el("div", { "class": "flow-guide__excerpt" }), count = 0;
    (link.blocks || []).forEach(function (block) {
      count++;
      if (block.h !== undefined) box.appendChild(el("p", { "class": "flow-guide__excerpt-heading" }, block.h));
      else if (block.p !== undefined) box.appendChild(el("p", {}, block.p));
      else {
        var tag = block.ol ? "ol" : "ul", list = el(tag);
        block[tag].forEach(function (item) { list.appendChild(el("li", {}, item)); });
        box.appendChild(list);
      }
    });
    return count ? box : null;
  };

  // Draw a step (the same markup guide.py writes for the first one).
  Guide.prototype.draw = function (current) {
    var self = this, charts = store, body = this.body;
    function link(chart, node) { return node.link !== undefined ? charts[chart].links[node.link] : null; }
    function a(url, text) { return el("a", { href: self.href(url) }, text); }
    body.textContent = "";
    if (current.trail.length) {
      var trail = el("ol", { "class": "flow-guide__trail", "aria-label": "これまでの回答" });
      current.trail.forEach(function (answer) {
        var item = el("li");
        item.appendChild(el("a", { href: self.hashFor(answer.path) }, answer.question));
        item.appendChild(document.createTextNode(" → " + answer.answer));
        trail.appendChild(item);
      });
      body.appendChild(trail);
    }
    if (current.chart !== this.entry || current.again) {  // where the conversation is now, and its page
      body.appendChild(el("p", { "class": "flow-guide__chart" })).appendChild(
        a(charts[current.chart].page, charts[current.chart].title));
    }
    if (current.again) body.appendChild(el("p", { "class": "flow-guide__again" }, AGAIN));
    if (current.steps.length) {
      var steps = el("ol", { "class": "flow-guide__steps", "aria-label": "やること" });
      current.steps.forEach(function (step) {
        var node = charts[step[0]].nodes[step[1]], item = el("li"), more = link(step[0], node);
        self.richLabel(item, node.label, node.urls);
        if (more) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(a(more.url, "詳しく"));
        }
        steps.appendChild(item);
      });
      body.appendChild(steps);
    }
    var node = (current.node !== null && charts[current.chart].nodes[current.node]) || {};
    var target = current.node !== null ? link(current.chart, node) : null, heading;
    if (current.kind === "question" || current.kind === "choose") {
      var label = current.kind === "question" ? node.label : CHOOSE_QUESTION;
      heading = el("p", { "class": "flow-guide__question", tabindex: "-1" }, label);
      body.appendChild(heading);
      var groups = current.kind === "choose" ? choiceGroups(charts, current) : [[label, answers(charts, current)]];
      groups.forEach(function (each) {
        if (current.kind === "choose") body.appendChild(el("p", { "class": "flow-guide__subquestion" }, each[0]));
        var group = el("div", { "class": "flow-guide__answers", role: "group", "aria-label": each[0] });
        each[1].forEach(function (answer) {
          group.appendChild(el("button", { type: "button", "class": "md-button", "data-to": answer[0] }, answer[1]));
        });
        body.appendChild(group);
      });
      if (current.kind === "question" && target) {
        var more = el("p", { "class": "flow-guide__more" }, "詳しい説明: ");
        more.appendChild(a(target.url, target.title));
        body.appendChild(more);
      }
    } else if (current.kind === "result" && target) {
      heading = el("p", { "class": "flow-guide__question", tabindex: "-1" }, "解決方法: " + target.title);
      body.appendChild(heading);
      var excerpt = this.excerpt(target);
      if (excerpt) body.appendChild(excerpt);
      body.appendChild(el("p", { "class": "flow-guide__read" })).appendChild(a(target.url, "続きを読む: " + target.title));
    } else {
      heading = el("p", { "class": "flow-guide__question", tabindex: "-1" }, node.label || "");
      body.appendChild(heading);
    }
    if (current.trail.length) {
      body.appendChild(el("p", { "class": "flow-guide__restart" })).appendChild(
        el("a", { href: this.hashFor([this.start]) }, "最初から"));
    }
    return heading;
  };

  // Fetch what the answers of a step may lead into, so that answering does not wait.
  Guide.prototype.prefetch = function (current) {
    var self = this;
    answers(store, current).forEach(function (answer) {
      var next = view(store, self.entry, current.path.concat(answer[0]));
      if (next && next.kind === "missing") load(self.dataUrl).catch(function () {});
    });
  };

  // Show the step the URL names: fetch the charts it crosses into first (the current step stays
  // until then, without its answers), and fall back to the start when the path is not a walk.
  Guide.prototype.render = function (announce) {
    var self = this, path = this.wantedPath(), key = path.join("/");
    this.wanted = key;
    var current = view(store, this.entry, path);
    if (current && current.kind === "missing") {
      this.root.setAttribute("aria-busy", "true");
      [].forEach.call(this.body.querySelectorAll("button"), function (b) { b.hidden = true; });
      load(this.dataUrl).then(function () {
        if (self.wanted === key) self.render(announce);
      }, function () {  // the chart's record cannot be fetched: open its page instead
        self.root.removeAttribute("aria-busy");
        if (self.wanted === key) location.href = self.href(self.missingPage(current) || "");
      });
      return;
    }
    this.root.removeAttribute("aria-busy");
    if (!current) {
      path = [this.start];
      key = this.start;
      current = view(store, this.entry, path);
    }
    if (key === this.root.getAttribute("data-step") && !announce) return;
    var heading;
    if (path.length === 1) {
      this.body.innerHTML = this.startHTML;
      heading = this.body.querySelector(".flow-guide__question");
    } else {
      heading = this.draw(current);
    }
    this.path = path;
    this.root.setAttribute("data-step", key);  // the step drawn, for tests and styling
    this.prefetch(current);
    if (!announce) return;
    if (this.live) {
      this.live.textContent = current.kind === "result" && heading ? heading.textContent
        : "質問 " + (current.trail.length + 1) + ": " + (heading ? heading.textContent : "");
    }
    // after this task: with instant navigation Material handles the same hash change and would
    // otherwise take the focus back from the new question
    if (heading) requestAnimationFrame(function () { if (heading.isConnected) heading.focus(); });
  };

  // The page of a chart that could not be fetched: the link of the answer that leads there.
  Guide.prototype.missingPage = function (current) {
    var path = current.path, before = view(store, this.entry, path.slice(0, -1));
    if (!before || before.kind !== "question") return null;
    var record = store[before.chart], last = path[path.length - 1], node = record.nodes[last];
    return node && node.link !== undefined ? record.links[node.link].url : null;
  };

  // --- wiring ----------------------------------------------------------------------------------

  // The URL is the state: a #fragment that is not one of a guide's steps (a section, or no
  // fragment) shows that guide's first question, so Back and Forward always match what is shown.
  function onHashChange() {
    guides.forEach(function (guide) {
      if (!document.body.contains(guide.root)) return;  // a page instant navigation is replacing
      var key = guide.wantedPath().join("/");
      if (key !== guide.root.getAttribute("data-step") && key !== guide.wanted) {
        guide.render(location.hash.indexOf(guide.prefix) === 0 || location.hash === "");
      }
    });
  }

  function setUp() {
    guides = [].map.call(document.querySelectorAll("[data-guide]"), function (root) { return new Guide(root); });
    guides.forEach(function (guide) { guide.render(false); });
  }

  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("popstate", onHashChange);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);  // every page, also after Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
