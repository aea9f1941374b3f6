/*
 * Guided mode (質問に答えて解決): walks a flowchart one question at a time.
 *
 * The data is the chart's own graph, written into the page by the flowcheck hook at build
 * time, so the guide and the drawn chart cannot disagree. Each step has its own URL
 * (#guide-N/START/ANSWER/...): Back and Forward move between steps, and a reload or a shared
 * link opens the same step. Answers are buttons; the trail and 「最初から」 are links.
 */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function Guide(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".flow-guide__data").textContent);
    this.prefix = "#guide-" + this.data.chart + "/";
    this.body = el("div", { "class": "flow-guide__body" });
    this.live = el("p", { "class": "flow-guide__live", "aria-live": "polite", "role": "status" });
    root.appendChild(this.body);
    root.appendChild(this.live);
    root.hidden = false;
  }

  Guide.prototype.outgoing = function (id) {
    return this.data.edges.filter(function (edge) { return edge.from === id; });
  };

  // The path in the URL, if every step in it follows an edge of the chart; else the start.
  Guide.prototype.pathFromHash = function () {
    var start = [this.data.start];
    if (location.hash.indexOf(this.prefix) !== 0) return start;
    var ids = decodeURIComponent(location.hash.slice(this.prefix.length)).split("/").filter(Boolean);
    if (ids[0] !== this.data.start) return start;
    for (var i = 1; i < ids.length; i++) {
      var from = ids[i - 1], to = ids[i];
      if (!this.outgoing(from).some(function (edge) { return edge.to === to; })) return start;
    }
    return ids;
  };

  Guide.prototype.hashFor = function (path) {
    return this.prefix + path.map(encodeURIComponent).join("/");
  };

  Guide.prototype.render = function (moveFocus) {
    var self = this, path = this.pathFromHash(), current = path[path.length - 1];
    var node = this.data.nodes[current], answers = this.outgoing(current);
    this.body.textContent = "";

    if (path.length > 1) {
      var trail = el("ol", { "class": "flow-guide__trail", "aria-label": "これまでの回答" });
      path.slice(0, -1).forEach(function (id, i) {
        var edge = self.outgoing(id).filter(function (e) { return e.to === path[i + 1]; })[0];
        var item = el("li");
        var link = el("a", { href: self.hashFor(path.slice(0, i + 1)) }, self.data.nodes[id].label);
        item.appendChild(link);
        item.appendChild(document.createTextNode(" → " + (edge.label || self.data.nodes[edge.to].label)));
        trail.appendChild(item);
      });
      this.body.appendChild(trail);
    }

    var heading = el("p", { "class": "flow-guide__question", tabindex: "-1" }, node.label);
    this.body.appendChild(heading);

    if (answers.length) {
      var list = el("div", { "class": "flow-guide__answers", role: "group", "aria-label": node.label });
      answers.forEach(function (edge) {
        var label = edge.label || (answers.length === 1 ? "次へ: " + self.data.nodes[edge.to].label : self.data.nodes[edge.to].label);
        var button = el("button", { type: "button", "class": "md-button" }, label);
        button.addEventListener("click", function () { location.hash = self.hashFor(path.concat(edge.to)); });
        list.appendChild(button);
      });
      this.body.appendChild(list);
      if (node.link) this.body.appendChild(this.linkBlock(node.link, "詳しい説明: "));
    } else if (node.link) {
      this.body.appendChild(this.linkBlock(node.link, "解決方法: "));
    }

    if (path.length > 1) {
      this.body.appendChild(el("p", { "class": "flow-guide__restart" })).appendChild(
        el("a", { href: this.hashFor([this.data.start]) }, "最初から"));
    }
    this.live.textContent = answers.length ? "質問 " + path.length + ": " + node.label
                                           : "解決方法: " + (node.link ? node.link.title : node.label);
    if (moveFocus) heading.focus();
    this.root.setAttribute("data-step", path.join("/"));  // the step drawn, for tests and styling
  };

  Guide.prototype.linkBlock = function (link, lead) {
    var block = el("div", { "class": "flow-guide__result" });
    var title = el("p");
    title.appendChild(document.createTextNode(lead));
    title.appendChild(el("a", { href: link.url }, link.title));
    block.appendChild(title);
    if (link.summary) block.appendChild(el("p", { "class": "flow-guide__summary" }, link.summary));
    return block;
  };

  function start() {
    var guides = [].map.call(document.querySelectorAll("[data-guide]"), function (root) { return new Guide(root); });
    guides.forEach(function (guide) { guide.render(false); });
    window.addEventListener("hashchange", function () {
      guides.forEach(function (guide) {
        if (location.hash === "" || location.hash.indexOf(guide.prefix) === 0) guide.render(true);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
