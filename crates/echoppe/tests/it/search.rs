//! `/search`, `/api/v1/search`, `/api/v1/suggest`: results from the seeded
//! catalogue, freshness after a seller's change, and odd input.

use crate::browser::Browser;
use crate::helpers::{TestApp, escaped};
use reqwest::StatusCode;
use serde_json::Value;
use std::time::{Duration, Instant};

/// A word from the title of a seeded listing, and that listing's title.
async fn a_title_word(app: &TestApp) -> (String, String) {
    let list = app.json("/api/v1/listings?limit=1&category=bijoux", StatusCode::OK).await;
    let title = list["listings"][0]["title"].as_str().unwrap().to_owned();
    let word = title.split_whitespace().find(|w| w.chars().count() >= 5).unwrap().to_owned();
    (word, title)
}

#[tokio::test]
async fn the_search_page_shows_results_facets_and_filters() {
    let app = TestApp::spawn().await;
    let (word, title) = a_title_word(&app).await;
    let html = app.page(&format!("/search?q={}", urlencode(&word)), StatusCode::OK).await;
    assert!(html.contains(&escaped(&title)), "the listing is found by a word of its title");
    assert!(html.contains("Catégories") && html.contains("Pertinence"));
    assert!(html.contains(&format!(r#"name="q" value="{}""#, escaped(&word))), "the box shows the search");
    let api = app.json(&format!("/api/v1/search?q={}", urlencode(&word)), StatusCode::OK).await;
    assert!(api["total"].as_u64().unwrap() >= 1);
    assert!(api["listings"].as_array().unwrap().iter().any(|l| l["title"] == title.as_str()));
    let category = api["facets"]["categories"][0]["value"].as_str().unwrap().to_owned();
    let narrowed = app
        .json(&format!("/api/v1/search?q={}&category={category}&sort=price_asc", urlencode(&word)), StatusCode::OK)
        .await;
    let prices: Vec<i64> =
        narrowed["listings"].as_array().unwrap().iter().map(|l| l["price"]["amount_cents"].as_i64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "sorted by price: {prices:?}");
}

#[tokio::test]
async fn a_published_listing_is_found_within_a_second() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "fresh@example.fr", "Atelier Frais").await;
    let id = maker.create_listing("Broche zébulonite").await;
    let page = format!("/sell/listings/{id}");
    maker.upload(&page, &format!("{page}/photos"), "photos", vec![("a.jpg", crate::browser::jpeg(3))]).await;
    let published = Instant::now();
    maker.submit(&page, &format!("{page}/publish"), &[]).await.redirects_to(&page);
    let found = wait_for(&app, "/api/v1/search?q=zebulonite", |body| body["total"] == 1).await;
    println!("published → found in {found:?}");

    // Withdrawn: gone from search just as fast.
    maker.submit(&page, &format!("{page}/deactivate"), &[]).await.redirects_to(&page);
    let gone = wait_for(&app, "/api/v1/search?q=zebulonite", |body| body["total"] == 0).await;
    println!("withdrawn → gone in {gone:?}");
    assert!(published.elapsed() < Duration::from_secs(10));
}

/// Polls `path` until `done` holds; returns how long it took. Fails after five
/// seconds (the promise is one; the margin is for a loaded test machine).
async fn wait_for(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        let body = app.json(path, StatusCode::OK).await;
        if done(&body) {
            return started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{path} still answers {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn odd_searches_never_fail() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(10_000);
    for q in ["\"", "collier:lune", "coll*", "(", "\"unbalanced", "🌙✨", "%00%07", "la le de", &long] {
        let path = format!("/search?q={}", urlencode(q));
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let api = app.get(&format!("/api/v1/search?q={}", urlencode(q))).await;
        assert_eq!(api.status(), StatusCode::OK, "API {q:?}");
    }
    let html = app.page(&format!("/search?q={}", urlencode(&long)), StatusCode::OK).await;
    assert!(html.contains("Votre recherche a été raccourcie à 200 caractères."));
    let api = app.json(&format!("/api/v1/search?q={long}"), StatusCode::OK).await;
    assert_eq!(api["notices"][0], "Votre recherche a été raccourcie à 200 caractères.");
}

#[tokio::test]
async fn empty_searches_browse_and_unknown_filters_are_said() {
    let app = TestApp::spawn().await;
    let html = app.page("/search", StatusCode::OK).await;
    assert!(html.contains("parcourez les catégories") && html.contains(r#"href="/c/bijoux""#));
    let response = app.get("/search?q=&category=bijoux&min_price=10").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/c/bijoux?min_price=10");

    let html = app.page("/search?q=collier&category=fusees&material=kryptonite", StatusCode::OK).await;
    assert!(html.contains(&escaped("La catégorie « fusees » n'existe pas : ce filtre est ignoré.")));
    assert!(html.contains(&escaped("Le matériau « kryptonite » n'existe pas : ce filtre est ignoré.")));
    for (query, param) in
        [("category=fusees", "category"), ("material=kryptonite", "material"), ("location=atlantis", "location")]
    {
        let body = app.json(&format!("/api/v1/search?q=collier&{query}"), StatusCode::BAD_REQUEST).await;
        assert_eq!(body["error"]["field"], param);
    }
    for (query, param) in
        [("min_price=abc", "min_price"), ("sort=cheapest", "sort"), ("page=0", "page"), ("limit=500", "limit")]
    {
        app.page(&format!("/search?q=collier&{query}"), StatusCode::BAD_REQUEST).await;
        let body = app.json(&format!("/api/v1/search?q=collier&{query}"), StatusCode::BAD_REQUEST).await;
        assert_eq!(body["error"]["field"], param);
    }
}

#[tokio::test]
async fn no_results_suggest_a_spelling_and_categories() {
    let app = TestApp::spawn().await;
    let html = app.page("/search?q=zzqqxxyy", StatusCode::OK).await;
    assert!(html.contains("Aucune création ne correspond à cette recherche."));
    assert!(html.contains(r#"href="/c/bijoux""#), "categories to browse instead");
    let (word, _) = a_title_word(&app).await;
    let mut misspelt: Vec<char> = word.to_lowercase().chars().collect();
    // One slip of the fingers: a word of five letters or more is forgiven one.
    misspelt.swap(1, 2);
    let misspelt: String = misspelt.into_iter().collect();
    let api = app.json(&format!("/api/v1/search?q={}", urlencode(&misspelt)), StatusCode::OK).await;
    if api["total"] == 0 {
        assert!(api["correction"].is_string(), "{word} misspelt {misspelt}: {api}");
    }
}

#[tokio::test]
async fn suggestions_come_as_you_type() {
    let app = TestApp::spawn().await;
    let body = app.json("/api/v1/suggest?q=bij", StatusCode::OK).await;
    let first = &body["suggestions"][0];
    assert_eq!(first["url"], "/c/bijoux");
    let (word, _) = a_title_word(&app).await;
    let prefix: String = word.to_lowercase().chars().take(4).collect();
    let body = app.json(&format!("/api/v1/suggest?q={}", urlencode(&prefix)), StatusCode::OK).await;
    assert!(!body["suggestions"].as_array().unwrap().is_empty(), "{prefix}: {body}");
    assert_eq!(app.json("/api/v1/suggest?q=", StatusCode::OK).await["suggestions"], serde_json::json!([]));
    let doc = app.json("/api/v1/openapi.json", StatusCode::OK).await;
    assert!(doc["paths"]["/api/v1/search"]["get"].is_object() && doc["paths"]["/api/v1/suggest"]["get"].is_object());
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
