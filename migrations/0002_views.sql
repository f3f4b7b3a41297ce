-- mocache schema, migration 0002: indexes, and the views people read in the sqlite3 shell.
--
-- The views are a public interface: their names and columns stay stable across migrations. A later
-- migration may add columns at the end of a view; it never removes or renames one.
--
--   sqlite3 -table .mocache/cache.sqlite 'SELECT model_id, base_model, duration_s, hit_count FROM models'

-- Listing newest first.
CREATE INDEX training_runs_by_created_at ON training_runs (created_at);
CREATE INDEX eval_results_by_created_at ON eval_results (created_at);
-- Counting entries by backend and status (mocache stats).
CREATE INDEX training_runs_by_backend_status ON training_runs (backend, status);
CREATE INDEX eval_results_by_backend_status ON eval_results (backend, status);
-- Finding the training run that produced a model, and the evaluations of a model.
CREATE INDEX training_runs_by_model_id ON training_runs (model_id) WHERE status = 'succeeded';
CREATE INDEX eval_results_by_model_task ON eval_results (model_id, task);
-- Summing what cache hits saved (mocache stats) without reading the entries that were never served.
CREATE INDEX training_runs_with_hits ON training_runs (backend, hit_count, started_at, finished_at)
WHERE hit_count > 0;
CREATE INDEX eval_results_with_hits ON eval_results (backend, hit_count, started_at, finished_at)
WHERE hit_count > 0;

-- Succeeded training runs: one row per trained model, with the readable parts of its configuration.
-- duration_s is the compute time of the run, to the millisecond; saved_s is what its cache hits saved
-- (hit_count * duration_s). Both are NULL for a run whose start was not recorded.
CREATE VIEW models AS
SELECT
    id,
    backend,
    model_id,
    json_extract(config_json, '$.base_model') AS base_model,
    json_extract(config_json, '$.namespace') AS namespace,
    json_extract(config_json, '$.replicate') AS replicate,
    dataset_hash,
    config_hash,
    config_json,
    metadata_json,
    job_id,
    created_at,
    started_at,
    finished_at,
    ((strftime('%s', finished_at) - strftime('%s', started_at))
        + (substr(finished_at, 21, 3) - substr(started_at, 21, 3)) / 1000.0) AS duration_s,
    hit_count,
    last_hit_at,
    hit_count * ((strftime('%s', finished_at) - strftime('%s', started_at))
        + (substr(finished_at, 21, 3) - substr(started_at, 21, 3)) / 1000.0) AS saved_s,
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
    ((strftime('%s', e.finished_at) - strftime('%s', e.started_at))
        + (substr(e.finished_at, 21, 3) - substr(e.started_at, 21, 3)) / 1000.0) AS duration_s,
    e.hit_count,
    e.last_hit_at,
    e.hit_count * ((strftime('%s', e.finished_at) - strftime('%s', e.started_at))
        + (substr(e.finished_at, 21, 3) - substr(e.started_at, 21, 3)) / 1000.0) AS saved_s,
    e.host,
    e.pid,
    t.id AS training_run_id,
    t.backend AS training_backend,
    t.dataset_hash,
    t.config_hash,
    json_extract(t.config_json, '$.base_model') AS base_model
FROM eval_results AS e
LEFT JOIN training_runs AS t ON t.id = (
    SELECT r.id
    FROM training_runs AS r
    WHERE r.model_id = e.model_id AND r.status = 'succeeded'
    ORDER BY r.finished_at DESC, r.id DESC
    LIMIT 1
);

-- One row per model, task and numeric metric of the succeeded evaluations, ready for GROUP BY and
-- comparisons: SELECT model_id, value FROM eval_metrics WHERE task = 'mmlu' AND metric = 'accuracy'.
CREATE VIEW eval_metrics AS
SELECT
    e.model_id,
    e.task,
    m.key AS metric,
    m.value AS value,
    e.params_hash,
    e.backend,
    e.id AS eval_id,
    e.finished_at,
    t.backend AS training_backend,
    t.dataset_hash,
    t.config_hash,
    json_extract(t.config_json, '$.base_model') AS base_model
FROM eval_results AS e
JOIN json_each(e.metrics_json) AS m
LEFT JOIN training_runs AS t ON t.id = (
    SELECT r.id
    FROM training_runs AS r
    WHERE r.model_id = e.model_id AND r.status = 'succeeded'
    ORDER BY r.finished_at DESC, r.id DESC
    LIMIT 1
)
WHERE e.status = 'succeeded' AND m.type IN ('integer', 'real');

PRAGMA user_version = 2;
