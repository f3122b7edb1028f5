//! Statistics roll-ups: what the web layer's in-memory tally adds at each
//! flush, and what the dashboards read back.
//!
//! A flush writes in chunks of a few hundred rows, each its own transaction,
//! so the single writer is never held long: checkout waits on the same
//! connection. A chunk that fails is rolled back whole and its counts stay
//! with the caller to retry; a chunk that commits is never counted again.

use crate::Error;
use crate::backend::{Backend, ignore_duplicate};
use crate::database::Database;
use datasketches::hll::{HllSketch, HllType, HllUnion};
use echoppe_domain::{ListingId, ShopId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};
use std::collections::{BTreeMap, HashMap};

/// Distinct visitors are estimated with HyperLogLog sketches of 2^12
/// buckets: about 1.6% relative error, a few kilobytes at most per row.
pub(crate) const VISITOR_SKETCH_LG_K: u8 = 12;

/// A fresh sketch of distinct visitors.
pub fn visitor_sketch() -> HllSketch {
    // 12 is within [4, 21], so this cannot fail.
    HllSketch::new(VISITOR_SKETCH_LG_K, HllType::Hll6).unwrap_or_else(|_| unreachable!("lg_k 12 is valid"))
}

/// The visitors of both sketches.
pub fn visitors_of_both(one: &HllSketch, other: &HllSketch) -> HllSketch {
    let mut union = visitor_union();
    union.update(one);
    union.update(other);
    union.to_sketch(HllType::Hll6)
}

fn visitor_union() -> HllUnion {
    HllUnion::new(VISITOR_SKETCH_LG_K).unwrap_or_else(|_| unreachable!("lg_k 12 is valid"))
}

/// Rows written per transaction.
const CHUNK: usize = 250;

/// Counts of one listing or shop over one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub views: u64,
    pub impressions: u64,
    pub favourites: u64,
    pub cart_adds: u64,
    pub checkouts: u64,
    pub orders: u64,
    pub units: u64,
    pub revenue_cents: i64,
    pub bot_views: u64,
}

impl Tally {
    pub fn add(&mut self, other: &Self) {
        self.views += other.views;
        self.impressions += other.impressions;
        self.favourites += other.favourites;
        self.cart_adds += other.cart_adds;
        self.checkouts += other.checkouts;
        self.orders += other.orders;
        self.units += other.units;
        self.revenue_cents += other.revenue_cents;
        self.bot_views += other.bot_views;
    }
}

/// A listing's counts for one hour.
#[derive(Debug, Clone)]
pub struct ListingHour {
    pub listing: ListingId,
    pub shop: ShopId,
    /// Seconds since the epoch / 3,600.
    pub hour: i64,
    pub tally: Tally,
}

/// A shop's counts for one hour, with the visitors seen.
#[derive(Debug, Clone)]
pub struct ShopHour {
    pub shop: ShopId,
    pub hour: i64,
    pub tally: Tally,
    /// The visitors seen since the last flush (`None` if none).
    pub visitors: Option<HllSketch>,
    /// Browser beacons were sampled or refused during this hour.
    pub sampled: bool,
}

/// Searches for one normalised term on one day, site-wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermDay {
    /// Seconds since the epoch / 86,400.
    pub day: i64,
    pub term: String,
    pub searches: u64,
    pub zero_results: u64,
}

/// Listing views of a shop that came from a search for a term, one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopTermDay {
    pub shop: ShopId,
    pub day: i64,
    pub term: String,
    pub views: u64,
}

/// One flush: everything tallied since the previous one.
#[derive(Debug, Default)]
pub struct StatsFlush {
    pub listings: Vec<ListingHour>,
    pub shops: Vec<ShopHour>,
    pub terms: Vec<TermDay>,
    pub shop_terms: Vec<ShopTermDay>,
    /// Hours during which browser beacons were sampled or refused.
    pub sampled_hours: Vec<i64>,
}

impl StatsFlush {
    pub fn is_empty(&self) -> bool {
        self.listings.is_empty()
            && self.shops.is_empty()
            && self.terms.is_empty()
            && self.shop_terms.is_empty()
            && self.sampled_hours.is_empty()
    }
}

/// A shop's figures for one day, as the dashboards chart them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayFigures {
    pub day: i64,
    pub tally: Tally,
    pub visits: u64,
    pub visitors: u64,
    pub sampled: bool,
}

/// A listing's figures over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingFigures {
    pub listing: ListingId,
    /// `None` once the listing is deleted.
    pub title: Option<String>,
    pub tally: Tally,
}

/// A search term that led buyers to a shop over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermFigures {
    pub term: String,
    pub views: u64,
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// The two roll-up periods of a shop's figures.
#[derive(Debug, Clone, Copy)]
enum Period {
    Hour,
    Day,
}

impl Period {
    fn listing_table(self) -> &'static str {
        match self {
            Self::Hour => "listing_stats_hourly",
            Self::Day => "listing_stats_daily",
        }
    }

    fn shop_table(self) -> &'static str {
        match self {
            Self::Hour => "shop_stats_hourly",
            Self::Day => "shop_stats_daily",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
        }
    }

    /// The hour or day that `hour` falls in.
    fn of(self, hour: i64) -> i64 {
        match self {
            Self::Hour => hour,
            Self::Day => (hour * HOUR).div_euclid(DAY),
        }
    }
}

/// What one flush brings to a shop's hour or day: its counts, the new
/// visitors (none if no visitor was seen), and for a day, how many visits
/// its hours added.
#[derive(Debug, Default)]
struct NewVisits {
    tally: Tally,
    sketch: Option<HllSketch>,
    sampled: bool,
    visits_added: i64,
}

impl NewVisits {
    fn add(&mut self, tally: &Tally, visitors: Option<&HllSketch>, sampled: bool) {
        self.tally.add(tally);
        self.sampled |= sampled;
        if let Some(visitors) = visitors {
            self.sketch = Some(match &self.sketch {
                None => visitors.clone(),
                Some(seen) => visitors_of_both(seen, visitors),
            });
        }
    }
}

/// A shop row's visitors after a flush: the merged sketch and its estimate
/// (none when the flush saw no visitor), and for a day, how many visits
/// its hour added.
#[derive(Debug, Default)]
struct Visitors {
    sketch: Option<Vec<u8>>,
    estimate: i64,
    visits_added: Option<i64>,
}

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn uncount(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The counters every roll-up row has, in the order of [`Tally::values`].
const COUNTERS: [&str; 9] =
    ["views", "impressions", "favourites", "cart_adds", "checkouts", "orders", "units", "revenue_cents", "bot_views"];

/// `views, impressions, …`, each name prefixed by `prefix`.
fn counter_list(prefix: &str) -> String {
    COUNTERS.iter().map(|name| format!("{prefix}{name}")).collect::<Vec<_>>().join(", ")
}

/// The counters' sums, to add a period up (64-bit integers on every engine).
fn counter_sums(backend: Backend, prefix: &str) -> String {
    COUNTERS.iter().map(|name| backend.sum(&format!("{prefix}{name}"))).collect::<Vec<_>>().join(", ")
}

/// An upsert of `rows` rows into a roll-up table whose key is `key`, the
/// counters adding up on conflict and the `extra` columns set as
/// `extra_update` says. One statement for a whole chunk: a flush in a surge
/// has thousands of rows, and one statement each made thousands of round
/// trips to the writer's thread, with checkout waiting behind them. The
/// rows' keys must be distinct (PostgreSQL refuses to update a row twice
/// in one statement).
fn upsert(backend: Backend, table: &str, key: &[&str], extra: &[&str], extra_update: &str, rows: usize) -> String {
    let columns: Vec<&str> = key.iter().chain(&COUNTERS).chain(extra).copied().collect();
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    let values = vec![row.as_str(); rows].join(", ");
    let added = COUNTERS.iter().map(|c| format!("{c} = {table}.{c} + excluded.{c}")).collect::<Vec<_>>().join(", ");
    let separator = if extra_update.is_empty() { "" } else { ", " };
    backend.upsert(
        &format!("INSERT INTO {table} ({}) VALUES {values}", columns.join(", ")),
        &key.join(", "),
        &format!("{added}{separator}{extra_update}"),
    )
}

impl Tally {
    /// The counters, as [`COUNTERS`] names them.
    fn values(&self) -> [i64; 9] {
        [
            count(self.views),
            count(self.impressions),
            count(self.favourites),
            count(self.cart_adds),
            count(self.checkouts),
            count(self.orders),
            count(self.units),
            self.revenue_cents,
            count(self.bot_views),
        ]
    }

    fn from_values(
        [views, impressions, favourites, cart_adds, checkouts, orders, units, revenue, bots]: [i64; 9],
    ) -> Self {
        Self {
            views: uncount(views),
            impressions: uncount(impressions),
            favourites: uncount(favourites),
            cart_adds: uncount(cart_adds),
            checkouts: uncount(checkouts),
            orders: uncount(orders),
            units: uncount(units),
            revenue_cents: revenue,
            bot_views: uncount(bots),
        }
    }
}

/// The counters of a row read with [`counter_list`], from column `first`.
fn counters(row: &AnyRow, first: usize) -> Result<[i64; 9], sqlx::Error> {
    let mut values = [0; 9];
    for (at, value) in values.iter_mut().enumerate() {
        *value = row.try_get(first + at)?;
    }
    Ok(values)
}

/// Binds a tally's counters, in [`COUNTERS`]' order.
fn bind_counters<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    tally: &Tally,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for value in tally.values() {
        query = query.bind(value);
    }
    query
}

/// The union of a stored sketch and new visitors, and its estimate. A
/// stored sketch that cannot be read (it should not happen) is replaced by
/// the new visitors rather than failing the flush.
fn merged(stored: Option<&[u8]>, new: &HllSketch) -> (Vec<u8>, i64) {
    let mut union = visitor_union();
    if let Some(stored) = stored {
        match HllSketch::deserialize(stored) {
            Ok(stored) => union.update(&stored),
            Err(error) => tracing::warn!(%error, "a stored visitor sketch could not be read; starting it again"),
        }
    }
    union.update(new);
    let sketch = union.to_sketch(HllType::Hll6);
    // Rounded: a count of people.
    (sketch.serialize(), sketch.estimate().round() as i64)
}

impl Database {
    /// Adds one flush's counts to the roll-ups. On error, the chunks before
    /// the failing one are written and `flush` keeps what was not, so the
    /// caller can try again with it.
    pub async fn add_statistics(&self, flush: &mut StatsFlush) -> Result<(), Error> {
        if !flush.sampled_hours.is_empty() {
            let mut tx = self.begin_write().await?;
            let sql = self.backend().insert_new("INSERT INTO statistics_gaps (hour) VALUES (?)", "hour");
            for hour in &flush.sampled_hours {
                ignore_duplicate(
                    sqlx::query(self.backend().assembled_sql(sql.clone())).bind(*hour).execute(&mut *tx).await,
                )?;
            }
            tx.commit().await?;
            flush.sampled_hours.clear();
        }
        while !flush.shops.is_empty() {
            let at = flush.shops.len().saturating_sub(CHUNK);
            self.add_shop_hours(&flush.shops[at..]).await?;
            flush.shops.truncate(at);
        }
        while !flush.listings.is_empty() {
            let at = flush.listings.len().saturating_sub(CHUNK);
            self.add_listing_hours(&flush.listings[at..]).await?;
            flush.listings.truncate(at);
        }
        while !flush.terms.is_empty() || !flush.shop_terms.is_empty() {
            let terms_at = flush.terms.len().saturating_sub(CHUNK);
            let shop_terms_at = flush.shop_terms.len().saturating_sub(CHUNK);
            self.add_terms(&flush.terms[terms_at..], &flush.shop_terms[shop_terms_at..]).await?;
            flush.terms.truncate(terms_at);
            flush.shop_terms.truncate(shop_terms_at);
        }
        Ok(())
    }

    async fn add_listing_hours(&self, rows: &[ListingHour]) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for period in [Period::Hour, Period::Day] {
            // A listing's hours within one day are one row of that day.
            let mut merged: BTreeMap<(i64, i64), (ShopId, Tally)> = BTreeMap::new();
            for row in rows {
                let (_, tally) =
                    merged.entry((row.listing.get(), period.of(row.hour))).or_insert((row.shop, Tally::default()));
                tally.add(&row.tally);
            }
            let sql = upsert(
                self.backend(),
                period.listing_table(),
                &["listing_id", period.column()],
                &["shop_id"],
                "",
                merged.len(),
            );
            let mut query = sqlx::query(self.backend().assembled_sql(sql));
            for ((listing, at), (shop, tally)) in &merged {
                query = bind_counters(query.bind(*listing).bind(*at), tally).bind(shop.get());
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn add_shop_hours(&self, rows: &[ShopHour]) -> Result<(), Error> {
        // One row per shop and hour (a retried flush may repeat one).
        let mut hours: BTreeMap<(i64, i64), NewVisits> = BTreeMap::new();
        for row in rows {
            hours.entry((row.shop.get(), row.hour)).or_default().add(&row.tally, row.visitors.as_ref(), row.sampled);
        }
        let mut tx = self.begin_write().await?;
        // Each node flushes its own tallies, and a shop's visitors are a
        // sketch read, merged and written back: two nodes doing that at once
        // would each write a merge lacking the other's visitors (or both
        // insert a new hour). One flush of shops' visitors at a time across
        // the cluster, then, for the length of this short transaction; on
        // SQLite the one writer already is that.
        if let Some(lock) = self.backend().lock_row_sql() {
            sqlx::query(self.backend().sql(lock)).bind("statistics_flush").execute(&mut *tx).await?;
        }
        // Hours first: a day's visits grow by what its hours' estimates grew.
        let stored = self.stored_sketches(&mut tx, Period::Hour, hours.keys()).await?;
        let mut days: BTreeMap<(i64, i64), NewVisits> = BTreeMap::new();
        let mut hour_rows = Vec::with_capacity(hours.len());
        for (&(shop, hour), new) in &hours {
            let day = days.entry((shop, Period::Day.of(hour))).or_default();
            day.add(&new.tally, new.sketch.as_ref(), new.sampled);
            let visitors = match &new.sketch {
                None => Visitors::default(),
                Some(sketch) => {
                    let (before_sketch, before) = stored
                        .get(&(shop, hour))
                        .map_or((None, 0), |(stored, visitors)| (stored.as_deref(), *visitors));
                    let (sketch, estimate) = merged(before_sketch, sketch);
                    day.visits_added += (estimate - before).max(0);
                    Visitors { sketch: Some(sketch), estimate, visits_added: None }
                }
            };
            hour_rows.push(((shop, hour), new, visitors));
        }
        let stored = self.stored_sketches(&mut tx, Period::Day, days.keys()).await?;
        let day_rows = days.iter().map(|(&(shop, day), new)| {
            let visitors = match &new.sketch {
                None => Visitors { visits_added: Some(0), ..Visitors::default() },
                Some(sketch) => {
                    let before = stored.get(&(shop, day)).and_then(|(sketch, _)| sketch.as_deref());
                    let (sketch, estimate) = merged(before, sketch);
                    Visitors { sketch: Some(sketch), estimate, visits_added: Some(new.visits_added) }
                }
            };
            ((shop, day), new, visitors)
        });
        self.upsert_shop_rows(&mut tx, Period::Hour, hour_rows).await?;
        self.upsert_shop_rows(&mut tx, Period::Day, day_rows.collect()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The sketches and estimates stored for shops' hours or days, by
    /// (shop, hour or day): one query per hour or day the keys name.
    async fn stored_sketches<'k>(
        &self,
        tx: &mut AnyConnection,
        period: Period,
        keys: impl Iterator<Item = &'k (i64, i64)>,
    ) -> Result<HashMap<(i64, i64), (Option<Vec<u8>>, i64)>, Error> {
        let mut shops_by_time: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for &(shop, at) in keys {
            shops_by_time.entry(at).or_default().push(shop);
        }
        let (table, column) = (period.shop_table(), period.column());
        let mut stored = HashMap::new();
        for (at, shops) in shops_by_time {
            let markers = vec!["?"; shops.len()].join(", ");
            let sql = format!(
                "SELECT shop_id, visitor_sketch, visitors FROM {table} WHERE {column} = ? AND shop_id IN ({markers})"
            );
            let mut query =
                sqlx::query_as::<_, (i64, Option<Vec<u8>>, i64)>(self.backend().assembled_sql(sql)).bind(at);
            for shop in shops {
                query = query.bind(shop);
            }
            for (shop, sketch, visitors) in query.fetch_all(&mut *tx).await? {
                stored.insert((shop, at), (sketch, visitors));
            }
        }
        Ok(stored)
    }

    /// Writes shops' rows for one period, in one statement.
    async fn upsert_shop_rows(
        &self,
        tx: &mut AnyConnection,
        period: Period,
        rows: Vec<((i64, i64), &NewVisits, Visitors)>,
    ) -> Result<(), Error> {
        // Sketch and estimate are replaced by their merged values; counts
        // add up; a day's visits grow by what its hours' estimates grew.
        // `visitors` reads the proposed sketch, not the column assigned just
        // before it (MySQL assigns in order).
        let (table, greatest) = (period.shop_table(), self.backend().greatest());
        let mut extra = vec!["visitor_sketch", "visitors", "sampled"];
        let mut extra_update = format!(
            "visitor_sketch = COALESCE(excluded.visitor_sketch, {table}.visitor_sketch), \
             visitors = CASE WHEN excluded.visitor_sketch IS NULL THEN {table}.visitors ELSE excluded.visitors END, \
             sampled = {greatest}({table}.sampled, excluded.sampled)"
        );
        if matches!(period, Period::Day) {
            extra.push("visits");
            extra_update.push_str(&format!(", visits = {table}.visits + excluded.visits"));
        }
        let sql = upsert(self.backend(), table, &["shop_id", period.column()], &extra, &extra_update, rows.len());
        let mut query = sqlx::query(self.backend().assembled_sql(sql));
        for ((shop, at), new, Visitors { sketch, estimate, visits_added }) in rows {
            query = bind_counters(query.bind(shop).bind(at), &new.tally)
                .bind(sketch)
                .bind(estimate)
                .bind(i64::from(new.sampled));
            if let Some(added) = visits_added {
                query = query.bind(added);
            }
        }
        query.execute(&mut *tx).await?;
        Ok(())
    }

    async fn add_terms(&self, terms: &[TermDay], shop_terms: &[ShopTermDay]) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for term in terms {
            let sql = self.backend().upsert(
                "INSERT INTO search_terms_daily (day, term, searches, zero_results) VALUES (?, ?, ?, ?)",
                "day, term",
                "searches = search_terms_daily.searches + excluded.searches, \
                 zero_results = search_terms_daily.zero_results + excluded.zero_results",
            );
            sqlx::query(self.backend().assembled_sql(sql))
                .bind(term.day)
                .bind(term.term.as_str())
                .bind(count(term.searches))
                .bind(count(term.zero_results))
                .execute(&mut *tx)
                .await?;
        }
        for term in shop_terms {
            let sql = self.backend().upsert(
                "INSERT INTO shop_search_terms_daily (shop_id, day, term, views) VALUES (?, ?, ?, ?)",
                "shop_id, day, term",
                "views = shop_search_terms_daily.views + excluded.views",
            );
            sqlx::query(self.backend().assembled_sql(sql))
                .bind(term.shop.get())
                .bind(term.day)
                .bind(term.term.as_str())
                .bind(count(term.views))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets what the dashboards no longer read: listings' hourly rows
    /// older than `hours_kept` (days are kept), and shops' hourly visitor
    /// sketches older than two days (their estimates stay; an hour's
    /// sketch only grows while its day does). Returns the rows changed.
    pub async fn prune_statistics(&self, now_hour: i64, hours_kept: i64) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let listings = sqlx::query(self.backend().sql("DELETE FROM listing_stats_hourly WHERE hour < ?"))
            .bind(now_hour - hours_kept)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let sketches =
            sqlx::query(self.backend().sql(
                "UPDATE shop_stats_hourly SET visitor_sketch = NULL WHERE hour < ? AND visitor_sketch IS NOT NULL",
            ))
            .bind(now_hour - 48)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(listings + sketches)
    }

    /// Orders taken to be paid later whose payment link has not gone yet:
    /// what surge mode leaves for afterwards.
    pub async fn pay_later_backlog(&self) -> Result<u64, Error> {
        let (count,): (i64,) = sqlx::query_as(self.backend().sql(
            "SELECT COUNT(*) FROM orders WHERE pay_later = 1 AND link_sent_at IS NULL AND status = 'awaiting_payment'",
        ))
        .fetch_one(self.stale_reader())
        .await?;
        Ok(uncount(count))
    }

    /// The shop of a listing, `None` if there is no such listing. A
    /// listing never changes shop, so callers may keep the answer.
    pub async fn shop_of_listing(&self, listing: ListingId) -> Result<Option<ShopId>, Error> {
        let shop: Option<(i64,)> = sqlx::query_as(self.backend().sql("SELECT shop_id FROM listings WHERE id = ?"))
            .bind(listing.get())
            .fetch_optional(self.stale_reader())
            .await?;
        Ok(shop.map(|(shop,)| ShopId::new(shop)))
    }

    /// The rows of `sql`, whose markers are a shop and a range of days.
    async fn shop_period_rows(&self, sql: String, shop: ShopId, from: i64, to: i64) -> Result<Vec<AnyRow>, Error> {
        Ok(sqlx::query(self.backend().assembled_sql(sql))
            .bind(shop.get())
            .bind(from)
            .bind(to)
            .fetch_all(self.stale_reader())
            .await?)
    }

    /// A shop's figures for each day in `from..=to` that has any (days
    /// without a row had nothing).
    pub async fn shop_days(&self, shop: ShopId, from: i64, to: i64) -> Result<Vec<DayFigures>, Error> {
        let sql = format!(
            "SELECT day, {}, visits, visitors, sampled FROM shop_stats_daily \
             WHERE shop_id = ? AND day BETWEEN ? AND ? ORDER BY day",
            counter_list("")
        );
        let rows = self.shop_period_rows(sql, shop, from, to).await?;
        let day = |row: &AnyRow| -> Result<DayFigures, sqlx::Error> {
            Ok(DayFigures {
                day: row.try_get(0)?,
                tally: Tally::from_values(counters(row, 1)?),
                visits: uncount(row.try_get(10)?),
                visitors: uncount(row.try_get(11)?),
                sampled: row.try_get::<i64, _>(12)? != 0,
            })
        };
        Ok(rows.iter().map(day).collect::<Result<_, _>>()?)
    }

    /// The hours in `from..=to` (hours) during which browser beacons were
    /// sampled or refused.
    pub async fn statistics_gaps(&self, from: i64, to: i64) -> Result<Vec<i64>, Error> {
        let hours: Vec<(i64,)> = sqlx::query_as(
            self.backend().sql("SELECT hour FROM statistics_gaps WHERE hour BETWEEN ? AND ? ORDER BY hour"),
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.stale_reader())
        .await?;
        Ok(hours.into_iter().map(|(hour,)| hour).collect())
    }

    /// Distinct visitors to a shop over `from..=to` (days), from the union of
    /// the days' sketches: a visitor who came on three days counts once.
    pub async fn shop_visitors(&self, shop: ShopId, from: i64, to: i64) -> Result<u64, Error> {
        let sketches: Vec<(Option<Vec<u8>>,)> = sqlx::query_as(self.backend().sql(
            "SELECT visitor_sketch FROM shop_stats_daily WHERE shop_id = ? AND day BETWEEN ? AND ? \
             AND visitor_sketch IS NOT NULL",
        ))
        .bind(shop.get())
        .bind(from)
        .bind(to)
        .fetch_all(self.stale_reader())
        .await?;
        let mut union = visitor_union();
        for sketch in sketches.iter().filter_map(|(bytes,)| bytes.as_deref()) {
            if let Ok(sketch) = HllSketch::deserialize(sketch) {
                union.update(&sketch);
            }
        }
        Ok(union.estimate().round() as u64)
    }

    /// A shop's listings with the most views over `from..=to` (days).
    pub async fn top_listings(
        &self,
        shop: ShopId,
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<ListingFigures>, Error> {
        // Literal LIMIT: see `Database::listings`.
        let sql = format!(
            "SELECT s.listing_id, l.title, {} FROM listing_stats_daily s LEFT JOIN listings l ON l.id = s.listing_id \
             WHERE s.shop_id = ? AND s.day BETWEEN ? AND ? GROUP BY s.listing_id, l.title \
             ORDER BY SUM(s.views) DESC, SUM(s.orders) DESC, s.listing_id LIMIT {limit}",
            counter_sums(self.backend(), "s.")
        );
        let rows = self.shop_period_rows(sql, shop, from, to).await?;
        let listing = |row: &AnyRow| -> Result<ListingFigures, sqlx::Error> {
            Ok(ListingFigures {
                listing: ListingId::new(row.try_get(0)?),
                title: row.try_get(1)?,
                tally: Tally::from_values(counters(row, 2)?),
            })
        };
        Ok(rows.iter().map(listing).collect::<Result<_, _>>()?)
    }

    /// The search terms that led most views to a shop over `from..=to`.
    pub async fn top_terms(&self, shop: ShopId, from: i64, to: i64, limit: u32) -> Result<Vec<TermFigures>, Error> {
        let sql = format!(
            "SELECT term, {} FROM shop_search_terms_daily WHERE shop_id = ? AND day BETWEEN ? AND ? \
             GROUP BY term ORDER BY SUM(views) DESC, term LIMIT {limit}",
            self.backend().sum("views")
        );
        let rows: Vec<(String, i64)> = sqlx::query_as(self.backend().assembled_sql(sql))
            .bind(shop.get())
            .bind(from)
            .bind(to)
            .fetch_all(self.stale_reader())
            .await?;
        Ok(rows.into_iter().map(|(term, views)| TermFigures { term, views: uncount(views) }).collect())
    }
}
