// The public API as the page uses it: every call has a client-side timeout, a 401 asks for a
// bearer token (kept in sessionStorage) and is tried once more, and every refusal becomes an
// ApiError whose message a person can act on. A run goes over the live WebSocket
// (/v1/runs/connect): its output as it comes, stdin and signals while it runs.
const TOKEN_KEY = "runbox.token";
const LIVE_PATH = "/v1/runs/connect";
const OPEN = 1; // WebSocket.OPEN, also where there is no WebSocket

/** A request that did not give a usable answer; kind is one of the cases below. */
export class ApiError extends Error {
  constructor(kind, message, {status = 0, problem = null, retryAfter = null} = {}) {
    super(message);
    this.kind = kind; // "unauthorized" | "busy" | "invalid" | "unavailable" | "not-ready" | "timeout" | "network" | "stopped" | "failed"
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export class Api {
  /** askToken(reason) resolves to a token, or null when the person declines. */
  constructor({askToken}) {
    this.askToken = askToken;
  }

  get token() { return sessionStorage.getItem(TOKEN_KEY); }

  forgetToken() { sessionStorage.removeItem(TOKEN_KEY); }

  async images() { return this.call("GET", "/v1/images"); }

  async image(name) { return this.call("GET", "/v1/images/" + encodeURIComponent(name)); }

  async run(request, timeoutMs) { return this.call("POST", "/v1/runs", request, timeoutMs); }

  /**
   * Starts a run over the live WebSocket and returns its LiveRun at once; listener gets started(id),
   * output(stream, text), cut(stream) and live(boolean) (false: no WebSocket, the run goes through
   * POST /v1/runs and answers only when it ends). The LiveRun's result resolves to the same answer
   * POST /v1/runs gives, or rejects with an ApiError.
   */
  runLive(request, listener, timeoutMs) {
    return new LiveRun(this, request, listener, timeoutMs);
  }

  /** Asks for a token after a 401; resolves when one was given, else throws the refusal. */
  async renewToken() {
    const reason = this.token ? "The token was not accepted; enter another." : "This runbox needs an API token.";
    const token = await this.askToken(reason);
    if (!token) throw new ApiError("unauthorized", "This runbox needs an API token (401) and none was given.", {status: 401});
    sessionStorage.setItem(TOKEN_KEY, token.trim());
  }

  async judge(request, timeoutMs) { return this.call("POST", "/v1/judge", request, timeoutMs); }

  /** Resolves to {ready: true} or {ready: false, problems: [...]}; never asks for a token. */
  async readiness() {
    const r = await this.send("GET", "/health/ready", undefined, 10_000, false);
    if (r.ok) return {ready: true, problems: []};
    const p = await problemOf(r);
    return {ready: false, problems: p?.problems?.length ? p.problems : [p?.detail || "HTTP " + r.status]};
  }

  async call(method, path, body, timeoutMs = 20_000) {
    let r = await this.send(method, path, body, timeoutMs, true);
    if (r.status === 401) {
      await this.renewToken();
      r = await this.send(method, path, body, timeoutMs, true);
      if (r.status === 401) {
        this.forgetToken();
        throw new ApiError("unauthorized", "The token was refused (401).", {status: 401});
      }
    }
    if (r.ok) return r.json();
    throw await refusal(r);
  }

  async send(method, path, body, timeoutMs, withToken) {
    const headers = {Accept: "application/json"};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (withToken && this.token) headers.Authorization = "Bearer " + this.token;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      return await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal});
    } catch (e) {
      if (abort.signal.aborted) {
        throw new ApiError("timeout", `No answer from runbox within ${Math.round(timeoutMs / 1000)} s; the page stopped waiting.`);
      }
      throw new ApiError("network", "Cannot reach runbox: " + e.message);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function retryAfterSeconds(response) {
  const value = response.headers.get("Retry-After");
  if (value === null) return null;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) ? Math.max(1, seconds) : null;
}

async function refusal(r) {
  return refusalOf(r.status, await problemOf(r), retryAfterSeconds(r), r.statusText);
}

/** An HTTP refusal, or a live run's error message (its status and problem), as an ApiError. */
function refusalOf(status, p, retryAfter = null, statusText = "") {
  const detail = p?.detail || statusText || "no detail";
  const options = {status, problem: p, retryAfter};
  switch (status) {
    case 400: case 404: case 408: case 409: case 413: case 415:
      return new ApiError("invalid", `Refused (${status} ${p?.title || ""}): ${detail}${p?.field ? ` [field: ${p.field}]` : ""}`, options);
    case 401:
      return new ApiError("unauthorized", `The token was refused (401): ${detail}`, options);
    case 429:
      return new ApiError("busy", `runbox is busy: retry in ${retryAfter ?? "a few"} s. (${detail})`, options);
    case 503:
      return new ApiError("unavailable", `runbox cannot run code now: ${detail}` + (retryAfter ? ` Retry in ${retryAfter} s.` : ""), options);
    default:
      return new ApiError("failed", `runbox answered ${status}: ${detail}`, options);
  }
}

/**
 * One run over /v1/runs/connect: sends start with the POST /v1/runs body, hands output to the
 * listener as it comes, and takes stdin, end of stdin and signals while the run runs. A socket
 * that fails before it opens is told apart by an HTTP request: a 401 asks for a token and tries
 * once more; otherwise the WebSocket is taken as unavailable and the run goes through POST.
 */
class LiveRun {
  constructor(api, request, listener, timeoutMs) {
    this.api = api;
    this.request = request;
    this.listener = listener;
    this.timeoutMs = timeoutMs;
    this.socket = null;
    this.started = false;
    this.stdinOpen = false;
    this.settled = false;
    this.result = new Promise((resolve, reject) => { this.resolve = resolve; this.reject = reject; });
    const timer = setTimeout(() => this.fail(new ApiError("timeout",
      `No result from runbox within ${Math.round(timeoutMs / 1000)} s; the page stopped waiting.`)), timeoutMs);
    this.result.then(() => clearTimeout(timer), () => clearTimeout(timer));
    if (typeof WebSocket === "function") this.connect(true); else this.post();
  }

  /** Whether stdin, eof and signals can be sent now. */
  get open() { return !this.settled && this.socket?.readyState === OPEN; }

  input(text) { return this.stdinOpen && this.send({type: "stdin", data: text}); }

  eof() {
    const sent = this.stdinOpen && this.send({type: "eof"});
    this.stdinOpen = false;
    return sent;
  }

  /** Sends a signal to the running program; before the run started, gives it up instead. */
  signal(name) {
    if (this.started) return this.send({type: "signal", signal: name});
    if (this.socket) this.fail(new ApiError("stopped", "Stopped before the run started."));
    return false;
  }

  send(message) {
    if (!this.open) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  connect(mayAskToken) {
    const token = this.api.token;
    const url = (location.protocol === "https:" ? "wss:" : "ws:") + "//" + location.host + LIVE_PATH
      + (token ? "?access_token=" + encodeURIComponent(token) : "");
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.listener.live?.(true);
      socket.send(JSON.stringify({type: "start", run: this.request}));
    };
    socket.onmessage = ev => {
      if (this.settled) return;
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch {
        return;
      }
      switch (m.type) {
        case "started":
          this.started = true;
          this.stdinOpen = true;
          this.listener.started?.(m.id);
          break;
        case "stdout": case "stderr": this.listener.output?.(m.type, m.data); break;
        case "cut": this.listener.cut?.(m.stream); break;
        case "result": this.finish(m.result); break; // the server closes the socket next
        case "error": this.fail(refusalOf(m.status, m.problem, m.retry_after_s ?? null)); break;
      }
    };
    socket.onclose = ev => {
      if (this.settled) return;
      if (opened && ev.code >= 4000 && ev.code < 5000) this.fail(refusalOf(ev.code - 4000, null, null, ev.reason));
      else if (opened) this.fail(new ApiError("network", `The connection to runbox closed before the run ended (code ${ev.code}${ev.reason ? ": " + ev.reason : ""}).`));
      else this.refused(mayAskToken);
    };
  }

  /** The socket never opened: a 401 (ask for a token, try again), runbox gone, or no WebSocket on the way. */
  async refused(mayAskToken) {
    try {
      const probe = await this.api.send("GET", "/v1/images", undefined, 10_000, true);
      if (probe.status === 401 && mayAskToken) {
        await this.api.renewToken();
        if (!this.settled) this.connect(false);
      } else if (probe.status === 401) {
        this.api.forgetToken();
        this.fail(new ApiError("unauthorized", "The token was refused (401).", {status: 401}));
      } else {
        this.post();
      }
    } catch (e) {
      this.fail(e instanceof ApiError ? e : new ApiError("network", "Cannot reach runbox: " + e.message));
    }
  }

  /** Without a WebSocket: POST /v1/runs, the answer when the run ends. */
  post() {
    this.socket = null;
    this.listener.live?.(false);
    this.api.run(this.request, this.timeoutMs).then(r => this.finish(r), e => this.fail(e));
  }

  finish(result) {
    if (this.settled) return;
    this.settled = true;
    this.stdinOpen = false;
    this.resolve(result);
  }

  fail(error) {
    if (this.settled) return;
    this.settled = true;
    this.stdinOpen = false;
    if (this.socket && this.socket.readyState <= OPEN) this.socket.close();
    this.reject(error);
  }
}
