-- Tenant isolation in the database: row-level security on every tenant table.
--
-- The gateway binds each database session to the caller's company through the setting
-- `gateway.tenant` (src/db/tenant.ts); '*' marks the server's own work (sign-in, start-up
-- seeding). An unbound session sees and changes nothing. The policies encode the sharing rules of
-- the legacy API once: a company reads its own rows and public ones (company NULL) and writes only
-- its own (a public row stays writable for the company it came from, `company_origin`, so it can be
-- made private again). FORCE applies the policies to the tables' owner too; superusers and roles
-- with BYPASSRLS skip them, so the gateway switches such sessions to the role below. The setting is
-- read through scalar subqueries, which PostgreSQL evaluates once per statement, not once per row.

CREATE FUNCTION gateway_tenant() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('gateway.tenant', true), '') $$;

CREATE FUNCTION gateway_is_system() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('gateway.tenant', true), '') = '*' $$;

-- Every tenant table: policies apply, to the tables' owner as well.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['company', 'user', 'credential', 'queue', 'queue_entry', 'event_scroll', 'queue_metric',
    'worker', 'worker_stat', 'server_setting', 'project', 'model', 'task', 'task_artifact', 'event'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  END LOOP;

  -- Rows that belong to exactly one company.
  FOREACH t IN ARRAY ARRAY['user', 'credential', 'queue', 'event_scroll', 'queue_metric', 'worker', 'worker_stat'] LOOP
    EXECUTE format('CREATE POLICY "tenant" ON %I USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()))', t);
  END LOOP;

  -- Rows that may be public: readable by every company, writable by the owner (a public row by the
  -- company it came from, so it can be made private again).
  FOREACH t IN ARRAY ARRAY['project', 'model', 'task'] LOOP
    EXECUTE format('CREATE POLICY "read" ON %I FOR SELECT USING ((SELECT gateway_is_system())'
      ' OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND (SELECT gateway_tenant()) <> ''''))', t);
    EXECUTE format('CREATE POLICY "write" ON %I'
      ' USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant())'
      ' OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())))'
      ' WITH CHECK ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant())'
      ' OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())))', t);
  END LOOP;
END $$;

CREATE POLICY "tenant" ON "company" USING ((SELECT gateway_is_system()) OR "id" = (SELECT gateway_tenant()));

-- Server settings (the token secret among them) are the server's own.
CREATE POLICY "system" ON "server_setting" USING ((SELECT gateway_is_system()));

-- Events keep the company that wrote them; a public task's events are readable by everyone. The
-- public check is a function (never inlined), so it only runs for rows of another company: reading
-- one's own events costs one comparison per row.
CREATE FUNCTION gateway_public_task(task_id text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path FROM CURRENT
  AS $$ SELECT EXISTS (SELECT 1 FROM "task" WHERE "id" = task_id AND "company" IS NULL) $$;

CREATE POLICY "read" ON "event" FOR SELECT
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ((SELECT gateway_tenant()) <> '' AND gateway_public_task("task")));
CREATE POLICY "write" ON "event"
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()))
  WITH CHECK ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

-- Rows without a company of their own follow their parent (whose policies apply inside EXISTS).
CREATE POLICY "read" ON "task_artifact" FOR SELECT
  USING (EXISTS (SELECT 1 FROM "task" t WHERE t."id" = "task_artifact"."task"));
CREATE POLICY "write" ON "task_artifact"
  USING (EXISTS (SELECT 1 FROM "task" t WHERE t."id" = "task_artifact"."task"
    AND ((SELECT gateway_is_system()) OR t."company" = (SELECT gateway_tenant()))))
  WITH CHECK (EXISTS (SELECT 1 FROM "task" t WHERE t."id" = "task_artifact"."task"
    AND ((SELECT gateway_is_system()) OR t."company" = (SELECT gateway_tenant()))));

CREATE POLICY "tenant" ON "queue_entry"
  USING (EXISTS (SELECT 1 FROM "queue" q WHERE q."id" = "queue_entry"."queue"))
  WITH CHECK (EXISTS (SELECT 1 FROM "queue" q WHERE q."id" = "queue_entry"."queue"));

-- The legacy API lets any company create a public model with no owner (models.create public=true).
CREATE POLICY "create_public" ON "model" FOR INSERT
  WITH CHECK ((SELECT gateway_tenant()) <> '' AND "company" IS NULL AND "company_origin" IS NULL);

-- The one question that must look across companies: a project is in use while any company's
-- non-archived task (or model) still refers to it. Only yes/no leaves the function; callers ask
-- about projects they own.
CREATE FUNCTION gateway_project_in_use(project_id text, OUT tasks boolean, OUT models boolean)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET "gateway.tenant" = '*' SET search_path FROM CURRENT
  AS $$
    SELECT EXISTS (SELECT 1 FROM "task" WHERE "project" = project_id AND NOT ('archived' = ANY("system_tags"))),
           EXISTS (SELECT 1 FROM "model" WHERE "project" = project_id AND NOT ('archived' = ANY("system_tags")))
  $$;

-- Under row security PostgreSQL only pushes a query's conditions into index scans when their
-- operators are LEAKPROOF (they reveal nothing about rows the policies hide). Comparisons of enums
-- (status, type, event type) and array overlap/containment (tags) are, but are not marked so; without
-- the mark, a filtered listing or a metric series falls back to scanning every row of the table.
-- Marking needs a superuser (as does applying the migrations first on the embedded default); under
-- another user the policies still hold, only those plans are slower.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.enum_eq(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_ne(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_lt(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_le(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_gt(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.enum_ge(anyenum, anyenum) LEAKPROOF;
    ALTER FUNCTION pg_catalog.arrayoverlap(anyarray, anyarray) LEAKPROOF;
    ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF;
    ALTER FUNCTION pg_catalog.arraycontained(anyarray, anyarray) LEAKPROOF;
  ELSE
    RAISE NOTICE 'not a superuser: enum and array comparisons stay non-leakproof (correct, but some plans under row security are slower)';
  END IF;
END $$;

-- The legacy API tells an unknown parent id (400/16) from another company's task (400/101): whether
-- a task id exists at all, in any company, is the one fact it reveals.
CREATE FUNCTION gateway_task_exists(task_id text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET "gateway.tenant" = '*' SET search_path FROM CURRENT
  AS $$ SELECT EXISTS (SELECT 1 FROM "task" WHERE "id" = task_id) $$;
