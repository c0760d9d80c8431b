-- The durable jobs (SQLite): the same tables as PostgreSQL's, times as epoch milliseconds.
CREATE TABLE runbox_job (
  id                  TEXT PRIMARY KEY,
  kind                TEXT NOT NULL,          -- run | judge
  status              TEXT NOT NULL,          -- queued | running | done | failed | cancelled
  request             TEXT NOT NULL,
  request_digest      TEXT NOT NULL,
  idem_key            TEXT,
  attempt             INTEGER NOT NULL DEFAULT 0,  -- claims so far: the fencing token, never reused
  attempts_counted    INTEGER NOT NULL DEFAULT 0,  -- claims held against max_attempts (a release gives one back)
  max_attempts        INTEGER NOT NULL,
  node                TEXT,                   -- the node of the latest attempt
  lease_owner         TEXT,
  lease_until         INTEGER,
  result              TEXT,
  error               TEXT,
  callback_url        TEXT,
  callback_state      TEXT NOT NULL,          -- none | pending | due | delivered | failed
  callback_attempts   INTEGER NOT NULL DEFAULT 0,
  callback_next       INTEGER,
  callback_last_error TEXT,
  created_at          INTEGER NOT NULL,
  started_at          INTEGER,
  finished_at         INTEGER
);

CREATE UNIQUE INDEX runbox_job_idem ON runbox_job (idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX runbox_job_ready ON runbox_job (created_at, id) WHERE status = 'queued';
CREATE INDEX runbox_job_running ON runbox_job (lease_owner) WHERE status = 'running';
CREATE INDEX runbox_job_callback ON runbox_job (callback_next) WHERE callback_state = 'due';
CREATE INDEX runbox_job_finished ON runbox_job (finished_at) WHERE finished_at IS NOT NULL;

-- One row per claim, for audits and tests.
CREATE TABLE runbox_attempt (
  job_id     TEXT NOT NULL,
  attempt    INTEGER NOT NULL,
  node       TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  ended_at   INTEGER,
  outcome    TEXT,                            -- done | failed | released | cancelled | expired | node restarted
  PRIMARY KEY (job_id, attempt)
);
