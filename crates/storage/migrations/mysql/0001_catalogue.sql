-- The catalogue, as migrations/sqlite/0001 says, in MySQL/MariaDB's words
-- (MariaDB 10.11 and MySQL 8):
-- - BIGINT for every id, time and amount; never TINYINT or DECIMAL, which
--   sqlx's Any driver cannot read;
-- - VARCHAR for text that is a key or indexed (TEXT cannot be), with
--   CHAR_LENGTH checks (LENGTH counts bytes);
-- - utf8mb4 with binary collation: text compares and sorts as on SQLite and
--   PostgreSQL ("Café" and "cafe" are two search terms, two slugs);
-- - no partial indexes here: the browsing indexes cover every state and
--   the queries filter as they scan in index order;
-- - foreign keys as table constraints (MySQL ignores column-level REFERENCES).

CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email         VARCHAR(254) NOT NULL UNIQUE,
    display_name  VARCHAR(80)  NOT NULL CHECK (CHAR_LENGTH(display_name) BETWEEN 1 AND 80),
    password_hash TEXT,
    role          VARCHAR(16)  NOT NULL DEFAULT 'buyer' CHECK (role IN ('buyer', 'seller', 'admin')),
    created_at    BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE shops (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id    BIGINT      NOT NULL UNIQUE,
    slug        VARCHAR(80) NOT NULL UNIQUE CHECK (CHAR_LENGTH(slug) BETWEEN 1 AND 80),
    name        VARCHAR(80) NOT NULL CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 80),
    description MEDIUMTEXT  NOT NULL DEFAULT '',
    location    VARCHAR(255) NOT NULL DEFAULT '',
    created_at  BIGINT      NOT NULL,
    FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE categories (
    id        BIGINT       NOT NULL PRIMARY KEY,
    parent_id BIGINT,
    slug      VARCHAR(80)  NOT NULL UNIQUE,
    name      VARCHAR(255) NOT NULL,
    position  BIGINT       NOT NULL,
    FOREIGN KEY (parent_id) REFERENCES categories (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE listings (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    shop_id         BIGINT       NOT NULL,
    category_id     BIGINT       NOT NULL,
    title           VARCHAR(140) NOT NULL CHECK (CHAR_LENGTH(title) BETWEEN 1 AND 140),
    description     MEDIUMTEXT   NOT NULL DEFAULT '',
    price_cents     BIGINT       NOT NULL CHECK (price_cents BETWEEN 0 AND 100000000),
    currency        CHAR(3)      NOT NULL DEFAULT 'EUR' CHECK (CHAR_LENGTH(currency) = 3),
    quantity        BIGINT       NOT NULL CHECK (quantity >= 0),
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('draft', 'active', 'sold_out', 'inactive')),
    favourite_count BIGINT       NOT NULL DEFAULT 0 CHECK (favourite_count >= 0),
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    FOREIGN KEY (shop_id) REFERENCES shops (id),
    FOREIGN KEY (category_id) REFERENCES categories (id),
    INDEX listings_public_by_category_newest (category_id, created_at, id),
    INDEX listings_public_by_category_price (category_id, price_cents, id),
    INDEX listings_public_by_category_loved (category_id, favourite_count, id),
    INDEX listings_public_newest (created_at, id),
    INDEX listings_public_price (price_cents, id),
    INDEX listings_public_loved (favourite_count, id),
    INDEX listings_by_shop (shop_id, created_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE listing_tags (
    listing_id BIGINT      NOT NULL,
    position   BIGINT      NOT NULL,
    tag        VARCHAR(40) NOT NULL CHECK (CHAR_LENGTH(tag) BETWEEN 1 AND 40),
    PRIMARY KEY (listing_id, position),
    FOREIGN KEY (listing_id) REFERENCES listings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE listing_materials (
    listing_id BIGINT      NOT NULL,
    position   BIGINT      NOT NULL,
    material   VARCHAR(40) NOT NULL CHECK (CHAR_LENGTH(material) BETWEEN 1 AND 40),
    PRIMARY KEY (listing_id, position),
    FOREIGN KEY (listing_id) REFERENCES listings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE photos (
    listing_id BIGINT   NOT NULL,
    position   BIGINT   NOT NULL CHECK (position >= 0),
    object_key CHAR(32) NOT NULL CHECK (CHAR_LENGTH(object_key) = 32),
    width      BIGINT   NOT NULL CHECK (width > 0),
    height     BIGINT   NOT NULL CHECK (height > 0),
    PRIMARY KEY (listing_id, position),
    FOREIGN KEY (listing_id) REFERENCES listings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE favourites (
    user_id    BIGINT NOT NULL,
    listing_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, listing_id),
    INDEX favourites_by_listing (listing_id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    FOREIGN KEY (listing_id) REFERENCES listings (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
