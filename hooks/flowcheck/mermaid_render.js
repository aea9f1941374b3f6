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

  let settings = {};

  // Where Mermaid's own lexer stands when its parser hands a node, an edge or a click to the
  // database: the line of the statement Mermaid met it in (never a comment or an accDescr that
  // names it). Lines are Mermaid's, counted in the text it parses; ``lineMap`` turns them into
  // lines of the chart as written.
  let lexer = null;
  let lexerInput = "";
  let subgraphStarts = [];
  let statementLine = null;  // the line of the first token after a line break or ';'
  let atStatementStart = true;
  const lineNow = () => statementLine ?? (lexer && lexer.yylloc ? lexer.yylloc.first_line : null);

  async function setup(config) {
    settings = config;
    mermaid.initialize(config);
    // FlowDB binds its methods from the prototype in its constructor: patching the prototype of
    // one instance reaches every database that Mermaid creates afterwards.
    const probe = await mermaid.mermaidAPI.getDiagramFromText("flowchart TD\n  A");
    // Jison's parser lexes with Object.create(its lexer): patching that lexer reaches every parse.
    const jisonLexer = probe.parser && probe.parser.parser && probe.parser.parser.lexer;
    if (jisonLexer) {
      const {setInput, next} = jisonLexer;
      jisonLexer.setInput = function (input, yy) {
        lexer = this;
        lexerInput = String(input);
        subgraphStarts = [];
        statementLine = null;
        atStatementStart = true;
        return setInput.call(this, input, yy);
      };
      // A statement may run over several lines (a quoted label with line breaks): the parser
      // hands it on at its end, and its line is the one it started on.
      jisonLexer.next = function () {
        const token = next.call(this);
        const match = this.match || "";
        if ((this.conditionStack || []).length > 1) {
          // inside a string or '@{ … }' data: its lines belong to the statement that opened it
        } else if (/^[\s;]*$/.test(match)) {
          if (/[\n;]/.test(match)) atStatementStart = true;
        } else {
          if (atStatementStart) statementLine = this.yylloc.first_line + /^\s*/.exec(match)[0].split("\n").length - 1;
          // a token may take the line break that ends its statement with it ('end\n')
          atStatementStart = /[\n;]\s*$/.test(match);
        }
        if (/^subgraph\b/.test(match)) subgraphStarts.push(this.yylloc.first_line);
        return token;
      };
    }
    const proto = Object.getPrototypeOf(probe.db);
    const {setLink, setClickEvent, addVertex, addSingleLink, addSubGraph} = proto;
    proto.setLink = function (ids, link, target) {
      clicks.push({ids, link, target: target || null, kind: "link", line: lineNow(),
                   defined: ids.split(",").map((id) => this.vertices.has(id))});
      return setLink.call(this, ids, link, target);
    };
    proto.setClickEvent = function (ids, fn, args) {
      clicks.push({ids, link: fn, target: null, kind: "call", line: lineNow(),
                   defined: ids.split(",").map((id) => this.vertices.has(id))});
      return setClickEvent.call(this, ids, fn, args);
    };
    // Labels as written, before Mermaid's sanitizer: a '<script>' it strips silently is still
    // refused, and messages quote what the author wrote.
    proto.addVertex = function (id, textObj, ...rest) {
      const before = this.vertices.get(id);
      const shown = before ? before.text : undefined;
      const result = addVertex.call(this, id, textObj, ...rest);
      const vertex = this.vertices.get(id);
      if (vertex) {
        if (vertex.metLine === undefined) vertex.metLine = lineNow();
        if (textObj !== undefined) vertex.written = textObj.text;
        else if (before && vertex.text !== shown) vertex.written = vertex.text;  // '@{ label: … }'
        // the label drawn is the last one given: its line
        if (textObj !== undefined || (before && vertex.text !== shown)) vertex.labelLine = lineNow();
      }
      return result;
    };
    proto.addSingleLink = function (start, end, type, ...rest) {
      const result = addSingleLink.call(this, start, end, type, ...rest);
      const edge = this.edges[this.edges.length - 1];
      if (edge) {
        edge.metLine = lineNow();
        if (type && type.text !== undefined) edge.written = type.text.text;
      }
      return result;
    };
    proto.addSubGraph = function (id, list, title) {
      const result = addSubGraph.call(this, id, list, title);
      const subgraph = this.subGraphs[this.subGraphs.length - 1];
      if (subgraph) {
        subgraph.metLine = subgraphStarts.length ? subgraphStarts.pop() : lineNow();
        if (title) subgraph.written = title.text;
      }
      return result;
    };
    return mermaid.version || "";
  }

  // Mermaid edits a chart before its parser reads it (mermaidAPI's preprocessDiagram: front
  // matter, directives and '%%' comments go, then leading blank lines; flowParser: blank lines
  // after a '}'). The same edits, on a copy that remembers each character's line, give the line
  // of the chart as written for each line Mermaid reads (index 1 = its line 1); null when the copy
  // does not come out with as many lines as the text the lexer got.
  const EDITS = [
    [/^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s, null],
    [/%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi, null],
    [/^\s*%%(?!{)[^\n]+\n?/gm, null],
    [/^\s+/, null],
    "\n",  // Diagram.fromText adds a line break
    [/}\s*\n/g, (m) => [[0, 1], [m.length - 1, m.length]]],
  ];

  function lineMap(text) {
    let s = String(text).replace(/\r\n?/g, "\n");
    let at = new Array(s.length);
    for (let i = 0, n = 1; i < s.length; i++) { at[i] = n; if (s[i] === "\n") n++; }
    for (const edit of EDITS) {
      if (typeof edit === "string") {
        at.push(s.length ? at[s.length - 1] + (s.endsWith("\n") ? 1 : 0) : 1);
        s += edit;
        continue;
      }
      const [pattern, keep] = edit;
      let out = "", kept = [], last = 0;
      const matches = pattern.global ? [...s.matchAll(pattern)] : [s.match(pattern)].filter(Boolean);
      for (const m of matches) {
        out += s.slice(last, m.index);
        for (let i = last; i < m.index; i++) kept.push(at[i]);
        for (const [from, to] of keep ? keep(m[0]) : []) {
          out += m[0].slice(from, to);
          for (let i = m.index + from; i < m.index + to; i++) kept.push(at[i]);
        }
        last = m.index + m[0].length;
      }
      out += s.slice(last);
      for (let i = last; i < s.length; i++) kept.push(at[i]);
      s = out;
      at = kept;
    }
    const map = [null, s.length ? at[0] : 1];
    for (let i = 0; i < s.length; i++) if (s[i] === "\n") map.push(i + 1 < s.length ? at[i + 1] : at[i] + 1);
    return map;
  }

  function mapLines(map, line) {
    return map && line !== null && line !== undefined && line < map.length ? map[line] : null;
  }

  // Mermaid hides '#quot;'-style entities behind placeholders while it parses; its renderer
  // turns them into HTML entities, and so does the graph handed to the build; labels as written
  // keep the author's own '#quot;'.
  const decode = (text) => String(text).replace(/\uFB02\xB0\xB0/g, "&#").replace(/\uFB02\xB0/g, "&")
    .replace(/\xB6\xDF/g, ";");
  const asWritten = (text) => String(text).replace(/\uFB02\xB0\xB0?/g, "#").replace(/\xB6\xDF/g, ";");

  function graphOf(db, map) {
    const vertices = [...db.getVertices().values()].map((v) => ({
      id: v.id, text: decode(v.text ?? v.id), written: asWritten(v.written ?? v.text ?? v.id),
      labelType: v.labelType || "text", type: v.type || "square",
      domId: v.domId, link: v.link ?? null, img: v.img ?? null, icon: v.icon ?? null,
      line: mapLines(map, v.metLine), label_line: mapLines(map, v.labelLine),
      classes: [...(v.classes || [])],
    }));
    const edges = db.getEdges().map((e) => ({
      id: e.id, start: e.start, end: e.end, text: decode(e.text || ""), written: asWritten(e.written ?? e.text ?? ""),
      labelType: e.labelType || "text", type: e.type, stroke: e.stroke, line: mapLines(map, e.metLine),
    }));
    const subgraphs = db.getSubGraphs().map((s) => ({
      id: s.id, title: decode(s.title), written: asWritten(s.written ?? s.title), nodes: [...s.nodes],
      line: mapLines(map, s.metLine),
    }));
    return {
      direction: db.getDirection() || "TB", title: decode(db.getAccTitle() || ""),
      description: decode(db.getAccDescription() || ""), vertices, edges, subgraphs,
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
  // handlers) never reaches a page. The links of other diagram types are counted apart
  // (``foreignLinks``): the build refuses them on their own.
  function unsafeParts(svg, foreignLinks) {
    const found = [];
    for (const el of [svg, ...svg.querySelectorAll("*")]) {
      const tag = el.localName.toLowerCase();
      if (foreignLinks && tag === "a") continue;
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

  // Coordinates to a hundredth of a pixel: Mermaid writes a dozen decimals, which is a third of
  // the bytes of a drawing and nothing a reader can see.
  const GEOMETRY = ["d", "points", "transform", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry",
                    "width", "height", "viewBox"];
  function compact(svg) {
    // Mermaid defines every arrowhead for every chart; keep the ones an edge uses
    const used = new Set();
    for (const el of svg.querySelectorAll("[marker-end], [marker-start]")) {
      for (const name of ["marker-end", "marker-start"]) {
        const found = /url\(#([^)]+)\)/.exec(el.getAttribute(name) || "");
        if (found) used.add(found[1]);
      }
    }
    for (const marker of [...svg.querySelectorAll("marker")]) if (!used.has(marker.id)) marker.remove();
    for (const el of [svg, ...svg.querySelectorAll("*")]) {
      // Mermaid's own bookkeeping; data-id stays: it ties each answer's label to its arrow (guide.js)
      for (const name of ["data-points", "data-look", "data-edge", "data-et"]) el.removeAttribute(name);
      if (/^[\s;]*$/.test(el.getAttribute("style") ?? "x")) el.removeAttribute("style");
      const classes = el.getAttribute("class");
      if (classes && /(\S+)\s.*\b\1\b/.test(classes)) el.setAttribute("class", [...new Set(classes.split(/\s+/))].join(" "));
      for (const name of GEOMETRY) {
        const value = el.getAttribute(name);
        if (value) el.setAttribute(name, value.replace(/-?\d*\.\d{3,}/g, (n) => String(Math.round(+n * 100) / 100)));
      }
      if (el.localName === "div" && el.getAttribute("xmlns")) el.removeAttribute("xmlns");
    }
  }

  // SVG text labels (htmlLabels: false) as Mermaid writes them: a <tspan> per line holding a
  // <tspan> per word, each line placed with y and dy, an empty background <rect> in every node
  // label. Kept: one <tspan> per line at its final y, centred by the <text>; the drawing is the
  // same (the words of a line are joined with the spaces Mermaid put before them), its DOM about
  // half. A word in italics or bold (Markdown strings) keeps its own <tspan>. Runs once per chart
  // drawn, before the cache: a build that takes charts from the cache does none of it.
  const EM = /^(-?[\d.]+)em$/;
  function compactLabels(svg) {
    for (const text of svg.querySelectorAll("text")) {
      if (!text.querySelector(":scope > tspan.text-outer-tspan")) continue;
      // boxes and answers are laid out around their centre (Mermaid's own stylesheet, dropped
      // above, centred node labels); a subgraph's title is placed by its left end
      if (text.closest(".node, .edgeLabel")) text.setAttribute("text-anchor", "middle");
      for (const row of text.querySelectorAll(":scope > tspan.text-outer-tspan")) {
        const words = [...row.children];
        const plain = words.every((w) => w.localName === "tspan" && !w.children.length &&
          w.getAttribute("font-style") === "normal" && w.getAttribute("font-weight") === "normal");
        if (plain) row.textContent = row.textContent;
        else for (const w of words) for (const name of ["class", "font-style", "font-weight"]) {
          if (name === "class" || w.getAttribute(name) === "normal") w.removeAttribute(name);
        }
        const y = EM.exec(row.getAttribute("y") || ""), dy = EM.exec(row.getAttribute("dy") || "");
        if (y && dy) {
          row.setAttribute("y", `${Math.round((+y[1] + +dy[1]) * 100) / 100}em`);
          row.removeAttribute("dy");
        }
        for (const name of ["class", "text-anchor"]) row.removeAttribute(name);
      }
      // every line has its own y: the <text>'s own y places nothing
      if ([...text.children].every((row) => row.hasAttribute("y"))) text.removeAttribute("y");
    }
    // an arrow with no answer gets an empty label from Mermaid: nothing to draw or to read
    for (const label of [...svg.querySelectorAll("g.edgeLabel")]) {
      if (!label.textContent.trim() && !label.closest("a")) label.remove();
    }
    // an answer's link box is drawn in the page colour behind its text (at least as big as the
    // text's own background), so that background is not drawn twice
    for (const rect of svg.querySelectorAll("g.edgeLabel rect.background")) {
      if (rect.closest("g.edgeLabel").querySelector(":scope > rect.flowcheck-hit")) rect.remove();
    }
    // a <rect> with no size draws nothing (Mermaid leaves one in every node label)
    for (const rect of svg.querySelectorAll("rect:not([width])")) rect.remove();
    // a <g> with no attributes groups nothing a reader or a stylesheet sees: its children in its place
    for (const group of [...svg.querySelectorAll("g")]) {
      if (!group.attributes.length) group.replaceWith(...group.childNodes);
    }
    for (const group of [...svg.querySelectorAll("g.clusters")]) if (!group.children.length) group.remove();
  }

  // Mermaid defines drop shadows and gradients that no flowchart of ours uses (its theme's "look"
  // options): whatever no url(#…) names goes, and a <defs> left empty with it
  function dropUnusedDefinitions(svg) {
    const named = new Set();
    for (const el of [svg, ...svg.querySelectorAll("*")]) {
      for (const name of el.getAttributeNames()) {
        for (const found of el.getAttribute(name).matchAll(/url\(\s*['"]?#([^)'"\s]+)/g)) named.add(found[1]);
      }
    }
    for (const el of [...svg.querySelectorAll("filter, linearGradient, radialGradient")]) {
      if (!named.has(el.id)) el.remove();
    }
    for (const defs of [...svg.querySelectorAll("defs")]) if (!defs.children.length) defs.remove();
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
    const limit = settings.maxTextSize;
    if (limit && text.length > limit) {
      // mermaid.render would quietly draw a box saying so instead of the chart
      return {error: `Maximum text size in diagram exceeded (${text.length} characters; the limit is ${limit})`};
    }
    let diagram;
    let map = lineMap(text);
    lexer = null;
    try {
      diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    } catch (error) {
      const message = String(error && error.message || error);
      const at = /\bon line (\d+)/.exec(message);
      const checked = lexer && map.length - 1 === lexerInput.split("\n").length;
      return {error: message, error_line: at && checked ? mapLines(map, +at[1]) : null};
    }
    if (!lexer || map.length - 1 !== lexerInput.split("\n").length) map = null;
    for (const click of clicks) click.line = mapLines(map, click.line);
    const recorded = clicks;
    clicks = [];  // mermaid.render parses the text again
    const type = diagram.type;
    const isFlowchart = type.startsWith("flowchart");
    const graph = isFlowchart ? graphOf(diagram.db, map) : null;
    const pictures = graph ? graph.vertices.filter((v) => v.img || v.icon) : [];
    if (pictures.length) {
      // never drawn: the picture would be fetched from wherever it names (graph.py reports each one)
      return {type, graph, clicks: recorded, unsafe: pictures.map((v) => `${v.img ? "img" : "icon"} on node ${v.id}`)};
    }
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
    const foreignLinks = graph ? 0 : svg.querySelectorAll("a").length;
    if (graph) linkify(svg, graph, minTarget);
    const viewBox = svg.viewBox.baseVal;
    const result = {
      type, graph, clicks: recorded, foreignLinks,
      unsafe: unsafeParts(svg, foreignLinks > 0), targets: targetsOf(svg),
      width: viewBox.width, height: viewBox.height,
    };
    for (const name of ["width", "height", "style"]) svg.removeAttribute(name);
    compact(svg);
    compactLabels(svg);
    dropUnusedDefinitions(svg);
    result.svg = svg.outerHTML;
    holder.remove();
    return result;
  }

  return {setup, render};
})();
