-- Housekeeping (expired sessions, unused photos, the change feed's tail,
-- old carts and idempotency keys, old hourly statistics) is done by one
-- node of a cluster at a time, under this lease.
INSERT INTO leases (name, holder, held_until_ms) VALUES ('housekeeping', '', 0);
