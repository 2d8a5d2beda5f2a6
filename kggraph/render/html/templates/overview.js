/* kggraph overview panel. The page opens on one node per cluster at positions computed before
   it was written (no physics runs here); a click opens a cluster into its own nodes, search
   opens the cluster of what it finds, and the findings list follows what is on screen.
   Nodes are parallel arrays (data.nodes), edges flat quadruples (from, to, style, sources),
   repeated texts indexes into data.texts. Every text goes in with textContent. */
(function () {
  "use strict";
  var data = kgCommon.readJson("kg-data");
  var words = kgCommon.readJson("kg-words");
  var N = data.nodes, T = data.texts, C = data.clusters, E = data.edges, F = data.findings;
  var PAGE = 25;
  var state = { open: new Set(), hidden: new Set(), showFindings: true, page: 0, listed: [],
                expanded: new Set() };
  var inCluster = C.map(function () { return []; });
  var neighbours = N.id.map(function () { return []; });
  var byNode = new Map(), byEdge = new Map();
  var clusterCounts = C.map(function () { return [0, 0, 0]; });
  N.cl.forEach(function (c, i) { inCluster[c].push(i); });
  for (var k = 0; k < E.length; k += 4) {
    neighbours[E[k]].push(E[k + 1]);
    neighbours[E[k + 1]].push(E[k]);
  }
  function file(map, key, value) {
    if (!map.has(key)) { map.set(key, []); }
    map.get(key).push(value);
  }
  F.forEach(function (f, j) {
    if (f.node >= 0) { file(byNode, f.node, j); clusterCounts[N.cl[f.node]][f.sev] += 1; }
    (f.edges || []).forEach(function (e) { file(byEdge, e, j); });
  });

  function category(i) { return data.categories[N.cat[i]]; }
  function shown(list) { return state.showFindings ? (list || []) : []; }
  function worst(list) {
    return Math.min.apply(null, list.map(function (j) { return F[j].sev; }));
  }
  function findingText(j) {
    return { rule: T[F[j].rule], message: T[F[j].message], source: T[F[j].source] };
  }
  function tip(title, rows, findings) {
    return kgCommon.tipElement({ title: title, rows: rows }, findings, words.findings);
  }
  function clusterName(c) { return C[c].label.split("\n").slice(0, 2).join(" · "); }

  /* What a node is drawn as: its own index when its cluster is open and its type shown, the
     id of its cluster when that is closed, null when it is filtered out. */
  function shownAs(i) {
    var c = N.cl[i];
    if (!state.open.has(c)) { return "c" + c; }
    return state.hidden.has(category(i).key) ? null : i;
  }

  function nodeItem(i) {
    var cat = category(i), fs = shown(byNode.get(i));
    var border = fs.length ? data.findingColours[worst(fs)] : cat.border;
    var rows = [[words.type, cat.label + " (" + data.types[N.type[i]] + ")"],
                [words.notation, N.notation[i]], [words.active, T[N.period[i]]],
                [words.sources, T[N.src[i]]], [words.cluster, clusterName(N.cl[i])]];
    return {
      id: i, x: N.x[i], y: N.y[i], label: N.label[i], shape: cat.shape, size: cat.size,
      color: { background: cat.colour, border: border,
               highlight: { background: cat.colour, border: fs.length ? border : "#000000" } },
      borderWidth: fs.length ? 5 : 1.5, font: { color: cat.font, size: 14 },
      title: tip(N.name[i] || N.notation[i], rows, fs.map(findingText))
    };
  }

  function clusterItem(c) {
    var counts = state.showFindings ? clusterCounts[c] : [0, 0, 0];
    var sev = counts.findIndex(function (n) { return n > 0; });
    var border = sev >= 0 ? data.findingColours[sev] : "#1f4e79";
    var rows = [[words.structures, String(C[c].structures)],
                [words.members, String(C[c].size - C[c].structures)]];
    counts.forEach(function (n, s) { if (n) { rows.push([words.findings, n + " " + ["error", "warning", "info"][s]]); } });
    return {
      id: "c" + c, x: C[c].x, y: C[c].y, label: C[c].label, shape: "dot", size: C[c].r,
      color: { background: "#dce6f1", border: border,
               highlight: { background: "#c5d7ea", border: border } },
      borderWidth: sev >= 0 ? 6 : 2, font: { size: data.font, color: "#10253f" },
      title: tip(clusterName(c), rows, [])
    };
  }

  function edgeItem(k, from, to) {
    var style = data.edgeStyles[E[k + 2]], fs = shown(byEdge.get(k / 4));
    var colour = fs.length ? data.findingColours[worst(fs)] : style.colour;
    return {
      id: "e" + k / 4, from: from, to: to, arrows: "to", dashes: style.dashes,
      width: style.width + (fs.length ? 3 : 0),
      color: { color: colour, highlight: fs.length ? colour : "#000000", opacity: 0.9 },
      title: tip(N.notation[E[k]] + " → " + N.notation[E[k + 1]],
                 style.rows.concat([[words.sources, T[E[k + 3]]]]), fs.map(findingText))
    };
  }

  function bundleItem(key, from, to, count) {
    return { id: "b" + key, from: from, to: to, width: 1 + Math.log2(count),
             color: { color: "#9fb3c8", opacity: 0.7 },
             title: tip(count + " " + words.links_to, [], []) };
  }

  /* The strongest links between clusters, drawn only while every cluster is closed: their
     width is sized for the overview and would swamp an open cluster's lines. */
  function linkItems() {
    var items = [], L = data.links, unit = data.font / 14;
    if (state.open.size) { return items; }
    for (var j = 0; j < L.length; j += 3) {
      items.push({ id: "k" + j, from: "c" + L[j], to: "c" + L[j + 1],
                   width: unit * (1 + Math.log2(L[j + 2])),
                   color: { color: "#9fb3c8", opacity: 0.6 },
                   title: tip(clusterName(L[j]) + " ↔ " + clusterName(L[j + 1]),
                              [[words.shared, String(L[j + 2])]], []) });
    }
    return items;
  }

  function findingLines() {
    var items = [];
    F.forEach(function (f, j) {
      if (!state.showFindings || f.node < 0 || shownAs(f.node) !== f.node) { return; }
      (f.lines || []).forEach(function (to, n) {
        if (shownAs(to) !== to) { return; }
        var colour = data.findingColours[f.sev];
        items.push({ id: "f" + j + "-" + n, from: f.node, to: to, width: 3, dashes: [3, 3],
                     color: { color: colour, highlight: colour },
                     smooth: { enabled: true, type: "curvedCW", roundness: 0.25 },
                     title: tip(T[f.rule] + ": " + T[f.subject] + " ↔ " + T[f.related],
                                [["", T[f.message]], ["", T[f.source]]], []) });
      });
    });
    return items;
  }

  /* Every line drawn now: edges inside open clusters, one bundle per node and closed cluster,
     the strongest links between closed clusters, and the findings' own lines. */
  function edgeItems() {
    var items = [], bundles = new Map();
    for (var k = 0; k < E.length; k += 4) {
      var a = shownAs(E[k]), b = shownAs(E[k + 1]);
      if (a === null || b === null || a === b) { continue; }
      if (typeof a === "number" && typeof b === "number") { items.push(edgeItem(k, a, b)); }
      else if (typeof a === "number" || typeof b === "number") {
        var key = a + "-" + b;
        bundles.set(key, [a, b, (bundles.has(key) ? bundles.get(key)[2] : 0) + 1]);
      }
    }
    bundles.forEach(function (v, key) { items.push(bundleItem(key, v[0], v[1], v[2])); });
    return items.concat(linkItems(), findingLines());
  }

  var nodes = new vis.DataSet(C.map(function (_, c) { return clusterItem(c); }));
  var edges = new vis.DataSet(edgeItems());
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    edges: { smooth: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true }
  });
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false };
  window.kggraph = api;

  function redrawEdges() { edges.clear(); edges.add(edgeItems()); }
  function visibleIn(c) {
    return inCluster[c].filter(function (i) { return shownAs(i) === i; });
  }

  function openCluster(c) {
    if (state.open.has(c)) { return; }
    state.open.add(c);
    nodes.remove("c" + c);
    nodes.add(visibleIn(c).map(nodeItem));
    redrawEdges();
  }
  function closeCluster(c) {
    if (!state.open.has(c)) { return; }
    state.open.delete(c);
    nodes.remove(inCluster[c]);
    nodes.add(clusterItem(c));
    redrawEdges();
  }
  function redrawNodes() {
    C.forEach(function (_, c) {
      if (!state.open.has(c)) { nodes.update(clusterItem(c)); return; }
      nodes.remove(inCluster[c]);
      nodes.add(visibleIn(c).map(nodeItem));
    });
    redrawEdges();
  }

  /* The part of the canvas on screen, in canvas units. */
  function viewBox() {
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }
  function onScreen(id, box) {
    var x, y, r = 0;
    if (typeof id === "number") { x = N.x[id]; y = N.y[id]; }
    else { var c = C[Number(id.slice(1))]; x = c.x; y = c.y; r = c.r; }
    return x + r >= box.left && x - r <= box.right && y + r >= box.top && y - r <= box.bottom;
  }

  /* The findings drawn on what is on screen: their subject is a node on screen, or inside a
     closed cluster on screen; the most severe first. */
  function listed() {
    if (!state.showFindings) { return []; }
    var box = viewBox();
    var out = [];
    F.forEach(function (f, j) {
      if (f.node < 0) { return; }
      var id = shownAs(f.node);
      if (id !== null && onScreen(id, box)) { out.push(j); }
    });
    return out.sort(function (a, b) {
      return F[a].sev - F[b].sev || T[F[a].rule].localeCompare(T[F[b].rule]) || a - b;
    });
  }

  function findingItem(j) {
    var f = F[j], li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    var dot = kgCommon.cell("span", "", "kg-sev");
    dot.style.background = data.findingColours[f.sev];
    button.appendChild(dot);
    button.appendChild(document.createTextNode(
      T[f.rule] + " · " + T[f.subject] + (f.related !== undefined ? " ↔ " + T[f.related] : "")));
    button.addEventListener("click", function () {
      state.expanded.add(j);
      focusNode(f.node);
    });
    if (state.expanded.has(j)) {
      li.appendChild(kgCommon.cell("span", T[f.message] +
        (T[f.source] ? " (" + T[f.source] + ")" : ""), "kg-message"));
    }
    li.setAttribute("data-finding", String(j));
    li.insertBefore(button, li.firstChild);
    return li;
  }

  function showFindingsPage() {
    var list = document.getElementById("kg-findings-list");
    if (!list) { return; }
    var pages = Math.max(1, Math.ceil(state.listed.length / PAGE));
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    list.textContent = "";
    state.listed.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (j) {
      list.appendChild(findingItem(j));
    });
    document.getElementById("kg-findings-count").textContent = String(state.listed.length);
    document.getElementById("kg-page").textContent =
      words.page + " " + (state.page + 1) + " / " + pages;
  }
  function refreshFindings() { state.listed = listed(); state.page = 0; showFindingsPage(); }
  var pending = null;
  function soon() {
    clearTimeout(pending);
    pending = setTimeout(refreshFindings, 120);
  }

  function findIndex(query) {
    var q = kgCommon.fold(query);
    if (!q) { return -1; }
    if (!api.folded) {
      api.folded = { n: N.notation.map(kgCommon.fold), m: N.name.map(kgCommon.fold) };
    }
    var n = api.folded.n, m = api.folded.m;
    var tests = [
      function (i) { return n[i] === q || m[i] === q; },
      function (i) { return n[i].startsWith(q) || m[i].startsWith(q); },
      function (i) { return m[i].indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < N.id.length; i++) { if (tests[t](i)) { return i; } }
    }
    return -1;
  }

  function reveal(i) {
    var key = category(i).key;
    if (state.hidden.has(key)) {
      var box = document.querySelector('#kg-types input[data-category="' + CSS.escape(key) + '"]');
      if (box) { box.checked = true; }
      api.setCategory(key, true);
    }
    openCluster(N.cl[i]);
  }

  /* Open the node's cluster, select it with its lines, and fit it and its neighbours in that
     cluster on screen; the status line says where its other neighbours are. */
  function focusNode(i) {
    if (i < 0) { return null; }
    reveal(i);
    var near = neighbours[i].filter(function (j) { return shownAs(j) === j; });
    var away = new Set(neighbours[i].filter(function (j) { return shownAs(j) !== j; })
      .map(function (j) { return N.cl[j]; }));
    network.selectNodes([i]);
    network.fit({ nodes: [i].concat(near), animation: false });
    if (network.getScale() > 1.5) {
      network.moveTo({ position: { x: N.x[i], y: N.y[i] }, scale: 1.5, animation: false });
    }
    kgCommon.setStatus(words.found + ": " + (N.name[i] || N.notation[i]) + " — " +
      words.cluster + " " + clusterName(N.cl[i]) +
      (away.size ? " (+" + away.size + " " + words.clusters.toLowerCase() + ")" : ""));
    refreshFindings();
    return N.id[i];
  }

  api.search = function (query) {
    var i = findIndex(query);
    if (i < 0) { kgCommon.setStatus(words.not_found + ": " + query); return null; }
    return focusNode(i);
  };
  api.focusNode = function (iri) { return focusNode(N.id.indexOf(iri)); };
  api.openCluster = function (c) {
    openCluster(c);
    network.fit({ nodes: visibleIn(c), animation: false });
    refreshFindings();
  };
  api.closeAll = function () {
    Array.from(state.open).forEach(closeCluster);
    network.fit({ animation: false });
    refreshFindings();
  };
  api.setCategory = function (key, visible) {
    if (visible) { state.hidden.delete(key); } else { state.hidden.add(key); }
    redrawNodes();
    refreshFindings();
  };
  api.setFindings = function (on) {
    state.showFindings = Boolean(on);
    redrawNodes();
    refreshFindings();
  };
  api.visibleNodeIds = function () {
    return nodes.getIds().filter(function (id) { return typeof id === "number"; })
      .map(function (i) { return N.id[i]; });
  };
  api.openClusters = function () { return Array.from(state.open).sort(); };
  api.listedFindings = function () {
    return state.listed.map(function (j) { return { index: j, shownAs: shownAs(F[j].node),
                                                    severity: F[j].sev }; });
  };
  api.viewBox = viewBox;
  api.setPage = function (p) { state.page = p; showFindingsPage(); };

  network.on("click", function (params) {
    var id = params.nodes[0];
    if (typeof id === "string" && id[0] === "c") { api.openCluster(Number(id.slice(1))); }
  });
  network.on("doubleClick", function (params) {
    var id = params.nodes[0];
    if (typeof id === "number") { closeCluster(N.cl[id]); refreshFindings(); }
  });
  network.on("zoom", soon);
  network.on("dragEnd", soon);

  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    api.search(document.getElementById("kg-search").value);
  });
  document.getElementById("kg-cluster").addEventListener("change", function (event) {
    if (event.target.value !== "") { api.openCluster(Number(event.target.value)); }
  });
  document.getElementById("kg-close-all").addEventListener("click", api.closeAll);
  document.querySelectorAll("#kg-types input[data-category]").forEach(function (box) {
    box.addEventListener("change", function () {
      api.setCategory(box.getAttribute("data-category"), box.checked);
    });
  });
  var toggle = document.getElementById("kg-show-findings");
  if (toggle) { toggle.addEventListener("change", function () { api.setFindings(toggle.checked); }); }
  var previous = document.getElementById("kg-previous");
  if (previous) {
    previous.addEventListener("click", function () { api.setPage(state.page - 1); });
    document.getElementById("kg-next").addEventListener("click", function () {
      api.setPage(state.page + 1);
    });
  }

  network.fit({ animation: false });
  network.once("afterDrawing", function () {
    refreshFindings();
    api.ready = true;
    document.body.setAttribute("data-kg-ready", "1");
  });
}());
