// A page shown inside the projector (?embed=1): the host's keys pressed in it still drive the meeting.
// Loaded in the head, so it listens from the first moment the page can be clicked.
(function () {
  "use strict";
  let parent = null;
  try {
    parent = window.parent !== window ? window.parent : null;
    if (parent && typeof parent.opsProjectorKey !== "function") parent = null;
  } catch (error) {
    parent = null; // framed by another site: nothing to forward to
  }
  if (!parent) return;
  document.addEventListener("keydown", function (event) { parent.opsProjectorKey(event); });
})();
