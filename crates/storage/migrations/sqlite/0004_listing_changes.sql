-- The change feed the search index follows: one row each time a listing may
-- look different to search (created, edited, restocked or sold out, withdrawn,
-- deleted, its shop renamed, away or suspended). Written by triggers, so no
-- code path that changes a listing can forget to tell search; each node of a
-- cluster reads the feed from its own position (kept with its index).
CREATE TABLE listing_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX listing_changes_by_time ON listing_changes (changed_at);

CREATE TRIGGER listing_created AFTER INSERT ON listings
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at) VALUES (NEW.id, unixepoch());
END;

-- Only the columns search reads: a new favourite is not a change to search.
-- Tags and materials are rewritten with their listing, whose `updated_at`
-- moves in the same transaction.
CREATE TRIGGER listing_changed
AFTER UPDATE OF title, description, category_id, price_cents, quantity, state, shop_listed, updated_at ON listings
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at) VALUES (NEW.id, unixepoch());
END;

CREATE TRIGGER listing_deleted AFTER DELETE ON listings
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at) VALUES (OLD.id, unixepoch());
END;

-- A shop's name and town are searched with each of its listings. Its standing
-- (away, suspended) reaches the listings through `shop_listed` above.
CREATE TRIGGER shop_renamed AFTER UPDATE OF name, location ON shops
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    SELECT id, unixepoch() FROM listings WHERE shop_id = NEW.id;
END;
