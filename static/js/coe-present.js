// Projector mode: one COE section at a time; arrow keys, Page Up/Down or the buttons move.
(function () {
  "use strict";
  const sections = Array.from(document.querySelectorAll("#present > .coe-section"));
  if (!sections.length) return;
  const count = document.getElementById("slide-count");
  let current = Math.max(0, sections.findIndex(function (s) { return "#" + s.id === window.location.hash; }));

  function show(index) {
    current = Math.min(sections.length - 1, Math.max(0, index));
    sections.forEach(function (s, i) { s.hidden = i !== current; });
    count.textContent = (current + 1) + " / " + sections.length;
    history.replaceState(null, "", "#" + sections[current].id);
  }

  document.addEventListener("keydown", function (event) {
    if (["ArrowRight", "ArrowDown", "PageDown", " "].includes(event.key)) { show(current + 1); event.preventDefault(); }
    if (["ArrowLeft", "ArrowUp", "PageUp"].includes(event.key)) { show(current - 1); event.preventDefault(); }
    if (event.key === "Home") show(0);
    if (event.key === "End") show(sections.length - 1);
  });
  document.getElementById("next-section").addEventListener("click", function () { show(current + 1); });
  document.getElementById("previous-section").addEventListener("click", function () { show(current - 1); });
  show(current);
})();
