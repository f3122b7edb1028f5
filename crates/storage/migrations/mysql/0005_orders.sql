-- Orders, as migrations/sqlite/0005 says.

ALTER TABLE shops ADD COLUMN shipping_cents BIGINT NOT NULL DEFAULT 490 CHECK (shipping_cents BETWEEN 0 AND 100000);

CREATE TABLE orders (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    number         VARCHAR(32)  NOT NULL UNIQUE,
    checkout_id    VARCHAR(64)  NOT NULL,
    shop_id        BIGINT       NOT NULL,
    buyer_id       BIGINT,
    email          VARCHAR(254) NOT NULL,
    ship_name      VARCHAR(255) NOT NULL,
    ship_line1     VARCHAR(255) NOT NULL,
    ship_line2     VARCHAR(255) NOT NULL DEFAULT '',
    ship_postcode  VARCHAR(32)  NOT NULL,
    ship_city      VARCHAR(255) NOT NULL,
    ship_country   CHAR(2)      NOT NULL CHECK (CHAR_LENGTH(ship_country) = 2),
    status         VARCHAR(32)  NOT NULL CHECK (status IN
                       ('awaiting_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'expired')),
    items_cents    BIGINT       NOT NULL CHECK (items_cents >= 0),
    shipping_cents BIGINT       NOT NULL CHECK (shipping_cents >= 0),
    currency       CHAR(3)      NOT NULL CHECK (CHAR_LENGTH(currency) = 3),
    pay_by         BIGINT,
    tracking       VARCHAR(255),
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    INDEX orders_by_checkout (checkout_id),
    INDEX orders_by_shop (shop_id, created_at),
    INDEX orders_by_buyer (buyer_id, created_at),
    INDEX orders_by_email (email, created_at),
    -- The expiry sweep reads only orders still waiting (a partial index elsewhere).
    INDEX orders_awaiting_payment (status, pay_by),
    FOREIGN KEY (shop_id) REFERENCES shops (id),
    FOREIGN KEY (buyer_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE order_items (
    order_id    BIGINT       NOT NULL,
    listing_id  BIGINT       NOT NULL,
    title       VARCHAR(255) NOT NULL,
    unit_cents  BIGINT       NOT NULL CHECK (unit_cents >= 0),
    quantity    BIGINT       NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, listing_id),
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE order_events (
    order_id BIGINT      NOT NULL,
    at       BIGINT      NOT NULL,
    status   VARCHAR(32) NOT NULL,
    note     TEXT        NOT NULL DEFAULT '',
    INDEX order_events_by_order (order_id, at),
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- `key` is a reserved word here: quoted, and renamed by 0011 on every engine.
CREATE TABLE idempotency_keys (
    `key`        VARCHAR(255) NOT NULL PRIMARY KEY,
    request_hash VARCHAR(255) NOT NULL,
    checkout_id  VARCHAR(64)  NOT NULL,
    created_at   BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cart_items (
    cart       VARCHAR(255) NOT NULL,
    listing_id BIGINT       NOT NULL,
    quantity   BIGINT       NOT NULL CHECK (quantity > 0),
    seen_cents BIGINT       NOT NULL CHECK (seen_cents >= 0),
    added_at   BIGINT       NOT NULL,
    PRIMARY KEY (cart, listing_id),
    FOREIGN KEY (listing_id) REFERENCES listings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
