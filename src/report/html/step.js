// dgraph's step-through page (`dgraph draw --format html`).
//
// It shows the steps the sweeps recorded, kept as JSON in #data, and
// computes no derivative. Step N of a mode shows line N of `--explain`
// for that mode: the edge multiplied (class "now"), the node accumulated
// ("now"), the derivative each node holds so far (its last line), the
// edges already multiplied in this sweep ("past"), paths mode's path
// ("lit"), elimination's removed vertices ("gone") and fill-in edges
// ("shown"). Step 0 is the mode before its first line. A click on a box
// shows its chain-rule sum in the sweep under way. The address says what
// is shown: page.html#mode=reverse&step=3&pick=1 (pick: a box's number).
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const modes = new Map(data.modes.map((m) => [m.mode, m]));
  const STATES = ["now", "past", "lit", "gone", "shown", "absorbed"];

  // Each box's edges and fill-in edges; the edges a fill-in edge joins.
  const ends = data.names.map(() => []);
  const parallel = new Map();
  data.edges.forEach(([a, b], k) => {
    ends[a].push("e" + k);
    ends[b].push("e" + k);
    parallel.set(a + "," + b, (parallel.get(a + "," + b) || []).concat("e" + k));
  });
  data.fills.forEach(([a, b], k) => {
    ends[a].push("f" + k);
    ends[b].push("f" + k);
  });

  // Where each step's sweep began: its first step (a "reset").
  for (const m of data.modes) {
    let begun = 0;
    m.begun = m.steps.map((s, i) => (s.reset ? (begun = i) : begun));
  }

  let mode = modes.get(data.start) || data.modes[0];
  let step = 0;
  let picked = null;
  let shown = { classes: new Map(), marks: new Map(), labels: new Map() };

  // What the picture shows after n steps of mode m, replayed from the
  // start of the sweep under way.
  function state(m, n) {
    const s = { classes: new Map(), marks: new Map(), labels: new Map() };
    const has = (id) => s.classes.get(id) || s.classes.set(id, new Set()).get(id);
    if (n === 0) return s;
    let path = [];
    for (let i = m.begun[n - 1]; i < n; i++) {
      const t = m.steps[i];
      if (t.mark) s.marks.set(t.mark[0], t.mark[1]);
      if (t.path) path = t.path;
      if (t.edge !== undefined && i < n - 1) has("e" + t.edge).add("past");
      if (t.gone !== undefined) {
        has("n" + t.gone).add("gone");
        for (const id of ends[t.gone]) if (id[0] === "e" || has(id).has("shown")) has(id).add("gone");
      }
      if (t.fill) {
        const [k, label] = t.fill;
        const [a, b] = data.fills[k];
        has("f" + k).add("shown");
        has("f" + k).delete("gone");
        s.labels.set(k, label);
        for (const id of parallel.get(a + "," + b) || []) has(id).add("absorbed");
      }
    }
    const now = m.steps[n - 1];
    for (const k of path) has("e" + k).add("lit");
    if (now.edge !== undefined) has("e" + now.edge).add("now");
    if (now.fill) has("f" + now.fill[0]).add("now");
    if (now.node !== undefined) has("n" + now.node).add("now");
    return s;
  }

  // Puts state s on the picture, undoing what the last one put there.
  function paint(s) {
    for (const id of shown.classes.keys()) $(id).classList.remove(...STATES);
    for (const k of shown.marks.keys()) $("m" + k).textContent = "";
    for (const k of shown.labels.keys()) $("f" + k).querySelector("text").textContent = "";
    for (const [id, classes] of s.classes) $(id).classList.add(...classes);
    for (const [k, text] of s.marks) $("m" + k).textContent = text;
    for (const [k, text] of s.labels) $("f" + k).querySelector("text").textContent = text;
    shown = s;
    const focus = document.querySelector("#picture .now");
    if (focus) focus.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // The narration: the last lines up to this step, this step's marked.
  function narrate(m, n) {
    const say = $("say");
    say.textContent = "";
    if (n === 0) {
      const next = m.refused
        ? "Not stepped through: " + m.refused
        : m.steps.length
          ? "Press → (or next) to step through it."
          : "Nothing to step through: no edge to multiply.";
      say.textContent = m.title + "\n" + next;
      return;
    }
    for (let i = Math.max(0, n - 6); i < n; i++) {
      const line = document.createElement("span");
      line.textContent = m.steps[i].say;
      if (i === n - 1) {
        line.id = "line";
        line.className = "now";
      }
      say.append(line, i < n - 1 ? "\n" : "");
    }
  }

  // The chain-rule sum of the picked box, in the sweep under way.
  function sum() {
    document.querySelectorAll(".picked").forEach((e) => e.classList.remove("picked"));
    if (picked === null) return;
    $("n" + picked).classList.add("picked");
    const first = step > 0 ? mode.begun[step - 1] : 0;
    const sums = (mode.steps[first] || {}).sums || {};
    $("sum").textContent = sums[picked] || data.names[picked] + ": " + mode.hint;
  }

  function show() {
    step = Math.max(0, Math.min(step, mode.steps.length));
    paint(state(mode, step));
    narrate(mode, step);
    sum();
    $("step").textContent = step;
    $("steps").textContent = mode.steps.length;
    $("touched").textContent = step > 0 ? mode.steps[step - 1].touched : 0;
    $("mode").value = mode.mode;
    const jump = $("jump");
    for (const option of jump.options) if (+option.value <= step) jump.value = option.value;
    remember("#mode=" + mode.mode + "&step=" + step + (picked === null ? "" : "&pick=" + picked));
  }

  // Puts the step in the address a moment after the last one: browsers
  // ignore (or refuse) a hundred address changes in a few seconds, which
  // a held arrow key would make.
  let pending = null;
  function remember(address) {
    clearTimeout(pending);
    pending = setTimeout(() => {
      try {
        history.replaceState(null, "", address);
      } catch (e) {
        // Refused: the address stays as it was.
      }
    }, 250);
  }

  // The "go to" menu: the start, and each line that touches no edge
  // (a sweep, a path sum, an elimination begins).
  function headings() {
    const jump = $("jump");
    jump.textContent = "";
    jump.add(new Option("the start", "0"));
    mode.steps.forEach((t, i) => {
      const before = i > 0 ? mode.steps[i - 1].touched : 0;
      if (t.touched === before) jump.add(new Option(t.say.trim(), String(i + 1)));
    });
  }

  function go(m, n) {
    if (m !== mode) {
      mode = m;
      headings();
    }
    step = n;
    show();
  }

  function fromAddress() {
    const asked = new URLSearchParams(location.hash.slice(1));
    const n = parseInt(asked.get("step"), 10);
    const pick = parseInt(asked.get("pick"), 10);
    picked = pick >= 0 && pick < data.names.length ? pick : null;
    go(modes.get(asked.get("mode")) || mode, Number.isFinite(n) ? n : 0);
  }

  for (const m of data.modes) {
    $("mode").add(new Option(m.title + (m.refused ? " (not stepped)" : ""), m.mode));
  }
  headings();
  $("mode").addEventListener("change", (e) => {
    go(modes.get(e.target.value), 0);
    e.target.blur();
  });
  $("jump").addEventListener("change", (e) => {
    go(mode, parseInt(e.target.value, 10));
    e.target.blur();
  });
  $("first").addEventListener("click", () => go(mode, 0));
  $("back").addEventListener("click", () => go(mode, step - 1));
  $("next").addEventListener("click", () => go(mode, step + 1));
  $("last").addEventListener("click", () => go(mode, mode.steps.length));
  document.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: mode.steps.length };
    if (e.target.tagName === "SELECT" || !(e.key in moves)) return;
    e.preventDefault();
    go(mode, moves[e.key]);
  });
  $("picture").addEventListener("click", (e) => {
    const box = e.target.closest(".node");
    picked = box ? parseInt(box.id.slice(1), 10) : null;
    if (!box) $("sum").textContent = "Click a node for its chain-rule sum.";
    show();
  });
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
