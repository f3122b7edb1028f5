#![expect(clippy::unwrap_used, reason = "a panic is how a test reports failure")]

//! Accounts, sessions, the seller's writes and favourites against a real SQLite file.

mod common;

use common::fresh;
use echoppe_domain::{
    CategoryId, Currency, Email, ListingDraft, ListingSort, ListingState, Money, Photo, PhotoKey, Role, ShopDraft,
    Slug, Timestamp, UserId,
};
use echoppe_storage::{Database, Error, ListingFilter, NewAccount, StoredSession, Window};

const NOW: Timestamp = Timestamp::from_unix(1_750_000_000);

async fn account(db: &Database, email: &str) -> UserId {
    let email = Email::parse(email).unwrap();
    let new = NewAccount {
        email: &email,
        display_name: "Margaux",
        password_hash: "$argon2id$…",
        role: Role::Buyer,
        created_at: NOW,
    };
    db.create_account(&new).await.unwrap()
}

fn shop(slug: &str) -> ShopDraft {
    ShopDraft {
        name: format!("Boutique {slug}"),
        slug: Slug::parse(slug).unwrap(),
        description: String::new(),
        location: "Nantes".into(),
        shipping: Money::new(490, Currency::EUR).unwrap(),
    }
}

fn listing(title: &str) -> ListingDraft {
    ListingDraft {
        title: title.into(),
        description: "Fait main.".into(),
        category: CategoryId::new(101),
        price: Money::new(2500, Currency::EUR).unwrap(),
        quantity: 2,
        tags: vec!["lune".into(), "cadeau".into()],
        materials: vec!["laiton".into()],
    }
}

fn photo(n: u8) -> Photo {
    Photo { key: PhotoKey::from_digest(&[n; 16]), width: 800, height: 600 }
}

async fn browsing(db: &Database) -> Vec<String> {
    let filter = ListingFilter { categories: vec![CategoryId::new(101)], ..ListingFilter::default() };
    let page = db.listings(&filter, ListingSort::Newest, &Window::Offset { offset: 0, limit: 50 }).await.unwrap();
    page.cards.into_iter().map(|c| c.title).collect()
}

#[tokio::test]
async fn accounts_are_unique_by_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let id = account(&db, "Margaux@Example.fr").await;
    let email = Email::parse("margaux@example.fr").unwrap();
    let again =
        NewAccount { email: &email, display_name: "Autre", password_hash: "x", role: Role::Buyer, created_at: NOW };
    assert!(matches!(db.create_account(&again).await, Err(Error::Conflict { field: "email" })));

    let (found, hash) = db.credentials(&email).await.unwrap().unwrap();
    assert_eq!(found.id, id);
    assert_eq!(hash.as_deref(), Some("$argon2id$…"));
    assert!(db.credentials(&Email::parse("personne@example.fr").unwrap()).await.unwrap().is_none());
    assert_eq!(db.count_accounts().await.unwrap(), 1);
}

#[tokio::test]
async fn sessions_expire_and_ids_are_not_reused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let session = StoredSession { data: "{}".into(), expires_at: NOW.unix() + 60 };
    assert!(db.create_session("abc", &session).await.unwrap());
    assert!(!db.create_session("abc", &session).await.unwrap(), "an id in use is not overwritten");
    assert_eq!(db.load_session("abc", NOW).await.unwrap(), Some(session.clone()));
    let later = Timestamp::from_unix(NOW.unix() + 61);
    assert_eq!(db.load_session("abc", later).await.unwrap(), None, "expired sessions do not load");
    assert_eq!(db.delete_expired_sessions(later).await.unwrap(), 1);
}

#[tokio::test]
async fn opening_a_shop_makes_a_seller_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let margaux = account(&db, "margaux@example.fr").await;
    let louis = account(&db, "louis@example.fr").await;
    let id = db.open_shop(margaux, &shop("atelier-margaux"), NOW).await.unwrap();
    assert_eq!(db.account(margaux).await.unwrap().unwrap().role, Role::Seller);
    assert_eq!(db.shop_of(margaux).await.unwrap().unwrap().id, id);

    let second = db.open_shop(margaux, &shop("encore"), NOW).await;
    assert!(matches!(second, Err(Error::Conflict { field: "owner" })), "{second:?}");
    let taken = db.open_shop(louis, &shop("atelier-margaux"), NOW).await;
    assert!(matches!(taken, Err(Error::Conflict { field: "slug" })), "{taken:?}");
    assert!(db.shop_of(louis).await.unwrap().is_none());
}

#[tokio::test]
async fn listings_are_written_edited_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let owner = account(&db, "margaux@example.fr").await;
    let shop_id = db.open_shop(owner, &shop("atelier"), NOW).await.unwrap();

    let id = db.create_listing(shop_id, &listing("Collier lune"), ListingState::Draft, NOW).await.unwrap();
    assert!(browsing(&db).await.is_empty(), "drafts are not listed");

    db.set_listing_photos(id, &[photo(1), photo(2)], NOW).await.unwrap();
    db.set_listing_state(id, ListingState::Active, NOW).await.unwrap();
    assert_eq!(browsing(&db).await, ["Collier lune"]);

    let mut edited = listing("Collier soleil");
    edited.tags = vec!["soleil".into()];
    db.update_listing(id, &edited, ListingState::Active, NOW).await.unwrap();
    db.set_listing_photos(id, &[photo(2), photo(1)], NOW).await.unwrap();
    let detail = db.listing(id).await.unwrap().unwrap();
    assert_eq!(detail.title, "Collier soleil");
    assert_eq!(detail.tags, ["soleil"]);
    assert_eq!(detail.materials, ["laiton"]);
    assert_eq!(detail.photos, [photo(2), photo(1)], "the new order holds, the first is the cover");
    assert_eq!(detail.shop.owner, owner);

    let own = db.shop_listings_for_seller(shop_id, 0, 10).await.unwrap();
    assert_eq!(own.len(), 1);
    db.delete_listing(id).await.unwrap();
    assert!(db.listing(id).await.unwrap().is_none());
    assert_eq!(db.count_shop_listings_for_seller(shop_id).await.unwrap(), 0);
}

#[tokio::test]
async fn away_and_suspended_shops_leave_the_browsing_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let owner = account(&db, "margaux@example.fr").await;
    let shop_id = db.open_shop(owner, &shop("atelier"), NOW).await.unwrap();
    db.create_listing(shop_id, &listing("Avant"), ListingState::Active, NOW).await.unwrap();

    db.set_shop_holiday(shop_id, true).await.unwrap();
    // A listing created while away is not listed either.
    db.create_listing(shop_id, &listing("Pendant"), ListingState::Active, NOW).await.unwrap();
    assert!(browsing(&db).await.is_empty());
    let own_page = ListingFilter { shop: Some(shop_id), ..ListingFilter::default() };
    let page = db.listings(&own_page, ListingSort::Newest, &Window::Offset { offset: 0, limit: 10 }).await.unwrap();
    assert_eq!(page.cards.len(), 2, "the shop's own page still shows them");
    assert!(db.shop(shop_id).await.unwrap().unwrap().on_holiday);

    db.set_shop_holiday(shop_id, false).await.unwrap();
    assert_eq!(browsing(&db).await.len(), 2);

    db.set_shop_suspended(shop_id, true, NOW).await.unwrap();
    assert!(browsing(&db).await.is_empty());
    assert!(db.shop(shop_id).await.unwrap().unwrap().suspended);
    db.set_shop_suspended(shop_id, false, NOW).await.unwrap();
    assert_eq!(browsing(&db).await.len(), 2);
}

#[tokio::test]
async fn favourites_count_once_per_buyer() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let owner = account(&db, "margaux@example.fr").await;
    let buyer = account(&db, "louis@example.fr").await;
    let shop_id = db.open_shop(owner, &shop("atelier"), NOW).await.unwrap();
    let id = db.create_listing(shop_id, &listing("Collier"), ListingState::Active, NOW).await.unwrap();

    assert!(db.add_favourite(buyer, id, NOW).await.unwrap());
    assert!(!db.add_favourite(buyer, id, NOW).await.unwrap());
    assert!(db.is_favourite(buyer, id).await.unwrap());
    assert_eq!(db.listing(id).await.unwrap().unwrap().favourite_count, 1);
    assert_eq!(db.favourites(buyer, 0, 10).await.unwrap().len(), 1);

    db.set_listing_state(id, ListingState::Inactive, NOW).await.unwrap();
    assert_eq!(db.count_favourites(buyer).await.unwrap(), 0, "withdrawn listings drop out of the list");

    assert!(db.remove_favourite(buyer, id).await.unwrap());
    assert!(!db.remove_favourite(buyer, id).await.unwrap());
    assert_eq!(db.listing(id).await.unwrap().unwrap().favourite_count, 0);
}

#[tokio::test]
async fn api_tokens_find_their_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    let owner = account(&db, "margaux@example.fr").await;
    let hash = "a".repeat(64);
    db.create_api_token(owner, &hash, "script", NOW).await.unwrap();
    assert_eq!(db.account_by_token(&hash).await.unwrap().unwrap().id, owner);
    assert!(db.delete_api_token(&hash).await.unwrap());
    assert!(db.account_by_token(&hash).await.unwrap().is_none());
}
