-- mocache PostgreSQL schema, migration 0002: indexes, and the views people read in psql.
--
-- The same views as the SQLite store's (migrations/0002_views.sql), with the same names and columns.
-- They are a public interface: a later migration may add columns at the end of a view; it never
-- removes or renames one.
--
--   psql "$DB" -c 'SET search_path = mocache' -c 'SELECT model_id, base_model, duration_s FROM models'

-- Listing newest first.
CREATE INDEX training_runs_by_created_at ON training_runs (created_at);
CREATE INDEX eval_results_by_created_at ON eval_results (created_at);
-- Counting entries by backend and status (mocache stats).
CREATE INDEX training_runs_by_backend_status ON training_runs (backend, status);
CREATE INDEX eval_results_by_backend_status ON eval_results (backend, status);
-- Finding the training run that produced a model, and the evaluations of a model.
CREATE INDEX training_runs_by_model_id ON training_runs (model_id) WHERE status = 'succeeded';
CREATE INDEX eval_results_by_model_task ON eval_results (model_id, task);

-- Succeeded training runs: one row per trained model, with the readable parts of its configuration.
-- duration_s is the compute time of the run in seconds; saved_s is what its cache hits saved
-- (hit_count * duration_s). Both are NULL for a run whose start was not recorded.
CREATE VIEW models AS
SELECT
    id,
    backend,
    model_id,
    config_json ->> 'base_model' AS base_model,
    config_json ->> 'namespace' AS namespace,
    config_json ->> 'replicate' AS replicate,
    dataset_hash,
    config_hash,
    config_json,
    metadata_json,
    job_id,
    created_at,
    started_at,
    finished_at,
    extract(epoch FROM finished_at - started_at)::double precision AS duration_s,
    hit_count,
    last_hit_at,
    hit_count * extract(epoch FROM finished_at - started_at)::double precision AS saved_s,
    host,
    pid
FROM training_runs
WHERE status = 'succeeded';

-- Evaluation results in every status, each with the succeeded training run that produced its model
-- when the store has one (the most recent, if several did): its backend, dataset, config and base model.
CREATE VIEW evals AS
SELECT
    e.id,
    e.backend,
    e.model_id,
    e.task,
    e.params_hash,
    e.params_json,
    e.status,
    e.job_id,
    e.metrics_json,
    e.sample_count,
    e.log_path,
    e.error,
    e.created_at,
    e.started_at,
    e.finished_at,
    extract(epoch FROM e.finished_at - e.started_at)::double precision AS duration_s,
    e.hit_count,
    e.last_hit_at,
    e.hit_count * extract(epoch FROM e.finished_at - e.started_at)::double precision AS saved_s,
    e.host,
    e.pid,
    t.id AS training_run_id,
    t.backend AS training_backend,
    t.dataset_hash,
    t.config_hash,
    t.config_json ->> 'base_model' AS base_model
FROM eval_results AS e
LEFT JOIN LATERAL (
    SELECT r.id, r.backend, r.dataset_hash, r.config_hash, r.config_json
    FROM training_runs AS r
    WHERE r.model_id = e.model_id AND r.status = 'succeeded'
    ORDER BY r.finished_at DESC, r.id DESC
    LIMIT 1
) AS t ON true;

-- One row per model, task and numeric metric of the succeeded evaluations, ready for GROUP BY and
-- comparisons: SELECT model_id, value FROM eval_metrics WHERE task = 'mmlu' AND metric = 'accuracy'.
CREATE VIEW eval_metrics AS
SELECT
    e.model_id,
    e.task,
    m.key AS metric,
    (m.value #>> '{}')::double precision AS value,
    e.params_hash,
    e.backend,
    e.id AS eval_id,
    e.finished_at,
    t.backend AS training_backend,
    t.dataset_hash,
    t.config_hash,
    t.config_json ->> 'base_model' AS base_model
FROM eval_results AS e
CROSS JOIN LATERAL jsonb_each(e.metrics_json) AS m
LEFT JOIN LATERAL (
    SELECT r.id, r.backend, r.dataset_hash, r.config_hash, r.config_json
    FROM training_runs AS r
    WHERE r.model_id = e.model_id AND r.status = 'succeeded'
    ORDER BY r.finished_at DESC, r.id DESC
    LIMIT 1
) AS t ON true
WHERE e.status = 'succeeded' AND jsonb_typeof(m.value) = 'number';
