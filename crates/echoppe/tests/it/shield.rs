//! The page cache in front of the storefront: hits, conditional requests,
//! pre-compressed bodies, personal pages left alone, and edits visible
//! within a second.

use crate::browser::Browser;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, ETAG, IF_NONE_MATCH};
use std::time::{Duration, Instant};

async fn cached_app() -> TestApp {
    TestApp::spawn_with(|s| s.page_cache = true).await
}

#[tokio::test]
async fn anonymous_pages_are_served_from_memory_with_validators() {
    let app = cached_app().await;
    let path = format!("/listing/{}", app.first_listing().await);
    // A HEAD first: what it stores is the whole page, not its empty answer.
    let head = app.client.head(app.url("/c/bijoux")).send().await.unwrap();
    assert_eq!((head.status(), head.headers()["x-cache"].to_str().unwrap()), (StatusCode::OK, "miss"));
    let after_head = app.get("/c/bijoux").await;
    assert_eq!(after_head.headers()["x-cache"], "hit");
    assert!(after_head.text().await.unwrap().contains("</html>"), "the stored page is whole");
    let first = app.get(&path).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["x-cache"], "miss");
    let etag = first.headers()[ETAG].clone();
    assert!(first.headers()[CACHE_CONTROL].to_str().unwrap().contains("stale-while-revalidate"));
    let body = first.text().await.unwrap();

    let second = app.get(&path).await;
    assert_eq!(second.headers()["x-cache"], "hit");
    assert_eq!(second.headers()[ETAG], etag);
    assert_eq!(second.text().await.unwrap(), body, "the same page");

    let unchanged = app.client.get(app.url(&path)).header(IF_NONE_MATCH, etag.clone()).send().await.unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert!(unchanged.bytes().await.unwrap().is_empty());
    for hostile in ["\"nope\"", "W/", &"\"x\", ".repeat(1000)] {
        let other = app.client.get(app.url(&path)).header(IF_NONE_MATCH, hostile).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::OK, "{hostile:.20}");
    }

    // Compressed once, when stored: the client gets the coding it takes.
    let client = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap();
    for (accept, coding) in [("br, gzip", Some("br")), ("gzip", Some("gzip")), ("identity", None), ("x;;;q=", None)] {
        let response = client.get(app.url(&path)).header(ACCEPT_ENCODING, accept).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers().get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()), coding, "{accept}");
    }
    let head = app.client.head(app.url(&path)).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    // One validator per coding, so no cache in front mixes them up.
    let brotli = client.get(app.url(&path)).header(ACCEPT_ENCODING, "br").send().await.unwrap();
    assert_ne!(brotli.headers()[ETAG], etag);
    // Parameters the page does not read do not make new entries.
    assert_eq!(app.get(&format!("{path}?utm_source=tv")).await.headers()["x-cache"], "hit");
}

#[tokio::test]
async fn signed_in_pages_are_never_shared() {
    let app = cached_app().await;
    let path = format!("/listing/{}", app.first_listing().await);
    app.get(&path).await;
    let buyer = Browser::signed_up(&app, "ines@example.fr", "Inès").await;
    let response = buyer.client.get(buyer.url(&path)).send().await.unwrap();
    assert!(response.headers().get("x-cache").is_none(), "rendered for this person");
    assert_eq!(response.headers()[CACHE_CONTROL], "private, no-cache");
    assert!(response.text().await.unwrap().contains("Se déconnecter"));
    let anonymous = app.get(&path).await.text().await.unwrap();
    assert!(!anonymous.contains("Se déconnecter"), "the shared page stays anonymous");
}

#[tokio::test]
async fn a_listing_edit_shows_on_its_page_and_in_lists_within_a_second() {
    let app = cached_app().await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let id = seller.published_listing("Bague Lune").await;
    // The cache forgets a changed listing's pages when it next reads the
    // change feed (every 200 ms): let it read the publication first, or it
    // may forget the pages cached just below.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let path = format!("/listing/{id}");
    assert!(app.get(&path).await.text().await.unwrap().contains("Bague Lune"));
    assert_eq!(app.get(&path).await.headers()["x-cache"], "hit");
    // A list showing it: the shop's page.
    assert!(app.get("/shop/atelier-lune").await.text().await.unwrap().contains("Bague Lune"));
    assert_eq!(app.get("/shop/atelier-lune").await.headers()["x-cache"], "hit");

    let edit = format!("/sell/listings/{id}");
    let fields = [
        ("title", "Bague Soleil"),
        ("category", "colliers"),
        ("price", "34,90"),
        ("quantity", "3"),
        ("tags", "lune"),
        ("materials", "laiton"),
        ("description", "Fait main."),
    ];
    assert!(seller.submit(&edit, &edit, &fields).await.status.is_redirection());
    let edited = Instant::now();
    for page in [path.as_str(), "/shop/atelier-lune"] {
        loop {
            if app.get(page).await.text().await.unwrap().contains("Bague Soleil") {
                break;
            }
            assert!(edited.elapsed() < Duration::from_secs(1), "{page}: the old title after {:?}", edited.elapsed());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn warming_fills_the_cache_and_refuses_what_is_not_echoppe() {
    let app = cached_app().await;
    let warm = |target: String| echoppe::warm::WarmArgs { target, listings: 5, concurrency: 4 };
    echoppe::warm::warm(warm(app.address.clone())).await.unwrap();
    for path in ["/", "/c/bijoux"] {
        assert_eq!(app.get(path).await.headers()["x-cache"], "hit", "{path} was warmed");
    }
    let error = echoppe::warm::warm(warm(app.url("/nothing"))).await.unwrap_err();
    assert!(format!("{error:#}").contains("is this an echoppe server"), "{error:#}");
}

/// What the server writes back on a raw connection, until it closes it or
/// `wait` passes.
async fn raw_exchange(app: &TestApp, request: &[u8], wait: Duration) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn slow_and_oversized_requests_are_cut_off() {
    let app = TestApp::spawn_with(|s| s.header_timeout = 1).await;
    // Slowloris: headers that never end. The server gives up after a second.
    let started = Instant::now();
    let answer = raw_exchange(&app, b"GET / HTTP/1.1\r\nHost: echoppe\r\nX-Slow: ", Duration::from_secs(5)).await;
    assert!(started.elapsed() < Duration::from_secs(4), "the connection was closed by the server");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer:.80}");
    // A head far beyond the limit.
    let huge = format!("GET / HTTP/1.1\r\nHost: echoppe\r\nX-Big: {}\r\n\r\n", "a".repeat(200 * 1024));
    let answer = raw_exchange(&app, huge.as_bytes(), Duration::from_secs(5)).await;
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 431"), "{answer:.80}");
    // The server still serves everyone else.
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn idle_connections_and_trickled_bodies_are_cut_off() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let app = TestApp::spawn_with(|s| {
        s.header_timeout = 1;
        s.body_timeout = 2;
    })
    .await;
    // A keep-alive connection left idle after its answer is closed.
    let started = Instant::now();
    let answer = raw_exchange(&app, b"GET /healthz HTTP/1.1\r\nHost: echoppe\r\n\r\n", Duration::from_secs(6)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.80}");
    assert!(started.elapsed() < Duration::from_secs(5), "idle connection closed by the server");

    // A body sent a few bytes at a time, never long enough apart to look
    // idle, is cut off at the body's deadline.
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = "POST /login HTTP/1.1\r\nHost: echoppe\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let trickle = async {
        while stream.write_all(b"email=").await.is_ok() && started.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), trickle).await;
    assert!(started.elapsed() < Duration::from_secs(6), "the server stopped reading the body");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "answered as a bad request: {answer:.200}");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_connection_flood_is_refused_beyond_the_cap() {
    let app = TestApp::spawn_with(|s| s.max_connections = 2).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let held = [
        tokio::net::TcpStream::connect(&address).await.unwrap(),
        tokio::net::TcpStream::connect(&address).await.unwrap(),
    ];
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let answer = raw_exchange(&app, b"GET /healthz HTTP/1.1\r\nHost: echoppe\r\n\r\n", Duration::from_secs(3)).await;
    assert!(answer.is_empty() && started.elapsed() < Duration::from_secs(2), "closed at once: {answer:.80}");
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK, "served again once connections closed");
}
