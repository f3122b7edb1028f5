//! `/healthz`, `/readyz`, `/metrics`, request ids and graceful shutdown.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(app.page("/healthz", StatusCode::OK).await, "ok\n");
    let ready = app.json("/readyz", StatusCode::OK).await;
    assert_eq!(ready["ready"], true);
    assert_eq!(ready["state"], "serving");
    assert_eq!(ready["database"], "ok");
}

#[tokio::test]
async fn metrics_count_requests_per_route_class() {
    let app = TestApp::spawn().await;
    app.page("/c/bijoux", StatusCode::OK).await;
    app.json("/api/v1/categories", StatusCode::OK).await;
    app.page("/listing/99999999", StatusCode::NOT_FOUND).await;
    let metrics = app.page("/metrics", StatusCode::OK).await;
    for expected in [
        "echoppe_http_requests_total{class=\"page\",route=\"/c/{slug}\",method=\"GET\",status=\"200\"}",
        "echoppe_http_requests_total{class=\"api\",route=\"/api/v1/categories\",method=\"GET\",status=\"200\"}",
        "route=\"/listing/{id}\",method=\"GET\",status=\"404\"",
        "echoppe_http_request_duration_seconds_bucket{class=\"page\",route=\"/c/{slug}\",le=\"0.005\"}",
        "echoppe_db_pool_connections{pool=\"read\",state=\"open\"}",
        "echoppe_photo_cache_bytes",
    ] {
        assert!(metrics.contains(expected), "/metrics has {expected}");
    }
}

/// `/metrics` tells how busy the shop is: only this machine, or whoever
/// holds the operator's token, reads it; health and readiness stay open.
#[tokio::test]
async fn metrics_are_for_the_operator_and_health_is_for_everyone() {
    let app = TestApp::spawn().await;
    let proxied = app.client.get(app.url("/metrics")).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
    assert_eq!(proxied.status(), StatusCode::UNAUTHORIZED, "a visitor through a proxy on this machine");
    assert!(proxied.text().await.unwrap().contains("--metrics-token"), "the answer says how to read it");
    for open in ["/healthz", "/readyz"] {
        let answer = app.client.get(app.url(open)).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{open} stays open");
    }

    let app = TestApp::spawn_with(|s| s.metrics_token = "jeton-prometheus".to_owned()).await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::UNAUTHORIZED, "with a token set, even locally");
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("autre").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let scrape = app.client.get(app.url("/metrics")).bearer_auth("jeton-prometheus").send().await.unwrap();
    assert_eq!(scrape.status(), StatusCode::OK);
    assert!(scrape.text().await.unwrap().contains("echoppe_"));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a generated UUID: {id}");
    let given = app.client.get(app.url("/healthz")).header("x-request-id", "trace-me-42").send().await.unwrap();
    assert_eq!(given.headers()["x-request-id"], "trace-me-42", "a caller's id is kept");
}

#[tokio::test]
async fn shutdown_drains_then_finishes_in_flight_requests() {
    let mut app = TestApp::spawn_with(|settings| settings.drain_delay = 1).await;
    // A keep-alive connection opened before the shutdown keeps working during the drain.
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    // The first request of a never-rendered variant takes a while: it is in flight.
    let summary = &app.json("/api/v1/listings?limit=1", StatusCode::OK).await["listings"][0];
    let key = summary["cover"]["key"].as_str().unwrap();
    let slow = app.client.get(app.url(&format!("/media/{key}/1280.webp"))).send();

    app.begin_shutdown();
    let (slow, ready) = tokio::join!(slow, async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.get("/readyz").await
    });
    assert_eq!(slow.unwrap().status(), StatusCode::OK, "the in-flight request finished");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "not ready while draining");
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["state"], "draining");

    tokio::time::timeout(Duration::from_secs(10), app.stopped()).await.expect("stops within the grace").unwrap();
    assert!(app.client.get(app.url("/healthz")).send().await.is_err(), "the listener is closed");
}
