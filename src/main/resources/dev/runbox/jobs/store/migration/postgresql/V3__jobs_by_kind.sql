-- The jobs of one kind, newest first (pages of Judge0 submissions, counts by day).
CREATE INDEX runbox_job_kind_created ON runbox_job (kind, created_at DESC, id DESC);
