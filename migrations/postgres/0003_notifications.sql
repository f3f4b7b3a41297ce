-- mocache PostgreSQL schema, migration 0003: a notification when an entry finishes or goes away.
--
-- Workers waiting for another worker's job LISTEN on the channel mocache_entry_changed. When an entry
-- finishes (succeeded, failed, cancelled) or is removed, its change is announced there on commit, with
-- the payload 'training:<id>' or 'eval:<id>', so that a waiter on any machine looks again at once
-- instead of at its next poll. Waiters still poll: a missed notification costs one poll interval.

CREATE FUNCTION notify_entry_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('mocache_entry_changed', TG_ARGV[0] || ':' || OLD.id);
    ELSE
        PERFORM pg_notify('mocache_entry_changed', TG_ARGV[0] || ':' || NEW.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER training_runs_finished AFTER UPDATE OF status ON training_runs
FOR EACH ROW WHEN (NEW.status IN ('succeeded', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION notify_entry_changed('training');

CREATE TRIGGER training_runs_removed AFTER DELETE ON training_runs
FOR EACH ROW EXECUTE FUNCTION notify_entry_changed('training');

CREATE TRIGGER eval_results_finished AFTER UPDATE OF status ON eval_results
FOR EACH ROW WHEN (NEW.status IN ('succeeded', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION notify_entry_changed('eval');

CREATE TRIGGER eval_results_removed AFTER DELETE ON eval_results
FOR EACH ROW EXECUTE FUNCTION notify_entry_changed('eval');
