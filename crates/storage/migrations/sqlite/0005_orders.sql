-- Orders. One checkout makes one order per shop (each maker ships their own
-- parcel); the orders of one checkout share a `checkout_id`.

-- What a shop charges to ship one order, whatever its size: flat, as small
-- makers do.
ALTER TABLE shops ADD COLUMN shipping_cents INTEGER NOT NULL DEFAULT 490 CHECK (shipping_cents BETWEEN 0 AND 100000);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    -- Shown to people (E7K4Q-2M9X): random, so it says nothing of volumes.
    number         TEXT    NOT NULL UNIQUE,
    checkout_id    TEXT    NOT NULL,
    shop_id        INTEGER NOT NULL REFERENCES shops (id),
    buyer_id       INTEGER REFERENCES users (id),
    email          TEXT    NOT NULL,
    ship_name      TEXT    NOT NULL,
    ship_line1     TEXT    NOT NULL,
    ship_line2     TEXT    NOT NULL DEFAULT '',
    ship_postcode  TEXT    NOT NULL,
    ship_city      TEXT    NOT NULL,
    ship_country   TEXT    NOT NULL CHECK (length(ship_country) = 2),
    status         TEXT    NOT NULL CHECK (status IN
                       ('awaiting_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'expired')),
    items_cents    INTEGER NOT NULL CHECK (items_cents >= 0),
    shipping_cents INTEGER NOT NULL CHECK (shipping_cents >= 0),
    currency       TEXT    NOT NULL CHECK (length(currency) = 3),
    -- Until when the items are held for an order awaiting payment; NULL once
    -- paid. Past it, the order expires and the stock goes back on sale.
    pay_by         INTEGER,
    tracking       TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX orders_by_checkout ON orders (checkout_id);
CREATE INDEX orders_by_shop ON orders (shop_id, created_at);
CREATE INDEX orders_by_buyer ON orders (buyer_id, created_at);
CREATE INDEX orders_by_email ON orders (email, created_at);
-- The expiry sweep reads only orders still waiting.
CREATE INDEX orders_awaiting_payment ON orders (pay_by) WHERE status = 'awaiting_payment';

-- What was bought, as it was when bought: the listing may change or go.
CREATE TABLE order_items (
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    listing_id  INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    unit_cents  INTEGER NOT NULL CHECK (unit_cents >= 0),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, listing_id)
);

-- Every change of status after the order was placed (its `created_at` is the
-- first), for the order's history.
CREATE TABLE order_events (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    status   TEXT    NOT NULL,
    note     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX order_events_by_order ON order_events (order_id, at);

-- Requests already answered, by the client's Idempotency-Key (or the HTML
-- checkout's one-time token): the same key comes back to the same checkout.
CREATE TABLE idempotency_keys (
    key          TEXT    PRIMARY KEY,
    -- A hash of the request body: the same key with another body is refused.
    request_hash TEXT    NOT NULL,
    checkout_id  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

-- Carts: a signed-in buyer's is `u:<user id>`, a visitor's `s:<random>` (kept
-- in their session and merged into their own at sign-in). The price is the
-- one the buyer last saw: checkout compares it with the current one.
CREATE TABLE cart_items (
    cart       TEXT    NOT NULL,
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    seen_cents INTEGER NOT NULL CHECK (seen_cents >= 0),
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (cart, listing_id)
);
