//! Statistics: what buyers do, counted where the server sees it (listing
//! pages served, searches, favourites, cart additions, orders) and from the
//! browsers' beacons (`POST /api/v1/events`), tallied in memory and added
//! to roll-up tables by a flush every few seconds.
//!
//! An event costs a few hash-map updates in its thread's own tally (under
//! a lock only the flush ever contends for, so counting never waits on
//! another core); the database sees a few transactions per flush whatever
//! the traffic. **On a crash, at most the last flush interval is lost**
//! (statistics may lose seconds — 5 s normally, 15 s when busy, 30 s in
//! surge; orders never do — they are written before they are
//! acknowledged). A flush that fails keeps what it could not write
//! for the next one.

mod tally;

use echoppe_domain::{ListingId, ShopId, Timestamp};
use echoppe_storage::{Database, StatsFlush};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tally::Tally;
use thread_local::ThreadLocal;

/// In busy mode one batch of browser beacons in this many is counted, each
/// of its events standing for this many.
pub const SAMPLE_ONE_IN: u64 = 4;

/// Who did something: a visitor, known only by a hash of their network
/// address and browser (nothing is stored that names them: the hash only
/// feeds the distinct-visitor sketches), and whether they are a robot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    pub visitor: u64,
    pub bot: bool,
}

impl Who {
    /// Whoever placed an order: it counts for the shop whoever they are.
    pub const BUYER: Self = Self { visitor: 0, bot: false };
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A listing's page was seen; `from_search` is the normalised term of
    /// the search results it was opened from.
    View {
        listing: ListingId,
        from_search: Option<String>,
    },
    /// A listing was shown in a list (search, category, home, shop) and
    /// scrolled into sight.
    Impression {
        listing: ListingId,
    },
    Favourite {
        listing: ListingId,
    },
    CartAdd {
        listing: ListingId,
    },
    /// A listing in a cart whose buyer went to checkout; `first_line` as
    /// for orders, so the shop counts the checkout once.
    CheckoutBegun {
        listing: ListingId,
        first_line: bool,
    },
    /// One line of an order just acknowledged. `first_line` is set on one
    /// line of each order, so its shop counts the order once.
    Ordered {
        listing: ListingId,
        units: u32,
        revenue_cents: i64,
        first_line: bool,
    },
    /// A search, with how many listings it found when known.
    Search {
        term: String,
        results: Option<u64>,
    },
}

impl What {
    pub fn listing(&self) -> Option<ListingId> {
        match self {
            Self::View { listing, .. }
            | Self::Impression { listing }
            | Self::Favourite { listing }
            | Self::CartAdd { listing }
            | Self::CheckoutBegun { listing, .. }
            | Self::Ordered { listing, .. } => Some(*listing),
            Self::Search { .. } => None,
        }
    }
}

/// A search term as counted: lower case, single spaces, at most 100
/// characters; `None` when nothing is left.
pub fn normalised_term(text: &str) -> Option<String> {
    let term: String = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().chars().take(100).collect();
    (!term.is_empty()).then_some(term)
}

/// The statistics of this node, shared by the handlers. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Statistics(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    db: Database,
    /// Each thread counts in its own tally; the flush adds them up.
    tallies: ThreadLocal<Mutex<Tally>>,
    /// What a failed flush could not write, tried again first.
    pending: Mutex<Option<StatsFlush>>,
    /// A listing's shop never changes: kept once read. Listings that do
    /// not exist are remembered a minute, so bad ids cannot hammer the
    /// database.
    /// Synchronous caches: cheaper lookups than the async flavour, and
    /// nothing here waits.
    shops: moka::sync::Cache<ListingId, ShopId>,
    missing: moka::sync::Cache<ListingId, ()>,
    sampler: Sampler,
}

impl Statistics {
    pub fn new(db: Database) -> Self {
        Self(Arc::new(Inner {
            db,
            tallies: ThreadLocal::new(),
            pending: Mutex::new(None),
            shops: moka::sync::Cache::builder().max_capacity(1_000_000).build(),
            missing: moka::sync::Cache::builder().max_capacity(100_000).time_to_live(Duration::from_secs(60)).build(),
            sampler: Sampler::default(),
        }))
    }

    /// The shop of a listing, `None` if there is no such listing.
    pub async fn shop_of(&self, listing: ListingId) -> Result<Option<ShopId>, echoppe_storage::Error> {
        if let Some(shop) = self.0.shops.get(&listing) {
            return Ok(Some(shop));
        }
        if self.0.missing.contains_key(&listing) {
            return Ok(None);
        }
        match self.0.db.shop_of_listing(listing).await? {
            Some(shop) => {
                self.0.shops.insert(listing, shop);
                Ok(Some(shop))
            }
            None => {
                self.0.missing.insert(listing, ());
                Ok(None)
            }
        }
    }

    /// Counts one event now. Never fails the request it comes from: a
    /// listing that cannot be looked up is not counted, and said so in the
    /// log.
    pub async fn record(&self, who: Who, what: What) {
        let shop = match what.listing() {
            None => None,
            Some(listing) => match self.shop_of(listing).await {
                Ok(Some(shop)) => Some(shop),
                Ok(None) => return,
                Err(error) => {
                    tracing::warn!(%error, %listing, "a statistics event was not counted: its shop could not be read");
                    return;
                }
            },
        };
        self.lock().add(Timestamp::now().unix(), who, shop, &what, 1);
    }

    /// Counts the lines of a checkout just placed: one order per shop (the
    /// first of its lines says so), units and revenue per listing.
    pub async fn record_checkout(&self, lines: &[echoppe_storage::OrderLine]) {
        let lines: Vec<_> = lines.iter().map(|line| (line.listing, line.quantity, line.unit_price.cents())).collect();
        self.record_lines(&lines, |listing, units, revenue_cents, first_line| What::Ordered {
            listing,
            units,
            revenue_cents,
            first_line,
        })
        .await;
    }

    /// Counts a checkout begun with these (listing, quantity, unit price)
    /// lines: once per shop and per listing.
    pub async fn record_checkout_begun(&self, lines: &[(ListingId, i64, i64)]) {
        self.record_lines(lines, |listing, _, _, first_line| What::CheckoutBegun { listing, first_line }).await;
    }

    /// Counts one event per line of a cart or an order, the first line of
    /// each shop marked so the shop counts the whole once.
    async fn record_lines(&self, lines: &[(ListingId, i64, i64)], event: impl Fn(ListingId, u32, i64, bool) -> What) {
        let now = Timestamp::now().unix();
        let mut events = Vec::with_capacity(lines.len());
        let mut shops_seen = Vec::new();
        for &(listing, quantity, unit_cents) in lines {
            let shop = match self.shop_of(listing).await {
                Ok(Some(shop)) => shop,
                Ok(None) => continue,
                Err(error) => {
                    tracing::warn!(%error, %listing, "a cart or order line was not counted in the statistics");
                    continue;
                }
            };
            let first_line = !shops_seen.contains(&shop);
            shops_seen.push(shop);
            let units = u32::try_from(quantity).unwrap_or(u32::MAX);
            events.push((shop, event(listing, units, unit_cents.saturating_mul(quantity), first_line)));
        }
        self.record_all(events.iter().map(|(shop, what)| (now, Who::BUYER, Some(*shop), what)), 1);
    }

    /// Counts one event now whose shop is known.
    pub fn record_seen(&self, who: Who, shop: ShopId, what: &What) {
        self.lock().add(Timestamp::now().unix(), who, Some(shop), what, 1);
    }

    /// Counts events whose shops are known, under one lock.
    pub fn record_all<'a>(&self, events: impl IntoIterator<Item = (i64, Who, Option<ShopId>, &'a What)>, weight: u64) {
        let mut tally = self.lock();
        for (at, who, shop, what) in events {
            tally.add(at, who, shop, what, weight);
        }
    }

    /// Whether this batch of beacons is the one counted for the others
    /// (busy mode).
    pub fn take_sample(&self) -> bool {
        self.0.sampler.take()
    }

    /// Browser beacons were sampled or refused now.
    pub fn beacons_sampled(&self) {
        self.lock().beacons_sampled(Timestamp::now().unix());
    }

    /// This thread's tally.
    fn lock(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.0.tallies.get_or_default().lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes what was counted since the last flush.
    pub async fn flush(&self) -> Result<(), echoppe_storage::Error> {
        let mut tally = Tally::default();
        for thread in &self.0.tallies {
            tally.absorb(std::mem::take(&mut *thread.lock().unwrap_or_else(PoisonError::into_inner)));
        }
        let events = tally.events;
        let mut flush = tally.take();
        if let Some(pending) = self.0.pending.lock().unwrap_or_else(PoisonError::into_inner).take() {
            flush.listings.extend(pending.listings);
            flush.shops.extend(pending.shops);
            flush.terms.extend(pending.terms);
            flush.shop_terms.extend(pending.shop_terms);
            flush.sampled_hours.extend(pending.sampled_hours);
        }
        if flush.is_empty() {
            return Ok(());
        }
        let written = self.0.db.add_statistics(&mut flush).await;
        if written.is_err() {
            *self.0.pending.lock().unwrap_or_else(PoisonError::into_inner) = Some(flush);
        }
        metrics::counter!("echoppe_statistics_events_total").increment(events);
        written
    }

    /// Flushes every `every()` for the life of the server (the server
    /// flushes once more when it stops, once its last request is answered).
    pub async fn keep_flushing(self, every: impl Fn() -> Duration) {
        loop {
            tokio::time::sleep(every()).await;
            if self.0.db.is_closed() {
                return;
            }
            if let Err(error) = self.flush().await {
                tracing::warn!(%error, "writing statistics failed; kept for the next flush");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_are_counted_as_typed_give_or_take_case_and_spaces() {
        assert_eq!(normalised_term("  Bague   ARGENT "), Some("bague argent".to_owned()));
        assert_eq!(normalised_term(" \t "), None);
        assert_eq!(normalised_term(&"é".repeat(300)).map(|t| t.chars().count()), Some(100));
    }
}

/// Counts the batches seen in busy mode, to keep one in [`SAMPLE_ONE_IN`].
#[derive(Debug, Default)]
struct Sampler(AtomicU64);

impl Sampler {
    fn take(&self) -> bool {
        self.0.fetch_add(1, Ordering::Relaxed).is_multiple_of(SAMPLE_ONE_IN)
    }
}
