// The "Chọn tất cả" box of django-import-export's export page, wired here instead of an inline
// onchange attribute (the Content-Security-Policy allows no inline script).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((box) => {
    box.addEventListener("change", (event) => {
      document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach((checkbox) => {
        checkbox.checked = event.target.checked;
      });
    });
  });
});
