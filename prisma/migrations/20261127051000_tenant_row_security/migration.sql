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

-- Tables whose rows belong to exactly one company.
ALTER TABLE "company" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "company" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "company" USING ((SELECT gateway_is_system()) OR "id" = (SELECT gateway_tenant()));

ALTER TABLE "user" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "user" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "user" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

ALTER TABLE "credential" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "credential" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "credential" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

ALTER TABLE "queue" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "queue" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "queue" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

ALTER TABLE "event_scroll" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "event_scroll" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "event_scroll" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

ALTER TABLE "queue_metric" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "queue_metric" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "queue_metric" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

ALTER TABLE "worker" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "worker" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "worker" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

ALTER TABLE "worker_stat" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "worker_stat" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "worker_stat" USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

-- Server settings (the token secret among them) are the server's own.
ALTER TABLE "server_setting" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "server_setting" FORCE ROW LEVEL SECURITY;
CREATE POLICY "system" ON "server_setting" USING ((SELECT gateway_is_system()));

-- Tables with public rows: readable by every company, writable by the owner.
ALTER TABLE "project" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "project" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read" ON "project" FOR SELECT
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND (SELECT gateway_tenant()) <> ''));
CREATE POLICY "write" ON "project"
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())))
  WITH CHECK ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())));

ALTER TABLE "model" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "model" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read" ON "model" FOR SELECT
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND (SELECT gateway_tenant()) <> ''));
CREATE POLICY "write" ON "model"
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())))
  WITH CHECK ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())));

ALTER TABLE "task" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "task" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read" ON "task" FOR SELECT
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND (SELECT gateway_tenant()) <> ''));
CREATE POLICY "write" ON "task"
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())))
  WITH CHECK ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ("company" IS NULL AND "company_origin" = (SELECT gateway_tenant())));

-- Events keep the company that wrote them; a public task's events are readable by everyone. The
-- public check is a function (never inlined), so it only runs for rows of another company: reading
-- one's own events costs one comparison per row.
CREATE FUNCTION gateway_public_task(task_id text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path FROM CURRENT
  AS $$ SELECT EXISTS (SELECT 1 FROM "task" WHERE "id" = task_id AND "company" IS NULL) $$;

ALTER TABLE "event" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "event" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read" ON "event" FOR SELECT
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()) OR ((SELECT gateway_tenant()) <> '' AND gateway_public_task("task")));
CREATE POLICY "write" ON "event"
  USING ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()))
  WITH CHECK ((SELECT gateway_is_system()) OR "company" = (SELECT gateway_tenant()));

-- Rows without a company of their own follow their parent (whose policies apply inside EXISTS).
ALTER TABLE "task_artifact" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "task_artifact" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read" ON "task_artifact" FOR SELECT
  USING (EXISTS (SELECT 1 FROM "task" t WHERE t."id" = "task_artifact"."task"));
CREATE POLICY "write" ON "task_artifact"
  USING (EXISTS (SELECT 1 FROM "task" t WHERE t."id" = "task_artifact"."task"
    AND ((SELECT gateway_is_system()) OR t."company" = (SELECT gateway_tenant()))))
  WITH CHECK (EXISTS (SELECT 1 FROM "task" t WHERE t."id" = "task_artifact"."task"
    AND ((SELECT gateway_is_system()) OR t."company" = (SELECT gateway_tenant()))));

ALTER TABLE "queue_entry" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "queue_entry" FORCE ROW LEVEL SECURITY;
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
