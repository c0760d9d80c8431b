// Renders one run's answer: the light, the facts, both streams and the file changes; while a run
// runs, its output as it comes.
const LABELS = {
  red: "Red: tests failed",
  amber: "Amber: did not compile or crashed",
  green: "Green: tests passed",
  timed_out: "Timed out: a timer stopped it",
  faulty: "Faulty: matched none of the image's rules",
  completed: "Completed (the image has no test rules)",
};

const $ = id => document.getElementById(id);

export function outcomeLabel(outcome) {
  return LABELS[outcome] ?? outcome;
}

export function setLight(kind, label) {
  const light = $("light");
  light.className = "light " + kind;
  light.setAttribute("aria-label", label);
  light.dataset.outcome = kind;
}

function ms(value) {
  if (value === null || value === undefined) return "not measured";
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`;
}

function bytes(value) {
  if (value === null || value === undefined) return "not measured";
  return value < 1024 * 1024 ? `${(value / 1024).toFixed(0)} KiB` : `${(value / 1024 / 1024).toFixed(1)} MiB`;
}

function facts(run) {
  const rows = [
    ["exit status", String(run.exit_status)],
    ["wall time", ms(run.usage.wall_ms)],
    ["CPU time", ms(run.usage.cpu_ms)],
    ["peak memory", bytes(run.usage.memory_peak_bytes)],
  ];
  if (run.timed_out) rows.push(["stopped by", `the ${run.timeout} timer`]);
  if (run.oom_killed) rows.push(["killed", "out of memory"]);
  rows.push(["run", `${run.id} · ${run.rule_set}`]);
  const dl = $("facts");
  dl.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
}

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function badges(captured) {
  const out = [];
  if (captured.truncated) out.push(el("span", "truncated: more was written than the limit kept", "badge warn"));
  if (captured.encoding === "base64") out.push(el("span", "not valid UTF-8: bad bytes shown as �", "badge"));
  return out;
}

/** Shows a stream's content, with what was typed into the run (echoes: {at, text}) where it was sent. */
function stream(name, captured, echoes = []) {
  const pre = $(name);
  const empty = captured.content === "" && echoes.length === 0;
  pre.replaceChildren(empty ? "(empty)" : "");
  let from = 0;
  for (const {at, text} of echoes) {
    const to = Math.min(Math.max(at, from), captured.content.length);
    pre.append(captured.content.slice(from, to), el("span", text, "echo"));
    from = to;
  }
  pre.append(captured.content.slice(from));
  pre.classList.toggle("empty", empty);
  $(name + "-flags").replaceChildren(...badges(captured));
}

/** A live run was admitted: both streams start empty and fill as its output comes. */
export function startOutput() {
  for (const name of ["stdout", "stderr"]) {
    const pre = $(name);
    pre.textContent = "(no output yet)";
    pre.classList.add("empty");
    pre.dataset.waiting = "true";
    $(name + "-flags").replaceChildren();
  }
  $("facts").replaceChildren();
  $("files").replaceChildren(el("p", "(when the run ends)", "muted"));
}

/** Appends text as it comes to a stream (or, with className, what was typed: an echo), following its end. */
export function appendOutput(name, text, className) {
  const pre = $(name);
  if (pre.dataset.waiting) {
    pre.textContent = "";
    pre.classList.remove("empty");
    delete pre.dataset.waiting;
  }
  const following = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  const last = pre.lastChild;
  if (className) pre.append(el("span", text, className));
  else if (last?.nodeType === Node.TEXT_NODE) last.appendData(text);
  else pre.append(text);
  if (following) pre.scrollTop = pre.scrollHeight;
}

/** The run's output cap cut this stream: nothing more of it comes. */
export function markCut(name) {
  $(name + "-flags").append(el("span", "cut: the output limit was reached, nothing more of it is shown", "badge warn"));
}

function fileEntry(name, kind, captured) {
  const details = el("details", undefined, "file " + kind);
  const summary = el("summary");
  summary.append(el("span", kind, "kind"), " ", el("code", name), ...badges(captured).map(b => [" ", b]).flat());
  details.append(summary, el("pre", captured.content));
  return details;
}

function files(changes) {
  const items = [
    ...Object.entries(changes.created).map(([n, c]) => fileEntry(n, "created", c)),
    ...Object.entries(changes.changed).map(([n, c]) => fileEntry(n, "changed", c)),
    ...changes.deleted.map(n => { const p = el("p", undefined, "file deleted"); p.append(el("span", "deleted", "kind"), " ", el("code", n)); return p; }),
  ];
  if (items.length === 0) items.push(el("p", "(none)", "muted"));
  if (!changes.complete) items.push(el("p", "The file report hit its limits: not every file is listed.", "badge warn"));
  $("files").replaceChildren(...items);
}

/** Shows a run; entry is its place in the history ({n, image, at, echoes}: echoes is what was typed into it). */
export function showRun(run, entry) {
  setLight(run.outcome, outcomeLabel(run.outcome));
  const outcome = $("outcome");
  outcome.textContent = `${outcomeLabel(run.outcome)}  (run ${entry.n}, ${entry.image}, ${entry.at.toLocaleTimeString()})`;
  outcome.dataset.outcome = run.outcome;
  facts(run);
  stream("stdout", run.stdout, entry.echoes);
  stream("stderr", run.stderr);
  files(run.files);
}

/** Shows that no result came, and why, keeping the last run's streams out of the way. */
export function showFailure(message) {
  setLight("refused", "no result");
  const outcome = $("outcome");
  outcome.textContent = "No result: " + message;
  outcome.dataset.outcome = "refused";
  $("facts").replaceChildren();
}
