-- As migrations/sqlite/ says, with BIGINT for INTEGER and BYTEA for BLOB.
-- Payments, and the mail each order owes its buyer and its seller.
--
-- Mail is sent by a background task reading these columns (an outbox kept
-- on the orders themselves): a crash between the order's commit and the
-- mail only delays the mail, and placing an order writes no extra row.

-- The buyer was told a payment link would come by mail: the checkout ended
-- unpaid (the payment service was saturated, too slow, refused, or an
-- operator switched payments to "pay later").
ALTER TABLE orders ADD COLUMN pay_later BIGINT  NOT NULL DEFAULT 0 CHECK (pay_later IN (0, 1));
-- When the payment link was mailed; the order holds its items for the
-- whole payment window from then on.
ALTER TABLE orders ADD COLUMN link_sent_at BIGINT;
ALTER TABLE orders ADD COLUMN paid_at BIGINT;
-- The payment provider's reference for the charge (never card data).
ALTER TABLE orders ADD COLUMN payment_ref TEXT;
-- When the buyer's confirmation and the seller's "new order" mail went out.
ALTER TABLE orders ADD COLUMN buyer_told_at BIGINT;
ALTER TABLE orders ADD COLUMN seller_told_at BIGINT;

-- Orders placed before mail existed are not announced weeks late.
UPDATE orders SET buyer_told_at = created_at, seller_told_at = created_at;

-- What the mail task reads, each a small partial index of what is due.
CREATE INDEX orders_buyer_untold ON orders (created_at) WHERE buyer_told_at IS NULL;
CREATE INDEX orders_seller_untold ON orders (paid_at) WHERE seller_told_at IS NULL AND paid_at IS NOT NULL;
CREATE INDEX orders_link_due ON orders (created_at)
    WHERE pay_later = 1 AND link_sent_at IS NULL AND status = 'awaiting_payment';
