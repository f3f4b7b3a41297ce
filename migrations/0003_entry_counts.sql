-- mocache schema, migration 0003: entry counts kept by triggers.
--
-- `mocache stats` summarizes the store by kind, backend and status. Counting a million entries takes
-- a good part of a second; this table holds the counts, kept exact by triggers on every insert, status
-- change and delete, so the summary reads a handful of rows. `mocache verify` checks it against a full
-- count. (Saved time is still derived at read time, from the entries that were served.)
--
-- The counts replace the (backend, status) indexes of migration 0002, which only served counting and
-- cost a write on every status change.

CREATE TABLE entry_counts (
    kind TEXT NOT NULL CHECK (kind IN ('training', 'eval')),
    backend TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
    entries INTEGER NOT NULL CHECK (entries >= 0),
    PRIMARY KEY (kind, backend, status)
) STRICT, WITHOUT ROWID;

INSERT INTO entry_counts (kind, backend, status, entries)
SELECT 'training', backend, status, count(*) FROM training_runs GROUP BY backend, status;
INSERT INTO entry_counts (kind, backend, status, entries)
SELECT 'eval', backend, status, count(*) FROM eval_results GROUP BY backend, status;

CREATE TRIGGER training_runs_counted AFTER INSERT ON training_runs
BEGIN
    INSERT INTO entry_counts (kind, backend, status, entries) VALUES ('training', NEW.backend, NEW.status, 1)
    ON CONFLICT (kind, backend, status) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER training_runs_recounted AFTER UPDATE OF backend, status ON training_runs
WHEN OLD.backend IS NOT NEW.backend OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE entry_counts SET entries = entries - 1
    WHERE kind = 'training' AND backend = OLD.backend AND status = OLD.status;
    INSERT INTO entry_counts (kind, backend, status, entries) VALUES ('training', NEW.backend, NEW.status, 1)
    ON CONFLICT (kind, backend, status) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER training_runs_uncounted AFTER DELETE ON training_runs
BEGIN
    UPDATE entry_counts SET entries = entries - 1
    WHERE kind = 'training' AND backend = OLD.backend AND status = OLD.status;
END;

CREATE TRIGGER eval_results_counted AFTER INSERT ON eval_results
BEGIN
    INSERT INTO entry_counts (kind, backend, status, entries) VALUES ('eval', NEW.backend, NEW.status, 1)
    ON CONFLICT (kind, backend, status) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER eval_results_recounted AFTER UPDATE OF backend, status ON eval_results
WHEN OLD.backend IS NOT NEW.backend OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE entry_counts SET entries = entries - 1
    WHERE kind = 'eval' AND backend = OLD.backend AND status = OLD.status;
    INSERT INTO entry_counts (kind, backend, status, entries) VALUES ('eval', NEW.backend, NEW.status, 1)
    ON CONFLICT (kind, backend, status) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER eval_results_uncounted AFTER DELETE ON eval_results
BEGIN
    UPDATE entry_counts SET entries = entries - 1
    WHERE kind = 'eval' AND backend = OLD.backend AND status = OLD.status;
END;

DROP INDEX training_runs_by_backend_status;
DROP INDEX eval_results_by_backend_status;

PRAGMA user_version = 3;
