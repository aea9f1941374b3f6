/*
 * Guided mode (質問に答えて解決): each chart's interactive mode.
 *
 * The build (hooks/guide/) writes one panel a page, with the first step of the page's first
 * guided chart already drawn and the records of every guided chart of the page as JSON in a
 * <template>, and a spot (a link that starts its questions) before each guided chart. The drawn
 * chart shows the question; the panel offers its answers as buttons. This script:
 *   - walks a chart's record with the same rules as hooks/guide/walk.py: a node with one way on
 *     is a step, passed without a click; an end that hands over to another guided chart goes
 *     on there (its box's own link: the page, or the heading that chart stands under, where
 *     the guide starts that chart); any other end with a link is the result;
 *   - marks the drawing: the current box (.is-current), every box and arrow behind the reader
 *     (.is-taken), the answers of the current question (.is-answer, which answer when tapped,
 *     exactly like their buttons);
 *   - moves the panel to the chart the reader is on: one question on screen at a time;
 *   - says the question in the panel only when its box is not next to it (else it points at it).
 * Each step has its own URL (#guide-N/START/ANSWER/...: chart N of the page), so Back, Forward,
 * reload and shared links work. Set up through Material's document$, so it also runs after
 * instant navigation.
 */
(function () {
  "use strict";

  var POINT = "図の太枠の質問に答えてください。";
  var STEP = /^#guide-([0-9]+)\/(.*)$/;
  var current = null;  // the page's guide

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  // --- walking a record (same rules as walk.py) ------------------------------------------------

  function settle(record, nodeId) {
    var steps = [], seen = {};
    for (;;) {
      var node = record.nodes[nodeId];
      if (!node || seen[nodeId]) return { kind: "end", node: null, steps: steps };
      seen[nodeId] = true;
      if (node.q) return { kind: "question", node: nodeId, steps: steps };
      if (node.out) {
        steps.push(nodeId);
        nodeId = node.out[0][0];
        continue;
      }
      if (node.hop) return { kind: "handover", node: nodeId, steps: steps };
      return { kind: node.link !== undefined ? "result" : "end", node: nodeId, steps: steps };
    }
  }

  function view(record, path) {
    if (!path.length || path[0] !== record.start) return null;
    var at = settle(record, path[0]), trail = [], passed = [], taken = [];
    function walked(steps) {
      steps.forEach(function (step) {
        passed.push(step);
        taken.push([step, record.nodes[step].out[0][0]]);
      });
    }
    walked(at.steps);
    for (var i = 1; i < path.length; i++) {
      if (at.kind !== "question") return null;
      var node = record.nodes[at.node], step = path[i];
      var edge = (node.out || []).filter(function (e) { return e[0] === step; })[0];
      if (!edge) return null;
      trail.push({ node: at.node, answer: edge[1], to: step, path: path.slice(0, i) });
      passed.push(at.node);
      taken.push([at.node, step]);
      at = settle(record, step);
      walked(at.steps);
    }
    at.trail = trail;
    at.path = path;
    at.passed = passed;
    at.taken = taken;
    return at;
  }

  function answers(record, at) {
    return at.kind === "question" ? (record.nodes[at.node].out || []) : [];
  }

  function fragment(index, path) {
    return "#guide-" + index + "/" + path.map(function (step) { return encodeURIComponent(step); }).join("/");
  }

  // --- a drawn chart: its boxes and arrows by node id ------------------------------------------

  function Drawing(figure) {
    this.svg = figure ? figure.querySelector("svg") : null;
    this.nodes = {};
    this.edges = [];
    if (!this.svg) return;
    var prefix = this.svg.id + "-flowchart-", nodes = this.nodes, edges = this.edges, svg = this.svg;
    [].forEach.call(svg.querySelectorAll("g.node"), function (group) {
      if (group.id.indexOf(prefix) === 0) nodes[group.id.slice(prefix.length).replace(/-[0-9]+$/, "")] = group;
    });
    [].forEach.call(svg.querySelectorAll(".edgePaths [data-id]"), function (path) {
      var label = svg.querySelector('.edgeLabels g.label[data-id="' + CSS.escape(path.getAttribute("data-id")) + '"]');
      edges.push({ id: path.getAttribute("data-id"), path: path, label: label ? label.parentNode : null });
    });
  }

  // Mermaid names the arrow from S to T "L_S_T_n".
  Drawing.prototype.edge = function (from, to) {
    var prefix = "L_" + from + "_" + to + "_";
    return this.edges.filter(function (e) {
      return e.id.indexOf(prefix) === 0 && /^[0-9]+$/.test(e.id.slice(prefix.length));
    })[0] || null;
  };

  // What a tap lands on: the link around a box or an answer, or the box itself.
  function tapTarget(element) {
    var parent = element && element.parentNode;
    return parent && parent.localName === "a" ? parent : element;
  }

  Drawing.prototype.clear = function () {
    if (!this.svg) return;
    [].forEach.call(this.svg.querySelectorAll(".is-current, .is-taken, .is-answer"), function (node) {
      node.classList.remove("is-current", "is-taken", "is-answer");
    });
    [].forEach.call(this.svg.querySelectorAll("[data-guide-to]"), function (node) {
      node.removeAttribute("data-guide-to");
    });
  };

  // The answers of a question, tappable: each box an answer leads to, and its words on the arrow.
  Drawing.prototype.offer = function (record, at, mark) {
    var self = this;
    answers(record, at).forEach(function (edge) {
      var arrow = self.edge(at.node, edge[0]);
      [self.nodes[edge[0]], arrow && arrow.label].forEach(function (part) {
        if (!part) return;
        if (mark) part.classList.add("is-answer");
        tapTarget(part).setAttribute("data-guide-to", edge[0]);
      });
    });
  };

  Drawing.prototype.mark = function (record, at) {
    var self = this;
    at.passed.forEach(function (id) { if (self.nodes[id]) self.nodes[id].classList.add("is-taken"); });
    at.taken.forEach(function (pair) {
      var arrow = self.edge(pair[0], pair[1]);
      if (!arrow) return;
      arrow.path.classList.add("is-taken");
      if (arrow.label) arrow.label.classList.add("is-taken");
    });
    if (at.node !== null && this.nodes[at.node]) this.nodes[at.node].classList.add("is-current");
    this.offer(record, at, true);
  };

  // --- the page's guide ------------------------------------------------------------------------

  function Guide(root) {
    var template = root.querySelector("template.flow-guide__data");
    var data = JSON.parse(template.content ? template.content.textContent : template.textContent);
    var self = this;
    this.root = root;
    this.data = data;
    this.records = {};
    Object.keys(data.charts).forEach(function (id) {
      self.records[id.slice(id.lastIndexOf("#") + 1)] = data.charts[id];
    });
    this.body = root.querySelector(".flow-guide__body");
    this.title = root.querySelector(".flow-guide__title");
    this.startHTML = this.body.innerHTML;  // the first step as written at build
    this.live = document.querySelector("[data-guide-live]");
    this.index = String(data.chart);
    this.path = [this.records[this.index].start];
    this.drawings = {};
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (button && root.contains(button)) {
        if (button.hasAttribute("data-hop")) self.handOver(self.index, self.at.node);
        else if (button.hasAttribute("data-to")) self.answer(self.index, button.getAttribute("data-to"));
        return;
      }
      self.followStepLink(event);
    });
    Object.keys(this.records).forEach(function (index) {
      var spot = self.spot(index);
      if (spot) spot.addEventListener("click", function (event) { self.followStepLink(event); });
      var figure = self.figure(index);
      if (!figure) return;
      figure.addEventListener("click", function (event) {
        var hit = event.target.closest("[data-guide-to]");
        if (!hit || !figure.contains(hit)) return;
        event.preventDefault();  // a linked box answers here, exactly like its button
        event.stopPropagation();
        self.answer(index, hit.getAttribute("data-guide-to"));
      });
    });
  }

  Guide.prototype.spot = function (index) {
    return document.querySelector('[data-guide-spot="' + index + '"]');
  };

  Guide.prototype.figure = function (index) {
    return document.querySelector('figure[data-flowchart="' + index + '"]');
  };

  Guide.prototype.drawing = function (index) {
    if (!this.drawings[index]) this.drawings[index] = new Drawing(this.figure(index));
    return this.drawings[index];
  };

  Guide.prototype.href = function (url) {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : this.data.root + url;
  };

  // Steps are ordinary #fragments: keep Material's instant navigation (which would push the URL
  // without a hashchange) out of links between steps.
  Guide.prototype.followStepLink = function (event) {
    var link = event.target.closest("a[href]");
    if (!link || !STEP.test(link.getAttribute("href"))) return;
    event.preventDefault();
    event.stopPropagation();
    this.go(link.getAttribute("href"));
  };

  // pushState rather than location.hash: Material's instant navigation reacts to the hash change
  // by swapping the page in again, which would take the focus from the new step.
  Guide.prototype.go = function (hash) {
    history.pushState(null, "", hash);
    this.render(true);
  };

  // An answer, from its button or its box on the drawing: the next step, or straight on to the
  // chart it hands over to.
  Guide.prototype.answer = function (index, to) {
    var record = this.records[index];
    var path = (index === this.index ? this.path : [record.start]).concat(to);
    var next = view(record, path);
    if (!next) return;
    if (next.kind === "handover" && !next.steps.length) this.handOver(index, next.node);
    else this.go(fragment(index, path));
  };

  // On to the chart an end hands over to: the heading the box links to (the guide starts the
  // chart under it, as it does for the plain link), or the page at its chart's first step.
  Guide.prototype.handOver = function (index, nodeId) {
    var record = this.records[index], node = record.nodes[nodeId], url = record.links[node.link].url;
    var page = url.split("#")[0], section = url.slice(page.length + 1);
    if (!section) url = page + "#" + node.hop;
    if (page === record.page) {  // on this page: the panel moves to that chart
      history.pushState(null, "", "#" + (section || node.hop));
      this.render(true);
      var heading = section && document.getElementById(section);
      if (heading) heading.scrollIntoView({ block: "start" });
      return;
    }
    var link = el("a", { href: this.href(url), hidden: "" });
    this.root.appendChild(link);
    link.click();  // through Material's instant navigation when it is on
    link.remove();
  };

  // The step the URL names: chart N's path, or the chart under the section it names (or the
  // page's first) at its start.
  Guide.prototype.wanted = function () {
    var found = STEP.exec(location.hash), index, path;
    if (found && this.records[found[1]]) {
      index = found[1];
      path = found[2].split("/").filter(Boolean).map(function (step) {
        try { return decodeURIComponent(step); } catch (error) { return ""; }
      });
    } else {
      index = this.chartUnder(location.hash.slice(1)) || String(this.data.chart);
    }
    var record = this.records[index], at = path && view(record, path);
    if (!at) at = view(record, [record.start]);
    return { index: index, at: at, step: found && found[1] === index };
  };

  Guide.prototype.chartUnder = function (id) {
    var target = null;
    try { target = id && document.getElementById(decodeURIComponent(id)); } catch (error) { target = null; }
    var level = target && /^H([1-6])$/.exec(target.tagName);
    if (!level) return null;
    var self = this, found = null, stop = false;
    var all = document.querySelectorAll("h1, h2, h3, h4, h5, h6, [data-guide-spot]"), after = false;
    [].forEach.call(all, function (node) {
      if (stop || found) return;
      if (node === target) { after = true; return; }
      if (!after) return;
      var heading = /^H([1-6])$/.exec(node.tagName);
      if (heading && +heading[1] <= +level[1]) stop = true;
      else if (!heading && self.records[node.getAttribute("data-guide-spot")]) found = node.getAttribute("data-guide-spot");
    });
    return found;
  };

  // The panel goes after the spot of the chart the reader is on; the other spots show their link.
  Guide.prototype.place = function (index) {
    var self = this;
    Object.keys(this.records).forEach(function (each) {
      var spot = self.spot(each);
      if (spot) spot.hidden = each === index;
    });
    var spot = this.spot(index);
    if (spot && spot.nextElementSibling !== this.root) {
      spot.after(this.root);
      if (this.live) this.root.after(this.live);
    }
    this.title.textContent = "質問に答えて解決: " + this.records[index].title;
    this.root.setAttribute("data-guide-chart", index);
  };

  Guide.prototype.excerpt = function (link) {
    var box = el("div", { "class": "flow-guide__excerpt" });
    (link.blocks || []).forEach(function (block) {
      if (block.h !== undefined) box.appendChild(el("p", { "class": "flow-guide__excerpt-heading" }, block.h));
      else if (block.p !== undefined) box.appendChild(el("p", {}, block.p));
      else {
        var tag = block.ol ? "ol" : "ul", list = el(tag);
        block[tag].forEach(function (item) { list.appendChild(el("li", {}, item)); });
        box.appendChild(list);
      }
    });
    return box.childNodes.length ? box : null;
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

  // Draw a step (the same markup panel.py writes for the first one).
  Guide.prototype.draw = function (index, at) {
    var self = this, record = this.records[index], body = this.body;
    function a(url, text) { return el("a", { href: self.href(url) }, text); }
    body.textContent = "";
    if (at.trail.length) {
      var trail = el("ol", { "class": "flow-guide__trail", "aria-label": "これまでの答え（選ぶとその質問に戻ります）" });
      at.trail.forEach(function (answer) {
        trail.appendChild(el("li")).appendChild(el("a", { href: fragment(index, answer.path) }, answer.answer));
      });
      body.appendChild(trail);
    }
    if (at.steps.length) {
      var steps = el("ol", { "class": "flow-guide__steps", "aria-label": "やること" });
      at.steps.forEach(function (id) {
        var node = record.nodes[id], item = el("li");
        self.richLabel(item, node.label, node.urls);
        if (node.link !== undefined) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(a(record.links[node.link].url, "詳しく"));
        }
        steps.appendChild(item);
      });
      body.appendChild(steps);
    }
    var node = (at.node !== null && record.nodes[at.node]) || {};
    var link = node.link !== undefined ? record.links[node.link] : null;
    var heading = el("p", { "class": "flow-guide__question", tabindex: "-1" });
    body.appendChild(heading);
    if (at.kind === "question") {
      heading.appendChild(el("span", { "class": "flow-guide__ask", hidden: "" }, node.label));
      heading.appendChild(el("span", { "class": "flow-guide__point" }, POINT));
      var group = el("div", { "class": "flow-guide__answers", role: "group", "aria-label": node.label });
      answers(record, at).forEach(function (edge) {
        group.appendChild(el("button", { type: "button", "class": "md-button", "data-to": edge[0] }, edge[1]));
      });
      body.appendChild(group);
      if (link) body.appendChild(el("p", { "class": "flow-guide__more" }, "詳しい説明: ")).appendChild(a(link.url, link.title));
    } else if (at.kind === "handover") {
      heading.textContent = "続きは次の図で答えます: " + link.title;
      body.appendChild(el("div", { "class": "flow-guide__answers" })).appendChild(
        el("button", { type: "button", "class": "md-button", "data-hop": "" }, "次へ"));
    } else if (at.kind === "result" && link) {
      heading.textContent = "解決方法: " + link.title;
      var excerpt = this.excerpt(link);
      if (excerpt) body.appendChild(excerpt);
      body.appendChild(el("p", { "class": "flow-guide__read" })).appendChild(a(link.url, "続きを読む: " + link.title));
    } else {
      heading.textContent = node.label || "";
    }
    if (at.trail.length) {
      body.appendChild(el("p", { "class": "flow-guide__restart" })).appendChild(
        el("a", { href: fragment(index, [record.start]) }, "最初から"));
    }
  };

  // The question is said in the panel only when its box on the drawing is not next to it: hidden
  // (a collapsed block) or more than a screen below the panel. Read from the layout, not from
  // where the reader has scrolled, so a step reads the same after Back or a reload.
  Guide.prototype.sayQuestion = function () {
    var ask = this.body.querySelector(".flow-guide__ask"), point = this.body.querySelector(".flow-guide__point");
    if (!ask || !point) return;
    var box = this.at && this.at.kind === "question" ? this.drawing(this.index).nodes[this.at.node] : null;
    var far = true;
    if (box) {
      var drawn = box.getBoundingClientRect(), panel = this.root.getBoundingClientRect();
      far = drawn.height === 0 || drawn.top - panel.bottom > window.innerHeight;
    }
    ask.hidden = !far;
    point.hidden = far;
  };

  Guide.prototype.render = function (announce) {
    var wanted = this.wanted(), index = wanted.index, at = wanted.at, self = this;
    var key = at.path.join("/"), moved = index !== this.index || !this.root.isConnected;
    var same = !moved && key === this.root.getAttribute("data-step");
    this.index = index;
    this.path = at.path;
    this.at = at;
    this.place(index);
    if (!same || announce) {
      if (index === String(this.data.chart) && at.path.length === 1) this.body.innerHTML = this.startHTML;
      else this.draw(index, at);
    }
    this.root.setAttribute("data-step", key);  // the step drawn, for tests and styling
    Object.keys(this.records).forEach(function (each) {
      var drawing = self.drawing(each), record = self.records[each];
      drawing.clear();
      if (each === index) drawing.mark(record, at);
      else drawing.offer(record, view(record, [record.start]), false);  // a tap there starts that chart
    });
    this.sayQuestion();
    if (wanted.step) this.reveal();
    if (!announce) return;
    var ask = this.body.querySelector(".flow-guide__ask"), heading = this.body.querySelector(".flow-guide__question");
    if (this.live) {
      this.live.textContent = at.kind === "question" ? "質問 " + (at.trail.length + 1) + ": " + ask.textContent
        : (heading ? heading.textContent : "");
    }
    var focus = at.kind === "question" ? this.body.querySelector(".flow-guide__answers") : heading;
    if (focus) {
      focus.setAttribute("tabindex", "-1");
      // after this task: with instant navigation Material handles the same hash change and would
      // otherwise take the focus back
      requestAnimationFrame(function () { if (focus.isConnected) focus.focus({ preventScroll: true }); });
    }
  };

  // Bring the panel into view when it is not: a step URL opened, or the panel moved.
  Guide.prototype.reveal = function () {
    var box = this.root.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight * 0.6) this.root.scrollIntoView({ block: "start" });
  };

  // --- wiring ----------------------------------------------------------------------------------

  // The URL is the state: a #fragment that is not a step shows the chart under the section it
  // names (or the page's first) at its start, so Back and Forward always match what is shown.
  function onHashChange() {
    if (current && current.root.isConnected) current.render(STEP.test(location.hash) || location.hash === "");
  }

  function onLayoutChange() {
    if (current && current.root.isConnected) current.sayQuestion();
  }

  function setUp() {
    var root = document.querySelector("[data-guide]");
    current = root ? new Guide(root) : null;
    // a step URL (a hand-over from another page, a reload, a shared link): the reader is in the
    // guide, so the step is brought into view, announced and focused
    if (current) current.render(STEP.test(location.hash));
  }

  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("popstate", onHashChange);
  window.addEventListener("resize", onLayoutChange);
  document.addEventListener("toggle", onLayoutChange, true);  // a collapsed block with the chart opened
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);  // every page, also after Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
