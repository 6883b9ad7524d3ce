(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var shown = document.getElementById("filter-count");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  function apply() {
    var count = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var visible = selects.every(function (select) {
        var wanted = select.value;
        if (!wanted) { return true; }
        var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
        return values.indexOf(wanted) !== -1;
      });
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
  }
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  document.getElementById("print-button").addEventListener("click", function () { window.print(); });
  apply();
})();
