//! What the shield itself costs a request, with a handler that costs
//! nothing: a page served from the cache, a request let through an idle
//! door, and one turned away by a full door. The server's own figures
//! (`bench/hit-cost.sh`) include HTTP and the network; these are the
//! shield's share of them.
//!
//!   cargo bench -p echoppe-shield
//!
//! Prints nanoseconds per request, the median of seven rounds.

#![expect(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![expect(clippy::unwrap_used, reason = "a benchmark that cannot start has nothing to report")]

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::response::Response;
use echoppe_shield::{
    AdmissionController, AdmissionLayer, AdmissionSettings, Mode, Modes, PageCache, PageCacheSettings, ShieldLayer,
};
use std::convert::Infallible;
use std::time::Instant;
use tower::{Layer as _, ServiceExt as _};

const ROUNDS: usize = 7;
const REQUESTS: u32 = 20_000;

/// A listing page of a realistic weight (22 KB of HTML), rendered for free.
fn page() -> Response {
    let body = "<li class=\"card\">Bague en argent martelé, pièce unique</li>\n".repeat(360);
    Response::builder().header(header::CONTENT_TYPE, "text/html; charset=utf-8").body(Body::from(body)).unwrap()
}

fn get(path: &str) -> Request {
    Request::get(path)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .header(header::USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
        .body(Body::empty())
        .unwrap()
}

/// Runs `one` REQUESTS times per round and prints the median cost.
async fn measure<F: AsyncFnMut()>(name: &str, mut one: F) {
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..REQUESTS {
            one().await;
        }
        rounds.push(started.elapsed() / REQUESTS);
    }
    rounds.sort();
    println!("{name:<44} {:>8} ns/request", rounds[ROUNDS / 2].as_nanos());
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let modes = Modes::new(None);
    let handler = tower::service_fn(|_: Request| async { Ok::<_, Infallible>(page()) });

    let cache = PageCache::new(PageCacheSettings::default(), modes.clone());
    let door = AdmissionController::new(AdmissionSettings::default(), modes.clone(), false);
    let stack = ShieldLayer(cache).layer(AdmissionLayer(door).layer(handler));
    // The first request renders and stores the page.
    drop(stack.clone().oneshot(get("/listing/7")).await);
    measure("page cache hit (brotli body)", async || {
        drop(stack.clone().oneshot(get("/listing/7")).await);
    })
    .await;
    measure("not cached, through an idle door", async || {
        drop(stack.clone().oneshot(get("/cart")).await);
    })
    .await;
    measure("bare handler, for comparison", async || {
        drop(handler.oneshot(get("/cart")).await);
    })
    .await;

    // In surge the door turns statistics beacons away before they queue:
    // what a refusal costs is what the crowd's least important requests
    // cost the node.
    let surge = AdmissionController::new(AdmissionSettings::default(), Modes::new(Some(Mode::Surge)), false);
    let turned_away = AdmissionLayer(surge).layer(handler);
    measure("turned away in surge (busy page)", async || {
        drop(turned_away.clone().oneshot(Request::post("/events").body(Body::empty()).unwrap()).await);
    })
    .await;
}
