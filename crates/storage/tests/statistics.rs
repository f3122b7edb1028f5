//! Statistics roll-ups against a real SQLite file: flushes add up, sketches
//! merge, old hours are pruned.

mod common;

use common::fresh;
use echoppe_domain::{ListingId, ShopId};
use echoppe_storage::{ListingHour, ShopHour, StatsFlush, Tally, visitor_sketch};

/// 2026-12-02 00:00 UTC, in hours.
const HOUR: i64 = 1_796_169_600 / 3600;
const SHOP: ShopId = ShopId::new(7);

fn flush(hour: i64, views: u64, visitors: std::ops::Range<u64>) -> StatsFlush {
    let mut sketch = visitor_sketch();
    for visitor in visitors {
        sketch.update(visitor);
    }
    let tally = Tally { views, ..Tally::default() };
    StatsFlush {
        listings: vec![ListingHour { listing: ListingId::new(42), shop: SHOP, hour, tally }],
        shops: vec![ShopHour { shop: SHOP, hour, tally, visitors: Some(sketch), sampled: false }],
        ..StatsFlush::default()
    }
}

#[tokio::test]
async fn flushes_add_up_and_visitors_merge_into_visits_and_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    // Two flushes in the same hour, the second seeing half the same people.
    db.add_statistics(&mut flush(HOUR, 10, 0..100)).await.unwrap();
    db.add_statistics(&mut flush(HOUR, 5, 50..150)).await.unwrap();
    // The next hour: the same 150 people again.
    db.add_statistics(&mut flush(HOUR + 1, 1, 0..150)).await.unwrap();
    let day = HOUR / 24;
    let days = db.shop_days(SHOP, day, day).await.unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].tally.views, 16);
    assert_eq!(days[0].visitors, 150, "distinct over the day");
    assert_eq!(days[0].visits, 300, "150 in each of two hours");
    assert_eq!(db.shop_visitors(SHOP, day, day).await.unwrap(), 150);
    let top = db.top_listings(SHOP, day, day, 10).await.unwrap();
    assert_eq!((top[0].listing, top[0].tally.views, top[0].title.as_deref()), (ListingId::new(42), 16, None));

    // A month and more later, the hours go; the days stay.
    let changed = db.prune_statistics(HOUR + 40 * 24, 31 * 24).await.unwrap();
    assert_eq!(changed, 4, "two listing hours deleted, two shop-hour sketches dropped");
    assert_eq!(db.shop_days(SHOP, day, day).await.unwrap()[0].visitors, 150);
}

#[tokio::test]
async fn a_large_flush_with_repeated_keys_adds_up_as_row_by_row_flushes_would() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    // More rows than a chunk, two hours of one day, and a retried flush's
    // rows repeated beside the new ones.
    let shops = 300;
    let mut batch = StatsFlush::default();
    for hour in [HOUR, HOUR + 1] {
        for shop in 1..=shops {
            let tally = Tally { views: 2, ..Tally::default() };
            let listing = ListingId::new(shop * 10);
            let shop = ShopId::new(shop);
            let mut sketch = visitor_sketch();
            for visitor in 0..20 {
                sketch.update(visitor + u64::try_from(hour - HOUR).unwrap() * 10);
            }
            for _ in 0..2 {
                batch.listings.push(ListingHour { listing, shop, hour, tally });
                batch.shops.push(ShopHour { shop, hour, tally, visitors: Some(sketch.clone()), sampled: false });
            }
        }
    }
    db.add_statistics(&mut batch).await.unwrap();
    assert!(batch.is_empty(), "everything written");

    let day = HOUR / 24;
    for shop in [1, 150, shops] {
        let figures = db.shop_days(ShopId::new(shop), day, day).await.unwrap();
        assert_eq!(figures[0].tally.views, 8, "shop {shop}: 2 views × 2 copies × 2 hours");
        assert_eq!(figures[0].visitors, 30, "shop {shop}: visitors 0..20 then 10..30");
        assert_eq!(figures[0].visits, 40, "shop {shop}: 20 in each hour");
        let top = db.top_listings(ShopId::new(shop), day, day, 10).await.unwrap();
        assert_eq!((top[0].listing, top[0].tally.views), (ListingId::new(shop * 10), 8));
    }
}
