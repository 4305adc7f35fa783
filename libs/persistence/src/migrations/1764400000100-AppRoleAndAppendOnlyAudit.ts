import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, ensureRoleSql } from '../app-role';

/**
 * A non-superuser application role with exactly the rights the API and workers use (read and write rows;
 * no DDL, no TRUNCATE, no migrations bookkeeping), and an append-only audit trail: the role may not
 * UPDATE, DELETE or TRUNCATE audit_events, and a trigger refuses UPDATE, DELETE and TRUNCATE for
 * everyone, the table owner and superusers included. The role is cluster-wide and shared by every
 * schema, so `down` only takes this schema's grants back and never drops it.
 */
export class AppRoleAndAppendOnlyAudit1764400000100 implements MigrationInterface {
  name = 'AppRoleAndAppendOnlyAudit1764400000100';

  async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query(`SELECT current_schema() AS schema`);
    const s = `"${schema}"`;
    await q.query(ensureRoleSql(APP_ROLE));
    await q.query(`GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${APP_ROLE}`);
    // Tables of later migrations get the same rights.
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE}`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${APP_ROLE}`);

    await q.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query(`SELECT current_schema() AS schema`);
    const s = `"${schema}"`;
    await q.query(`DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events`);
    await q.query(`DROP TRIGGER IF EXISTS audit_events_no_update_delete ON audit_events`);
    await q.query(`DROP FUNCTION IF EXISTS audit_events_append_only()`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} REVOKE ALL ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} REVOKE ALL ON TABLES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON SCHEMA ${s} FROM ${APP_ROLE}`);
  }
}
