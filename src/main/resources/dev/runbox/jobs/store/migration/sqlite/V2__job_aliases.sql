-- Other ids a job is found by: a Judge0 submission's token (a batch's submissions that compile
-- once share one job, each with a token of its own). Removed with their job.
CREATE TABLE runbox_job_alias (
  alias  TEXT PRIMARY KEY,
  job_id TEXT NOT NULL
);

CREATE INDEX runbox_job_alias_job ON runbox_job_alias (job_id);
