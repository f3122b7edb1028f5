//! The JSON API under `/api/v1` and its OpenAPI document.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashSet;

async fn public_count(app: &TestApp) -> i64 {
    sqlx::query_scalar(app.sql("SELECT count(*) FROM listings WHERE state IN ('active', 'sold_out')"))
        .fetch_one(&app.db().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn categories_come_as_a_tree_with_counts() {
    let app = TestApp::spawn().await;
    let tree = app.json("/api/v1/categories", StatusCode::OK).await;
    let tops = tree["categories"].as_array().unwrap();
    assert_eq!(tops.len(), 10);
    let mut total = 0;
    for top in tops {
        let children = top["children"].as_array().unwrap();
        assert!(children.len() >= 4, "{} has sub-categories", top["slug"]);
        let below: i64 = children.iter().map(|c| c["listing_count"].as_i64().unwrap()).sum();
        assert_eq!(top["listing_count"].as_i64().unwrap(), below);
        assert_eq!(top["url"], format!("/c/{}", top["slug"].as_str().unwrap()));
        total += below;
    }
    assert_eq!(total, public_count(&app).await, "every public listing is counted once");
}

#[tokio::test]
async fn cursors_walk_the_whole_catalogue_once() {
    let app = TestApp::spawn().await;
    let mut seen = HashSet::new();
    let mut path = "/api/v1/listings?limit=100".to_owned();
    let mut previous: Option<String> = None;
    loop {
        let page = app.json(&path, StatusCode::OK).await;
        for listing in page["listings"].as_array().unwrap() {
            assert!(seen.insert(listing["id"].as_i64().unwrap()), "no listing twice");
            let created = listing["created_at"].as_str().unwrap().to_owned();
            if let Some(previous) = &previous {
                assert!(&created <= previous, "newest first");
            }
            previous = Some(created);
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/listings?limit=100&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, public_count(&app).await);
}

#[tokio::test]
async fn listings_filter_and_sort() {
    let app = TestApp::spawn().await;
    let page = app
        .json("/api/v1/listings?category=bijoux&min_price=10&max_price=80&sort=price_asc&limit=100", StatusCode::OK)
        .await;
    let listings = page["listings"].as_array().unwrap();
    assert!(!listings.is_empty());
    let prices: Vec<i64> = listings.iter().map(|l| l["price"]["amount_cents"].as_i64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "ascending prices");
    assert!(prices.iter().all(|p| (1_000..=8_000).contains(p)), "within the range");
    for listing in listings {
        let detail = app.json(&format!("/api/v1/listings/{}", listing["id"]), StatusCode::OK).await;
        assert_eq!(detail["category_path"][0]["slug"], "bijoux");
    }

    let first = &listings[0];
    let shop = first["shop"]["slug"].as_str().unwrap();
    let of_shop = app.json(&format!("/api/v1/listings?shop={shop}&limit=100"), StatusCode::OK).await;
    assert!(of_shop["listings"].as_array().unwrap().iter().all(|l| l["shop"]["slug"] == shop));

    let loved = app.json("/api/v1/listings?sort=popular&limit=20", StatusCode::OK).await;
    let ids: Vec<i64> = loved["listings"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    let mut counts = Vec::new();
    for id in ids {
        counts.push(
            app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await["favourite_count"].as_i64().unwrap(),
        );
    }
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most favourited first: {counts:?}");
}

#[tokio::test]
async fn a_listing_has_its_details_photos_and_shop() {
    let app = TestApp::spawn().await;
    let summary = &app.json("/api/v1/listings?limit=1", StatusCode::OK).await["listings"][0];
    let id = summary["id"].as_i64().unwrap();
    let listing = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    assert_eq!(listing["title"], summary["title"]);
    assert_eq!(listing["price"]["currency"], "EUR");
    assert!(listing["price"]["display"].as_str().unwrap().ends_with('€'));
    assert!(!listing["description"].as_str().unwrap().is_empty());
    assert!(!listing["tags"].as_array().unwrap().is_empty());
    assert!(!listing["materials"].as_array().unwrap().is_empty());
    let photos = listing["photos"].as_array().unwrap();
    assert!(!photos.is_empty());
    assert_eq!(photos[0]["variants"].as_array().unwrap().len(), 8, "4 widths x 2 formats");
    assert_eq!(listing["category_path"].as_array().unwrap().len(), 2);
    assert!(listing["shop"]["listing_count"].as_i64().unwrap() >= 1);
    assert!(listing["created_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn a_shop_comes_with_its_listings() {
    let app = TestApp::spawn().await;
    let slug = app.json("/api/v1/listings?limit=1", StatusCode::OK).await["listings"][0]["shop"]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let shop = app.json(&format!("/api/v1/shops/{slug}?limit=2"), StatusCode::OK).await;
    assert_eq!(shop["slug"], slug.as_str());
    assert!(!shop["name"].as_str().unwrap().is_empty());
    assert!(!shop["description"].as_str().unwrap().is_empty());
    let count = shop["listing_count"].as_i64().unwrap();
    assert_eq!(shop["listings"].as_array().unwrap().len() as i64, count.min(2));
    assert_eq!(shop["next_cursor"].is_string(), count > 2);
}

fn assert_invalid(body: &Value, field: &str) {
    assert_eq!(body["error"]["code"], "invalid_parameter", "{body}");
    assert_eq!(body["error"]["field"], field, "{body}");
    assert!(!body["error"]["message"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn malformed_parameters_are_400s_naming_the_field() {
    let app = TestApp::spawn().await;
    let newest_cursor =
        app.json("/api/v1/listings?limit=1", StatusCode::OK).await["next_cursor"].as_str().unwrap().to_owned();
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("limit=-5", "limit"),
        ("sort=random", "sort"),
        ("min_price=cheap", "min_price"),
        ("min_price=-1", "min_price"),
        ("max_price=1.999", "max_price"),
        ("min_price=30&max_price=3", "max_price"),
        ("category=dragons", "category"),
        ("shop=nobody-here", "shop"),
        ("shop=Not%20A%20Slug", "shop"),
        ("cursor=not-a-cursor", "cursor"),
        (&format!("cursor={newest_cursor}&sort=price_asc"), "cursor"),
    ] {
        let body = app.json(&format!("/api/v1/listings?{query}"), StatusCode::BAD_REQUEST).await;
        assert_invalid(&body, field);
    }
    let body = app.json("/api/v1/listings/abc", StatusCode::BAD_REQUEST).await;
    assert_invalid(&body, "id");
    let body = app.json("/api/v1/shops/whatever?limit=1000", StatusCode::BAD_REQUEST).await;
    assert_invalid(&body, "limit");
}

#[tokio::test]
async fn unknown_resources_are_404s_in_json() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/listings/99999999", "/api/v1/shops/nobody-here", "/api/v1/shops/BAD", "/api/v1/nothing-here"]
    {
        let body = app.json(path, StatusCode::NOT_FOUND).await;
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::spawn().await;
    let doc = app.json("/api/v1/openapi.json", StatusCode::OK).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/categories", "/api/v1/listings", "/api/v1/listings/{id}", "/api/v1/shops/{slug}"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} is documented");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/listings"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["category", "shop", "min_price", "max_price", "sort", "limit", "cursor"] {
        assert!(params.contains(&name), "{name} is documented");
    }
    for schema in ["ListingList", "ListingDto", "ShopDto", "CategoryTree", "ErrorBody", "Price"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema} is described");
    }
    let writes = [
        ("/api/v1/tokens", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/shop", "post"),
        ("/api/v1/shop", "put"),
        ("/api/v1/shop/listings", "post"),
        ("/api/v1/shop/listings/{id}", "put"),
        ("/api/v1/shop/listings/{id}", "delete"),
        ("/api/v1/shop/listings/{id}/publish", "post"),
        ("/api/v1/shop/listings/{id}/photos", "post"),
        ("/api/v1/favourites/{id}", "put"),
    ];
    for (path, method) in writes {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} is documented");
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["name"], "X-CSRF-Token");
    assert!(doc["paths"]["/api/v1/shop/listings"]["post"]["security"].is_array());
}
