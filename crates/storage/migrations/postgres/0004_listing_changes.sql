-- The change feed the search index and the page caches follow, as
-- migrations/sqlite/0004 says. Sequence values are taken when a row is
-- inserted, not when its transaction commits, so on this engine a reader can
-- see seq 12 before seq 11 exists: the feed's reader (search_feed.rs) keeps
-- such gaps open for a while instead of stepping over them.
CREATE TABLE listing_changes (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    listing_id BIGINT  NOT NULL,
    changed_at BIGINT  NOT NULL
);
CREATE INDEX listing_changes_by_time ON listing_changes (changed_at);

CREATE FUNCTION echoppe_listing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO listing_changes (listing_id, changed_at) VALUES (OLD.id, extract(epoch FROM now())::bigint);
    ELSE
        INSERT INTO listing_changes (listing_id, changed_at) VALUES (NEW.id, extract(epoch FROM now())::bigint);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER listing_created AFTER INSERT ON listings
    FOR EACH ROW EXECUTE FUNCTION echoppe_listing_changed();

-- Only the columns search reads: a new favourite is not a change to search.
CREATE TRIGGER listing_changed
    AFTER UPDATE OF title, description, category_id, price_cents, quantity, state, shop_listed, updated_at ON listings
    FOR EACH ROW EXECUTE FUNCTION echoppe_listing_changed();

CREATE TRIGGER listing_deleted AFTER DELETE ON listings
    FOR EACH ROW EXECUTE FUNCTION echoppe_listing_changed();

CREATE FUNCTION echoppe_shop_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_changes (listing_id, changed_at)
    SELECT id, extract(epoch FROM now())::bigint FROM listings WHERE shop_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER shop_renamed AFTER UPDATE OF name, location ON shops
    FOR EACH ROW EXECUTE FUNCTION echoppe_shop_renamed();
