-- mocache schema, migration 0004: lease fences.
--
-- A lease alone cannot stop a worker that paused past its lease (SIGSTOP, a laptop lid, a long GC) and
-- then wakes up: by then another worker took the entry over, and the paused one would overwrite the
-- successor's job id, or store its own result while the successor's job still runs. The fence is a
-- counter that every claim of the entry bumps; the claiming worker's job start, lease renewals and
-- finishing write present the fence its claim got, and change the entry only while the fence is still
-- that one. The PostgreSQL store keeps the same column under the same rule.

ALTER TABLE training_runs ADD COLUMN lease_fence INTEGER NOT NULL DEFAULT 0 CHECK (lease_fence >= 0);
ALTER TABLE eval_results ADD COLUMN lease_fence INTEGER NOT NULL DEFAULT 0 CHECK (lease_fence >= 0);

PRAGMA user_version = 4;
