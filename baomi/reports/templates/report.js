(function () {
  "use strict";
  // Filters, search and sorting of the findings table. Rows are only hidden and moved, never built: no text
  // from the scan ever goes through markup here (textContent only).
  var table = document.getElementById("findings-table");
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var shown = document.getElementById("filter-count");
  var search = document.getElementById("filter-search");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var searched = headers.filter(function (th) { return th.hasAttribute("data-searched"); })
    .map(function (th) { return th.cellIndex; });

  // the text of a cell, its parts (ID and title, message and reason) kept apart
  function words(node) {
    var parts = [];
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) { parts.push(walker.currentNode.nodeValue); }
    return parts.join("\n");
  }

  var rows = Array.prototype.map.call(body.rows, function (row, index) {
    return {
      row: row,
      index: index,  // the default order: failures first
      ranks: row.getAttribute("data-sort-ranks").split(" ").map(Number),
      text: searched.map(function (i) { return words(row.cells[i]); }).join("\n").toLowerCase()
    };
  });

  // position of a value among a select's options (severity order), -1 if not offered (no severity)
  function rank(select, value) {
    for (var i = 1; i < select.options.length; i += 1) {
      if (select.options[i].value === value) { return i; }
    }
    return -1;
  }

  function kept(row, select) {
    var wanted = select.value;
    if (!wanted) { return true; }
    var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
    if (select.getAttribute("data-match") === "at-least") {
      var limit = rank(select, wanted);
      return values.some(function (value) { var r = rank(select, value); return r !== -1 && r <= limit; });
    }
    return values.indexOf(wanted) !== -1;
  }

  function apply() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (entry) {
      var visible = selects.every(function (select) { return kept(entry.row, select); }) &&
        terms.every(function (term) { return entry.text.indexOf(term) !== -1; });
      entry.row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
  }

  // sort by a column's ranks; equal ranks keep the default order, whichever the direction
  function sortBy(th, descending) {
    var column = th.cellIndex;
    rows.sort(function (a, b) {
      var order = a.ranks[column] - b.ranks[column];
      return (descending ? -order : order) || a.index - b.index;
    });
    var moved = document.createDocumentFragment();
    rows.forEach(function (entry) { moved.appendChild(entry.row); });
    body.appendChild(moved);
    headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  headers.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      sortBy(th, th.getAttribute("aria-sort") === "ascending");
    });
  });
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  search.addEventListener("input", apply);

  var passes = document.getElementById("print-passes");
  function printPasses() { document.body.classList.toggle("print-passes", passes.checked); }
  passes.addEventListener("change", printPasses);
  document.getElementById("print-button").addEventListener("click", function () { window.print(); });
  printPasses();
  apply();
})();
