#![expect(clippy::unwrap_used, reason = "a panic is how a test reports failure")]

//! Search over a small catalogue whose every listing is known: stemming,
//! accents, typos, boosts, filters, sorts, facets, suggestions, corrections
//! and freshness.

use echoppe_domain::{CategoryId, Currency, ListingId, ListingState, Money, ShopId, Slug, Timestamp, UserId};
use echoppe_search::{SearchIndex, SearchQuery, SearchSort};
use echoppe_storage::{Database, DatabaseSettings, ImportBatch, NewListing, NewShop, NewUser};
use std::sync::Arc;
use std::time::Duration;

struct Fixture {
    _dir: tempfile::TempDir,
    db: Database,
    index: SearchIndex,
}

/// (id, shop, category, title, description, tags, materials, euros, state)
type Row =
    (i64, i64, i64, &'static str, &'static str, &'static [&'static str], &'static [&'static str], i64, ListingState);

const CATALOGUE: &[Row] = &[
    (
        1,
        1,
        101,
        "Collier Lune en laiton doré",
        "Un pendentif lune.",
        &["lune", "bohème"],
        &["laiton doré"],
        34,
        ListingState::Active,
    ),
    (
        2,
        1,
        101,
        "Collier perles d'eau douce",
        "Perles baroques.",
        &["mariage"],
        &["perles", "argent"],
        59,
        ListingState::Active,
    ),
    (3, 2, 102, "Bague argent martelé", "Anneau fin.", &["minimaliste"], &["argent"], 42, ListingState::Active),
    (
        4,
        2,
        103,
        "Boucles d'oreilles soleil",
        "Assorties au collier soleil.",
        &["soleil"],
        &["laiton"],
        28,
        ListingState::Active,
    ),
    (5, 3, 402, "Vase en céramique émaillée", "Grès tourné main.", &["vase"], &["grès"], 65, ListingState::Active),
    (6, 3, 404, "Lampe en papier", "Abat-jour en papier washi.", &["lampe"], &["papier"], 80, ListingState::Active),
    (7, 3, 404, "Lame de bois flotté", "Objet décoratif.", &[], &["bois"], 25, ListingState::Active),
    (
        8,
        1,
        105,
        "Bijoux de sac éco-responsables",
        "Cuir récupéré.",
        &["écologique", "cadeau de noël"],
        &["cuir"],
        19,
        ListingState::Active,
    ),
    (9, 1, 101, "Collier brouillon secret", "Pas encore publié.", &[], &[], 10, ListingState::Draft),
    (10, 4, 101, "Collier de la boutique suspendue", "Ne doit pas apparaître.", &[], &[], 10, ListingState::Active),
];

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let settings = DatabaseSettings {
        url: format!("sqlite://{}", dir.path().join("echoppe.db").display()),
        read_connections: 2,
        acquire_timeout: Duration::from_secs(5),
        sqlite_mmap_bytes: 0,
        ..Default::default()
    };
    let db = Database::open(&settings).await.unwrap();
    db.migrate().await.unwrap();
    let when = |n: i64| Timestamp::from_unix(1_700_000_000 + n * 86_400);
    let towns = ["", "Nantes, France", "Lyon, France", "Orléans, France", "Paris, France"];
    let batch = ImportBatch {
        users: (1..=4)
            .map(|id| NewUser {
                id: UserId::new(id),
                email: format!("maker{id}@example.test"),
                display_name: format!("Maker {id}"),
                role: "seller",
                created_at: when(0),
            })
            .collect(),
        shops: (1..=4_i64)
            .map(|id| NewShop {
                id: ShopId::new(id),
                owner: UserId::new(id),
                slug: Slug::parse(&format!("atelier-{id}")).unwrap(),
                name: ["", "Atelier Margaux", "Orfèvre Lyonnais", "Terre et Lumière", "Boutique Fermée"][id as usize]
                    .into(),
                description: String::new(),
                location: towns[id as usize].into(),
                created_at: when(0),
            })
            .collect(),
        listings: CATALOGUE
            .iter()
            .map(|&(id, shop, category, title, description, tags, materials, euros, state)| NewListing {
                id: ListingId::new(id),
                shop: ShopId::new(shop),
                category: CategoryId::new(category),
                title: title.into(),
                description: description.into(),
                price: Money::new(euros * 100, Currency::EUR).unwrap(),
                quantity: 3,
                state,
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                materials: materials.iter().map(|m| (*m).to_owned()).collect(),
                photos: Vec::new(),
                created_at: when(id),
                updated_at: when(id),
            })
            .collect(),
        favourites: Vec::new(),
    };
    db.import(batch).await.unwrap();
    db.set_shop_suspended(ShopId::new(4), true, when(20)).await.unwrap();
    let taxonomy = Arc::new(db.taxonomy().await.unwrap());
    let index = SearchIndex::open_or_build(&dir.path().join("search"), &db, taxonomy).await.unwrap();
    Fixture { _dir: dir, db, index }
}

impl Fixture {
    async fn ids(&self, query: SearchQuery) -> Vec<i64> {
        self.index.search(query).await.unwrap().ids.into_iter().map(ListingId::get).collect()
    }

    async fn find(&self, text: &str) -> Vec<i64> {
        self.ids(query(text)).await
    }
}

fn query(text: &str) -> SearchQuery {
    let mut query = SearchQuery { limit: 20, ..SearchQuery::default() };
    query.set_text(text);
    query
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn plurals_accents_and_stop_words_meet() {
    let f = fixture().await;
    let jewels = f.find("bijou").await;
    assert_eq!(jewels.first(), Some(&8), "bijou finds « Bijoux de sac » first");
    assert_eq!(sorted(jewels), [1, 2, 3, 4, 8], "then everything in the Bijoux category");
    assert_eq!(sorted(f.find("colliers").await)[..2], [1, 2], "colliers finds collier");
    assert_eq!(f.find("eco").await, [8], "eco finds éco");
    assert_eq!(f.find("ceramique").await, [5]);
    assert_eq!(f.find("la céramique émaillée").await, [5], "stop words are ignored, every word must match");
}

#[tokio::test]
async fn titles_outrank_descriptions_and_exact_words_outrank_typos() {
    let f = fixture().await;
    assert_eq!(sorted(f.find("collier").await), [1, 2], "a description mentioning a collier is not a collier");
    assert_eq!(f.find("baroques").await, [2], "a word only descriptions use still finds them");
    assert_eq!(f.find("lampe").await, [6, 7], "« lame » is one typo from « lampe »: found, but after it");
    assert_eq!(f.find("lmape").await.first(), Some(&6), "a swapped pair is one typo");
    assert!(f.find("ceramiqeu").await.contains(&5), "nine letters or more tolerate two typos");
    assert!(f.find("vaze").await.is_empty(), "four letters tolerate none");
}

#[tokio::test]
async fn hidden_listings_are_never_found() {
    let f = fixture().await;
    assert!(!f.find("brouillon").await.contains(&9), "drafts");
    assert!(f.find("suspendue").await.is_empty(), "listings of a suspended shop");
}

#[tokio::test]
async fn filters_narrow_and_sorts_order() {
    let f = fixture().await;
    let bijoux = CategoryId::new(1);
    let all_jewels = f.ids(SearchQuery { category: Some(bijoux), limit: 20, ..SearchQuery::default() }).await;
    assert_eq!(sorted(all_jewels), [1, 2, 3, 4, 8], "a top-level category covers its sub-categories");

    let mut cheap = query("soleil");
    cheap.max_price_cents = Some(4000);
    assert_eq!(f.ids(cheap).await, [4]);
    let mut dear = query("collier");
    dear.min_price_cents = Some(4000);
    assert_eq!(f.ids(dear).await, [2]);
    let mut silver = SearchQuery { category: Some(bijoux), limit: 20, ..SearchQuery::default() };
    silver.materials = vec![SearchQuery::keyword("Argent")];
    assert_eq!(sorted(f.ids(silver).await), [2, 3]);
    let in_lyon =
        SearchQuery { location: Some(SearchQuery::town("Lyon, France")), limit: 20, ..SearchQuery::default() };
    assert_eq!(sorted(f.ids(in_lyon).await), [3, 4]);

    let by = |sort| SearchQuery { category: Some(bijoux), sort, limit: 20, ..SearchQuery::default() };
    assert_eq!(f.ids(by(SearchSort::PriceAsc)).await, [8, 4, 1, 3, 2]);
    assert_eq!(f.ids(by(SearchSort::PriceDesc)).await, [2, 3, 1, 4, 8]);
    assert_eq!(f.ids(by(SearchSort::Newest)).await, [8, 4, 3, 2, 1]);
    let second_page = SearchQuery { offset: 2, limit: 2, ..by(SearchSort::PriceAsc) };
    assert_eq!(f.ids(second_page).await, [1, 3], "pages continue where the previous one stopped");
}

#[tokio::test]
async fn facets_count_the_results() {
    let f = fixture().await;
    let results = f.index.search(query("argent")).await.unwrap();
    assert_eq!(results.total, 2);
    let bijoux = results.categories.iter().find(|c| c.value == "bijoux").unwrap();
    assert_eq!((bijoux.label.as_str(), bijoux.count), ("Bijoux", 2));
    let within = SearchQuery { category: Some(CategoryId::new(1)), ..query("argent") };
    let results = f.index.search(within).await.unwrap();
    let labels: Vec<_> = results.categories.iter().map(|c| (c.value.as_str(), c.count)).collect();
    assert_eq!(sorted_pairs(labels), [("bagues", 1), ("colliers", 1)]);
    let towns: Vec<_> = results.locations.iter().map(|l| (l.label.as_str(), l.count)).collect();
    assert_eq!(sorted_pairs(towns), [("Lyon", 1), ("Nantes", 1)]);
    let materials = f.index.search(query("lune")).await.unwrap().materials;
    assert_eq!(materials[0].value, "laiton dore");
    assert_eq!(materials[0].label, "Laiton doré", "shown with its accents");
}

fn sorted_pairs(mut pairs: Vec<(&str, u64)>) -> Vec<(&str, u64)> {
    pairs.sort_unstable();
    pairs
}

#[tokio::test]
async fn suggestions_complete_what_is_typed() {
    let f = fixture().await;
    let texts = |found: Vec<echoppe_search::Suggestion>| found.into_iter().map(|s| s.text).collect::<Vec<_>>();
    let collier = f.index.suggest("coll", 8).await.unwrap();
    assert_eq!(collier[0].category.as_deref(), Some("colliers"), "the category first");
    assert_eq!(collier[1].text, "collier", "then the word most listings use");
    let jewels = f.index.suggest("bij", 8).await.unwrap();
    assert_eq!(jewels[0].category.as_deref(), Some("bijoux"), "categories come first");
    assert!(texts(f.index.suggest("cera", 8).await.unwrap()).contains(&"céramique".to_owned()), "accents are shown");
    assert!(texts(f.index.suggest("collier lu", 8).await.unwrap()).contains(&"collier lune".to_owned()));
    assert!(texts(f.index.suggest("cadeau de", 8).await.unwrap()).contains(&"cadeau de noël".to_owned()), "whole tags");
    assert!(f.index.suggest("", 8).await.unwrap().is_empty());
}

#[tokio::test]
async fn no_results_come_with_a_correction() {
    let f = fixture().await;
    let results = f.index.search(query("vaze")).await.unwrap();
    assert_eq!(results.total, 0);
    assert_eq!(results.correction.as_deref(), Some("vase"));
    assert_eq!(f.index.search(query("zzzzqqq")).await.unwrap().correction, None);
}

#[tokio::test]
async fn odd_queries_are_just_text() {
    let f = fixture().await;
    let long = "collier ".repeat(2_000);
    for text in [
        "\"collier",
        "collier:lune",
        "coll*",
        "(collier",
        "collier)",
        "\"\"\"",
        "🌙 collier ✨",
        "\u{0}\u{7}collier",
        &long,
    ] {
        let found = f.find(text).await;
        assert!(found.contains(&1) || found.is_empty(), "{text:?} → {found:?}");
    }
    assert_eq!(f.find("🌙").await, Vec::<i64>::new());
}

#[tokio::test]
async fn changes_reach_search_through_the_feed() {
    let f = fixture().await;
    let follower = f.index.catch_up(&f.db, None).await.unwrap();
    assert!(f.find("hirondelle").await.is_empty());
    let lamp = f.db.listing(ListingId::new(6)).await.unwrap().unwrap();
    let mut draft = echoppe_domain::ListingDraft {
        title: "Lampe hirondelle".into(),
        description: lamp.description.clone(),
        category: lamp.category,
        price: lamp.price,
        quantity: 2,
        tags: vec![],
        materials: vec!["papier".into()],
    };
    f.db.update_listing(lamp.id, &draft, ListingState::Active, Timestamp::now()).await.unwrap();
    let follower = f.index.catch_up(&f.db, Some(follower)).await.unwrap();
    assert_eq!(f.find("hirondelle").await, [6], "an edit is found");

    draft.quantity = 0;
    f.db.set_listing_state(lamp.id, ListingState::Inactive, Timestamp::now()).await.unwrap();
    let follower = f.index.catch_up(&f.db, Some(follower)).await.unwrap();
    assert!(f.find("hirondelle").await.is_empty(), "a withdrawn listing leaves search");

    f.db.set_shop_holiday(ShopId::new(1), true).await.unwrap();
    let follower = f.index.catch_up(&f.db, Some(follower)).await.unwrap();
    assert!(f.find("collier").await.iter().all(|id| ![1, 2].contains(id)), "a shop away leaves search");

    f.db.set_shop_holiday(ShopId::new(1), false).await.unwrap();
    f.index.catch_up(&f.db, Some(follower)).await.unwrap();
    assert!(f.find("collier").await.contains(&1), "and comes back");
}

#[tokio::test]
async fn a_rebuild_replaces_the_index_while_it_serves() {
    let f = fixture().await;
    let follower = f.index.catch_up(&f.db, None).await.unwrap();
    let dir = f._dir.path().join("search");
    let taxonomy = f.db.taxonomy().await.unwrap();
    let report = echoppe_search::build(&dir, &f.db, &taxonomy, &|_, _| {}).await.unwrap();
    assert_eq!(report.documents, 8);
    assert_eq!(f.find("éco").await, [8], "the old index still answers");
    f.index.catch_up(&f.db, Some(follower)).await.unwrap();
    assert_eq!(f.find("éco").await, [8], "the new one answers after the switch");
    let indexes =
        std::fs::read_dir(&dir).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with("index-"));
    assert!(indexes.count() <= 2, "old indexes are removed once a minute old");
}
