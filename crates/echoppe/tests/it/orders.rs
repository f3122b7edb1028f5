//! `POST /api/v1/orders`: placing checkouts, idempotent retries, and the
//! promise that an acknowledged order survives the process being killed.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Listings with plenty of stock, and their prices: (id, cents).
async fn stocked(app: &TestApp, how_many: i64) -> Vec<(i64, i64)> {
    let db = app.db().await;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        app.sql("SELECT l.id, l.price_cents FROM listings l WHERE l.state = 'active' AND l.shop_listed = 1 ORDER BY l.id LIMIT ?"),
    )
    .bind(how_many)
    .fetch_all(&db)
    .await
    .unwrap();
    for (id, _) in &rows {
        sqlx::query(app.sql("UPDATE listings SET quantity = 900000 WHERE id = ?")).bind(id).execute(&db).await.unwrap();
    }
    db.close().await;
    rows
}

fn body(items: &[(i64, i64, i64)]) -> Value {
    json!({
        "email": "ines@example.fr",
        "address": {"name": "Inès Martin", "line1": "12 rue des Lilas", "postcode": "44000", "city": "Nantes", "country": "FR"},
        "items": items.iter().map(|(id, quantity, cents)| json!({"listing_id": id, "quantity": quantity, "unit_price_cents": cents})).collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn a_checkout_is_placed_once_whatever_the_retries() {
    let app = TestApp::spawn().await;
    let items = stocked(&app, 2).await;
    let request = body(&[(items[0].0, 2, items[0].1), (items[1].0, 1, items[1].1)]);
    let post = |key: &str, body: &Value| {
        app.client.post(app.url("/api/v1/orders")).header("idempotency-key", key).json(body).send()
    };
    let first = post("retry-1", &request).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let number = first["orders"][0]["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with('E') && number.len() == 10, "{number}");
    assert_eq!(first["orders"][0]["status"], "paid");
    assert_eq!(first["payment"]["outcome"], "paid");

    let again: Value = post("retry-1", &request).await.unwrap().json().await.unwrap();
    assert_eq!(again, first, "the same key and body: the same answer");
    let other = post("retry-1", &body(&[(items[0].0, 1, items[0].1)])).await.unwrap();
    assert_eq!(other.status(), StatusCode::CONFLICT);

    let stale = post("retry-2", &body(&[(items[0].0, 1, items[0].1 + 1)])).await.unwrap();
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stale: Value = stale.json().await.unwrap();
    assert!(stale["error"]["fields"]["items"].as_str().unwrap().contains("est maintenant de"), "{stale}");
    let bad: Value = post("retry-3", &json!({"email": "x", "address": {"name": "", "line1": "", "postcode": "", "city": "", "country": "JP"}, "items": []}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for field in ["email", "name", "line1", "postcode", "city", "country"] {
        assert!(bad["error"]["fields"][field].is_string(), "{field}: {bad}");
    }
    let empty = post("retry-4", &body(&[])).await.unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Kills the server with SIGKILL while orders pour in, three times, and
/// checks that every order it acknowledged is in the database.
#[tokio::test]
async fn acknowledged_orders_survive_a_kill() {
    // The test app only prepares the data directory; the real binary serves it.
    let mut app = TestApp::spawn().await;
    app.begin_shutdown();
    app.stopped().await.unwrap();
    let data = app.dir.path().to_path_buf();
    let items = stocked(&app, 5).await;
    let mut acknowledged: Vec<i64> = Vec::new();
    for round in 0..3 {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_echoppe"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--data"])
            .arg(&data)
            .args(["--database-url", &app.database_url()])
            .env_remove("ECHOPPE_CONFIG")
            .env("ECHOPPE_LOG", "warn")
            // A payment service too small for the load: some checkouts are
            // paid, the others fall to "pay later"; both must survive.
            .env("ECHOPPE_PAYMENT_LATENCY_MS", "5")
            .env("ECHOPPE_PAYMENT_CAPACITY", "4")
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let started = Instant::now();
        while client.get(format!("{base}/readyz")).send().await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let clients: Vec<_> = (0..16)
            .map(|n| {
                let (client, base, items) = (client.clone(), base.clone(), items.clone());
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    let (id, cents) = items[n % items.len()];
                    for _ in 0..10_000 {
                        let sent =
                            client.post(format!("{base}/api/v1/orders")).json(&body(&[(id, 1, cents)])).send().await;
                        let Ok(response) = sent else { break };
                        if response.status() != StatusCode::CREATED {
                            break;
                        }
                        // Acknowledged: from here on it must never be lost.
                        let Ok(answer) = response.json::<Value>().await else { break };
                        mine.extend(answer["orders"].as_array().into_iter().flatten().filter_map(|o| o["id"].as_i64()));
                    }
                    mine
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill().unwrap();
        server.wait().unwrap();
        for client in clients {
            acknowledged.extend(client.await.unwrap());
        }
        assert!(!acknowledged.is_empty(), "round {round} placed orders before the kill");
    }
    let db = app.db().await;
    let mut missing = Vec::new();
    for id in &acknowledged {
        let found: Option<(i64,)> = sqlx::query_as(app.sql(
            "SELECT o.id FROM orders o WHERE o.id = ? AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)",
        ))
        .bind(id)
        .fetch_optional(&db)
        .await
        .unwrap();
        if found.is_none() {
            missing.push(*id);
        }
    }
    println!("{} acknowledged orders over three kills, {} missing", acknowledged.len(), missing.len());
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
}

/// Fifty buyers at once for the last piece: exactly one order, on every
/// engine and under its isolation level; the others are told it is gone.
#[tokio::test]
async fn fifty_buyers_for_the_last_piece_make_exactly_one_order() {
    let app = TestApp::spawn().await;
    let (listing, cents) = stocked(&app, 1).await[0];
    let db = app.db().await;
    sqlx::query(app.sql("UPDATE listings SET quantity = 1 WHERE id = ?")).bind(listing).execute(&db).await.unwrap();
    let buyers: Vec<_> = (0..50)
        .map(|n| {
            let mut request = body(&[(listing, 1, cents)]);
            request["email"] = json!(format!("acheteuse-{n}@example.fr"));
            let post = app.client.post(app.url("/api/v1/orders")).json(&request).send();
            tokio::spawn(async move { post.await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for buyer in buyers {
        statuses.push(buyer.await.unwrap());
    }
    let placed = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    assert_eq!(placed, 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || s.is_client_error()), "{statuses:?}");
    let (sold,): (i64,) = sqlx::query_as(app.sql("SELECT count(*) FROM order_items WHERE listing_id = ?"))
        .bind(listing)
        .fetch_one(&db)
        .await
        .unwrap();
    let (left,): (i64,) = sqlx::query_as(app.sql("SELECT quantity FROM listings WHERE id = ?"))
        .bind(listing)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((sold, left), (1, 0));
}

/// The same `Idempotency-Key` sent twenty times at once: one checkout, and
/// every answer that says "placed" names its orders.
#[tokio::test]
async fn the_same_key_twenty_times_at_once_makes_one_checkout() {
    let app = TestApp::spawn().await;
    let items = stocked(&app, 1).await;
    let request = body(&[(items[0].0, 1, items[0].1)]);
    let posts: Vec<_> = (0..20)
        .map(|_| {
            let post = app
                .client
                .post(app.url("/api/v1/orders"))
                .header("idempotency-key", "twenty-at-once")
                .json(&request)
                .send();
            tokio::spawn(async move {
                let response = post.await.unwrap();
                (response.status(), response.json::<Value>().await.unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for post in posts {
        let (status, answer) = post.await.unwrap();
        assert!(status == StatusCode::CREATED || status == StatusCode::CONFLICT, "{status}: {answer}");
        if status == StatusCode::CREATED {
            numbers.push(answer["orders"][0]["number"].as_str().unwrap().to_owned());
        }
    }
    numbers.dedup();
    assert_eq!(numbers.len(), 1, "every placed answer names the same order: {numbers:?}");
    let (checkouts,): (i64,) =
        sqlx::query_as(app.sql("SELECT count(DISTINCT checkout_id) FROM orders WHERE email = 'ines@example.fr'"))
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(checkouts, 1);
}
