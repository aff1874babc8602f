// The host's keys on the projector: arrows move, s spins, t pauses, a captures
// an action item, d opens the team's dashboard, f goes full screen, ? lists the keys. Every move goes to the
// server (the state lives in the database); the page then draws what it answers.
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root || !root.dataset.commandUrl || !window.opsLive) return;
  const message = document.getElementById("live-message");
  const help = document.getElementById("keys-help");
  const quick = document.getElementById("quick-dialog");
  let busy = false;

  function say(text) {
    message.textContent = text || "";
    message.hidden = !text;
  }

  async function send(action) {
    if (busy) return;
    busy = true;
    say("");
    try {
      const response = await fetch(root.dataset.commandUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrfToken },
        body: JSON.stringify({ action: action, version: window.opsLive.state().version }),
        credentials: "same-origin",
      });
      const body = await response.json().catch(function () { return {}; });
      if (response.ok) {
        window.opsLive.apply(body);
      } else {
        if (body.error && body.error.field === "version") window.opsLive.refresh();
        say((body.error && body.error.message) || "That did not work; nothing changed.");
      }
    } catch (error) {
      say("The server could not be reached; nothing changed.");
    } finally {
      busy = false;
    }
  }

  function sayDone(text) {
    const done = document.getElementById("live-done");
    if (!done) return;
    done.textContent = text || "";
    done.hidden = !text;
    window.setTimeout(function () { done.hidden = true; }, 6000);
  }

  function open(dialog) {
    if (dialog && !dialog.open) dialog.showModal();
  }

  function onKey(event) {
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const current = window.opsLive.state().current;
    switch (event.key) {
      case "ArrowRight": event.preventDefault(); send("next"); break;
      case "ArrowLeft": event.preventDefault(); send("previous"); break;
      case "s":
        if (current && current.in_wheel) send("spin");
        else say("The wheel spins in the wheel section.");
        break;
      case "t": send("timer"); break;
      case "a":
        event.preventDefault();
        if (quick) {
          // The item on the screen: the captured action item remembers the team or COE it is about.
          const raisedAt = quick.querySelector("input[name=agenda_item_id]");
          if (raisedAt) raisedAt.value = current ? String(current.id) : "";
          open(quick);
          quick.querySelector("input[name=title]").focus();
        }
        break;
      case "d": {
        // The picked team's dashboard (or the item's link) in a new tab; the projector keeps its place.
        const target = current && ((current.team && current.team.dashboard_url) || current.link);
        if (target) window.open(target, "_blank", "noopener");
        break;
      }
      case "f":
        if (document.fullscreenElement) document.exitFullscreen();
        else document.documentElement.requestFullscreen().catch(function () {});
        break;
      case "?": open(help); break;
      default: return;
    }
  }

  // The quick capture goes from here, so the room stays in full screen and on its item.
  const captureForm = quick && quick.querySelector("form");
  if (captureForm) {
    const problem = document.getElementById("quick-problem");
    captureForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      problem.hidden = true;
      try {
        const response = await fetch(captureForm.action, {
          method: "POST", body: new FormData(captureForm), credentials: "same-origin",
          headers: { "Accept": "application/json" },
        });
        const body = await response.json().catch(function () { return {}; });
        if (response.status === 201) {
          captureForm.reset();
          quick.close();
          sayDone(body.message);
          return;
        }
        const errors = body.errors ? Object.values(body.errors).flat() : [];
        problem.textContent = errors.join(" ") || "Not captured; what you typed is still here.";
        problem.hidden = false;
      } catch (error) {
        problem.textContent = "The server could not be reached; nothing was captured. What you typed is still here.";
        problem.hidden = false;
      }
    });
  }

  document.addEventListener("keydown", onKey);
  // The team's dashboard on the stage forwards its keys here (static/js/embed.js), so clicking
  // into a chart does not take the room's keyboard away.
  window.opsProjectorKey = onKey;
})();
