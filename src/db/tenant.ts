// Which company the database session of the current call belongs to. The database enforces it
// (row-level security, migration `tenant_row_security`): every statement a request causes runs in a
// session bound to the caller's company, so a query that forgets its company filter still cannot
// see or change another company's rows. The HTTP edges bind each authenticated call
// (runAsTenant); the server's own work (sign-in, start-up seeding) runs as the system (runAsSystem).
//
// Outside transactions, domain code looks rows up with findFirst, never findUnique: Prisma batches
// the findUnique calls of one tick into one statement, which would run under a single caller's
// binding (test/security/row-security.test.ts keeps it so).
import { AsyncLocalStorage } from 'node:async_hooks';

/** Value of the `gateway.tenant` setting for the server's own work: every row. */
export const SYSTEM_TENANT = '*';
/** Value for a session bound to nobody: no row at all. */
export const NO_TENANT = '';

/** The database role sessions drop to when the connecting user would bypass the policies. */
export const TENANT_ROLE = 'task_gateway_tenant';

/** The binding of a call; `tenant` unset means unbound (a request before its caller is known). */
interface Binding {
  tenant?: string;
}

const binding = new AsyncLocalStorage<Binding>();

/**
 * What code running outside any binding gets. A library user or a test calling domain functions
 * directly acts as the system; the server switches this to 'none' at start-up so that every code
 * path serving traffic must say whose data it touches.
 */
let unbound: typeof SYSTEM_TENANT | typeof NO_TENANT = SYSTEM_TENANT;

export function requireTenantBinding(required = true): void {
  unbound = required ? NO_TENANT : SYSTEM_TENANT;
}

/** Runs `fn` (and everything it awaits) with the database bound to `companyId`. */
export function runAsTenant<T>(companyId: string, fn: () => T): T {
  checkCompanyId(companyId);
  return binding.run({ tenant: companyId }, fn);
}

/** Runs `fn` as the server itself (every company's rows): authentication and start-up only. */
export function runAsSystem<T>(fn: () => T): T {
  return binding.run({ tenant: SYSTEM_TENANT }, fn);
}

/**
 * Runs one HTTP request unbound until bindRequest names its caller; from then on everything the
 * request does is bound, including work that outlives the handler (streaming a subscription's
 * response body, which runs in the request's context rather than the handler's).
 */
export function runRequest<T>(fn: () => T): T {
  return binding.run({}, fn);
}

/** Binds the current request (see runRequest) to its authenticated caller's company, once. */
export function bindRequest(companyId: string): void {
  checkCompanyId(companyId);
  const current = binding.getStore();
  if (current && current.tenant === undefined) current.tenant = companyId;
}

/**
 * Runs an authenticated caller's work: `fn` bound to its company, and the surrounding request too
 * (bindRequest), so what outlives `fn` (a streamed response) stays bound.
 */
export function runAsCaller<T>(companyId: string, fn: () => T): T {
  bindRequest(companyId);
  return runAsTenant(companyId, fn);
}

function checkCompanyId(companyId: string) {
  if (!companyId || companyId === SYSTEM_TENANT) throw new Error(`not a company id: ${JSON.stringify(companyId)}`);
}

/** The `gateway.tenant` value the current call's statements must run with. */
export function currentTenant(): string {
  return binding.getStore()?.tenant ?? unbound;
}

/** Binds a session (connection) to a tenant: one statement, sent only when the value changes. */
export const SET_TENANT_SQL = "SELECT set_config('gateway.tenant', $1, false)";
/** The same for the current transaction only. */
export const SET_LOCAL_TENANT_SQL = "SELECT set_config('gateway.tenant', $1, true)";

/** Session flags of the connecting user: does row-level security apply to it? */
export const ROLE_CHECK_SQL =
  'SELECT rolsuper OR rolbypassrls AS "bypasses" FROM pg_roles WHERE rolname = current_user';

/**
 * Statements that let a superuser connection drop to TENANT_ROLE: create the role once per cluster
 * (tolerating a concurrent creator) and grant it the data of this database's schema. Re-run at
 * every start so tables of later migrations are covered.
 */
export const TENANT_ROLE_SETUP_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
    BEGIN
      CREATE ROLE ${TENANT_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${TENANT_ROLE};
REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${TENANT_ROLE};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${TENANT_ROLE};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${TENANT_ROLE};
`;

/** Switches a session to TENANT_ROLE (for superuser connections). */
export const SET_ROLE_SQL = `SELECT set_config('role', '${TENANT_ROLE}', false)`;
/** SET_ROLE_SQL and SET_TENANT_SQL in one round trip (a pooled connection's first use). */
export const SET_ROLE_AND_TENANT_SQL = `${SET_ROLE_SQL}, set_config('gateway.tenant', $1, false)`;
