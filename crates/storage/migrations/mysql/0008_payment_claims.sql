-- Payments under way hold their orders, as migrations/sqlite/0008 says.
ALTER TABLE orders ADD COLUMN charging_until BIGINT;
ALTER TABLE orders ADD COLUMN charge_claim VARCHAR(64);

UPDATE orders SET seller_told_at = NULL WHERE status = 'awaiting_payment';
