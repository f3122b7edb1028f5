-- Accounts and selling, as migrations/sqlite/0003 says.

CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    data       TEXT    NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_hash  TEXT    PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    created_at  BIGINT  NOT NULL
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

ALTER TABLE shops ADD COLUMN avatar_key TEXT CHECK (avatar_key IS NULL OR length(avatar_key) = 32);
ALTER TABLE shops ADD COLUMN avatar_width BIGINT;
ALTER TABLE shops ADD COLUMN avatar_height BIGINT;
-- 0 or 1 as on SQLite (not BOOLEAN): the same queries bind and compare integers everywhere.
ALTER TABLE shops ADD COLUMN on_holiday BIGINT NOT NULL DEFAULT 0 CHECK (on_holiday IN (0, 1));
ALTER TABLE shops ADD COLUMN suspended_at BIGINT;

ALTER TABLE listings ADD COLUMN shop_listed BIGINT NOT NULL DEFAULT 1 CHECK (shop_listed IN (0, 1));

DROP INDEX listings_public_by_category_newest;
DROP INDEX listings_public_by_category_price;
DROP INDEX listings_public_by_category_loved;
DROP INDEX listings_public_newest;
DROP INDEX listings_public_price;
DROP INDEX listings_public_loved;
CREATE INDEX listings_listed_by_category_newest
    ON listings (category_id, created_at, id) WHERE state IN ('active', 'sold_out') AND shop_listed = 1;
CREATE INDEX listings_listed_by_category_price
    ON listings (category_id, price_cents, id) WHERE state IN ('active', 'sold_out') AND shop_listed = 1;
CREATE INDEX listings_listed_by_category_loved
    ON listings (category_id, favourite_count, id) WHERE state IN ('active', 'sold_out') AND shop_listed = 1;
CREATE INDEX listings_listed_newest
    ON listings (created_at, id) WHERE state IN ('active', 'sold_out') AND shop_listed = 1;
CREATE INDEX listings_listed_price
    ON listings (price_cents, id) WHERE state IN ('active', 'sold_out') AND shop_listed = 1;
CREATE INDEX listings_listed_loved
    ON listings (favourite_count, id) WHERE state IN ('active', 'sold_out') AND shop_listed = 1;

CREATE INDEX listings_public_by_shop
    ON listings (shop_id, created_at, id) WHERE state IN ('active', 'sold_out');

CREATE INDEX favourites_by_user ON favourites (user_id, created_at);

CREATE INDEX users_by_creation ON users (created_at, id);
