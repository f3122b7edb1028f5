-- As migrations/sqlite/ says, with BIGINT for INTEGER and BYTEA for BLOB.
-- Statistics, rolled up. The web layer tallies events in memory and adds
-- each flush's counts here in one transaction every few seconds, so the
-- database sees a few writes per flush whatever the traffic. Hours and days
-- are UTC: `hour` is seconds since the epoch divided by 3,600, `day` by
-- 86,400. No foreign keys: a listing deleted keeps its history in its
-- shop's figures.

CREATE TABLE listing_stats_hourly (
    listing_id    BIGINT  NOT NULL,
    shop_id       BIGINT  NOT NULL,
    hour          BIGINT  NOT NULL,
    views         BIGINT  NOT NULL DEFAULT 0,
    -- Shown in a list (search, category, home, shop) and seen by the buyer.
    impressions   BIGINT  NOT NULL DEFAULT 0,
    favourites    BIGINT  NOT NULL DEFAULT 0,
    cart_adds     BIGINT  NOT NULL DEFAULT 0,
    -- Checkouts begun with the listing in the cart.
    checkouts     BIGINT  NOT NULL DEFAULT 0,
    orders        BIGINT  NOT NULL DEFAULT 0,
    units         BIGINT  NOT NULL DEFAULT 0,
    revenue_cents BIGINT  NOT NULL DEFAULT 0,
    -- Views by robots (by user agent): counted apart, never in `views`.
    bot_views     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (listing_id, hour)
);

CREATE TABLE listing_stats_daily (
    listing_id    BIGINT  NOT NULL,
    shop_id       BIGINT  NOT NULL,
    day           BIGINT  NOT NULL,
    views         BIGINT  NOT NULL DEFAULT 0,
    impressions   BIGINT  NOT NULL DEFAULT 0,
    favourites    BIGINT  NOT NULL DEFAULT 0,
    cart_adds     BIGINT  NOT NULL DEFAULT 0,
    -- Checkouts begun with the listing in the cart.
    checkouts     BIGINT  NOT NULL DEFAULT 0,
    orders        BIGINT  NOT NULL DEFAULT 0,
    units         BIGINT  NOT NULL DEFAULT 0,
    revenue_cents BIGINT  NOT NULL DEFAULT 0,
    bot_views     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (listing_id, day)
);
-- A shop's top listings over a period.
CREATE INDEX listing_stats_daily_by_shop ON listing_stats_daily (shop_id, day);

CREATE TABLE shop_stats_hourly (
    shop_id         BIGINT  NOT NULL,
    hour            BIGINT  NOT NULL,
    views           BIGINT  NOT NULL DEFAULT 0,
    impressions     BIGINT  NOT NULL DEFAULT 0,
    favourites      BIGINT  NOT NULL DEFAULT 0,
    cart_adds       BIGINT  NOT NULL DEFAULT 0,
    checkouts       BIGINT  NOT NULL DEFAULT 0,
    orders          BIGINT  NOT NULL DEFAULT 0,
    units           BIGINT  NOT NULL DEFAULT 0,
    revenue_cents   BIGINT  NOT NULL DEFAULT 0,
    bot_views       BIGINT  NOT NULL DEFAULT 0,
    -- Distinct visitors this hour: a HyperLogLog sketch (Apache DataSketches
    -- format) merged at each flush, and its estimate. A visit is a visitor's
    -- hour on the shop, so a day's visits add up its hours' visitors.
    visitor_sketch  BYTEA,
    visitors        BIGINT  NOT NULL DEFAULT 0,
    -- Browser beacons were sampled (busy mode) or refused (surge) this hour:
    -- the dashboards say so.
    sampled         BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, hour)
);

CREATE TABLE shop_stats_daily (
    shop_id         BIGINT  NOT NULL,
    day             BIGINT  NOT NULL,
    views           BIGINT  NOT NULL DEFAULT 0,
    impressions     BIGINT  NOT NULL DEFAULT 0,
    favourites      BIGINT  NOT NULL DEFAULT 0,
    cart_adds       BIGINT  NOT NULL DEFAULT 0,
    checkouts       BIGINT  NOT NULL DEFAULT 0,
    orders          BIGINT  NOT NULL DEFAULT 0,
    units           BIGINT  NOT NULL DEFAULT 0,
    revenue_cents   BIGINT  NOT NULL DEFAULT 0,
    bot_views       BIGINT  NOT NULL DEFAULT 0,
    -- The sum of this day's hourly `visitors`, kept up to date at each flush.
    visits          BIGINT  NOT NULL DEFAULT 0,
    -- Distinct visitors over the whole day (sketch and estimate).
    visitor_sketch  BYTEA,
    visitors        BIGINT  NOT NULL DEFAULT 0,
    sampled         BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, day)
);

-- What buyers searched for, site-wide (normalised: lower case, single spaces).
CREATE TABLE search_terms_daily (
    day          BIGINT  NOT NULL,
    term         TEXT    NOT NULL,
    searches     BIGINT  NOT NULL DEFAULT 0,
    -- Searches that found nothing: what the catalogue lacks.
    zero_results BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (day, term)
);

-- Searches that led to a shop: views of its listings that came from a search
-- results page for `term`.
CREATE TABLE shop_search_terms_daily (
    shop_id BIGINT  NOT NULL,
    day     BIGINT  NOT NULL,
    term    TEXT    NOT NULL,
    views   BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, day, term)
);

-- Hours during which browser beacons were sampled (busy mode) or refused
-- (surge): figures from beacons are incomplete then, and the dashboards say
-- so for every shop, including those with nothing counted that hour.
CREATE TABLE statistics_gaps (
    hour BIGINT PRIMARY KEY
);
