import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Findings and exceptions, written by the thousand with every burst of invoices, get time-ordered ids
 * (UUID version 7, RFC 9562: the first 48 bits are the time in ms, the rest random) instead of random ones
 * (gen_random_uuid, version 4), so that their primary keys, and the indexes other rows keep of them
 * (findings_exception_idx), grow at their right edge: an insert touches the page the previous one touched
 * instead of a random page of an index that outgrows the cache. Invoice ids are made the same way at intake
 * (newInvoiceId). PostgreSQL 15 has no built-in for version 7 (18 adds uuidv7()): `uuid_time_ordered()`
 * stamps a gen_random_uuid() with the clock's milliseconds and sets the version bits to 7 (0100 -> 0111);
 * ids made in the same millisecond are not ordered among themselves.
 */
const UUID_TIME_ORDERED_FUNCTION = `CREATE OR REPLACE FUNCTION uuid_time_ordered() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
             PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
           52, 1), 53, 1), 'hex')::uuid
  $$`;

export class TimeOrderedRowIds1765620000000 implements MigrationInterface {
  name = 'TimeOrderedRowIds1765620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(UUID_TIME_ORDERED_FUNCTION);
    await q.query(`ALTER TABLE findings ALTER COLUMN id SET DEFAULT uuid_time_ordered()`);
    await q.query(`ALTER TABLE exceptions ALTER COLUMN id SET DEFAULT uuid_time_ordered()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exceptions ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE findings ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION IF EXISTS uuid_time_ordered()`);
  }
}
