// The public API as the page uses it: every call has a client-side timeout, a 401 asks for a
// bearer token (kept in sessionStorage) and is tried once more, and every refusal becomes an
// ApiError whose message a person can act on.
const TOKEN_KEY = "runbox.token";

/** A request that did not give a usable answer; kind is one of the cases below. */
export class ApiError extends Error {
  constructor(kind, message, {status = 0, problem = null, retryAfter = null} = {}) {
    super(message);
    this.kind = kind; // "unauthorized" | "busy" | "invalid" | "unavailable" | "not-ready" | "timeout" | "network" | "failed"
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
      const reason = this.token ? "The token was not accepted; enter another." : "This runbox needs an API token.";
      const token = await this.askToken(reason);
      if (!token) throw new ApiError("unauthorized", "This runbox needs an API token (401) and none was given.", {status: 401});
      sessionStorage.setItem(TOKEN_KEY, token.trim());
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
  const p = await problemOf(r);
  const detail = p?.detail || r.statusText || "no detail";
  const retryAfter = retryAfterSeconds(r);
  const options = {status: r.status, problem: p, retryAfter};
  switch (r.status) {
    case 400: case 404: case 413: case 415:
      return new ApiError("invalid", `Refused (${r.status} ${p?.title || ""}): ${detail}${p?.field ? ` [field: ${p.field}]` : ""}`, options);
    case 429:
      return new ApiError("busy", `runbox is busy: retry in ${retryAfter ?? "a few"} s. (${detail})`, options);
    case 503:
      return new ApiError("unavailable", `runbox cannot run code now: ${detail}` + (retryAfter ? ` Retry in ${retryAfter} s.` : ""), options);
    default:
      return new ApiError("failed", `runbox answered ${r.status}: ${detail}`, options);
  }
}
