/**
 * The role the application runs as in production: no superuser, no CREATE, no DDL, and no way to
 * rewrite the audit trail. It cannot log in itself; give a login role its rights with
 * `CREATE ROLE triage_api LOGIN PASSWORD '…' IN ROLE triage_app` (see README, "Security model").
 */
export const APP_ROLE = 'triage_app';

/**
 * Creates a role once per cluster. Roles are cluster-wide while schemas are not, and test files migrate
 * their own schemas at the same time: two transactions may both see the role missing, and the loser's
 * CREATE ROLE fails with duplicate_object (or unique_violation on pg_authid when both insert at once).
 * Either way the role exists, which is all this needs.
 */
export function ensureRoleSql(role: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`not a plain role name: ${role}`);
  return `DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
      CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`;
}
