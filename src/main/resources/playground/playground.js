// The playground: pick an image, edit its sample in tabs, run it over the live WebSocket
// (/v1/runs/connect: output as it comes, an input line and Stop while it runs) and see what
// happened, or judge it against tests through POST /v1/judge (the Tests tab). It uses only the
// public API, as any client would.
import {Api, ApiError} from "./api.js";
import {createEditor} from "./editor.js";
import {Workspace, nameProblem} from "./workspace.js";
import {showRun, showFailure, setLight, outcomeLabel, startOutput, appendOutput, markCut} from "./result.js";
import {Tests, showJudgement, showJudgeFailure, testsProblem} from "./judge.js";

const $ = id => document.getElementById(id);
/** Beyond the image's time limit, how long a run may wait in the queue and be cleaned up. */
const RUN_MARGIN_MS = 60_000;

const api = new Api({askToken});
const editor = createEditor($("editor"), {onRun: run, onChange: () => { if (current) current.workspace.edited = true; }});
const workspaces = new Map(); // image name -> {image, workspace}
const tests = new Tests({onChange: () => enableButtons()});
const runs = [];
let current = null;
let running = false;
/** The run under way: its LiveRun, and what was typed into it ({at: where in its stdout, text}). */
let live = null;
let judging = false;
let busyUntil = 0;

/** Run and Judge are pressable when nothing of theirs is under way and runbox is not busy. */
function enableButtons() {
  const busy = performance.now() < busyUntil;
  $("run").disabled = running || busy || !current;
  $("judge").disabled = judging || busy || !current || tests.tests.length === 0;
}

function notice(kind, message, items = [], action = null) {
  const n = $("notice");
  n.className = "notice " + kind;
  n.dataset.kind = kind;
  const list = document.createElement("ul");
  list.replaceChildren(...items.map(t => Object.assign(document.createElement("li"), {textContent: t})));
  const text = Object.assign(document.createElement("p"), {textContent: message});
  if (action) {
    const button = Object.assign(document.createElement("button"), {type: "button", textContent: action.label});
    button.addEventListener("click", action.run);
    text.append(" ", button);
  }
  n.replaceChildren(text, ...(items.length ? [list] : []));
  n.hidden = false;
}

function clearNotice(kind) {
  const n = $("notice");
  if (kind === undefined || n.dataset.kind === kind) n.hidden = true;
}

function askToken(reason) {
  const dialog = $("token-dialog");
  $("token-reason").textContent = reason;
  $("token-input").value = "";
  return new Promise(resolve => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok" ? $("token-input").value.trim() || null : null), {once: true});
    dialog.showModal();
  });
}

function explain(e) {
  if (e instanceof ApiError) return e;
  console.error(e);
  return new ApiError("failed", "The page failed: " + e.message);
}

async function watchReadiness() {
  try {
    const r = await api.readiness();
    if (r.ready) {
      clearNotice("not-ready");
      return;
    }
    notice("not-ready", "runbox is not ready to run code (checking again every 5 s):", r.problems);
  } catch (e) {
    notice("not-ready", explain(e).message + " (checking again every 5 s)");
  }
  setTimeout(watchReadiness, 5000);
}

async function loadImages() {
  const {images} = await api.images();
  const select = $("image");
  select.replaceChildren(...images.map(i => new Option(`${i.language} ${i.version} · ${i.framework} (${i.name})`, i.name)));
  const wanted = decodeURIComponent(location.hash.slice(1));
  const names = images.map(i => i.name);
  select.value = names.includes(wanted) ? wanted : names.includes("python") ? "python" : names[0];
  select.disabled = false;
  await pickImage(select.value);
}

async function pickImage(name) {
  current?.workspace.sync();
  if (!workspaces.has(name)) {
    const image = await api.image(name);
    const sample = image.samples.red ? "red" : Object.keys(image.samples)[0];
    workspaces.set(name, {image, sample, workspace: new Workspace(editor, image.samples[sample] ?? {})});
  }
  current = workspaces.get(name);
  window.history.replaceState(null, "", "#" + encodeURIComponent(name));
  $("sample").replaceChildren(...Object.keys(current.image.samples).map(s => new Option(`${s} sample`, s)));
  $("sample").value = current.sample;
  current.workspace.open();
  if (!$("tests-panel").hidden) unmarkFileTabs();
  enableButtons();
}

function loadSample(sample) {
  if (current.workspace.edited && !confirm(`Replace your files with the ${sample} sample?`)) {
    $("sample").value = current.sample;
    return;
  }
  current.sample = sample;
  current.workspace = new Workspace(editor, current.image.samples[sample]);
  current.workspace.open();
  if (!$("tests-panel").hidden) unmarkFileTabs();
}

function progress(startedAt, id = "progress", elapsedId = "elapsed", doing = "Running") {
  const elapsed = $(elapsedId);
  $(id).hidden = false;
  const tick = () => { elapsed.textContent = `${doing}… ${((performance.now() - startedAt) / 1000).toFixed(1)} s`; };
  tick();
  return setInterval(tick, 100);
}

async function run() {
  if (running || !current || performance.now() < busyUntil) return;
  running = true;
  enableButtons();
  const {image, workspace} = current;
  const startedAt = performance.now();
  const timer = progress(startedAt);
  setLight("running", "running");
  $("outcome").textContent = `Starting ${image.name}…`;
  if (matchMedia("(max-width: 900px)").matches) $("light").scrollIntoView({behavior: "smooth", block: "start"});
  const echoes = [];
  let stdoutLength = 0;
  try {
    const timeoutMs = image.default_limits.time_s * 1000 + RUN_MARGIN_MS;
    const liveRun = api.runLive({image: image.name, files: workspace.files()}, {
      live: on => { $("stop").disabled = !on; },
      started: () => {
        $("outcome").textContent = `Running ${image.name}…`;
        startOutput();
        liveInput(true);
      },
      output: (stream, text) => {
        if (stream === "stdout") stdoutLength += text.length;
        appendOutput(stream, text);
      },
      cut: stream => markCut(stream),
    }, timeoutMs);
    live = {run: liveRun, type: text => {
      echoes.push({at: stdoutLength, text});
      appendOutput("stdout", text, "echo");
    }};
    const result = await liveRun.result;
    clearNotice("refused");
    record(result, image.name, echoes);
  } catch (e) {
    refused(explain(e));
  } finally {
    live = null;
    liveInput(false);
    $("stop").disabled = true;
    clearInterval(timer);
    $("progress").hidden = true;
    running = false;
    enableButtons();
  }
}

/** The input line is there while a live run runs and its stdin is open. */
function liveInput(on) {
  $("stdin-form").hidden = !on;
  for (const id of ["stdin-input", "stdin-send", "stdin-eof"]) $(id).disabled = !on;
}

function sendLine() {
  const field = $("stdin-input");
  if (!live || field.disabled) return;
  const text = field.value + "\n";
  if (live.run.input(text)) {
    live.type(text);
    field.value = "";
  }
}

function sendEof() {
  if (!live || $("stdin-eof").disabled) return;
  if (live.run.eof()) live.type("^D\n");
  for (const id of ["stdin-input", "stdin-send", "stdin-eof"]) $(id).disabled = true;
}

function stop() {
  if (!live) return;
  live.run.signal("SIGKILL");
  $("stop").disabled = true;
  $("outcome").textContent = "Stopping…";
}

/** Judges the current files against the tests: compile once, run each test, a verdict per test. */
async function judge() {
  if (judging || !current || performance.now() < busyUntil) return;
  const request = tests.request();
  const problem = testsProblem(request);
  if (problem) {
    showJudgeFailure(problem);
    return;
  }
  judging = true;
  enableButtons();
  const {image, workspace} = current;
  const timer = progress(performance.now(), "judge-progress", "judge-elapsed", "Judging");
  try {
    // the compile and every test may each take the image's time limit
    const timeoutMs = image.default_limits.time_s * 1000 * (request.length + 1) + RUN_MARGIN_MS;
    const answer = await api.judge({image: image.name, files: workspace.files(), tests: request}, timeoutMs);
    clearNotice("refused");
    showJudgement(answer);
  } catch (e) {
    refused(explain(e), showJudgeFailure, "Judge");
  } finally {
    clearInterval(timer);
    $("judge-progress").hidden = true;
    judging = false;
    enableButtons();
  }
}

function refused(e, show = showFailure, button = "Run") {
  const message = e.kind === "unauthorized" ? `${e.message} Press ${button} to enter a token.` : e.message;
  show(message);
  notice("refused", message);
  if (e.kind === "busy" && e.retryAfter) countDown(e);
}

function countDown(e) {
  busyUntil = performance.now() + e.retryAfter * 1000;
  const tick = () => {
    const left = Math.ceil((busyUntil - performance.now()) / 1000);
    if (left <= 0) {
      enableButtons();
      clearNotice("refused");
      return;
    }
    enableButtons();
    notice("refused", `runbox is busy: retry in ${left} s.`, [e.problem?.detail ?? ""].filter(Boolean));
    setTimeout(tick, 250);
  };
  tick();
}

function record(result, image, echoes) {
  const entry = {n: runs.length + 1, image, at: new Date(), result, echoes};
  runs.push(entry);
  const dot = document.createElement("button");
  dot.type = "button";
  dot.className = "dot " + result.outcome;
  dot.dataset.outcome = result.outcome;
  dot.title = `run ${entry.n}: ${outcomeLabel(result.outcome)} (${image}, ${entry.at.toLocaleTimeString()})`;
  dot.setAttribute("aria-label", dot.title);
  dot.addEventListener("click", () => show(entry, dot));
  $("history").append(dot);
  show(entry, dot);
}

function show(entry, dot) {
  for (const d of $("history").children) d.classList.toggle("selected", d === dot);
  showRun(entry.result, entry);
}

// the Tests tab takes the editor's place; a file tab (or a file action) brings the editor back
function unmarkFileTabs() {
  for (const tab of $("tabs").children) tab.setAttribute("aria-selected", "false");
}

function showTests() {
  current?.workspace.sync();
  $("editor").hidden = true;
  $("tests-panel").hidden = false;
  $("tests-tab").setAttribute("aria-selected", "true");
  unmarkFileTabs();
}

function showFiles() {
  if ($("tests-panel").hidden) return;
  $("tests-panel").hidden = true;
  $("editor").hidden = false;
  $("tests-tab").setAttribute("aria-selected", "false");
  current?.workspace.render();
}

// naming files: one small form serves add and rename
let naming = null;

function askName(label, initial, onName) {
  naming = onName;
  $("name-label").textContent = label;
  $("name-input").value = initial;
  $("name-error").textContent = "";
  $("name-form").hidden = false;
  $("name-input").focus();
  $("name-input").select();
}

function closeNaming() {
  naming = null;
  $("name-form").hidden = true;
  editor.focus();
}

$("name-form").addEventListener("submit", ev => {
  ev.preventDefault();
  const name = $("name-input").value.trim();
  const problem = naming(name);
  if (problem) $("name-error").textContent = problem; else closeNaming();
});
$("name-cancel").addEventListener("click", closeNaming);
$("name-input").addEventListener("keydown", ev => { if (ev.key === "Escape") closeNaming(); });

for (const id of ["tabs", "add-file", "rename-file", "delete-file"]) $(id).addEventListener("click", showFiles);
$("tests-tab").addEventListener("click", showTests);
$("add-test").addEventListener("click", () => tests.add());
$("judge").addEventListener("click", judge);
$("add-file").addEventListener("click", () => askName("New file", current.image.extension ? "new" + current.image.extension : "", name => {
  const problem = nameProblem(name, current.workspace.names());
  if (!problem) current.workspace.add(name);
  return problem;
}));
$("rename-file").addEventListener("click", () => {
  const from = current.workspace.active;
  askName(`Rename ${from} to`, from, name => {
    if (name === from) return null;
    const problem = nameProblem(name, current.workspace.names());
    if (!problem) current.workspace.rename(from, name);
    return problem;
  });
});
$("delete-file").addEventListener("click", () => {
  const name = current.workspace.active;
  if (name !== null && confirm(`Delete ${name}?`)) current.workspace.remove(name);
});
$("run").addEventListener("click", run);
$("stop").addEventListener("click", stop);
$("stdin-form").addEventListener("submit", ev => {
  ev.preventDefault();
  sendLine();
});
$("stdin-eof").addEventListener("click", sendEof);
$("stdin-input").addEventListener("keydown", ev => {
  if (ev.key.toLowerCase() === "d" && ev.ctrlKey && !ev.altKey && !ev.shiftKey) {
    ev.preventDefault();
    sendEof();
  }
});
$("image").addEventListener("change", ev => pickImage(ev.target.value).catch(e => refused(explain(e))));
$("sample").addEventListener("change", ev => loadSample(ev.target.value));
document.addEventListener("keydown", ev => {
  if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && !ev.defaultPrevented && !$("token-dialog").open) {
    ev.preventDefault();
    if ($("tests-panel").hidden) run(); else judge();
  }
});

function start() {
  clearNotice("refused");
  loadImages().catch(e => {
    const error = explain(e);
    notice("refused", "Cannot load the images: " + error.message, [], {label: "Try again", run: start});
    showFailure(error.message);
  });
}

watchReadiness();
start();
