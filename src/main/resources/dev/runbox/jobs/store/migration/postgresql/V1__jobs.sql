-- The durable jobs (PostgreSQL). request and result are text, not jsonb: they are kept byte for
-- byte, and jsonb refuses the \u0000 escapes a program's output may hold.
CREATE TABLE runbox_job (
  id                  text PRIMARY KEY,
  kind                text NOT NULL,          -- run | judge
  status              text NOT NULL,          -- queued | running | done | failed | cancelled
  request             text NOT NULL,
  request_digest      text NOT NULL,
  idem_key            text,
  attempt             integer NOT NULL DEFAULT 0,  -- claims so far: the fencing token, never reused
  attempts_counted    integer NOT NULL DEFAULT 0,  -- claims held against max_attempts (a release gives one back)
  max_attempts        integer NOT NULL,
  node                text,                   -- the node of the latest attempt
  lease_owner         text,
  lease_until         timestamptz,
  result              text,
  error               text,
  callback_url        text,
  callback_state      text NOT NULL,          -- none | pending | due | delivered | failed
  callback_attempts   integer NOT NULL DEFAULT 0,
  callback_next       timestamptz,
  callback_last_error text,
  created_at          timestamptz NOT NULL,
  started_at          timestamptz,
  finished_at         timestamptz
) WITH (fillfactor = 80);                     -- room for in-place lease renewals

CREATE UNIQUE INDEX runbox_job_idem ON runbox_job (idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX runbox_job_ready ON runbox_job (created_at, id) WHERE status = 'queued';
CREATE INDEX runbox_job_running ON runbox_job (lease_owner) WHERE status = 'running';
CREATE INDEX runbox_job_callback ON runbox_job (callback_next) WHERE callback_state = 'due';
CREATE INDEX runbox_job_finished ON runbox_job (finished_at) WHERE finished_at IS NOT NULL;

-- One row per claim, for audits and tests.
CREATE TABLE runbox_attempt (
  job_id     text NOT NULL,
  attempt    integer NOT NULL,
  node       text NOT NULL,
  claimed_at timestamptz NOT NULL,
  ended_at   timestamptz,
  outcome    text,                            -- done | failed | released | cancelled | expired | node restarted
  PRIMARY KEY (job_id, attempt)
);
