-- The change feed the search index and the page caches follow, as
-- migrations/sqlite/0004 says. AUTO_INCREMENT values are taken at insert
-- time, not at commit, so a reader can see seq 12 before seq 11: the feed's
-- reader (search_feed.rs) keeps such gaps open for a while.
CREATE TABLE listing_changes (
    seq        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    listing_id BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    INDEX listing_changes_by_time (changed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TRIGGER listing_created AFTER INSERT ON listings FOR EACH ROW
    INSERT INTO listing_changes (listing_id, changed_at) VALUES (NEW.id, UNIX_TIMESTAMP());

-- Only the columns search reads (MySQL triggers cannot name columns: the
-- row is compared, NULL-safe).
CREATE TRIGGER listing_changed AFTER UPDATE ON listings FOR EACH ROW
    INSERT INTO listing_changes (listing_id, changed_at)
    SELECT NEW.id, UNIX_TIMESTAMP() FROM DUAL
    WHERE NOT (OLD.title <=> NEW.title AND OLD.description <=> NEW.description
               AND OLD.category_id <=> NEW.category_id AND OLD.price_cents <=> NEW.price_cents
               AND OLD.quantity <=> NEW.quantity AND OLD.state <=> NEW.state
               AND OLD.shop_listed <=> NEW.shop_listed AND OLD.updated_at <=> NEW.updated_at);

CREATE TRIGGER listing_deleted AFTER DELETE ON listings FOR EACH ROW
    INSERT INTO listing_changes (listing_id, changed_at) VALUES (OLD.id, UNIX_TIMESTAMP());

CREATE TRIGGER shop_renamed AFTER UPDATE ON shops FOR EACH ROW
    INSERT INTO listing_changes (listing_id, changed_at)
    SELECT id, UNIX_TIMESTAMP() FROM listings
    WHERE shop_id = NEW.id AND NOT (OLD.name <=> NEW.name AND OLD.location <=> NEW.location);
