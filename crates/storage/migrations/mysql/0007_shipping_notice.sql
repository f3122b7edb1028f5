-- The shipped mail's outbox column, as migrations/sqlite/0007 says.
ALTER TABLE orders ADD COLUMN shipped_told_at BIGINT;

UPDATE orders SET shipped_told_at = updated_at WHERE status IN ('shipped', 'delivered');

CREATE INDEX orders_shipped_untold ON orders (shipped_told_at, status, updated_at);
