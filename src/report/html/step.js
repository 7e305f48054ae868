// dgraph's step-through page (`dgraph draw --format html`).
//
// It shows the steps the sweeps recorded, kept as JSON in #data, and
// computes no derivative. Step N of a mode shows line N of `--explain`
// for that mode: the edge multiplied (class "now"), the node accumulated
// ("now"), the derivative each node holds so far (its last line), the
// edges already multiplied in this sweep ("past"), paths mode's path
// ("lit"), elimination's removed vertices ("gone") and fill-in edges
// ("shown"). Step 0 is the mode before its first line. A click on a box
// shows its chain-rule sum in the sweep under way, as far as the sweep
// has got. The address says what is shown:
// page.html#mode=reverse&step=3&pick=1 (pick: a box's number).
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
    for (const k of shown.labels.keys()) {
      for (const e of $("f" + k).querySelectorAll("title, text")) e.textContent = "";
    }
    for (const [id, classes] of s.classes) $(id).classList.add(...classes);
    for (const [k, text] of s.marks) $("m" + k).textContent = text;
    for (const [k, text] of s.labels) $("f" + k).querySelector("text").textContent = text;
    shown = s;
    declutter();
  }

  // What the view should hold: the step's label and box; before the
  // first step, the box the mode starts from.
  function inView(m, n) {
    const first = m.steps[0] && m.steps[0].node;
    if (n === 0) return first === undefined ? [] : [$("n" + first).querySelector("rect")];
    return [...document.querySelectorAll("#picture .now")].map(focus);
  }

  // What of a "now" element should be in view: a box's rectangle, an
  // edge's label (a long edge's curve may cross the whole graph).
  function focus(element) {
    const text = element.querySelector("text");
    if (element.classList.contains("node") || !text || !text.textContent) {
      return element.querySelector("rect, path") || element;
    }
    return text;
  }

  // Fill-in labels that would cover one another or a box still in the
  // graph are left out, the current one first kept; a left-out label is
  // the narration's and shows when its edge is hovered.
  function declutter() {
    const taken = [...document.querySelectorAll("#picture .node:not(.gone) rect")].map((r) =>
      r.getBoundingClientRect(),
    );
    const overlaps = (a, b) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const labels = [...shown.labels.keys()].map((k) => $("f" + k));
    labels.sort((a, b) => b.classList.contains("now") - a.classList.contains("now"));
    for (const fill of labels) {
      const [title, text] = [fill.querySelector("title"), fill.querySelector("text")];
      const box = text.getBoundingClientRect();
      const covers = !fill.classList.contains("now") && taken.some((other) => overlaps(box, other));
      title.textContent = covers ? text.textContent : "";
      if (covers) text.textContent = "";
      else taken.push(box);
    }
  }

  // Scrolls the graph so that the step's label and box are in view:
  // in the graph's own pane, centred when they are not (the label alone
  // when both do not fit); in a small window, which scrolls as a whole,
  // just enough to show them.
  function reveal(elements) {
    elements.sort((a, b) => (a.tagName === "rect") - (b.tagName === "rect"));
    if (elements.length === 0) return;
    const main = $("graph");
    if (getComputedStyle(main).overflow === "visible") {
      elements[0].scrollIntoView({ block: "nearest", inline: "nearest" });
      return;
    }
    const view = main.getBoundingClientRect();
    const fits = (r) => r.bottom - r.top <= view.height && r.right - r.left <= view.width;
    const whole = around(elements.map((e) => e.getBoundingClientRect()));
    const box = fits(whole) ? whole : elements[0].getBoundingClientRect();
    const inside =
      box.top >= view.top && box.bottom <= view.bottom && box.left >= view.left && box.right <= view.right;
    if (inside) return;
    main.scrollBy(
      (box.left + box.right - view.left - view.right) / 2,
      (box.top + box.bottom - view.top - view.bottom) / 2,
    );
  }

  // The smallest rectangle around `rects`.
  function around(rects) {
    return {
      top: Math.min(...rects.map((r) => r.top)),
      bottom: Math.max(...rects.map((r) => r.bottom)),
      left: Math.min(...rects.map((r) => r.left)),
      right: Math.max(...rects.map((r) => r.right)),
    };
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

  // The chain-rule sum of the picked box, in the sweep under way: whole
  // once every term is added, else how far it has got.
  function sum() {
    document.querySelectorAll(".picked").forEach((e) => e.classList.remove("picked"));
    if (picked === null) return;
    $("n" + picked).classList.add("picked");
    const first = step > 0 ? mode.begun[step - 1] : 0;
    const s = ((mode.steps[first] || {}).sums || {})[picked];
    if (!s) {
      $("sum").textContent = data.names[picked] + ": " + mode.hint;
      return;
    }
    const added = s.added.filter((at) => at <= step).length;
    const terms = mode.mode === "paths" ? "paths" : "terms";
    const so_far =
      added === 0
        ? "nothing added yet (0 of " + s.added.length + " " + terms + ")"
        : shown.marks.get(s.running) + " so far (" + added + " of " + s.added.length + " " + terms + ")";
    $("sum").textContent = added === s.added.length ? s.text : so_far + "; when the sweep is done: " + s.text;
  }

  function show() {
    step = Math.max(0, Math.min(step, mode.steps.length));
    paint(state(mode, step));
    reveal(inView(mode, step));
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
    $("mode").add(new Option(m.name + (m.refused ? " (not stepped)" : ""), m.mode));
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
