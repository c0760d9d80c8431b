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

/** A fresh page that records every request to another origin and every script error. */
async function open(url) {
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  page.foreign = [];
  page.errors = [];
  page.on("request", r => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) page.foreign.push(r.url()); });
  page.on("pageerror", e => page.errors.push(e.message));
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

  await page.screenshot({path: join(ARTEFACTS, "python-green.png")});
  await page.setViewportSize({width: 390, height: 844});
  await page.screenshot({path: join(ARTEFACTS, "python-green-phone.png"), fullPage: true});
  assert.deepEqual(page.foreign, [], "requests to other hosts");
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
  await page.close();
});

test("stubbed refusals: 429 says when to retry, a 503 readiness lists the problems, a 400 shows its detail", async () => {
  const page = await browser.newPage();
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
