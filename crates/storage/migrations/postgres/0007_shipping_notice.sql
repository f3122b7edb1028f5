-- As migrations/sqlite/ says, with BIGINT for INTEGER and BYTEA for BLOB.
-- The buyer is told when their parcel leaves, with its tracking number:
-- one more outbox column, like those of 0006.
ALTER TABLE orders ADD COLUMN shipped_told_at BIGINT;

-- Orders shipped before this mail existed are not announced late.
UPDATE orders SET shipped_told_at = updated_at WHERE status IN ('shipped', 'delivered');

CREATE INDEX orders_shipped_untold ON orders (updated_at) WHERE shipped_told_at IS NULL AND status = 'shipped';
