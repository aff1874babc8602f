// The wheel page: spin with the button or the space bar. The server draws and
// records the pick first; the wheel then turns to land on the recorded draw.
(function () {
  "use strict";
  const room = document.getElementById("wheel-room");
  if (!room) return;
  const form = document.getElementById("spin-form");
  const button = document.getElementById("spin-button");
  const rotor = document.getElementById("wheel-rotor");
  const wheel = document.getElementById("wheel");
  const result = document.getElementById("result");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const TURNS = 5;
  const DURATION_MS = 4000;
  let spinning = false;
  let landed = false;
  let finish = null;

  function showResult(spin) {
    document.getElementById("result-slot").textContent = "Slot " + spin.slot;
    document.getElementById("result-team").textContent = spin.team.name;
    const chance = (spin.probability * 100).toFixed(1) + "%";
    document.getElementById("result-why").textContent =
      "chance " + chance + (spin.forced ? ", picked to stay within " + spin.bound + " meetings" : "");
    const links = document.getElementById("result-links");
    links.replaceChildren();
    for (const link of spin.team.links) {
      const item = document.createElement("li");
      const anchor = document.createElement("a");
      anchor.href = link.url;
      anchor.rel = "noopener noreferrer";
      anchor.target = "_blank";
      anchor.textContent = link.label;
      item.appendChild(anchor);
      links.appendChild(item);
    }
    const respin = document.getElementById("respin-link");
    respin.href = room.dataset.wheelUrl + "?spin=" + spin.id + "#respin";
    result.dataset.teamId = String(spin.team.id);
    result.hidden = false;
    landed = true;
    spinning = false;
    if (button) {
      button.disabled = false;
      button.firstChild.textContent = "Next slot ";
    }
    document.getElementById("next-spin").focus({ preventScroll: true });
  }

  function land(spin) {
    // The pointer sits at the top; sectors run clockwise in draw order, so the
    // recorded draw times 360 degrees is the angle that must end under it.
    const angle = spin.draw * 360;
    const target = TURNS * 360 - angle;
    finish = function () {
      if (!finish) return;
      finish = null;
      rotor.style.transition = "none";
      rotor.style.transform = "rotate(" + target + "deg)";
      showResult(spin);
    };
    if (reducedMotion) {
      finish();
      return;
    }
    rotor.style.transition = "transform " + DURATION_MS + "ms cubic-bezier(0.12, 0.8, 0.18, 1)";
    requestAnimationFrame(function () {
      rotor.style.transform = "rotate(" + target + "deg)";
    });
    rotor.addEventListener("transitionend", function () { if (finish) finish(); }, { once: true });
  }

  function fail(message) {
    spinning = false;
    if (button) button.disabled = false;
    const note = document.createElement("p");
    note.className = "flash flash-error";
    note.setAttribute("role", "alert");
    note.textContent = message;
    form.after(note);
  }

  async function spin() {
    if (spinning) return;
    if (landed) {
      window.location.assign(room.dataset.wheelUrl);
      return;
    }
    spinning = true;
    button.disabled = true;
    let response;
    try {
      response = await fetch(room.dataset.spinUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": room.dataset.csrfToken },
        body: JSON.stringify({ slot: Number(room.dataset.nextSlot), odds: room.dataset.odds }),
        credentials: "same-origin",
      });
    } catch (error) {
      fail("The server could not be reached; nothing was picked. Try again.");
      return;
    }
    const body = await response.json().catch(function () { return {}; });
    if (response.ok && body.spin) {
      land(body.spin);
    } else if (response.status === 409 && body.spin) {
      fail(body.error.message + " Showing what it picked.");
      spinning = true;
      land(body.spin);
    } else if (response.status === 409 && body.error && body.error.field === "odds") {
      // The wheel on screen is out of date: redraw it rather than land on a stale sector.
      window.location.assign(room.dataset.wheelUrl);
    } else {
      fail((body.error && body.error.message) || "The spin failed; nothing was picked.");
    }
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      spin();
    });
  }
  document.addEventListener("keydown", function (event) {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (typing) return;
    if (event.key === " " && form) {
      event.preventDefault();
      spin();
    } else if (event.key === "Escape" && finish) {
      finish();
    }
  });
  wheel.addEventListener("click", function () { if (finish) finish(); });
})();
