// Follow the meeting live: poll the live state every 0.75 s (a 304 when
// nothing changed) and update the page in place, without reloading and without
// moving the reader's scroll position.
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const POLL_MS = 750;
  let state = JSON.parse(root.dataset.state);
  let etag = null;
  let receivedAt = performance.now();

  function text(id, value) {
    const node = document.getElementById(id);
    if (node) node.textContent = value || "";
  }

  function anchor(id, href) {
    const node = document.getElementById(id);
    if (!node) return;
    node.hidden = !href;
    if (href) node.href = href;
  }

  // The presenting team's dashboard, in the page: loaded once per pick, not on every poll.
  function drawBoard(team) {
    const board = document.getElementById("live-board");
    if (!board) return;
    const frame = board.querySelector("iframe");
    const url = team && team.dashboard_url;
    const src = url ? url + (url.indexOf("?") < 0 ? "?" : "&") + "embed=1" : "";
    board.hidden = !src;
    document.getElementById("stage").classList.toggle("with-board", Boolean(src));
    if (frame.dataset.src !== src) {
      frame.dataset.src = src;
      frame.src = src || "about:blank";
    }
  }

  function clock(seconds) {
    const sign = seconds < 0 ? "-" : "";
    const whole = Math.floor(Math.abs(seconds));
    return sign + Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function tick() {
    const timer = document.getElementById("live-timer");
    if (!timer) return;
    if (!state.current) {
      timer.textContent = "";
      return;
    }
    const t = state.timer;
    const elapsed = t.elapsed_seconds + (t.running ? (performance.now() - receivedAt) / 1000 : 0);
    const left = t.timebox_seconds - elapsed;
    // Amber in the last fifth of the timebox (at least the last half minute), red once over.
    const amber = Math.max(30, t.timebox_seconds * 0.2);
    timer.textContent = clock(left) + (t.running ? "" : " (paused)");
    timer.classList.toggle("timer-amber", left >= 0 && left <= amber);
    timer.classList.toggle("timer-red", left < 0);
    timer.dataset.state = left < 0 ? "red" : left <= amber ? "amber" : "ok";
  }

  function drawLinks(team) {
    const list = document.getElementById("live-team-links");
    if (!list) return;
    list.replaceChildren();
    for (const link of (team && team.links) || []) {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = link.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = link.label;
      item.appendChild(a);
      list.appendChild(item);
    }
  }

  function drawFollowUps(rows) {
    const list = document.getElementById("live-follow-ups");
    if (!list) return;
    list.replaceChildren();
    for (const row of rows || []) {
      const item = document.createElement("li");
      item.className = row.overdue ? "overdue" : "";
      item.textContent = row.title + " · " + row.owner + " · due " + row.due_on +
        (row.reported ? " · reported: " + row.reported : row.overdue ? " · overdue" : "");
      list.appendChild(item);
    }
  }

  function drawAgenda(items, currentId) {
    const list = document.getElementById("agenda-list");
    if (!list) return;
    const existing = new Map();
    for (const li of list.children) existing.set(li.dataset.itemId, li);
    items.forEach(function (item, index) {
      let li = existing.get(String(item.id));
      if (!li) {
        li = document.createElement("li");
        li.dataset.itemId = String(item.id);
        for (const name of ["item-section muted", "item-title", "item-presenter muted"]) {
          const span = document.createElement(name === "item-title" ? "strong" : "span");
          span.className = name;
          li.appendChild(span);
          li.appendChild(document.createTextNode(" "));
        }
        const a = document.createElement("a");
        a.className = "item-link";
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        a.textContent = "link";
        li.appendChild(a);
      }
      li.querySelector(".item-section").textContent = item.section_label;
      li.querySelector(".item-title").textContent = item.title;
      li.querySelector(".item-presenter").textContent = item.presenter || "";
      const a = li.querySelector(".item-link");
      a.hidden = !item.link;
      if (item.link) a.href = item.link;
      li.classList.toggle("current", item.id === currentId);
      if (list.children[index] !== li) list.insertBefore(li, list.children[index] || null);
      existing.delete(String(item.id));
    });
    for (const li of existing.values()) li.remove();
  }

  function scrollToLive() {
    const current = document.querySelector("#agenda-list li.current");
    if (current) current.scrollIntoView({ block: "center" });
  }

  function apply(next) {
    state = next;
    receivedAt = performance.now();
    const c = next.current;
    root.dataset.version = String(next.version);
    root.dataset.currentId = c ? String(c.id) : "";
    if (next.meeting.status === "closed") {
      text("live-title", "The meeting is closed");
    } else {
      text("live-title", c ? c.title : (next.meeting.status === "planned" ? "Waiting for the host to start" : "Between items"));
    }
    text("strip-title", c ? c.title : next.meeting.status);
    text("live-section", c ? c.section_label : "");
    text("live-position", c ? next.position.index + " of " + next.position.count : "");
    const waitingForWheel = c && c.in_wheel && !c.team;
    text("live-presenter", waitingForWheel ? "The wheel picks who presents" : c && c.presenter ? c.presenter : "");
    text("live-body", c ? c.body : "");
    text("live-next", next.next ? "Next: " + next.next.title : "");
    anchor("live-link", c && c.link);
    anchor("live-dashboard", c && c.team && c.team.dashboard_url);
    drawLinks(c && c.team);
    drawBoard(c && c.team);
    drawFollowUps(c && c.follow_ups);
    drawAgenda(next.items, c ? c.id : null);
    const keep = document.getElementById("keep-in-view");
    if (keep && keep.checked) scrollToLive();
    tick();
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.liveUrl, {
        headers: etag ? { "If-None-Match": etag } : {},
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        apply(await response.json());
      }
    } catch (error) {
      // Offline for a moment: the next poll tries again.
    }
    window.setTimeout(poll, POLL_MS);
  }

  const jump = document.getElementById("jump-to-live");
  if (jump) jump.addEventListener("click", scrollToLive);
  window.opsLive = {
    apply: apply,
    state: function () { return state; },
    refresh: function () { etag = null; },
  };
  apply(state);
  window.setInterval(tick, 250);
  window.setTimeout(poll, POLL_MS);
})();
