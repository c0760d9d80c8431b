// The playground in Debian's headless Chromium, driven by playwright-core, against the real
// service that scripts/e2e.sh starts (RUNBOX_URL) and a second one with a token (RUNBOX_TOKEN_URL).
import {test, before, after} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium} from "playwright-core";

const BASE = process.env.RUNBOX_URL ?? "http://127.0.0.1:4597";
const TOKEN_BASE = process.env.RUNBOX_TOKEN_URL;
const TOKEN = process.env.RUNBOX_TOKEN ?? "secret";
const ARTEFACTS = process.env.RUNBOX_E2E_ARTEFACTS ?? "../target/e2e";
const RUN_TIMEOUT = 90_000;

let browser;
let profile;

before(async () => {
  mkdirSync(ARTEFACTS, {recursive: true});
  profile = mkdtempSync(join(tmpdir(), "runbox-e2e-chromium-"));
  // a persistent context is how Playwright takes a user-data-dir; it is fresh and removed afterwards
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: {width: 1280, height: 800},
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, {recursive: true, force: true});
});

/** A fresh page that records every request and WebSocket to another origin and every script error. */
async function open(url, prepare = async () => {}) {
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  const socketOrigin = origin.replace(/^http/, "ws");
  page.foreign = [];
  page.errors = [];
  page.sockets = [];
  page.posts = []; // POST /v1/runs: the fallback without WebSocket, which a real run must not take
  page.on("request", r => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) page.foreign.push(r.url());
    if (r.method() === "POST" && new URL(r.url()).pathname === "/v1/runs") page.posts.push(r.url());
  });
  page.on("websocket", ws => {
    page.sockets.push(ws.url());
    if (!ws.url().startsWith(socketOrigin + "/")) page.foreign.push(ws.url());
  });
  page.on("pageerror", e => page.errors.push(e.message));
  await prepare(page);
  await page.goto(url);
  return page;
}

async function pickImage(page, name, firstFile) {
  await page.waitForSelector("#image:not([disabled])");
  await page.selectOption("#image", name);
  await page.locator(`#tabs .tab[data-name="${firstFile}"]`).waitFor();
}

/** Replaces a file's text in CodeMirror as typing would, without the editor's auto-indent. */
async function replaceFile(page, name, text) {
  await page.click(`#tabs .tab[data-name="${name}"]`);
  await page.click("#editor .cm-content");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  assert.equal(await editorText(page), text.replace(/\n$/, ""));
}

async function editorText(page) {
  return page.locator("#editor .cm-content").evaluate(e => [...e.querySelectorAll(".cm-line")].map(l => l.textContent).join("\n").replace(/\n$/, ""));
}

async function lightShows(page, outcome) {
  await page.locator(`#light[data-outcome="${outcome}"]`).waitFor({timeout: RUN_TIMEOUT});
  await page.locator("#progress").waitFor({state: "hidden"});
}

test("python: the red sample runs red, 6 * 7 runs green, and the history keeps both", async () => {
  const page = await open(BASE + "/");
  await pickImage(page, "python", "hiker.py");
  assert.match(await editorText(page), /return 6 \* 9/);
  assert.ok(await page.locator("#editor .cm-line span").count() > 0, "python is highlighted");

  await page.click("#run");
  await page.locator("#progress:not([hidden])").waitFor();
  await lightShows(page, "red");
  assert.match(await page.textContent("#stdout"), /1 failed/);
  assert.match(await page.textContent("#facts"), /exit status\s*1/);

  await replaceFile(page, "hiker.py", "def answer():\n    return 6 * 7\n");
  await page.keyboard.press("ControlOrMeta+Enter");
  await lightShows(page, "green");
  assert.match(await page.textContent("#stdout"), /1 passed/);
  const facts = await page.textContent("#facts");
  for (const fact of ["exit status0", "wall time", "CPU time", "peak memory"]) assert.ok(facts.replace(/\s+/g, "").includes(fact.replace(/\s+/g, "")), fact);

  const dots = page.locator("#history .dot");
  assert.deepEqual(await dots.evaluateAll(ds => ds.map(d => d.dataset.outcome)), ["red", "green"]);
  await dots.nth(0).click();
  await page.locator('#light[data-outcome="red"]').waitFor();
  assert.match(await page.textContent("#stdout"), /1 failed/);
  await dots.nth(1).click();
  await page.locator('#light[data-outcome="green"]').waitFor();

  assert.equal(page.sockets.length, 2, "each run on a WebSocket of its own");
  assert.deepEqual(page.posts, [], "no run through POST /v1/runs");
  await page.screenshot({path: join(ARTEFACTS, "python-green.png")});
  await page.setViewportSize({width: 390, height: 844});
  await page.screenshot({path: join(ARTEFACTS, "python-green-phone.png"), fullPage: true});
  assert.deepEqual(page.foreign, [], "requests to other hosts");
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});

/** Runs the program and waits until runbox admitted it (the input line shows). */
async function runStarted(page) {
  await page.click("#run");
  await page.locator("#stdin-form:not([hidden])").waitFor({timeout: RUN_TIMEOUT});
}

/** pytest passes stdin and stdout through (-s) so that the program under test can talk. */
async function talkingPython(page, program) {
  await pickImage(page, "python", "hiker.py");
  await replaceFile(page, "hiker.py", program);
  if (await page.locator('#tabs .tab[data-name="pytest.ini"]').count() === 0) {
    await page.click("#add-file");
    await page.fill("#name-input", "pytest.ini");
    await page.press("#name-input", "Enter");
  }
  await replaceFile(page, "pytest.ini", "[pytest]\naddopts = -s\n");
}

test("live: a prompt shows before the program reads, the line typed is sent, and the answer comes", async () => {
  const page = await open(BASE + "/");
  await talkingPython(page, "def answer():\n    name = input('name? ')\n    print('hello', name)\n    return 6 * 7\n");
  assert.equal(await page.isHidden("#stdin-form"), true, "no input line when nothing runs");
  assert.equal(await page.isDisabled("#stop"), true, "no Stop when nothing runs");

  await runStarted(page);
  await page.locator("#stdout", {hasText: "name? "}).waitFor({timeout: RUN_TIMEOUT});
  assert.doesNotMatch(await page.textContent("#stdout"), /hello/, "the program waits for its line");
  assert.equal(await page.isEnabled("#stop"), true, "Stop while it runs");
  await page.screenshot({path: join(ARTEFACTS, "python-live-prompt.png")});
  await page.fill("#stdin-input", "ada");
  await page.press("#stdin-input", "Enter");
  assert.equal(await page.inputValue("#stdin-input"), "", "the line was sent");
  await page.locator("#stdout .echo", {hasText: "ada"}).waitFor();
  await page.locator("#stdout", {hasText: "hello ada"}).waitFor({timeout: RUN_TIMEOUT});

  await lightShows(page, "green");
  assert.match(await page.textContent("#facts"), /exit status\s*0/);
  assert.equal(await page.isHidden("#stdin-form"), true, "the input line goes when the run ends");
  assert.equal(await page.isDisabled("#stop"), true);
  assert.match(await page.textContent("#stdout"), /name\? ada\s*hello ada/, "the result keeps what was typed where it was typed");
  assert.equal(await page.textContent("#stdout .echo"), "ada\n");
  assert.deepEqual(await page.locator("#history .dot").evaluateAll(ds => ds.map(d => d.dataset.outcome)), ["green"]);

  await page.setViewportSize({width: 390, height: 844});
  await runStarted(page);
  await page.locator("#stdout", {hasText: "name? "}).waitFor({timeout: RUN_TIMEOUT});
  assert.equal(await page.locator("#stdin-input").isVisible(), true, "the input line at phone size");
  await page.screenshot({path: join(ARTEFACTS, "python-live-phone.png"), fullPage: true});
  await page.locator("#stdin-input").press("Control+d");
  await page.locator("#stdout .echo", {hasText: "^D"}).waitFor();
  assert.equal(await page.isDisabled("#stdin-input"), true, "no more input after EOF");
  await lightShows(page, "red");
  assert.match(await page.textContent("#stdout"), /EOFError/);
  assert.equal(page.sockets.length, 2, "each run on its own WebSocket");
  assert.deepEqual(page.posts, [], "no run through POST /v1/runs");
  assert.deepEqual(page.foreign, [], "requests to other hosts");
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});

test("live: a line printed before a sleep shows while the program still runs", async () => {
  const page = await open(BASE + "/");
  await talkingPython(page, "import time\n\ndef answer():\n    print('first line')\n    time.sleep(2)\n    print('second line')\n    return 42\n");
  await runStarted(page);
  await page.locator("#stdout", {hasText: "first line"}).waitFor({timeout: RUN_TIMEOUT});
  const now = await page.evaluate(() => ({stdout: document.getElementById("stdout").textContent,
    stop: !document.getElementById("stop").disabled, light: document.getElementById("light").dataset.outcome}));
  assert.deepEqual({second: now.stdout.includes("second line"), stop: now.stop, light: now.light},
    {second: false, stop: true, light: "running"}, "the first line while the program sleeps: " + JSON.stringify(now));
  await lightShows(page, "green");
  assert.match(await page.textContent("#stdout"), /first line\s+second line/);
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});

test("live: Stop kills a program that loops for ever, and its result shows", async () => {
  const page = await open(BASE + "/");
  await talkingPython(page, "def answer():\n    print('looping')\n    while True:\n        pass\n");
  await runStarted(page);
  await page.locator("#stdout", {hasText: "looping"}).waitFor({timeout: RUN_TIMEOUT});
  const stoppedAt = Date.now();
  await page.click("#stop");
  await page.locator("#progress").waitFor({state: "hidden", timeout: 8_000});
  assert.ok(Date.now() - stoppedAt < 8_000, "stopped well before the 10 s timer");
  await page.waitForFunction(() => /exit status\s*137/.test(document.getElementById("facts").textContent));
  assert.doesNotMatch(await page.textContent("#facts"), /stopped by/, "no timer stopped it");
  assert.equal(await page.locator("#history .dot").count(), 1);
  assert.notEqual(await page.getAttribute("#light", "data-outcome"), "refused");
  await page.screenshot({path: join(ARTEFACTS, "python-stopped.png")});
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});

test("c: a missing semicolon runs amber, and files can be added, renamed and deleted", async () => {
  const page = await open(BASE + "/#c");
  await pickImage(page, "c", "hiker.c");
  await replaceFile(page, "hiker.c", '#include "hiker.h"\n\nint answer(void)\n{\n    return 6 * 7\n}\n');

  await page.click("#add-file");
  await page.fill("#name-input", "notes/extra.txt");
  await page.press("#name-input", "Enter");
  await page.locator('#tabs .tab[data-name="notes/extra.txt"][aria-selected="true"]').waitFor();
  await page.click("#rename-file");
  await page.fill("#name-input", "hiker.c");
  await page.press("#name-input", "Enter");
  assert.match(await page.textContent("#name-error"), /exists already/);
  await page.fill("#name-input", "notes/readme.txt");
  await page.press("#name-input", "Enter");
  await page.locator('#tabs .tab[data-name="notes/readme.txt"]').waitFor();
  page.once("dialog", d => d.accept());
  await page.click("#delete-file");
  await page.locator('#tabs .tab[data-name="notes/readme.txt"]').waitFor({state: "detached"});
  assert.deepEqual(await page.locator("#tabs .tab").evaluateAll(ts => ts.map(t => t.dataset.name)), ["hiker.c", "hiker.h", "hiker.tests.c"]);

  await page.click("#run");
  await lightShows(page, "amber");
  assert.match(await page.textContent("#stdout") + await page.textContent("#stderr"), /error/);
  await page.screenshot({path: join(ARTEFACTS, "c-amber.png")});
  assert.deepEqual(page.foreign, [], "requests to other hosts");
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});

test("judge: two tests for python, one right and one wrong, give an accepted and a wrong_answer badge", async () => {
  const page = await open(BASE + "/");
  await pickImage(page, "python", "hiker.py");
  await replaceFile(page, "hiker.py", "a, b = map(int, input().split())\nprint(a + b)\n");

  await page.click("#tests-tab");
  await page.locator("#tests-panel").waitFor();
  assert.equal(await page.isHidden("#editor"), true, "the tests take the editor's place");
  assert.equal(await page.isDisabled("#judge"), true, "no tests, nothing to judge");
  for (const [stdin, expected] of [["1 2\n", "3\n"], ["2 2\n", "5\n"], ["", ""]]) {
    await page.click("#add-test");
    const added = page.locator("#tests .test").last();
    await added.locator(".test-stdin").fill(stdin);
    await added.locator(".test-expected").fill(expected);
  }
  await page.locator("#tests .test").last().locator(".test-remove").click();
  assert.deepEqual(await page.locator("#tests .test-name").evaluateAll(ns => ns.map(n => n.value)), ["test-1", "test-2"]);

  await page.click("#judge");
  await page.locator("#judge-progress:not([hidden])").waitFor();
  const badges = page.locator("#verdicts .verdict-badge");
  await badges.nth(1).waitFor({timeout: RUN_TIMEOUT});
  await page.locator("#judge-progress").waitFor({state: "hidden"});
  assert.deepEqual(await badges.evaluateAll(bs => bs.map(b => b.dataset.verdict)), ["accepted", "wrong_answer"]);
  assert.equal(await page.getAttribute("#judge-verdict", "data-verdict"), "wrong_answer");
  assert.match(await page.textContent("#judge-verdict"), /1 of 2 passed/);
  assert.match(await page.textContent("#test-detail"), /expected "5", got "4"/);
  assert.equal(await page.isHidden("#compile-output"), true);
  await page.screenshot({path: join(ARTEFACTS, "python-judge.png")});

  await page.click('#tabs .tab[data-name="hiker.py"]');
  assert.equal(await page.isHidden("#tests-panel"), true, "a file tab brings the editor back");
  assert.match(await editorText(page), /print\(a \+ b\)/);
  assert.deepEqual(page.foreign, [], "requests to other hosts");
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});

test("a service with tokens: the page asks for one, says when it is refused, and runs with the right one", {skip: !TOKEN_BASE && "RUNBOX_TOKEN_URL not set"}, async () => {
  const page = await open(TOKEN_BASE + "/");
  const dialog = page.locator("#token-dialog");
  await dialog.waitFor();
  assert.match(await page.textContent("#token-reason"), /needs an API token/);
  await page.fill("#token-input", "not-the-token");
  await page.click('#token-dialog button[value="ok"]');
  await page.locator('#notice[data-kind="refused"]').waitFor();
  assert.match(await page.textContent("#notice"), /token was refused \(401\)/);
  await page.screenshot({path: join(ARTEFACTS, "token-refused.png")});

  await page.click('#notice button:text("Try again")');
  await dialog.waitFor();
  await page.fill("#token-input", TOKEN);
  await page.click('#token-dialog button[value="ok"]');
  await pickImage(page, "python", "hiker.py");
  await page.click("#run");
  await lightShows(page, "red");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("runbox.token")), TOKEN);
  assert.deepEqual(page.sockets.map(u => new URL(u).search), ["?access_token=" + TOKEN], "the run's WebSocket takes the token");
  assert.deepEqual(page.posts, [], "no run through POST /v1/runs");
  await page.close();
});

test("stubbed refusals without WebSocket (POST /v1/runs): 429 says when to retry, a 503 readiness lists the problems, a 400 shows its detail", async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => { delete window.WebSocket; });
  await page.route("**/health/ready", r => r.fulfill({status: 503, contentType: "application/problem+json",
    body: JSON.stringify({type: "urn:runbox:problem:not-ready", title: "Not ready", status: 503, detail: "x", problems: ["image runbox/python:latest is missing"]})}));
  let answer = "busy";
  await page.route("**/v1/runs", r => r.fulfill(answer === "busy"
    ? {status: 429, headers: {"Retry-After": "7"}, contentType: "application/problem+json",
      body: JSON.stringify({type: "urn:runbox:problem:at-capacity", title: "At capacity", status: 429, detail: "32 runs are waiting; retry later"})}
    : {status: 400, contentType: "application/problem+json",
      body: JSON.stringify({type: "urn:runbox:problem:invalid-request", title: "Invalid request", status: 400, detail: "time_s 999 is above the maximum 120", field: "limits.time_s"})}));
  await page.goto(BASE + "/");
  await page.locator('#notice[data-kind="not-ready"]').waitFor();
  assert.match(await page.textContent("#notice"), /runbox\/python:latest is missing/);

  await pickImage(page, "python", "hiker.py");
  await page.click("#run");
  await page.locator('#notice[data-kind="refused"]').waitFor();
  assert.match(await page.textContent("#notice"), /busy: retry in [1-7] s/);
  assert.equal(await page.isDisabled("#run"), true, "Run waits for Retry-After");
  assert.equal(await page.getAttribute("#light", "data-outcome"), "refused");

  answer = "invalid";
  await page.locator("#run:not([disabled])").waitFor({timeout: 10_000});
  await page.click("#run");
  await page.waitForFunction(() => /above the maximum 120 \[field: limits\.time_s\]/.test(document.getElementById("notice").textContent));
  await page.close();
});

test("stubbed refusals over the WebSocket: busy, a 400 with its field, a close without a result", async () => {
  const starts = [];
  let answer = "busy";
  const page = await open(BASE + "/", p => p.routeWebSocket(/\/v1\/runs\/connect/, ws => ws.onMessage(message => {
    const m = JSON.parse(message);
    if (m.type !== "start") return;
    starts.push(m.run);
    if (answer === "gone") {
      ws.send(JSON.stringify({type: "started", id: "r-1"}));
      ws.send(JSON.stringify({type: "stdout", data: "partial"}));
      ws.close({code: 1011, reason: "server error"});
      return;
    }
    const [status, problem] = answer === "busy"
      ? [429, {type: "urn:runbox:problem:at-capacity", title: "At capacity", status: 429, detail: "32 runs are waiting; retry later"}]
      : [400, {type: "urn:runbox:problem:invalid-request", title: "Invalid request", status: 400, detail: "time_s 999 is above the maximum 120", field: "limits.time_s"}];
    ws.send(JSON.stringify({type: "error", status, problem}));
    ws.close({code: 4000 + status, reason: problem.title});
  })));
  await pickImage(page, "python", "hiker.py");
  await page.click("#run");
  await page.locator('#notice[data-kind="refused"]').waitFor();
  assert.match(await page.textContent("#notice"), /busy: retry in a few s\. \(32 runs are waiting/);
  assert.equal(await page.getAttribute("#light", "data-outcome"), "refused");
  assert.deepEqual(Object.keys(starts[0]).sort(), ["files", "image"], "start carries the POST /v1/runs body");
  assert.equal(starts[0].image, "python");
  assert.ok("hiker.py" in starts[0].files);

  answer = "invalid";
  await page.locator("#run:not([disabled])").waitFor();
  await page.click("#run");
  await page.waitForFunction(() => /above the maximum 120 \[field: limits\.time_s\]/.test(document.getElementById("notice").textContent));

  answer = "gone";
  await page.locator("#run:not([disabled])").waitFor();
  await page.click("#run");
  await page.waitForFunction(() => /closed before the run ended \(code 1011/.test(document.getElementById("notice").textContent));
  assert.equal(await page.textContent("#stdout"), "partial", "what came before the close stays");
  assert.equal(await page.isHidden("#stdin-form"), true);
  assert.equal(await page.locator("#history .dot").count(), 0, "no result, no dot");
  assert.deepEqual(page.foreign, [], "requests to other hosts");
  assert.deepEqual(page.errors, [], "script errors");
  await page.close();
});
