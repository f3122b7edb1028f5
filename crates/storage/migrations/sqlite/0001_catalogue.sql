-- The catalogue: people, shops, the category taxonomy, listings and their photos,
-- favourites. Times are whole seconds since the Unix epoch (UTC) in INTEGER columns
-- so that every backend stores them alike; money is integer cents plus an ISO 4217
-- code, never a float.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    -- Stored lower-cased by the application, so UNIQUE means "one account per address".
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
    -- NULL for accounts that cannot sign in with a password (the demo's makers).
    password_hash TEXT,
    role          TEXT    NOT NULL DEFAULT 'buyer' CHECK (role IN ('buyer', 'seller', 'admin')),
    created_at    INTEGER NOT NULL
);

CREATE TABLE shops (
    id          INTEGER PRIMARY KEY,
    -- One shop per person: UNIQUE keeps a double-submitted "open my shop" form
    -- from creating two.
    owner_id    INTEGER NOT NULL UNIQUE REFERENCES users (id),
    slug        TEXT    NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description TEXT    NOT NULL DEFAULT '',
    location    TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES categories (id),
    slug      TEXT    NOT NULL UNIQUE,
    name      TEXT    NOT NULL,
    -- Order among siblings, as menus show them.
    position  INTEGER NOT NULL
);

CREATE TABLE listings (
    id              INTEGER PRIMARY KEY,
    shop_id         INTEGER NOT NULL REFERENCES shops (id),
    category_id     INTEGER NOT NULL REFERENCES categories (id),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 140),
    description     TEXT    NOT NULL DEFAULT '',
    price_cents     INTEGER NOT NULL CHECK (price_cents BETWEEN 0 AND 100000000),
    currency        TEXT    NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
    -- Never negative: the checks here are the last line against overselling.
    quantity        INTEGER NOT NULL CHECK (quantity >= 0),
    state           TEXT    NOT NULL CHECK (state IN ('draft', 'active', 'sold_out', 'inactive')),
    -- Kept in step with the favourites table by the code that writes it, so that
    -- "most loved" lists need no count over favourites.
    favourite_count INTEGER NOT NULL DEFAULT 0 CHECK (favourite_count >= 0),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Buyers only ever see active and sold-out listings, so the indexes behind the
-- storefront's lists are partial: drafts and withdrawn listings cost them nothing.
-- Queries must repeat this exact predicate for SQLite to use them.
CREATE INDEX listings_public_by_category_newest
    ON listings (category_id, created_at, id) WHERE state IN ('active', 'sold_out');
CREATE INDEX listings_public_by_category_price
    ON listings (category_id, price_cents, id) WHERE state IN ('active', 'sold_out');
CREATE INDEX listings_public_by_category_loved
    ON listings (category_id, favourite_count, id) WHERE state IN ('active', 'sold_out');
CREATE INDEX listings_public_newest
    ON listings (created_at, id) WHERE state IN ('active', 'sold_out');
CREATE INDEX listings_public_price
    ON listings (price_cents, id) WHERE state IN ('active', 'sold_out');
CREATE INDEX listings_public_loved
    ON listings (favourite_count, id) WHERE state IN ('active', 'sold_out');
CREATE INDEX listings_by_shop
    ON listings (shop_id, created_at, id);

CREATE TABLE listing_tags (
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT    NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
    PRIMARY KEY (listing_id, position)
);

CREATE TABLE listing_materials (
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    material   TEXT    NOT NULL CHECK (length(material) BETWEEN 1 AND 40),
    PRIMARY KEY (listing_id, position)
);

CREATE TABLE photos (
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    -- 0 is the cover.
    position   INTEGER NOT NULL CHECK (position >= 0),
    -- The content address of the original in the photo store: the same picture
    -- used by several listings is stored once.
    object_key TEXT    NOT NULL CHECK (length(object_key) = 32),
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    PRIMARY KEY (listing_id, position)
);

CREATE TABLE favourites (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);
CREATE INDEX favourites_by_listing ON favourites (listing_id);
