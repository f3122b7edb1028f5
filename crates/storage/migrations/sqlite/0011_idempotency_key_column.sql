-- `key` is a reserved word in MySQL: the column is renamed on every engine
-- so that one query text serves them all.
ALTER TABLE idempotency_keys RENAME COLUMN key TO idempotency_key;
