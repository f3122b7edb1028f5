#![expect(clippy::unwrap_used, reason = "a panic is how a test reports failure")]

//! The storage layer against a real SQLite file in a temporary directory.

use echoppe_domain::{
    CategoryId, ListingId, ListingSort, ListingState, Money, Photo, PhotoKey, PriceRange, ShopId, Slug, Timestamp,
    UserId,
};
use echoppe_storage::{
    Cursor, Database, Error, ImportBatch, ListingFilter, NewFavourite, NewListing, NewShop, NewUser, Window,
};
use std::path::Path;

mod common;

use common::{fresh, settings};

fn photo(n: u8) -> Photo {
    Photo { key: PhotoKey::from_digest(&[n; 16]), width: 1280, height: 960 }
}

/// Two shops; shop 1 has listings 1..=6 in category 101 (colliers) and 102 (bagues),
/// shop 2 has listing 7 (a draft) and 8 (sold out) in 201 (robes).
fn small_catalogue() -> ImportBatch {
    let user = |id: i64| NewUser {
        id: UserId::new(id),
        email: format!("maker{id}@example.test"),
        display_name: format!("Maker {id}"),
        role: "seller",
        created_at: Timestamp::from_unix(1_600_000_000),
    };
    let shop = |id: i64, slug: &str| NewShop {
        id: ShopId::new(id),
        owner: UserId::new(id),
        slug: Slug::parse(slug).unwrap(),
        name: format!("Shop {slug}"),
        description: "Fait main.".into(),
        location: "Lyon, France".into(),
        created_at: Timestamp::from_unix(1_600_000_000),
    };
    use ListingState::*;
    let listing = |id: i64, shop: i64, category: i64, cents: i64, state: ListingState| NewListing {
        id: ListingId::new(id),
        shop: ShopId::new(shop),
        category: CategoryId::new(category),
        title: format!("Article {id}"),
        description: format!("Description {id}"),
        price: Money::euros(cents).unwrap(),
        quantity: if state == SoldOut { 0 } else { 3 },
        state,
        tags: vec!["fait main".into(), format!("tag{id}")],
        materials: vec!["argent".into()],
        photos: vec![photo(u8::try_from(id).unwrap()), photo(100)],
        created_at: Timestamp::from_unix(1_700_000_000 + id * 60),
        updated_at: Timestamp::from_unix(1_700_000_000 + id * 60),
    };

    ImportBatch {
        users: vec![user(1), user(2), user(3)],
        shops: vec![shop(1, "atelier-un"), shop(2, "atelier-deux")],
        listings: vec![
            listing(1, 1, 101, 1500, Active),
            listing(2, 1, 101, 4500, Active),
            listing(3, 1, 102, 2500, Active),
            listing(4, 1, 102, 2500, Active),
            listing(5, 1, 101, 9900, Active),
            listing(6, 1, 102, 800, Inactive),
            listing(7, 2, 201, 5000, Draft),
            listing(8, 2, 201, 7000, SoldOut),
        ],
        favourites: vec![
            NewFavourite { user: UserId::new(3), listing: ListingId::new(3), created_at: Timestamp::from_unix(1) },
            NewFavourite { user: UserId::new(2), listing: ListingId::new(3), created_at: Timestamp::from_unix(1) },
            NewFavourite { user: UserId::new(3), listing: ListingId::new(5), created_at: Timestamp::from_unix(1) },
        ],
    }
}

fn ids(page: &echoppe_storage::ListingPage) -> Vec<i64> {
    page.cards.iter().map(|c| c.id.get()).collect()
}

#[tokio::test]
async fn migrating_twice_is_harmless_and_seeds_the_taxonomy() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    db.migrate().await.expect("second migrate is a no-op");
    let taxonomy = db.taxonomy().await.unwrap();
    assert_eq!(taxonomy.top_level().count(), 10);
    let bijoux = taxonomy.by_slug("bijoux").unwrap();
    assert_eq!(taxonomy.children(bijoux.id).count(), 5);
    assert!(db.catalogue_is_empty().await.unwrap());
}

#[tokio::test]
async fn lists_only_public_listings_with_filters_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    db.import(small_catalogue()).await.unwrap();
    assert!(!db.catalogue_is_empty().await.unwrap());

    let all = ListingFilter::default();
    let page = |limit| Window::Offset { offset: 0, limit };
    let newest = db.listings(&all, ListingSort::Newest, &page(50)).await.unwrap();
    assert_eq!(ids(&newest), [8, 5, 4, 3, 2, 1], "drafts and inactive listings are never listed");
    assert_eq!(db.count_listings(&all).await.unwrap(), 6);

    let cheapest = db.listings(&all, ListingSort::PriceAsc, &page(3)).await.unwrap();
    assert_eq!(ids(&cheapest), [1, 3, 4]);
    let dearest = db.listings(&all, ListingSort::PriceDesc, &page(2)).await.unwrap();
    assert_eq!(ids(&dearest), [5, 8]);
    let loved = db.listings(&all, ListingSort::Popular, &page(2)).await.unwrap();
    assert_eq!(ids(&loved), [3, 5], "favourites raise favourite_count");

    let bagues = ListingFilter { categories: vec![CategoryId::new(102)], ..Default::default() };
    assert_eq!(ids(&db.listings(&bagues, ListingSort::Newest, &page(10)).await.unwrap()), [4, 3]);
    let range = PriceRange::parse(Some("20"), Some("50")).unwrap();
    let priced = ListingFilter { price: range, ..Default::default() };
    assert_eq!(ids(&db.listings(&priced, ListingSort::PriceAsc, &page(10)).await.unwrap()), [3, 4, 2]);
    let shop = ListingFilter { shop: Some(ShopId::new(1)), exclude: Some(ListingId::new(5)), ..Default::default() };
    assert_eq!(ids(&db.listings(&shop, ListingSort::Newest, &page(10)).await.unwrap()), [4, 3, 2, 1]);

    let offset = db.listings(&all, ListingSort::Newest, &Window::Offset { offset: 4, limit: 4 }).await.unwrap();
    assert_eq!(ids(&offset), [2, 1]);

    let card = &newest.cards[0];
    assert_eq!(card.shop.slug.as_str(), "atelier-deux");
    assert_eq!(card.cover.as_ref().map(|p| p.key.clone()), Some(photo(8).key), "the cover is photo 0");
    assert_eq!(card.state, ListingState::SoldOut);
}

#[tokio::test]
async fn cursors_walk_every_row_once_even_with_equal_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    db.import(small_catalogue()).await.unwrap();
    for sort in ListingSort::ALL {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = db.listings(&ListingFilter::default(), sort, &Window::After { after, limit: 2 }).await.unwrap();
            seen.extend(ids(&page));
            match page.next {
                Some(next) => after = Some(Cursor::decode(&next.encode(), sort).unwrap()),
                None => break,
            }
        }
        let offset =
            db.listings(&ListingFilter::default(), sort, &Window::Offset { offset: 0, limit: 50 }).await.unwrap();
        assert_eq!(seen, ids(&offset), "{sort:?}");
    }
}

#[tokio::test]
async fn several_categories_merge_in_order_for_every_sort_and_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    db.import(small_catalogue()).await.unwrap();
    let both = ListingFilter { categories: vec![CategoryId::new(101), CategoryId::new(102)], ..Default::default() };
    for sort in ListingSort::ALL {
        // The expected order, from the single query over every category.
        let all = db.listings(&ListingFilter::default(), sort, &Window::Offset { offset: 0, limit: 50 }).await.unwrap();
        let expected: Vec<i64> =
            all.cards.iter().filter(|c| c.shop.slug.as_str() == "atelier-un").map(|c| c.id.get()).collect();
        assert_eq!(expected.len(), 5);
        for (offset, limit) in [(0, 50), (0, 2), (2, 2), (4, 2), (5, 2)] {
            let page = db.listings(&both, sort, &Window::Offset { offset, limit }).await.unwrap();
            let end = (offset + limit).min(5) as usize;
            let start = (offset as usize).min(end);
            assert_eq!(ids(&page), expected[start..end], "{sort:?} offset {offset} limit {limit}");
        }
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = db.listings(&both, sort, &Window::After { after, limit: 2 }).await.unwrap();
            seen.extend(ids(&page));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, expected, "{sort:?} with cursors");
    }
}

#[tokio::test]
async fn reads_a_listing_with_everything_the_page_needs() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    db.import(small_catalogue()).await.unwrap();
    let listing = db.listing(ListingId::new(3)).await.unwrap().expect("listing 3");
    assert_eq!(listing.title, "Article 3");
    assert_eq!(listing.tags, ["fait main", "tag3"]);
    assert_eq!(listing.materials, ["argent"]);
    assert_eq!(listing.photos.len(), 2);
    assert_eq!(listing.favourite_count, 2);
    assert_eq!(listing.shop.slug.as_str(), "atelier-un");
    assert_eq!(listing.shop.owner_name, "Maker 1");
    assert_eq!(listing.shop.listing_count, 5, "the inactive listing is not counted");
    assert!(db.listing(ListingId::new(999)).await.unwrap().is_none());

    let shop = db.shop_by_slug(&Slug::parse("atelier-deux").unwrap()).await.unwrap().unwrap();
    assert_eq!(shop.listing_count, 1, "a draft is not counted");
    assert!(db.shop_by_slug(&Slug::parse("nope").unwrap()).await.unwrap().is_none());

    let counts = db.listing_counts_by_category(&[]).await.unwrap();
    let only_bagues = db.listing_counts_by_category(&[CategoryId::new(102)]).await.unwrap();
    assert_eq!(only_bagues.len(), 1);
    assert_eq!(counts.get(&CategoryId::new(101)), Some(&3));
    assert_eq!(counts.get(&CategoryId::new(102)), Some(&2));
}

#[tokio::test]
async fn refuses_a_file_that_is_not_a_database_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("echoppe.db");
    let garbage = b"this is not a database, just some bytes that happen to be here".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let err = Database::open(&settings(&path)).await.unwrap_err();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()) && message.contains("untouched"), "{message}");
    assert!(std::fs::read(&path).unwrap() == garbage, "the file was modified");
}

#[tokio::test]
async fn refuses_a_newer_schema_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("echoppe.db");
    {
        let db = fresh(dir.path()).await;
        db.close().await;
        // What a future echoppe would have recorded after its own migration.
        let future = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99990101, 'from the future', 1, x'00', 0)",
        )
        .execute(&future)
        .await
        .unwrap();
        future.close().await;
    }
    let before = std::fs::read(&path).unwrap();
    let db = Database::open(&settings(&path)).await.unwrap();
    let err = db.migrate().await.unwrap_err();
    assert!(matches!(err, Error::SchemaTooNew { found: 99_990_101, .. }), "{err:?}");
    assert!(err.to_string().contains("newer than this echoppe"), "{err}");
    db.close().await;
    assert!(std::fs::read(&path).unwrap() == before, "the database file was modified");
}

#[tokio::test]
async fn refuses_another_applications_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let other = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE invoices (id INTEGER PRIMARY KEY)").execute(&other).await.unwrap();
    other.close().await;
    let db = Database::open(&settings(&path)).await.unwrap();
    let err = db.migrate().await.unwrap_err();
    assert!(matches!(err, Error::ForeignDatabase { .. }), "{err:?}");
}

#[tokio::test]
async fn a_server_that_does_not_answer_is_named_with_its_password_hidden() {
    let mut s = settings(Path::new("/tmp/x.db"));
    // Port 9 (discard) on loopback: nothing listens there.
    for url in ["postgres://echoppe:s3cret@127.0.0.1:9/echoppe", "mysql://echoppe:s3cret@127.0.0.1:9/echoppe"] {
        s.url = url.into();
        let err = Database::open(&s).await.unwrap_err().to_string();
        assert!(err.contains("echoppe:***@127.0.0.1:9/echoppe"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
    s.url = "redis://localhost".into();
    let err = Database::open(&s).await.unwrap_err().to_string();
    assert!(err.contains("unsupported database URL"), "{err}");
    // A malformed server URL: named, its password hidden.
    s.url = "postgres://echoppe:s3cret@127.0.0.1:not-a-port/echoppe".into();
    let err = Database::open(&s).await.unwrap_err().to_string();
    assert!(err.contains("echoppe:***@127.0.0.1:not-a-port") && !err.contains("s3cret"), "{err}");
}

#[tokio::test]
async fn each_lease_has_one_holder_until_it_runs_out_or_is_given_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let long = std::time::Duration::from_secs(60);
    for lease in ["order_mail", "statistics_flush", "housekeeping"] {
        assert!(db.hold_lease(lease, "node-a", long).await.unwrap(), "{lease}: free, taken");
        assert!(!db.hold_lease(lease, "node-b", long).await.unwrap(), "{lease}: held by another");
        assert!(db.hold_lease(lease, "node-a", long).await.unwrap(), "{lease}: renewed by its holder");
        db.release_lease(lease, "node-a").await.unwrap();
        assert!(
            db.hold_lease(lease, "node-b", std::time::Duration::from_millis(1)).await.unwrap(),
            "{lease}: given up, taken"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        assert!(db.hold_lease(lease, "node-a", long).await.unwrap(), "{lease}: run out, taken over");
    }
    assert!(!db.hold_lease("no-such-work", "node-a", long).await.unwrap(), "only the leases the schema names");
}
