//! The database going away while echoppe serves, and coming back: on the
//! server engines, through a cut in the connection (a loopback proxy the
//! test opens and closes, so the shared test server keeps serving the
//! other tests). SQLite is a file in the process: it cannot go away so.

use crate::helpers::{TestApp, cuttable_proxy, engine, host_and_port, server_url};
use echoppe_storage::Backend;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn order(listing: i64, cents: i64) -> Value {
    json!({
        "email": "ines@example.fr",
        "address": {"name": "Inès Martin", "line1": "12 rue des Lilas", "postcode": "44000", "city": "Nantes", "country": "FR"},
        "items": [{"listing_id": listing, "quantity": 1, "unit_price_cents": cents}],
    })
}

#[tokio::test]
async fn while_the_database_is_away_pages_are_served_writes_wait_and_it_is_rejoined() {
    let engine = engine();
    if engine == Backend::Sqlite {
        return;
    }
    let server = host_and_port(&server_url(engine).unwrap());
    let (proxy, open) = cuttable_proxy(server.clone()).await;
    let app = TestApp::spawn_with(|s| {
        s.database_url = s.database_url.replacen(&server, &proxy, 1);
        s.page_cache = true;
        s.db_acquire_timeout = 2;
    })
    .await;
    let direct = app.database_url().replacen(&proxy, &server, 1);
    let listing = app.first_listing().await;
    let page = app.page(&format!("/listing/{listing}"), StatusCode::OK).await;
    let cents: i64 = crate::helpers::between(&page, r#"name="seen" value=""#, "\"")[0].parse().unwrap();
    let post = || app.client.post(app.url("/api/v1/orders")).json(&order(listing, cents)).send();
    assert_eq!(post().await.unwrap().status(), StatusCode::CREATED);
    app.page("/", StatusCode::OK).await;

    open.send_replace(false);
    // The home page is in the page cache: still served.
    app.page("/", StatusCode::OK).await;
    let refused = post().await.unwrap();
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(body["error"]["message"].as_str().unwrap().contains("rien n'a été enregistré"), "{body}");
    assert_eq!(app.get("/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);

    open.send_replace(true);
    let started = Instant::now();
    loop {
        let status = post().await.unwrap().status();
        if status == StatusCode::CREATED {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "echoppe did not reconnect: {status}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The order refused while away was not written; the two acknowledged were.
    let db = sqlx::AnyPool::connect(&direct).await.unwrap();
    let (orders,): (i64,) = sqlx::query_as(app.sql("SELECT count(*) FROM orders WHERE email = 'ines@example.fr'"))
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(orders, 2);
}
