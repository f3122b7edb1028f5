-- Who carries a shipped parcel, as migrations/sqlite/0010 says.
ALTER TABLE orders ADD COLUMN carrier VARCHAR(32);
