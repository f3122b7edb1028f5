-- Accounts and selling: sign-in sessions, API tokens, and what sellers and
-- admins change about shops.

-- Server-side sessions. The browser holds only the random id; everything the
-- session knows (who is signed in, the CSRF token) stays here, so signing out
-- takes effect at once, and the account behind a session is read afresh on
-- each request (a role change applies immediately). JSON text because the
-- session layer stores a small map of values.
CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
-- For the periodic sweep of expired sessions.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Tokens for scripts using the JSON API. Only a SHA-256 of the token is kept:
-- a copy of the database does not hand out working tokens.
CREATE TABLE api_tokens (
    token_hash  TEXT    PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    created_at  INTEGER NOT NULL
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- The shop's picture beside its name, a content-addressed photo like listing photos.
ALTER TABLE shops ADD COLUMN avatar_key TEXT CHECK (avatar_key IS NULL OR length(avatar_key) = 32);
ALTER TABLE shops ADD COLUMN avatar_width INTEGER;
ALTER TABLE shops ADD COLUMN avatar_height INTEGER;
-- The maker is away: listings stay reachable by their address and on the shop
-- page but leave the browsing lists and search.
ALTER TABLE shops ADD COLUMN on_holiday INTEGER NOT NULL DEFAULT 0 CHECK (on_holiday IN (0, 1));
-- Set by an admin; NULL while the shop is in good standing.
ALTER TABLE shops ADD COLUMN suspended_at INTEGER;

-- 1 while the listing's shop is neither on holiday nor suspended. A copy of the
-- shop's standing on each listing, kept in step by the code that changes it,
-- so the browsing lists keep reading one partial index instead of joining every
-- candidate row to its shop.
ALTER TABLE listings ADD COLUMN shop_listed INTEGER NOT NULL DEFAULT 1 CHECK (shop_listed IN (0, 1));

-- The browsing indexes now leave out listings of shops that are away or
-- suspended. Queries must spell this predicate exactly for SQLite to use them.
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

-- A shop's public listings, newest first: its page, "more from this shop",
-- and its count beside its name. Without it, counting a shop of 6,000
-- listings read each row to check its state (listing pages of big shops fell
-- from 1,900 to 440 requests/s); with it the count is index-only. The
-- predicate is the storefront's PUBLIC, since a shop's own page shows its
-- listings while it is away.
CREATE INDEX listings_public_by_shop
    ON listings (shop_id, created_at, id) WHERE state IN ('active', 'sold_out');

-- "My favourites", newest first.
CREATE INDEX favourites_by_user ON favourites (user_id, created_at);

-- The admin's list of people, newest first.
CREATE INDEX users_by_creation ON users (created_at, id);
