-- Live updates (issue 6): tell every listening server process, on commit, that tasks or their
-- events changed. Notifications only name what changed; subscribers read the rows themselves.
-- Statement-level triggers with transition tables: one notification per company (and per event
-- type) per statement, not per row; ids are split into chunks well under the 8000-byte payload limit.

-- task_changed: {"c": company or null (public), "o": "INSERT"|"UPDATE"|"DELETE", "i": [task ids]}
CREATE FUNCTION "live_notify_task_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  message text;
BEGIN
  FOR message IN
    SELECT json_build_object('c', c, 'o', TG_OP, 'i', json_agg(id))::text
    FROM (
      SELECT c, id, sum(length(id) + 4) OVER (PARTITION BY c ORDER BY id) / 6000 AS chunk
      FROM (SELECT "company" AS c, "id" FROM "live_changed_tasks") AS changed
    ) AS numbered
    GROUP BY c, chunk
  LOOP
    PERFORM pg_notify('task_changed', message);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER "task_live_insert" AFTER INSERT ON "task"
  REFERENCING NEW TABLE AS "live_changed_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "live_notify_task_changed"();
CREATE TRIGGER "task_live_update" AFTER UPDATE ON "task"
  REFERENCING NEW TABLE AS "live_changed_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "live_notify_task_changed"();
CREATE TRIGGER "task_live_delete" AFTER DELETE ON "task"
  REFERENCING OLD TABLE AS "live_changed_tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION "live_notify_task_changed"();

-- A task changing hands (made public or private) is announced to every company ("c": null), so
-- subscribers that could see it before learn that it left them. Rare, hence per row.
CREATE FUNCTION "live_notify_task_company_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('task_changed', json_build_object('c', NULL, 'o', TG_OP, 'i', json_build_array(NEW."id"))::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "task_live_company" AFTER UPDATE ON "task"
  FOR EACH ROW WHEN (OLD."company" IS DISTINCT FROM NEW."company")
  EXECUTE FUNCTION "live_notify_task_company_changed"();

-- task_events: {"c": company, "y": event type, "t": [task ids]} for console lines and scalars.
CREATE FUNCTION "live_notify_task_events"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  message text;
BEGIN
  FOR message IN
    SELECT json_build_object('c', c, 'y', y, 't', json_agg(t))::text
    FROM (
      SELECT c, y, t, sum(length(t) + 4) OVER (PARTITION BY c, y ORDER BY t) / 6000 AS chunk
      FROM (
        SELECT DISTINCT "company" AS c, "type"::text AS y, "task" AS t FROM "live_new_events"
        WHERE "type" IN ('log', 'training_stats_scalar')
      ) AS touched
    ) AS numbered
    GROUP BY c, y, chunk
  LOOP
    PERFORM pg_notify('task_events', message);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER "event_live_insert" AFTER INSERT ON "event"
  REFERENCING NEW TABLE AS "live_new_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "live_notify_task_events"();
CREATE TRIGGER "event_live_update" AFTER UPDATE ON "event"
  REFERENCING NEW TABLE AS "live_new_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "live_notify_task_events"();
