-- As migrations/sqlite/ says, with BIGINT for INTEGER and BYTEA for BLOB.
-- A payment under way holds its orders: while `charging_until` is in the
-- future, nobody else may charge them (two clicks on "pay" charge once),
-- and neither the seller, the buyer nor the expiry sweep may cancel them —
-- the money may be taken at this very moment.
ALTER TABLE orders ADD COLUMN charging_until BIGINT;
-- Which attempt holds them (a random token), so it finds its own orders.
ALTER TABLE orders ADD COLUMN charge_claim TEXT;

-- 0006 marked every existing order's seller as told, including orders not
-- paid yet: their sellers are told when they are paid, as for new orders.
UPDATE orders SET seller_told_at = NULL WHERE status = 'awaiting_payment';
