// Piston's interactive endpoint, /api/v2/connect, spoken to with the ws WebSocket client against the
// real service that scripts/e2e.sh starts (RUNBOX_URL) and the one that needs a token
// (RUNBOX_TOKEN_URL): the real engine runs every program.
import {test} from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";

const BASE = process.env.RUNBOX_URL ?? "http://127.0.0.1:4597";
const TOKEN_BASE = process.env.RUNBOX_TOKEN_URL;
const TOKEN = process.env.RUNBOX_TOKEN ?? "secret";
const WAIT = 60_000;
const OPTS = {timeout: 120_000};

const wsUrl = base => base.replace(/^http/, "ws") + "/api/v2/connect";

/**
 * A socket that records every message with the time it came, and its close; waitFor() resolves
 * when a message matching a predicate has come (bounded), closed resolves with {code, reason, at}.
 */
function connect(base = BASE, headers = {}) {
  const ws = new WebSocket(wsUrl(base), {headers});
  const c = {ws, messages: [], waiters: [], start: Date.now()};
  c.opened = new Promise((resolve, reject) => {
    ws.on("open", resolve);
    ws.on("unexpected-response", (req, res) => {
      res.resume();
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), {status: res.statusCode}));
    });
    ws.on("error", reject);
  });
  c.closed = new Promise(resolve => ws.on("close", (code, reason) =>
    resolve({code, reason: reason.toString(), at: Date.now()})));
  ws.on("message", data => {
    const m = {...JSON.parse(data.toString()), at: Date.now()};
    c.messages.push(m);
    c.waiters = c.waiters.filter(w => !w(m));
  });
  c.send = m => ws.send(typeof m === "string" ? m : JSON.stringify(m));
  c.waitFor = (what, predicate) => new Promise((resolve, reject) => {
    const seen = c.messages.find(predicate);
    if (seen) return resolve(seen);
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT} ms; got ${
      JSON.stringify(c.messages).slice(0, 2000)}`)), WAIT);
    c.waiters.push(m => {
      if (!predicate(m)) return false;
      clearTimeout(timer);
      resolve(m);
      return true;
    });
    c.closed.then(() => setImmediate(() => {
      clearTimeout(timer);
      const late = c.messages.find(predicate);
      late ? resolve(late) : reject(new Error(`socket closed before ${what}; got ${
        JSON.stringify(c.messages).slice(0, 2000)}`));
    }));
  });
  /** The stdout sent up to and including message m (all of it without m), as one text. */
  c.stdout = (m = undefined) => {
    const upTo = m === undefined ? c.messages.length : c.messages.indexOf(m) + 1;
    return c.messages.slice(0, upTo).filter(x => x.type === "data" && x.stream === "stdout").map(x => x.data).join("");
  };
  c.stderr = () => c.messages.filter(m => m.type === "data" && m.stream === "stderr").map(m => m.data).join("");
  /** The first stdout message after which the stdout sent contains text. */
  c.waitForStdout = text => c.waitFor(`stdout containing ${JSON.stringify(text)}`,
    m => m.type === "data" && m.stream === "stdout" && c.stdout(m).includes(text));
  c.types = () => c.messages.map(m => m.type === "stage" ? `stage:${m.stage}` : m.type === "exit" ? `exit:${m.stage}` : m.type)
    .filter((t, i, all) => t !== "data" || all[i - 1] !== "data");
  return c;
}

const init = (language, content, extras = {}) =>
  ({type: "init", language, version: "*", files: [{content}], ...extras});

async function assertClosed(c, code, reason) {
  const closed = await c.closed;
  assert.deepEqual({code: closed.code, reason: closed.reason}, {code, reason},
    `close; messages: ${JSON.stringify(c.messages).slice(0, 1000)}`);
  return closed;
}

test("an interactive Python program is answered line by line, each prompt before the answer", OPTS, async () => {
  const c = connect();
  await c.opened;
  c.send(init("python", [
    "print('name?', flush=True)",
    "name = input()",
    "print('hello, ' + name, flush=True)",
    "print('number?', flush=True)",
    "n = int(input())",
    "print(n * 2, flush=True)",
  ].join("\n")));

  const runtime = await c.waitFor("runtime", m => m.type === "runtime");
  assert.equal(runtime.language, "python");
  assert.ok(runtime.version, "a version");
  const first = await c.waitForStdout("name?");
  c.send({type: "data", stream: "stdin", data: "Ada\n"});
  const greeted = await c.waitForStdout("hello, Ada\n");
  const second = await c.waitForStdout("number?");
  c.send({type: "data", stream: "stdin", data: "21\n"});
  await c.waitForStdout("42\n");
  const exit = await c.waitFor("exit", m => m.type === "exit");
  const closed = await assertClosed(c, 4999, "Job Completed");

  assert.deepEqual({stage: exit.stage, code: exit.code, signal: exit.signal}, {stage: "run", code: 0, signal: null});
  assert.equal(c.stdout(), "name?\nhello, Ada\nnumber?\n42\n");
  assert.deepEqual(c.types(), ["runtime", "stage:run", "data", "exit:run"]);
  assert.ok(first.at <= greeted.at && greeted.at <= second.at && second.at < exit.at,
    "the prompts came while the program ran, before its exit");
  assert.ok(exit.at <= closed.at);
});

test("C: the compile stage, its exit, then the run stage with stdin", OPTS, async () => {
  const c = connect();
  await c.opened;
  c.send({type: "init", language: "c", version: "*", files: [{name: "main.c", content: [
    "#include <stdio.h>",
    "int main(void) {",
    "  char name[64];",
    "  printf(\"name? \");",
    "  fflush(stdout);",
    "  if (scanf(\"%63s\", name) != 1) return 2;",
    "  printf(\"hi %s\\n\", name);",
    "  return 0;",
    "}",
  ].join("\n")}]});

  await c.waitFor("stage run", m => m.type === "stage" && m.stage === "run");
  await c.waitForStdout("name? ");
  c.send({type: "data", stream: "stdin", data: "Grace\n"});
  const exit = await c.waitFor("exit run", m => m.type === "exit" && m.stage === "run");
  await assertClosed(c, 4999, "Job Completed");

  const compiled = c.messages.find(m => m.type === "exit" && m.stage === "compile");
  assert.deepEqual({code: compiled.code, signal: compiled.signal}, {code: 0, signal: null});
  assert.deepEqual(c.types().filter(t => t !== "data"),
    ["runtime", "stage:compile", "exit:compile", "stage:run", "exit:run"]);
  assert.equal(c.messages[0].language, "c");
  assert.equal(c.stdout(), "name? hi Grace\n");
  assert.deepEqual({code: exit.code, signal: exit.signal}, {code: 0, signal: null});
});

test("C: a failing compile ends the job after its exit, with no run stage", OPTS, async () => {
  const c = connect();
  await c.opened;
  c.send({type: "init", language: "c", version: "*", files: [{name: "main.c", content: "int main(void) { return x; }\n"}]});

  const exit = await c.waitFor("exit compile", m => m.type === "exit");
  await assertClosed(c, 4999, "Job Completed");

  assert.equal(exit.stage, "compile");
  assert.notEqual(exit.code, 0);
  assert.match(c.stderr(), /error/);
  assert.deepEqual(c.types(), ["runtime", "stage:compile", "data", "exit:compile"]);
});

test("a flood is cut at the output cap: what is sent stays within it, and the exit comes", OPTS, async () => {
  const image = await (await fetch(`${BASE}/v1/images/python`)).json();
  const cap = image.default_limits.output_kib * 1024;
  const c = connect();
  await c.opened;
  c.send(init("python", "while True:\n    print('x' * 1000)\n", {run_timeout: 3000}));

  const exit = await c.waitFor("exit", m => m.type === "exit");
  await assertClosed(c, 4999, "Job Completed");

  const sent = Buffer.byteLength(c.stdout());
  assert.ok(sent <= cap, `stdout sent: ${sent} bytes, cap ${cap}`);
  assert.ok(sent > cap / 2, `stdout sent: ${sent} bytes, cap ${cap}: the flood reached the cap`);
  assert.equal(exit.stage, "run");
  assert.equal(exit.code, null, "the run timer stopped it");
  assert.ok(exit.signal, "the timer's signal");
});

test("SIGKILL sent to a sleeping program ends it: exit with signal SIGKILL", OPTS, async () => {
  const c = connect();
  await c.opened;
  c.send(init("python", "import os\nprint('sleeping', flush=True)\nos.execvp('sleep', ['sleep', '30'])\n",
    {run_timeout: 60000}));

  await c.waitForStdout("sleeping");
  c.send({type: "signal", signal: "SIGKILL"});
  const exit = await c.waitFor("exit", m => m.type === "exit");
  await assertClosed(c, 4999, "Job Completed");

  assert.deepEqual({stage: exit.stage, code: exit.code, signal: exit.signal}, {stage: "run", code: null, signal: "SIGKILL"});
  assert.ok(exit.at - c.start < 25_000, "long before sleep 30 would end");
});

/** A job that runs long enough for a client to misbehave while it runs. */
async function running() {
  const c = connect();
  await c.opened;
  c.send(init("python", "import time\nprint('up', flush=True)\ntime.sleep(20)\n", {run_timeout: 30000}));
  await c.waitForStdout("up");
  return c;
}

test("4000 Already Initialized: a second init", OPTS, async () => {
  const c = await running();
  c.send(init("python", "print(1)"));
  await assertClosed(c, 4000, "Already Initialized");
});

test("4001 Initialization Timeout: no init within a second", OPTS, async () => {
  const c = connect();
  await c.opened;
  const opened = Date.now();
  const closed = await assertClosed(c, 4001, "Initialization Timeout");
  assert.ok(closed.at - opened >= 900, `closed after ${closed.at - opened} ms`);
  assert.deepEqual(c.messages, []);
});

test("4002 Notified Error: an error message, then the close, for a bad init or malformed JSON", OPTS, async () => {
  const cases = [
    [init("cobol-on-mars", "x"), /runtime is unknown/],
    [init("python", "x", {run_timeout: 999_999_999}), /run_timeout/],
    [{type: "init", language: "python", version: "*"}, /files/],
    ["{not json", /malformed JSON/],
  ];
  for (const [message, expected] of cases) {
    const c = connect();
    await c.opened;
    c.send(message);
    await assertClosed(c, 4002, "Notified Error");
    assert.equal(c.messages.length, 1, JSON.stringify(c.messages));
    assert.equal(c.messages[0].type, "error");
    assert.match(c.messages[0].message, expected);
  }
});

test("4003 Not yet initialized: data or a signal before init", OPTS, async () => {
  for (const message of [{type: "data", stream: "stdin", data: "x"}, {type: "signal", signal: "SIGKILL"}]) {
    const c = connect();
    await c.opened;
    c.send(message);
    await assertClosed(c, 4003, "Not yet initialized");
  }
});

test("4004 Can only write to stdin: data on stdout", OPTS, async () => {
  const c = await running();
  c.send({type: "data", stream: "stdout", data: "x"});
  await assertClosed(c, 4004, "Can only write to stdin");
});

test("4005 Invalid signal: a name that is no signal", OPTS, async () => {
  const c = await running();
  c.send({type: "signal", signal: "SIGFOO"});
  await assertClosed(c, 4005, "Invalid signal");
});

test("with tokens, the upgrade needs one: 401 without, a job with it", {...OPTS, skip: !TOKEN_BASE && "no RUNBOX_TOKEN_URL"}, async () => {
  const refused = connect(TOKEN_BASE);
  await assert.rejects(refused.opened, e => e.status === 401);

  const c = connect(TOKEN_BASE, {Authorization: `Bearer ${TOKEN}`});
  await c.opened;
  c.send(init("python", "print('authorised')"));
  await c.waitForStdout("authorised\n");
  await assertClosed(c, 4999, "Job Completed");
});
