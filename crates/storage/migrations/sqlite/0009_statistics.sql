-- Statistics, rolled up. The web layer tallies events in memory and adds
-- each flush's counts here in one transaction every few seconds, so the
-- database sees a few writes per flush whatever the traffic. Hours and days
-- are UTC: `hour` is seconds since the epoch divided by 3,600, `day` by
-- 86,400. No foreign keys: a listing deleted keeps its history in its
-- shop's figures.

CREATE TABLE listing_stats_hourly (
    listing_id    INTEGER NOT NULL,
    shop_id       INTEGER NOT NULL,
    hour          INTEGER NOT NULL,
    views         INTEGER NOT NULL DEFAULT 0,
    -- Shown in a list (search, category, home, shop) and seen by the buyer.
    impressions   INTEGER NOT NULL DEFAULT 0,
    favourites    INTEGER NOT NULL DEFAULT 0,
    cart_adds     INTEGER NOT NULL DEFAULT 0,
    -- Checkouts begun with the listing in the cart.
    checkouts     INTEGER NOT NULL DEFAULT 0,
    orders        INTEGER NOT NULL DEFAULT 0,
    units         INTEGER NOT NULL DEFAULT 0,
    revenue_cents INTEGER NOT NULL DEFAULT 0,
    -- Views by robots (by user agent): counted apart, never in `views`.
    bot_views     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (listing_id, hour)
);

CREATE TABLE listing_stats_daily (
    listing_id    INTEGER NOT NULL,
    shop_id       INTEGER NOT NULL,
    day           INTEGER NOT NULL,
    views         INTEGER NOT NULL DEFAULT 0,
    impressions   INTEGER NOT NULL DEFAULT 0,
    favourites    INTEGER NOT NULL DEFAULT 0,
    cart_adds     INTEGER NOT NULL DEFAULT 0,
    -- Checkouts begun with the listing in the cart.
    checkouts     INTEGER NOT NULL DEFAULT 0,
    orders        INTEGER NOT NULL DEFAULT 0,
    units         INTEGER NOT NULL DEFAULT 0,
    revenue_cents INTEGER NOT NULL DEFAULT 0,
    bot_views     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (listing_id, day)
);
-- A shop's top listings over a period.
CREATE INDEX listing_stats_daily_by_shop ON listing_stats_daily (shop_id, day);

CREATE TABLE shop_stats_hourly (
    shop_id         INTEGER NOT NULL,
    hour            INTEGER NOT NULL,
    views           INTEGER NOT NULL DEFAULT 0,
    impressions     INTEGER NOT NULL DEFAULT 0,
    favourites      INTEGER NOT NULL DEFAULT 0,
    cart_adds       INTEGER NOT NULL DEFAULT 0,
    checkouts       INTEGER NOT NULL DEFAULT 0,
    orders          INTEGER NOT NULL DEFAULT 0,
    units           INTEGER NOT NULL DEFAULT 0,
    revenue_cents   INTEGER NOT NULL DEFAULT 0,
    bot_views       INTEGER NOT NULL DEFAULT 0,
    -- Distinct visitors this hour: a HyperLogLog sketch (Apache DataSketches
    -- format) merged at each flush, and its estimate. A visit is a visitor's
    -- hour on the shop, so a day's visits add up its hours' visitors.
    visitor_sketch  BLOB,
    visitors        INTEGER NOT NULL DEFAULT 0,
    -- Browser beacons were sampled (busy mode) or refused (surge) this hour:
    -- the dashboards say so.
    sampled         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, hour)
);

CREATE TABLE shop_stats_daily (
    shop_id         INTEGER NOT NULL,
    day             INTEGER NOT NULL,
    views           INTEGER NOT NULL DEFAULT 0,
    impressions     INTEGER NOT NULL DEFAULT 0,
    favourites      INTEGER NOT NULL DEFAULT 0,
    cart_adds       INTEGER NOT NULL DEFAULT 0,
    checkouts       INTEGER NOT NULL DEFAULT 0,
    orders          INTEGER NOT NULL DEFAULT 0,
    units           INTEGER NOT NULL DEFAULT 0,
    revenue_cents   INTEGER NOT NULL DEFAULT 0,
    bot_views       INTEGER NOT NULL DEFAULT 0,
    -- The sum of this day's hourly `visitors`, kept up to date at each flush.
    visits          INTEGER NOT NULL DEFAULT 0,
    -- Distinct visitors over the whole day (sketch and estimate).
    visitor_sketch  BLOB,
    visitors        INTEGER NOT NULL DEFAULT 0,
    sampled         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, day)
);

-- What buyers searched for, site-wide (normalised: lower case, single spaces).
CREATE TABLE search_terms_daily (
    day          INTEGER NOT NULL,
    term         TEXT    NOT NULL,
    searches     INTEGER NOT NULL DEFAULT 0,
    -- Searches that found nothing: what the catalogue lacks.
    zero_results INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, term)
);

-- Searches that led to a shop: views of its listings that came from a search
-- results page for `term`.
CREATE TABLE shop_search_terms_daily (
    shop_id INTEGER NOT NULL,
    day     INTEGER NOT NULL,
    term    TEXT    NOT NULL,
    views   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, day, term)
);

-- Hours during which browser beacons were sampled (busy mode) or refused
-- (surge): figures from beacons are incomplete then, and the dashboards say
-- so for every shop, including those with nothing counted that hour.
CREATE TABLE statistics_gaps (
    hour INTEGER PRIMARY KEY
);
