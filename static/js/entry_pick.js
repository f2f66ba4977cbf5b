/* "Nhập số liệu": the period list follows the chosen resolution (progressive enhancement).
   Each resolution <option> lists its periods in data-periods and its proposed one in data-default;
   without this script the server refuses a period the resolution does not have. */
(function () {
  "use strict";
  var form = document.getElementById("entry-pick");
  if (!form) { return; }
  var resolution = form.elements.namedItem("resolution");
  var period = form.elements.namedItem("period");
  if (!resolution || !period) { return; }

  function follow() {
    var chosen = resolution.options[resolution.selectedIndex];
    if (!chosen || !chosen.dataset.periods) { return; }
    var allowed = chosen.dataset.periods.split(" ");
    var keep = false;
    Array.prototype.forEach.call(period.options, function (option) {
      var ok = allowed.indexOf(option.value) !== -1;
      option.hidden = !ok;
      option.disabled = !ok;
      if (ok && option.selected) { keep = true; }
    });
    if (!keep) { period.value = chosen.dataset.default; }
  }

  resolution.addEventListener("change", function () {
    // A new resolution proposes its own period (the latest that is due).
    period.value = "";
    follow();
  });
  follow();
}());
