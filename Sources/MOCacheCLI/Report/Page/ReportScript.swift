/// The report's one script: sorts a table by the column whose header is clicked (numbers as numbers,
/// missing values last either way), and opens every `<details>` while the page prints.
///
/// The page works without it; it fetches nothing and writes no store text into the page.
enum ReportScript {
    static let javaScript: StaticString = """
        (function () {
          "use strict";
          function key(row, column, numeric) {
            var cell = row.cells[column];
            var value = cell ? cell.getAttribute("data-v") : null;
            if (value === null) { value = cell ? cell.textContent : ""; }
            if (!numeric) { return value; }
            return value === "" ? NaN : Number(value);
          }
          document.querySelectorAll("table.sortable").forEach(function (table) {
            var headers = table.tHead ? table.tHead.rows[0].cells : [];
            Array.prototype.forEach.call(headers, function (header, column) {
              var button = header.querySelector("button");
              if (!button) { return; }
              button.addEventListener("click", function () {
                var numeric = header.getAttribute("data-type") === "number";
                var ascending = header.getAttribute("aria-sort") !== "ascending";
                Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
                header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = key(a, column, numeric), y = key(b, column, numeric);
                  if (numeric) {
                    if (isNaN(x)) { return isNaN(y) ? 0 : 1; }
                    if (isNaN(y)) { return -1; }
                    return ascending ? x - y : y - x;
                  }
                  return ascending ? x.localeCompare(y) : y.localeCompare(x);
                });
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
          });
          var closed = [];
          window.addEventListener("beforeprint", function () {
            closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
            closed.forEach(function (d) { d.open = true; });
          });
          window.addEventListener("afterprint", function () {
            closed.forEach(function (d) { d.open = false; });
            closed = [];
          });
        })();
        """
}
