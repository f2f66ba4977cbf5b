// "Sao chép": copies the text of the element named by data-copy (served locally, no CDN).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = Array.from(source.querySelectorAll("h2, p")).map((p) => p.innerText.trim()).join("\n");
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = button.dataset.done || label;
  setTimeout(() => { button.textContent = label; }, 2000);
});
