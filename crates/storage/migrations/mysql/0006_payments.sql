-- Payments and the mail outbox, as migrations/sqlite/0006 says.

ALTER TABLE orders ADD COLUMN pay_later BIGINT NOT NULL DEFAULT 0 CHECK (pay_later IN (0, 1));
ALTER TABLE orders ADD COLUMN link_sent_at BIGINT;
ALTER TABLE orders ADD COLUMN paid_at BIGINT;
ALTER TABLE orders ADD COLUMN payment_ref VARCHAR(255);
ALTER TABLE orders ADD COLUMN buyer_told_at BIGINT;
ALTER TABLE orders ADD COLUMN seller_told_at BIGINT;

UPDATE orders SET buyer_told_at = created_at, seller_told_at = created_at;

-- What the mail task reads; partial indexes elsewhere, their predicate's
-- columns first here.
CREATE INDEX orders_buyer_untold ON orders (buyer_told_at, created_at);
CREATE INDEX orders_seller_untold ON orders (seller_told_at, paid_at);
CREATE INDEX orders_link_due ON orders (pay_later, link_sent_at, status, created_at);
