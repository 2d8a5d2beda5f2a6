/* kggraph graph panel. Reads the page's JSON, draws it with vis-network, and wires the
   search box, the type and core-group filters and the findings toggle. Every text from the
   data goes into the page with textContent: nothing here parses HTML. */
(function () {
  "use strict";
  var data = kgCommon.readJson("kg-data");
  var words = kgCommon.readJson("kg-words");
  var state = { hiddenCategories: new Set(), sphere: null, showFindings: true, day: null };
  var SEVERITY = { error: 0, warning: 1, info: 2, assessment: 3 };
  var findingsBySubject = new Map();
  var findingsByEdge = new Map();
  function file(map, key, finding) {
    if (!map.has(key)) { map.set(key, []); }
    map.get(key).push(finding);
  }
  data.findings.forEach(function (f) {
    if (f.subjectId) { file(findingsBySubject, f.subjectId, f); }
    f.edgeIds.forEach(function (id) { file(findingsByEdge, id, f); });
  });
  function worst(findings) {
    return findings.slice().sort(function (a, b) {
      return SEVERITY[a.severity] - SEVERITY[b.severity];
    })[0];
  }

  function tipElement(tip, findings) { return kgCommon.tipElement(tip, findings, words.findings); }

  function onDay(f) { return !state.day || state.day.findings.has(f.id); }

  function shownFindings(map, id) {
    return state.showFindings ? (map.get(id) || []).filter(onDay) : [];
  }

  function nodeLook(n) {
    var fs = shownFindings(findingsBySubject, n.id);
    var look = { id: n.id, title: tipElement(n.tip, fs), color: n.baseColor,
                 borderWidth: n.baseBorderWidth };
    if (fs.length) {
      var colour = worst(fs).colour;
      look.color = { background: n.baseColor.background, border: colour,
                     highlight: { background: n.baseColor.background, border: colour } };
      look.borderWidth = 5;
    }
    return look;
  }

  function uncertain(e) { return Boolean(state.day && state.day.maybe.has(e.key)); }

  function edgeLook(e) {
    var fs = shownFindings(findingsByEdge, e.id);
    var tip = uncertain(e) ? { title: e.tip.title,
                               rows: e.tip.rows.concat([[words.date, words.uncertain]]) } : e.tip;
    var look = { id: e.id, title: tipElement(tip, fs), color: e.baseColor, width: e.baseWidth,
                 dashes: e.baseDashes };
    if (uncertain(e)) {
      look.dashes = [2, 6];
      look.color = { color: e.baseColor.color, highlight: e.baseColor.highlight, opacity: 0.35 };
    }
    if (fs.length) {
      var colour = worst(fs).colour;
      look.color = { color: colour, highlight: colour, opacity: 1 };
      look.width = e.baseWidth + 3;
    }
    return look;
  }

  data.nodes.forEach(function (n) {
    n.baseColor = n.color;
    n.baseBorderWidth = n.borderWidth;
    Object.assign(n, nodeLook(n));
  });
  data.edges.forEach(function (e) {
    e.baseColor = e.color;
    e.baseWidth = e.width;
    e.baseDashes = e.dashes || false;
    Object.assign(e, edgeLook(e));
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false };
  window.kggraph = api;

  function markReady() {
    if (api.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    api.ready = true;
    document.body.setAttribute("data-kg-ready", "1");
  }
  network.once("stabilizationIterationsDone", markReady);
  network.once("stabilized", markReady);
  if (data.nodes.length === 0) { markReady(); }
  setTimeout(function () { network.stopSimulation(); markReady(); }, 20000);

  function nodeVisible(n) {
    return !state.hiddenCategories.has(n.category) && (!state.sphere || state.sphere.has(n.id)) &&
      (!state.day || state.day.nodes.has(n.id));
  }

  function edgeOnDay(e) {
    if (!state.day) { return true; }
    return e.finding ? state.day.findings.has(e.finding) : state.day.edges.has(e.key);
  }

  function applyVisibility() {
    var shown = new Set();
    nodes.update(nodes.get().map(function (n) {
      var visible = nodeVisible(n);
      if (visible) { shown.add(n.id); }
      return { id: n.id, hidden: !visible };
    }));
    edges.update(edges.get().map(function (e) {
      var ends = shown.has(e.from) && shown.has(e.to);
      return { id: e.id, hidden: !ends || !edgeOnDay(e) ||
               (Boolean(e.finding) && !state.showFindings) };
    }));
  }

  var setStatus = kgCommon.setStatus;
  var fold = kgCommon.fold;

  function findNode(query) {
    var q = fold(query);
    if (!q) { return null; }
    var all = nodes.get();
    var tests = [
      function (n) { return fold(n.notation) === q || fold(n.name) === q; },
      function (n) { return fold(n.notation).startsWith(q) || fold(n.name).startsWith(q); },
      function (n) { return fold(n.name).indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hit = all.filter(tests[i]);
      if (hit.length) { return hit[0]; }
    }
    return null;
  }

  function reveal(node) {
    if (state.hiddenCategories.has(node.category)) {
      state.hiddenCategories.delete(node.category);
      var box = document.querySelector('#kg-types input[data-category="' +
                                       CSS.escape(node.category) + '"]');
      if (box) { box.checked = true; }
    }
    if (state.sphere && !state.sphere.has(node.id)) {
      state.sphere = null;
      document.getElementById("kg-core-group").value = "";
    }
    applyVisibility();
  }

  function focusNode(id) {
    var node = nodes.get(id);
    if (!node) { return null; }
    reveal(node);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: false });
    setStatus(words.found + ": " + (node.name || node.label));
    return id;
  }

  api.search = function (query) {
    var node = findNode(query);
    if (!node) { setStatus(words.not_found + ": " + query); return null; }
    return focusNode(node.id);
  };
  api.focusNode = focusNode;
  api.setCategory = function (category, visible) {
    if (visible) { state.hiddenCategories.delete(category); }
    else { state.hiddenCategories.add(category); }
    applyVisibility();
  };
  api.setCoreGroup = function (id) {
    var sphere = data.spheres.filter(function (s) { return s.id === id; })[0];
    state.sphere = sphere ? new Set(sphere.nodes) : null;
    applyVisibility();
  };
  api.setFindings = function (on) {
    state.showFindings = Boolean(on);
    nodes.update(nodes.get().map(nodeLook));
    edges.update(edges.get().map(edgeLook));
    applyVisibility();
  };
  // The first day comes in full, each later one as what it adds and drops: moving the slider
  // steps through them, forwards or back, on the sets of the day shown.
  var PARTS = ["nodes", "edges", "maybe", "findings"];
  var shownDay = -1;
  function step(index, forwards) {
    PARTS.forEach(function (part) {
      var change = data.states[index][part];
      var gone = forwards ? change.drop : change.add;
      var come = forwards ? change.add : change.drop;
      gone.forEach(function (x) { state.day[part].delete(x); });
      come.forEach(function (x) { state.day[part].add(x); });
    });
  }
  function stepTo(index) {
    if (shownDay < 0) {
      state.day = {};
      PARTS.forEach(function (part) { state.day[part] = new Set(data.states[0][part]); });
      shownDay = 0;
    }
    while (shownDay < index) { shownDay += 1; step(shownDay, true); }
    while (shownDay > index) { step(shownDay, false); shownDay -= 1; }
  }

  api.setDay = function (index) {
    stepTo(index);
    var day = data.states[index].day;
    document.getElementById("kg-day-label").textContent = day;
    document.querySelectorAll(".kg-findings li[data-finding]").forEach(function (li) {
      li.hidden = !state.day.findings.has(li.getAttribute("data-finding"));
    });
    document.getElementById("kg-findings-count").textContent = String(state.day.findings.size);
    nodes.update(nodes.get().map(nodeLook));
    edges.update(edges.get().map(edgeLook));
    applyVisibility();
    return day;
  };
  api.visibleEdgeKeys = function () {
    return edges.get({ filter: function (e) { return !e.hidden && e.key; } }).map(function (e) {
      return e.key;
    });
  };
  api.uncertainEdgeKeys = function () {
    return edges.get({ filter: function (e) { return !e.hidden && uncertain(e); } })
      .map(function (e) { return e.key; });
  };
  api.visibleNodeIds = function () {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) {
      return n.id;
    });
  };

  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    api.search(document.getElementById("kg-search").value);
  });
  document.querySelectorAll("#kg-types input[data-category]").forEach(function (box) {
    box.addEventListener("change", function () {
      api.setCategory(box.getAttribute("data-category"), box.checked);
    });
  });
  document.getElementById("kg-core-group").addEventListener("change", function (event) {
    api.setCoreGroup(event.target.value);
  });
  var slider = document.getElementById("kg-day");
  if (slider && data.states) {
    slider.addEventListener("input", function () { api.setDay(Number(slider.value)); });
    api.setDay(Number(slider.value));
  }
  var toggle = document.getElementById("kg-show-findings");
  if (toggle) {
    toggle.addEventListener("change", function () { api.setFindings(toggle.checked); });
  }
  document.querySelectorAll(".kg-findings button[data-node]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-node");
      if (id) { focusNode(id); }
    });
  });
}());
