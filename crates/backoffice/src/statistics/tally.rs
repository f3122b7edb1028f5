//! The in-memory tally between two flushes: counts by listing, shop, hour
//! and search term, and a sketch of each shop's visitors per hour.

use super::{What, Who};
use datasketches::hll::HllSketch;
use echoppe_domain::{ListingId, ShopId};
use echoppe_storage::{
    ListingHour, ShopHour, ShopTermDay, StatsFlush, Tally as Counts, TermDay, visitor_sketch, visitors_of_both,
};
use std::collections::{HashMap, HashSet};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// Everything counted since the last flush.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    listings: HashMap<(ListingId, ShopId, i64), Counts>,
    shops: HashMap<(ShopId, i64), ShopHourTally>,
    terms: HashMap<(i64, String), (u64, u64)>,
    shop_terms: HashMap<(ShopId, i64, String), u64>,
    /// Hours during which browser beacons were sampled or refused.
    sampled_hours: HashSet<i64>,
    /// Events counted (weighted), for the metrics.
    pub(crate) events: u64,
}

#[derive(Debug, Default)]
struct ShopHourTally {
    counts: Counts,
    visitors: Option<HllSketch>,
}

impl Tally {
    /// Counts one event at `at` (seconds since the epoch), `weight` times
    /// (a sampled beacon stands for the ones dropped beside it). `shop` is
    /// the listing's shop; events about a listing without one are not
    /// counted (callers check listings exist first).
    pub(crate) fn add(&mut self, at: i64, who: Who, shop: Option<ShopId>, what: &What, weight: u64) {
        let hour = at.div_euclid(HOUR);
        let day = at.div_euclid(DAY);
        self.events += weight;
        if let What::Search { term, results } = what {
            if who.bot {
                return;
            }
            let entry = self.terms.entry((day, term.clone())).or_default();
            entry.0 += weight;
            if *results == Some(0) {
                entry.1 += weight;
            }
            return;
        }
        let (Some(listing), Some(shop)) = (what.listing(), shop) else { return };
        let mut counts = Counts::default();
        match what {
            What::View { from_search, .. } => {
                if who.bot {
                    counts.bot_views = weight;
                } else {
                    counts.views = weight;
                    if let Some(term) = from_search {
                        *self.shop_terms.entry((shop, day, term.clone())).or_default() += weight;
                    }
                }
            }
            What::Impression { .. } => counts.impressions = weight,
            What::Favourite { .. } => counts.favourites = weight,
            What::CartAdd { .. } => counts.cart_adds = weight,
            What::CheckoutBegun { .. } => counts.checkouts = weight,
            What::Ordered { units, revenue_cents, .. } => {
                counts.orders = weight;
                counts.units = u64::from(*units) * weight;
                counts.revenue_cents = revenue_cents.saturating_mul(i64::try_from(weight).unwrap_or(1));
            }
            What::Search { .. } => {}
        }
        self.listings.entry((listing, shop, hour)).or_default().add(&counts);
        let shop_hour = self.shops.entry((shop, hour)).or_default();
        // A shop's orders and checkouts count each once, not each line.
        if matches!(what, What::Ordered { first_line: false, .. } | What::CheckoutBegun { first_line: false, .. }) {
            counts.orders = 0;
            counts.checkouts = 0;
        }
        shop_hour.counts.add(&counts);
        if !who.bot && matches!(what, What::View { .. }) {
            shop_hour.visitors.get_or_insert_with(visitor_sketch).update(who.visitor);
        }
    }

    /// Beacons were sampled or refused during the hour of `at`.
    pub(crate) fn beacons_sampled(&mut self, at: i64) {
        self.sampled_hours.insert(at.div_euclid(HOUR));
    }

    /// Adds another tally's counts to this one (each thread counts in its
    /// own; the flush adds them up).
    pub(crate) fn absorb(&mut self, other: Self) {
        for (key, counts) in other.listings {
            self.listings.entry(key).or_default().add(&counts);
        }
        for (key, theirs) in other.shops {
            let ours = self.shops.entry(key).or_default();
            ours.counts.add(&theirs.counts);
            ours.visitors = match (ours.visitors.take(), theirs.visitors) {
                (Some(ours), Some(theirs)) => Some(visitors_of_both(&ours, &theirs)),
                (ours, theirs) => ours.or(theirs),
            };
        }
        for (key, (searches, zero_results)) in other.terms {
            let entry = self.terms.entry(key).or_default();
            entry.0 += searches;
            entry.1 += zero_results;
        }
        for (key, views) in other.shop_terms {
            *self.shop_terms.entry(key).or_default() += views;
        }
        self.sampled_hours.extend(other.sampled_hours);
        self.events += other.events;
    }

    /// Hands everything over to be written, leaving the tally empty.
    pub(crate) fn take(&mut self) -> StatsFlush {
        let tally = std::mem::take(self);
        // An hour whose beacons were sampled is marked on every shop that
        // has figures for it (and kept apart for the shops that have none).
        let shops = tally
            .shops
            .into_iter()
            .map(|((shop, hour), shop_hour)| ShopHour {
                shop,
                hour,
                tally: shop_hour.counts,
                visitors: shop_hour.visitors,
                sampled: tally.sampled_hours.contains(&hour),
            })
            .collect();
        StatsFlush {
            listings: tally
                .listings
                .into_iter()
                .map(|((listing, shop, hour), tally)| ListingHour { listing, shop, hour, tally })
                .collect(),
            shops,
            terms: tally
                .terms
                .into_iter()
                .map(|((day, term), (searches, zero_results))| TermDay { day, term, searches, zero_results })
                .collect(),
            shop_terms: tally
                .shop_terms
                .into_iter()
                .map(|((shop, day, term), views)| ShopTermDay { shop, day, term, views })
                .collect(),
            sampled_hours: tally.sampled_hours.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: Who = Who { visitor: 1, bot: false };
    const BRUNO: Who = Who { visitor: 2, bot: false };
    const ROBOT: Who = Who { visitor: 3, bot: true };
    /// 2026-12-02 00:00 UTC.
    const MIDNIGHT: i64 = 1_796_169_600;

    fn view(listing: ListingId, from_search: Option<&str>) -> What {
        What::View { listing, from_search: from_search.map(str::to_owned) }
    }

    #[test]
    fn a_known_stream_gives_known_roll_ups() {
        let (shop, ring, vase) = (ShopId::new(7), ListingId::new(42), ListingId::new(43));
        let mut tally = Tally::default();
        tally.add(MIDNIGHT, ALICE, Some(shop), &view(ring, None), 1);
        tally.add(MIDNIGHT + 10, BRUNO, Some(shop), &view(ring, Some("bague")), 1);
        tally.add(MIDNIGHT + 20, ROBOT, Some(shop), &view(vase, None), 1);
        tally.add(MIDNIGHT + 3_600, ALICE, Some(shop), &view(vase, None), 1);
        let ordered =
            |listing, units, revenue_cents, first_line| What::Ordered { listing, units, revenue_cents, first_line };
        tally.add(MIDNIGHT + 30, ALICE, Some(shop), &ordered(ring, 2, 5_000, true), 1);
        tally.add(MIDNIGHT + 30, ALICE, Some(shop), &ordered(vase, 1, 1_000, false), 1);
        tally.add(MIDNIGHT + 40, BRUNO, None, &What::Search { term: "bague".into(), results: Some(0) }, 4);
        // An event about a listing whose shop is unknown is not counted.
        tally.add(MIDNIGHT, ALICE, None, &view(ring, None), 1);

        let flush = tally.take();
        let hour = MIDNIGHT / HOUR;
        let mut shops: Vec<_> = flush.shops.iter().map(|s| (s.hour - hour, s.tally, s.visitors.as_ref())).collect();
        shops.sort_by_key(|(offset, ..)| *offset);
        let (first, second) = (&shops[0], &shops[1]);
        assert_eq!(
            first.1,
            Counts { views: 2, bot_views: 1, orders: 1, units: 3, revenue_cents: 6_000, ..Counts::default() },
            "one order of two lines counts once for the shop"
        );
        assert_eq!(first.2.map(|s| s.estimate().round()), Some(2.0), "Alice and Bruno; not the robot");
        assert_eq!((second.0, second.1.views), (1, 1));
        let mut listings: Vec<_> =
            flush.listings.iter().map(|l| (l.listing.get(), l.hour - hour, l.tally.views, l.tally.orders)).collect();
        listings.sort_unstable();
        assert_eq!(listings, [(42, 0, 2, 1), (43, 0, 0, 1), (43, 1, 1, 0)]);
        assert_eq!(flush.terms, [TermDay { day: MIDNIGHT / DAY, term: "bague".into(), searches: 4, zero_results: 4 }]);
        assert_eq!(flush.shop_terms, [ShopTermDay { shop, day: MIDNIGHT / DAY, term: "bague".into(), views: 1 }]);
        assert!(tally.take().is_empty(), "a flush empties the tally");
    }

    /// A flush in an order that does not depend on hash maps'.
    fn sorted(mut flush: StatsFlush) -> String {
        flush.listings.sort_by_key(|l| (l.listing, l.hour));
        flush.shops.sort_by_key(|s| (s.shop, s.hour));
        flush.terms.sort_by(|a, b| (a.day, &a.term).cmp(&(b.day, &b.term)));
        flush.shop_terms.sort_by(|a, b| (a.shop, a.day, &a.term).cmp(&(b.shop, b.day, &b.term)));
        flush.sampled_hours.sort_unstable();
        let visitors: Vec<_> =
            flush.shops.iter_mut().map(|s| s.visitors.take().map(|v| v.estimate().round())).collect();
        format!("{flush:?} {visitors:?}")
    }

    #[test]
    fn tallies_kept_apart_add_up_to_one_tally() {
        let (shop, ring, vase) = (ShopId::new(7), ListingId::new(42), ListingId::new(43));
        let events = [
            (MIDNIGHT, ALICE, view(ring, Some("bague"))),
            (MIDNIGHT + 5, BRUNO, view(ring, Some("bague"))),
            (MIDNIGHT + 9, ALICE, view(vase, None)),
            (MIDNIGHT + 3_700, BRUNO, view(vase, None)),
            (MIDNIGHT + 12, ROBOT, view(ring, None)),
            (MIDNIGHT + 20, BRUNO, What::Favourite { listing: vase }),
            (MIDNIGHT + 30, ALICE, What::Search { term: "vase".into(), results: Some(0) }),
            (MIDNIGHT + 31, BRUNO, What::Search { term: "vase".into(), results: Some(3) }),
        ];
        let mut whole = Tally::default();
        let mut threads = [Tally::default(), Tally::default()];
        for (index, (at, who, what)) in events.iter().enumerate() {
            whole.add(*at, *who, Some(shop), what, 1);
            threads[index % 2].add(*at, *who, Some(shop), what, 1);
        }
        whole.beacons_sampled(MIDNIGHT);
        threads[1].beacons_sampled(MIDNIGHT);
        let [mut first, second] = threads;
        first.absorb(second);
        assert_eq!(first.events, whole.events);
        assert_eq!(sorted(first.take()), sorted(whole.take()));
    }

    #[test]
    fn the_visitor_sketch_stays_within_its_error_bound() {
        // 2^12 buckets: 1.6% relative standard error; three of them is 4.9%.
        for people in [10_u64, 1_000, 100_000] {
            let mut sketch = visitor_sketch();
            for person in 0..people {
                sketch.update(person.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
            let error = (sketch.estimate() - people as f64).abs() / people as f64;
            assert!(error < 0.049, "{people} visitors estimated {} ({:.2}% off)", sketch.estimate(), error * 100.0);
        }
    }
}
