// The Tests tab: the tests being edited (name, stdin, expected output) and the last judge's answer
// from POST /v1/judge, as a row of verdict badges with one test's details below them.
const LABELS = {
  accepted: "Accepted",
  wrong_answer: "Wrong answer",
  time_limit: "Time limit",
  memory_limit: "Memory limit",
  output_limit: "Output limit",
  runtime_error: "Runtime error",
  internal_error: "Internal error",
  skipped: "Skipped",
  compile_error: "Compile error",
};

const $ = id => document.getElementById(id);

export function verdictLabel(verdict) {
  return LABELS[verdict] ?? verdict;
}

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** Why these tests cannot be sent, or null; the service checks them again. */
export function testsProblem(tests) {
  if (tests.length === 0) return "add a test first";
  const seen = new Set();
  for (const t of tests) {
    if (t.name === "") return "every test needs a name";
    if (seen.has(t.name)) return `two tests are named ${t.name}`;
    seen.add(t.name);
  }
  return null;
}

export class Tests {
  /** onChange is called after a test is added or removed. */
  constructor({onChange}) {
    this.onChange = onChange;
    this.tests = [];
    this.made = 0;
  }

  /** The tests as the judge request sends them. */
  request() {
    return this.tests.map(t => ({name: t.name.value.trim(), stdin: t.stdin.value, expected_output: t.expected.value}));
  }

  add() {
    this.made += 1;
    const names = new Set(this.tests.map(t => t.name.value));
    let n = this.made;
    while (names.has(`test-${n}`)) n += 1;
    const li = el("li", undefined, "test");
    const name = Object.assign(el("input", undefined, "test-name"), {value: `test-${n}`, spellcheck: false, autocomplete: "off"});
    name.setAttribute("aria-label", "test name");
    const remove = Object.assign(el("button", "Remove", "test-remove"), {type: "button", title: "Remove this test"});
    const stdin = textArea("test-stdin", "stdin");
    const expected = textArea("test-expected", "expected output");
    const head = el("div", undefined, "test-head");
    head.append(name, remove);
    const fields = el("div", undefined, "test-fields");
    fields.append(labelled("stdin", stdin), labelled("expected output", expected));
    li.append(head, fields);
    const test = {li, name, stdin, expected};
    remove.addEventListener("click", () => this.remove(test));
    this.tests.push(test);
    $("tests").append(li);
    this.render();
    name.focus();
    name.select();
  }

  remove(test) {
    this.tests = this.tests.filter(t => t !== test);
    test.li.remove();
    this.render();
  }

  render() {
    $("tests-empty").hidden = this.tests.length > 0;
    $("tests-tab").textContent = this.tests.length ? `Tests (${this.tests.length})` : "Tests";
    this.onChange();
  }
}

function textArea(className, label) {
  const t = Object.assign(el("textarea", undefined, className), {rows: 3, spellcheck: false});
  t.setAttribute("aria-label", label);
  return t;
}

function labelled(text, control) {
  const label = el("label", undefined, "test-field");
  label.append(el("span", text), control);
  return label;
}

function ms(value) {
  if (value === null || value === undefined) return "not measured";
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`;
}

function detail(test) {
  const lines = [`${test.name}: ${verdictLabel(test.verdict)}`];
  if (test.limit) lines.push(`over the ${test.limit === "cpu" ? "CPU time" : "wall-clock time"} limit`);
  if (test.exit_status !== null) lines.push(`exit status ${test.exit_status}${test.signal ? ` (${test.signal})` : ""}`);
  if (test.usage) lines.push(`wall ${ms(test.usage.wall_ms)}, CPU ${ms(test.usage.cpu_ms)}`);
  const d = test.difference;
  if (d) lines.push(`first difference at line ${d.line}, column ${d.column}: expected "${d.expected}", got "${d.got}"`);
  if (test.checker_message) lines.push(`checker: ${test.checker_message}`);
  const parts = [el("p", lines.join(" · "))];
  for (const [name, captured] of [["stdout", test.stdout], ["stderr", test.stderr]]) {
    if (!captured || captured.content === "") continue;
    parts.push(el("h3", name + (captured.truncated ? " (truncated)" : "")), el("pre", captured.content, "stream"));
  }
  $("test-detail").replaceChildren(...parts);
}

/** Shows a judge's answer: the submission's verdict, a badge per test, the compiler's output on a compile error. */
export function showJudgement(answer) {
  const s = answer.summary;
  const verdict = $("judge-verdict");
  verdict.textContent = `${verdictLabel(answer.verdict)}: ${s.passed} of ${s.total} passed` +
    (s.skipped ? `, ${s.skipped} skipped` : "") + (s.max_wall_ms !== null ? ` · slowest ${ms(s.max_wall_ms)}` : "");
  verdict.dataset.verdict = answer.verdict;
  const compile = $("compile-output");
  compile.hidden = answer.verdict !== "compile_error";
  if (answer.verdict === "compile_error") {
    const c = answer.compile;
    compile.textContent = [c.stderr.content, c.stdout.content].filter(Boolean).join("\n") || `the compiler ended with ${c.exit_status}`;
  }
  const badges = answer.tests.map(t => {
    const b = el("button", `${t.name}: ${verdictLabel(t.verdict)}`, "verdict-badge " + t.verdict);
    b.type = "button";
    b.dataset.verdict = t.verdict;
    b.dataset.name = t.name;
    b.addEventListener("click", () => {
      for (const other of $("verdicts").children) other.classList.toggle("selected", other === b);
      detail(t);
    });
    return b;
  });
  $("verdicts").replaceChildren(...badges);
  $("test-detail").replaceChildren();
  const first = badges.find(b => b.dataset.verdict !== "accepted" && b.dataset.verdict !== "skipped");
  if (first && answer.verdict !== "compile_error") first.click();
}

/** Shows that the judge gave no answer, and why. */
export function showJudgeFailure(message) {
  const verdict = $("judge-verdict");
  verdict.textContent = "No verdict: " + message;
  verdict.dataset.verdict = "refused";
  $("verdicts").replaceChildren();
  $("test-detail").replaceChildren();
  $("compile-output").hidden = true;
}
