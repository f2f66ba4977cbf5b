// Behaviour of the dashboards, kept out of the HTML: the Content-Security-Policy allows scripts only
// from this server, never inline (no onclick="..." attributes).
document.addEventListener("DOMContentLoaded", () => {
  // "In trang": print the page (print.css gives an A4 layout).
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
