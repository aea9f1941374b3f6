// Runs in headless Chromium next to the pinned Mermaid (mermaid.min.js), driven by mermaid.py.
// One page renders every chart of a build: Mermaid's own parser gives the graph that flowcheck
// checks, its renderer the SVG that is inlined in the page. Nothing here reaches a reader.
"use strict";

window.flowcheck = (() => {
  // Every `click` statement as Mermaid's parser met it, in order, so duplicates, clicks on nodes
  // that are not defined yet and callbacks can be refused (Mermaid itself keeps the last link
  // and drops the rest silently).
  let clicks = [];

  const ALLOWED_TAGS = new Set([
    "svg", "g", "path", "rect", "polygon", "polyline", "circle", "ellipse", "line", "text", "tspan",
    "foreignobject", "div", "span", "p", "br", "b", "strong", "em", "i", "title", "desc", "defs",
    "marker", "a", "use", "symbol", "clippath", "lineargradient", "radialgradient", "stop", "filter",
    "fedropshadow",
  ]);

  async function setup(config) {
    mermaid.initialize(config);
    // FlowDB binds its methods from the prototype in its constructor: patching the prototype of
    // one instance reaches every database that Mermaid creates afterwards.
    const probe = await mermaid.mermaidAPI.getDiagramFromText("flowchart TD\n  A");
    const proto = Object.getPrototypeOf(probe.db);
    const setLink = proto.setLink;
    const setClickEvent = proto.setClickEvent;
    proto.setLink = function (ids, link, target) {
      clicks.push({ids, link, target: target || null, kind: "link",
                   defined: ids.split(",").map((id) => this.vertices.has(id))});
      return setLink.call(this, ids, link, target);
    };
    proto.setClickEvent = function (ids, fn, args) {
      clicks.push({ids, link: fn, target: null, kind: "call",
                   defined: ids.split(",").map((id) => this.vertices.has(id))});
      return setClickEvent.call(this, ids, fn, args);
    };
    return mermaid.version || "";
  }

  function graphOf(db) {
    const vertices = [...db.getVertices().values()].map((v) => ({
      id: v.id, text: v.text ?? v.id, labelType: v.labelType || "text", type: v.type || "square",
      domId: v.domId, link: v.link ?? null, img: v.img ?? null, icon: v.icon ?? null,
    }));
    const edges = db.getEdges().map((e) => ({
      id: e.id, start: e.start, end: e.end, text: e.text || "", labelType: e.labelType || "text",
      type: e.type, stroke: e.stroke,
    }));
    const subgraphs = db.getSubGraphs().map((s) => ({id: s.id, title: s.title, nodes: [...s.nodes]}));
    return {
      direction: db.getDirection() || "TB", title: db.getAccTitle() || "",
      description: db.getAccDescription() || "", vertices, edges, subgraphs,
    };
  }

  // Turn Mermaid's links into <a data-flowcheck-node="ID"> (the build writes each href for the
  // page it lands on) and make each answer on an arrow a link to the box it leads to.
  function linkify(svg, graph, minTarget) {
    const byDomId = new Map(graph.vertices.map((v) => [`${svg.id}-${v.domId}`, v]));
    for (const a of [...svg.querySelectorAll("a")]) {
      const node = a.querySelector("g.node");
      const vertex = node && byDomId.get(node.id);
      if (!vertex) continue;
      for (const name of [...a.getAttributeNames()]) if (name !== "transform") a.removeAttribute(name);
      a.setAttribute("data-flowcheck-node", vertex.id);
    }
    const linked = new Set(graph.vertices.filter((v) => v.link !== null).map((v) => v.id));
    for (const edge of graph.edges) {
      if (!edge.text || !linked.has(edge.end)) continue;
      const label = svg.querySelector(`g.edgeLabel > g.label[data-id="${CSS.escape(edge.id)}"]`);
      if (!label) continue;
      const group = label.parentNode;
      const box = label.getBBox();
      const w = Math.max(box.width, minTarget), h = Math.max(box.height, minTarget);
      const hit = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      hit.setAttribute("class", "flowcheck-hit");
      hit.setAttribute("x", String(-w / 2));
      hit.setAttribute("y", String(-h / 2));
      hit.setAttribute("width", String(w));
      hit.setAttribute("height", String(h));
      const a = document.createElementNS("http://www.w3.org/2000/svg", "a");
      a.setAttribute("data-flowcheck-node", edge.end);
      a.setAttribute("class", "flowcheck-answer");
      group.parentNode.insertBefore(a, group);
      a.appendChild(group);
      group.insertBefore(hit, group.firstChild);
    }
  }

  // Anything but Mermaid's drawing and our links is refused: label HTML (images, links, event
  // handlers) never reaches a page.
  function unsafeParts(svg) {
    const found = [];
    for (const el of [svg, ...svg.querySelectorAll("*")]) {
      const tag = el.localName.toLowerCase();
      if (!ALLOWED_TAGS.has(tag)) { found.push(`<${el.localName}>`); continue; }
      for (const name of el.getAttributeNames()) {
        const value = el.getAttribute(name);
        const lower = name.toLowerCase();
        if (lower.startsWith("on")) found.push(`${name}= on <${el.localName}>`);
        else if (lower === "href" || lower === "xlink:href") {
          if (tag === "a" || !value.startsWith("#")) found.push(`${name}="${value}" on <${el.localName}>`);
        } else if (/url\s*\(\s*['"]?(?!#)/i.test(value)) found.push(`${name}="${value}" on <${el.localName}>`);
      }
      if (tag === "a" && !el.hasAttribute("data-flowcheck-node")) found.push("<a> in a label");
    }
    return found;
  }

  function targetsOf(svg) {
    return [...svg.querySelectorAll("a[data-flowcheck-node]")].map((a) => {
      const box = a.getBBox();
      return {node: a.getAttribute("data-flowcheck-node"), answer: a.classList.contains("flowcheck-answer"),
              width: box.width, height: box.height};
    });
  }

  async function render(id, text, minTarget) {
    clicks = [];
    let diagram;
    try {
      diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    } catch (error) {
      return {error: String(error && error.message || error)};
    }
    const recorded = clicks;
    clicks = [];  // mermaid.render parses the text again
    const type = diagram.type;
    const isFlowchart = type.startsWith("flowchart");
    const graph = isFlowchart ? graphOf(diagram.db) : null;
    let svgText;
    try {
      ({svg: svgText} = await mermaid.render(id, text));
    } catch (error) {
      return {error: String(error && error.message || error), type};
    } finally {
      document.getElementById(`d${id}`)?.remove();
    }
    const holder = document.createElement("div");
    document.body.appendChild(holder);
    holder.innerHTML = svgText;
    const svg = holder.querySelector("svg");
    svg.querySelectorAll("style").forEach((style) => style.remove());
    const foreignLinks = svg.querySelectorAll("a").length;
    if (graph) linkify(svg, graph, minTarget);
    const viewBox = svg.viewBox.baseVal;
    const result = {
      type, graph, clicks: recorded, foreignLinks: graph ? 0 : foreignLinks,
      unsafe: unsafeParts(svg), targets: targetsOf(svg),
      width: viewBox.width, height: viewBox.height,
    };
    for (const name of ["width", "height", "style"]) svg.removeAttribute(name);
    result.svg = svg.outerHTML;
    holder.remove();
    return result;
  }

  return {setup, render};
})();
