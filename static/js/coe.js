// The COE editor: timeline and why rows that can be added, removed and moved; saves as you go to
// the server, and keeps a copy in this browser so nothing typed is lost to a failed save or a lost
// session.
(function () {
  "use strict";
  const form = document.getElementById("coe-form");
  if (!form) return;
  const key = form.dataset.draftKey;
  const savedAt = form.dataset.savedAt ? Date.parse(form.dataset.savedAt + (form.dataset.savedAt.match(/[Z+]/) ? "" : "Z")) : 0;
  const state = document.getElementById("save-state");
  let dirty = false;
  let edits = 0; // counts changes, so a save that answers late knows whether it saved the latest text

  function renumber(list) {
    const prefix = list.dataset.prefix;
    const pattern = new RegExp("^" + prefix + "-\\d+-");
    Array.from(list.children).forEach(function (row, i) {
      row.querySelectorAll("input, textarea").forEach(function (input) {
        input.name = input.name.replace(pattern, prefix + "-" + i + "-");
        input.id = input.name;
      });
    });
  }

  function addRow(prefix) {
    const list = document.getElementById(prefix + "-rows");
    const template = document.getElementById(prefix + "-template");
    const html = template.innerHTML.split("__i__").join(String(list.children.length));
    list.insertAdjacentHTML("beforeend", html);
    return list.lastElementChild;
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.add) {
      const row = addRow(button.dataset.add);
      row.querySelector("input").focus();
    } else if (button.dataset.move) {
      const row = button.closest("li");
      const list = row.parentElement;
      if (button.dataset.move === "-1" && row.previousElementSibling) list.insertBefore(row, row.previousElementSibling);
      if (button.dataset.move === "1" && row.nextElementSibling) list.insertBefore(row.nextElementSibling, row);
      renumber(list);
    } else if (button.hasAttribute("data-remove")) {
      const row = button.closest("li");
      const list = row.parentElement;
      row.remove();
      renumber(list);
    } else {
      return;
    }
    changed();
  });

  function fields() {
    return Array.from(new FormData(form).entries()).filter(function (pair) {
      return pair[0] !== "csrf_token" && typeof pair[1] === "string";
    });
  }

  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), fields: fields() }));
    } catch (e) { /* storage full or off: the server copy still saves */ }
  }

  function changed() {
    dirty = true;
    edits += 1;
    keep();
  }

  form.addEventListener("input", changed);

  function restore(saved) {
    ["timeline", "whys"].forEach(function (prefix) {
      const list = document.getElementById(prefix + "-rows");
      const wanted = new Set(saved.fields.map(function (p) { const m = p[0].match(new RegExp("^" + prefix + "-(\\d+)-")); return m ? m[1] : null; }).filter(Boolean)).size;
      while (list.children.length < wanted) addRow(prefix);
      while (list.children.length > wanted) list.lastElementChild.remove();
      renumber(list);
    });
    saved.fields.forEach(function (pair) {
      const input = form.elements.namedItem(pair[0]);
      if (input && "value" in input) input.value = pair[1];
    });
    changed();
  }

  function offerRestore() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (form.hasAttribute("data-created")) localStorage.removeItem("coe-draft-new"); // the new-COE form was just saved as this COE
    if (!saved || !saved.fields) return;
    if (saved.at <= savedAt) { localStorage.removeItem(key); return; }
    const banner = document.getElementById("restore");
    banner.hidden = false;
    document.getElementById("restore-button").addEventListener("click", function () { restore(saved); banner.hidden = true; });
    document.getElementById("discard-button").addEventListener("click", function () { localStorage.removeItem(key); banner.hidden = true; });
  }

  function say(text) { if (state) state.textContent = text; }

  function autosave() {
    if (!dirty || !form.dataset.autosave) return;
    dirty = false;
    const sent = edits;
    const token = form.elements.namedItem("csrf_token");
    fetch(form.dataset.autosave, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" },
    }).then(function (response) {
      const json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.status === 401 || response.redirected) {
        // A lost session ends at the sign-in page, which a fetch follows and reads as 200: not saved.
        dirty = true;
        say("Signed out — sign in again; your text is kept on this computer.");
        return null;
      }
      if (response.ok && json) {
        if (edits === sent) {
          localStorage.removeItem(key);
          say("All changes saved at " + new Date().toLocaleTimeString());
        } else {
          say("Saved at " + new Date().toLocaleTimeString() + "; saving what you typed since.");
        }
        return null;
      }
      dirty = true;
      if (response.status === 422 && json) {
        return response.json().then(function (body) {
          const first = Object.keys(body.errors || {})[0];
          say("Not saved yet (kept in this browser): check " + (first || "the form") + ".");
        });
      }
      say("Not saved (" + response.status + "); kept in this browser. Sign in again if your session ended.");
      return null;
    }).catch(function () {
      dirty = true;
      say("Offline: kept in this browser, will save when the server answers.");
    });
  }

  offerRestore();
  window.setInterval(autosave, 4000);
})();
