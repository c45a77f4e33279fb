// searcher's date histogram: drag across bars to narrow the dates to them (a click on one
// bar follows its link). Written for searcher; no library, nothing fetched. MIT, as searcher.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const chart = document.getElementById("histogram");
  if (!chart) return;
  const bars = Array.from(chart.querySelectorAll(".bar"));
  let start = null;
  let moved = false;
  const barAt = (event) => {
    const element = document.elementFromPoint(event.clientX, event.clientY);
    return element && element.closest ? element.closest(".bar") : null;
  };
  const mark = (a, b) => {
    const [i, j] = [bars.indexOf(a), bars.indexOf(b)].sort((x, y) => x - y);
    bars.forEach((bar, k) => bar.classList.toggle("chosen", k >= i && k <= j));
    return [bars[i], bars[j]];
  };
  chart.addEventListener("pointerdown", (event) => {
    start = barAt(event);
    moved = false;
    if (start) event.preventDefault();
  });
  chart.addEventListener("pointermove", (event) => {
    const bar = start && barAt(event);
    if (bar && bar !== start) { moved = true; mark(start, bar); }
  });
  document.addEventListener("pointerup", (event) => {
    const end = start && (barAt(event) || start);
    if (!start || !moved) { start = null; return; }
    const [first, last] = mark(start, end);
    start = null;
    const url = new URL(window.location.href);
    url.searchParams.set("from", first.dataset.from);
    url.searchParams.set("to", last.dataset.to);
    url.searchParams.delete("page");
    window.location.assign(url.toString());
  });
  chart.addEventListener("click", (event) => { if (moved) event.preventDefault(); });
});
