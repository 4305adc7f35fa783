/** A UUID of version 7 (RFC 9562) as PostgreSQL and the `uuid` package print it: lower case, variant 10. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The time a version-7 UUID was made, in ms since the epoch (its first 48 bits). */
export function uuidV7Ms(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
