//! Who may change what: every seller route tried by another seller (IDOR),
//! and the admin-only pages tried by everyone else.

use crate::browser::{Browser, jpeg};
use crate::helpers::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn a_seller_cannot_touch_another_sellers_listing() {
    let app = TestApp::spawn().await;
    let alice = Browser::seller(&app, "alice@example.fr", "Chez Alice").await;
    let bob = Browser::seller(&app, "bob@example.fr", "Chez Bob").await;
    let id = alice.published_listing("Le collier d'Alice").await;
    let draft = alice.create_listing("Le brouillon d'Alice").await;
    let before = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    let photo_key = before["photos"][0]["key"].as_str().unwrap().to_owned();

    // Bob's token is valid for Bob's session; the ids are Alice's.
    let token = bob.csrf("/sell").await;
    for target in [id, draft] {
        let page = format!("/sell/listings/{target}");
        assert_eq!(bob.get(&page).await.0, StatusCode::NOT_FOUND, "GET {page}");
        let edit =
            [("csrf", token.as_str()), ("title", "Volé"), ("category", "colliers"), ("price", "1"), ("quantity", "1")];
        let attempts: [(String, Vec<(&str, &str)>); 5] = [
            (page.clone(), edit.to_vec()),
            (format!("{page}/publish"), vec![("csrf", &token)]),
            (format!("{page}/deactivate"), vec![("csrf", &token)]),
            (format!("{page}/delete"), vec![("csrf", &token)]),
            (format!("{page}/photos/arrange"), vec![("csrf", &token), ("key", &photo_key), ("action", "remove")]),
        ];
        for (action, fields) in attempts {
            assert_eq!(bob.post(&action, &fields).await.status, StatusCode::NOT_FOUND, "POST {action}");
        }
        let form = reqwest::multipart::Form::new()
            .text("csrf", token.clone())
            .part("photos", reqwest::multipart::Part::bytes(jpeg(9)).file_name("x.jpg"));
        let response = bob.client.post(bob.url(&format!("{page}/photos"))).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "upload to {page}");
    }
    let after = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    assert_eq!(before, after, "Alice's listing is untouched");
    assert_eq!(alice.get(&format!("/sell/listings/{draft}")).await.0, StatusCode::OK, "and her draft still exists");
    assert!(!bob.page("/sell", StatusCode::OK).await.contains("Alice"), "Bob's dashboard lists only his own");
}

#[tokio::test]
async fn buyers_have_no_seller_pages_and_no_admin_pages() {
    let app = TestApp::spawn().await;
    let buyer = Browser::signed_up(&app, "buyer@example.fr", "Acheteur").await;
    let seller = Browser::seller(&app, "seller@example.fr", "Boutique").await;
    let id = seller.published_listing("Vase").await;
    let response = buyer.client.get(buyer.url(&format!("/sell/listings/{id}"))).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/sell/shop/new", "a buyer has no listings to edit");
    let response = buyer.client.get(buyer.url("/sell/listings/new")).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/sell/shop/new", "no shop yet: open one first");
    assert_eq!(buyer.get("/admin").await.0, StatusCode::FORBIDDEN);
    let db = app.db().await;
    let (shop,): (i64,) =
        sqlx::query_as(app.sql("SELECT id FROM shops WHERE slug = 'boutique'")).fetch_one(&db).await.unwrap();
    let token = buyer.csrf("/").await;
    for browser in [&buyer, &seller] {
        let token = if std::ptr::eq(browser, &buyer) { token.clone() } else { seller.csrf("/sell").await };
        let answer = browser
            .post(&format!("/admin/shops/{shop}/standing"), &[("csrf", token.as_str()), ("action", "suspend")])
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(&format!("/listing/{id}")).await.status(), StatusCode::OK, "nothing was suspended");
}
