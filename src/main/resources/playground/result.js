// Renders one run's answer: the light, the facts, both streams and the file changes.
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

function stream(name, captured) {
  const pre = $(name);
  pre.textContent = captured.content === "" ? "(empty)" : captured.content;
  pre.classList.toggle("empty", captured.content === "");
  $(name + "-flags").replaceChildren(...badges(captured));
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

/** Shows a run; entry is its place in the history ({n, image, at}). */
export function showRun(run, entry) {
  setLight(run.outcome, outcomeLabel(run.outcome));
  const outcome = $("outcome");
  outcome.textContent = `${outcomeLabel(run.outcome)}  (run ${entry.n}, ${entry.image}, ${entry.at.toLocaleTimeString()})`;
  outcome.dataset.outcome = run.outcome;
  facts(run);
  stream("stdout", run.stdout);
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
