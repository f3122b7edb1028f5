-- Work only one node of a cluster may do at a time. The order mail round:
-- a node holds the lease for a few seconds and renews it while it works; a
-- node that dies lets it run out, and another takes the work over. The
-- flush of shops' visitor sketches: its row is locked for the length of
-- one flush's transaction (each node flushes its own tallies in turn).
CREATE TABLE leases (
    name VARCHAR(64) PRIMARY KEY,
    holder VARCHAR(128) NOT NULL,
    held_until_ms BIGINT NOT NULL
);
INSERT INTO leases (name, holder, held_until_ms) VALUES ('order_mail', '', 0), ('statistics_flush', '', 0);
