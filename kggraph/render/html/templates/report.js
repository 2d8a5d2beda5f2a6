/* kggraph report: every long table (and the findings) gets a filter box, and a click on a
   column head sorts the table by that column (numbers as numbers; again to reverse). Rows
   are only moved or hidden: no text from the data is parsed as HTML. */
(function () {
  "use strict";
  var words = kgCommon.readJson("kg-report-words");

  function addFilter(before, items) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "kg-filter";
    box.placeholder = words.filter;
    box.setAttribute("aria-label", words.filter);
    box.addEventListener("input", function () {
      var q = kgCommon.fold(box.value);
      items().forEach(function (el) {
        el.hidden = Boolean(q) && kgCommon.fold(el.textContent).indexOf(q) < 0;
      });
    });
    before.parentNode.insertBefore(box, before);
  }

  function key(cell) {
    var text = cell.textContent.trim(), n = Number(text.replace(",", "."));
    return text !== "" && !isNaN(n) ? n : kgCommon.fold(text);
  }

  function sortBy(table, column, th) {
    var body = table.tBodies[0], rows = Array.from(body.rows);
    var up = th.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]);
      var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
      return up ? order : -order;
    });
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("main table.kg-table").forEach(function (table) {
    addFilter(table, function () { return Array.from(table.tBodies[0].rows); });
    table.querySelectorAll("thead th").forEach(function (th, column) {
      th.classList.add("kg-sortable");
      th.addEventListener("click", function () { sortBy(table, column, th); });
    });
  });
  var findings = document.getElementById("kg-report-findings");
  if (findings && findings.children.length) {
    addFilter(findings, function () { return Array.from(findings.children); });
  }
}());
