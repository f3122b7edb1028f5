-- As migrations/sqlite/ says, with BIGINT for INTEGER and BYTEA for BLOB.
-- Who carries a shipped parcel (la-poste, mondial-relay, ups, dhl, other),
-- so the buyer's tracking number links to that carrier's tracking page.
-- Empty for orders shipped before, and for those shipped without a number.
ALTER TABLE orders ADD COLUMN carrier TEXT;
