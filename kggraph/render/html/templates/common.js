/* Helpers shared by the graph panel (graph.js) and the overview panel (overview.js). Every
   text from the data goes into the page with textContent: nothing here parses HTML. */
var kgCommon = (function () {
  "use strict";
  function cell(tag, text, className) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (className) { el.className = className; }
    return el;
  }

  /* A hover box: a title, rows of [label, value], and a row per finding ({rule, message,
     source}) headed by `findingsWord`. */
  function tipElement(tip, findings, findingsWord) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    box.appendChild(cell("strong", tip.title));
    var table = document.createElement("table");
    tip.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("th", row[0]));
      tr.appendChild(cell("td", row[1]));
      table.appendChild(tr);
    });
    (findings || []).forEach(function (f) {
      var tr = document.createElement("tr");
      tr.className = "kg-tip-finding";
      tr.appendChild(cell("th", findingsWord));
      tr.appendChild(cell("td", f.rule + ": " + f.message + (f.source ? " (" + f.source + ")" : "")));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  /* Text folded for search: no accents, lower case, trimmed. */
  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().trim();
  }

  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }

  function setStatus(text) { document.getElementById("kg-status").textContent = text; }

  return { cell: cell, tipElement: tipElement, fold: fold, readJson: readJson,
           setStatus: setStatus };
}());
