-- mocache schema, migration 0001: the tables.
--
-- This file is the only definition of these tables. It ships inside the library
-- (Sources/MOCache/Store/SQLite/EmbeddedMigrations.swift, made by scripts/generate-embedded-migrations.sh)
-- and is never edited once released: a change to the schema is a new migration file.
--
-- Conventions, so that every row reads well in the sqlite3 shell:
-- * STRICT tables, snake_case names, no NULL in any key.
-- * Hashes are 64 lowercase hex characters (SHA-256).
-- * Times are ISO-8601 UTC text with milliseconds, always 24 characters: 2026-11-25T11:47:53.123Z
--   (what strftime('%Y-%m-%dT%H:%M:%fZ', ...) writes). Fixed width, so comparing the text compares
--   the times, and julianday() reads them.
-- * JSON columns hold validated JSON text.
-- * The time a cache hit saved is not stored: it is hit_count * (finished_at - started_at), and the
--   views of migration 0002 derive it.

-- Datasets a training backend already received: (backend, dataset hash) -> the backend's file id.
CREATE TABLE dataset_uploads (
    backend TEXT NOT NULL CHECK (length(backend) > 0),
    dataset_hash TEXT NOT NULL
        CHECK (length(dataset_hash) = 64 AND dataset_hash NOT GLOB '*[^0-9a-f]*'),
    file_id TEXT NOT NULL CHECK (length(file_id) > 0),
    uploaded_at TEXT NOT NULL CHECK (uploaded_at = strftime('%Y-%m-%dT%H:%M:%fZ', uploaded_at)),
    PRIMARY KEY (backend, dataset_hash)
) STRICT, WITHOUT ROWID;

-- Training runs: (backend, dataset hash, config hash) -> where the run stands and what it produced.
CREATE TABLE training_runs (
    id INTEGER PRIMARY KEY,
    -- The key.
    backend TEXT NOT NULL CHECK (length(backend) > 0),
    dataset_hash TEXT NOT NULL
        CHECK (length(dataset_hash) = 64 AND dataset_hash NOT GLOB '*[^0-9a-f]*'),
    config_hash TEXT NOT NULL
        CHECK (length(config_hash) = 64 AND config_hash NOT GLOB '*[^0-9a-f]*'),
    -- The configuration whose canonical JSON hashes to config_hash.
    config_json TEXT NOT NULL CHECK (json_valid(config_json)),
    -- pending: claimed, the job has not started; running: the job started and has a job id;
    -- succeeded: served as a cache hit from now on; failed, cancelled: never served, run again when asked.
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
    -- The backend's job id, recorded the moment the job starts, so a successor can re-attach to it.
    job_id TEXT,
    -- The trained model, once the run succeeded, and what else the backend reported about it.
    model_id TEXT,
    metadata_json TEXT CHECK (metadata_json IS NULL OR json_valid(metadata_json)),
    -- Why a failed or cancelled run ended.
    error TEXT,
    created_at TEXT NOT NULL CHECK (created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    started_at TEXT CHECK (started_at = strftime('%Y-%m-%dT%H:%M:%fZ', started_at)),
    finished_at TEXT CHECK (finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', finished_at)),
    -- Who ran the job.
    host TEXT,
    pid INTEGER,
    -- The worker doing the job while one is (single flight across processes), and when its claim runs out.
    lease_owner TEXT,
    lease_expires_at TEXT CHECK (lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', lease_expires_at)),
    -- The hit ledger: how often the run was served from the cache, and when last.
    hit_count INTEGER NOT NULL DEFAULT 0 CHECK (hit_count >= 0),
    last_hit_at TEXT CHECK (last_hit_at = strftime('%Y-%m-%dT%H:%M:%fZ', last_hit_at)),
    UNIQUE (backend, dataset_hash, config_hash),
    CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CHECK (status <> 'running' OR job_id IS NOT NULL),
    CHECK (status <> 'succeeded' OR (model_id IS NOT NULL AND finished_at IS NOT NULL)),
    CHECK (status IN ('pending', 'running') OR lease_owner IS NULL)
) STRICT;

-- Evaluation results: (backend, model id, task, params hash) -> where the evaluation stands, its metrics.
CREATE TABLE eval_results (
    id INTEGER PRIMARY KEY,
    -- The key.
    backend TEXT NOT NULL CHECK (length(backend) > 0),
    model_id TEXT NOT NULL CHECK (length(model_id) > 0),
    task TEXT NOT NULL CHECK (length(task) > 0),
    params_hash TEXT NOT NULL
        CHECK (length(params_hash) = 64 AND params_hash NOT GLOB '*[^0-9a-f]*'),
    -- The eval parameters whose canonical JSON hashes to params_hash.
    params_json TEXT NOT NULL CHECK (json_valid(params_json)),
    -- The same states as training_runs.status.
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
    job_id TEXT,
    -- Metric name -> number, a JSON object, once the evaluation succeeded.
    metrics_json TEXT
        CHECK (metrics_json IS NULL OR (json_valid(metrics_json) AND json_type(metrics_json) = 'object')),
    sample_count INTEGER CHECK (sample_count >= 0),
    log_path TEXT,
    error TEXT,
    created_at TEXT NOT NULL CHECK (created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at)),
    started_at TEXT CHECK (started_at = strftime('%Y-%m-%dT%H:%M:%fZ', started_at)),
    finished_at TEXT CHECK (finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', finished_at)),
    host TEXT,
    pid INTEGER,
    lease_owner TEXT,
    lease_expires_at TEXT CHECK (lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', lease_expires_at)),
    hit_count INTEGER NOT NULL DEFAULT 0 CHECK (hit_count >= 0),
    last_hit_at TEXT CHECK (last_hit_at = strftime('%Y-%m-%dT%H:%M:%fZ', last_hit_at)),
    UNIQUE (backend, model_id, task, params_hash),
    CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CHECK (status <> 'succeeded' OR (metrics_json IS NOT NULL AND finished_at IS NOT NULL)),
    CHECK (status IN ('pending', 'running') OR lease_owner IS NULL)
) STRICT;

-- The dataset hash memo: a file whose identity (device, inode, size, modification time) is unchanged
-- since it was hashed is never read again. device and inode are unsigned 64-bit numbers stored with
-- the same bits in a signed INTEGER.
CREATE TABLE file_hash_memo (
    path TEXT NOT NULL PRIMARY KEY CHECK (substr(path, 1, 1) = '/'),
    device INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    hashed_at TEXT NOT NULL CHECK (hashed_at = strftime('%Y-%m-%dT%H:%M:%fZ', hashed_at))
) STRICT, WITHOUT ROWID;

PRAGMA user_version = 1;
