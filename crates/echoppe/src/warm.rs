//! `echoppe warm`: fills a running server's caches before a broadcast — the
//! home page, every category, the most popular listings with their cover
//! photos in every size, and a search per top-level category — by asking
//! for them as an anonymous visitor would.

use anyhow::{Context as _, bail};
use futures_util::stream::{self, StreamExt as _};
use serde::Deserialize;
use std::time::{Duration, Instant};

/// What to warm, and how hard to ask.
#[derive(Debug, Clone, clap::Args)]
pub struct WarmArgs {
    /// The running echoppe to warm
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub target: String,
    /// Most popular listings whose pages and cover photos are warmed
    #[arg(long, default_value_t = 500)]
    pub listings: usize,
    /// Requests at once (keep it low: the server is serving meanwhile)
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
}

#[derive(Deserialize)]
struct Categories {
    categories: Vec<CategoryNode>,
}

#[derive(Deserialize)]
struct CategoryNode {
    name: String,
    url: String,
    #[serde(default)]
    children: Vec<CategoryLeaf>,
}

#[derive(Deserialize)]
struct CategoryLeaf {
    url: String,
}

#[derive(Deserialize)]
struct ListingList {
    listings: Vec<Listing>,
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
struct Listing {
    url: String,
    cover: Option<Cover>,
}

#[derive(Deserialize)]
struct Cover {
    variants: Vec<Variant>,
}

#[derive(Deserialize)]
struct Variant {
    url: String,
}

/// Warms `args.target`'s caches and says what it did.
pub async fn warm(args: WarmArgs) -> anyhow::Result<()> {
    warm_showing(args, indicatif::ProgressBar::new(0)).await
}

/// Warms a starting server's own caches before it reports ready: the same
/// requests, sent to `app` on a private loopback port of its own (the public
/// one may be shared with the server it replaces, or be behind a balancer
/// that must not count these). Gently: the server may be serving meanwhile.
pub async fn privately(
    app: echoppe_web::App,
    limits: crate::front_door::ConnectionLimits,
    listings: usize,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("binding a private port to warm")?;
    let target = format!("http://{}", listener.local_addr().context("the private port")?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let never_closing = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let door = tokio::spawn(crate::front_door::serve(
        listener,
        app,
        limits,
        never_closing,
        async move {
            let _ = stopped.await;
        },
        Duration::from_secs(1),
    ));
    let warmed = warm_showing(WarmArgs { target, listings, concurrency: 4 }, indicatif::ProgressBar::hidden()).await;
    let _ = stop.send(());
    let _ = door.await;
    warmed
}

async fn warm_showing(args: WarmArgs, bar: indicatif::ProgressBar) -> anyhow::Result<()> {
    let base = args.target.trim_end_matches('/').to_owned();
    let client =
        reqwest::Client::builder().timeout(Duration::from_secs(30)).build().context("building the HTTP client")?;
    let started = Instant::now();
    let categories: Categories = fetch_json(&client, &format!("{base}/api/v1/categories")).await?;
    let mut paths = vec!["/".to_owned()];
    for top in &categories.categories {
        paths.push(top.url.clone());
        paths.extend(top.children.iter().map(|child| child.url.clone()));
        paths.push(format!("/search?q={}", form_urlencoded::byte_serialize(top.name.as_bytes()).collect::<String>()));
    }
    let mut photos = Vec::new();
    let mut cursor: Option<String> = None;
    let mut listed = 0;
    while listed < args.listings {
        let limit = (args.listings - listed).min(100);
        let mut url = format!("{base}/api/v1/listings?sort=popular&limit={limit}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page: ListingList = fetch_json(&client, &url).await?;
        listed += page.listings.len();
        for listing in page.listings {
            paths.push(listing.url);
            photos.extend(listing.cover.into_iter().flat_map(|cover| cover.variants).map(|v| v.url));
        }
        match page.next_cursor {
            Some(next) if listed < args.listings => cursor = Some(next),
            _ => break,
        }
    }
    let pages = paths.len();
    paths.extend(photos);
    let total = paths.len();
    bar.set_length(total as u64);
    let failures: Vec<String> = stream::iter(paths)
        .map(|path| {
            let (client, base, bar) = (client.clone(), base.clone(), bar.clone());
            async move {
                let outcome = client.get(format!("{base}{path}")).send().await;
                bar.inc(1);
                match outcome {
                    Ok(response) if response.status().is_success() => {
                        // Read to the end, so the server finishes its work.
                        response.bytes().await.err().map(|e| format!("{path}: {e}"))
                    }
                    Ok(response) => Some(format!("{path}: {}", response.status())),
                    Err(error) => Some(format!("{path}: {error}")),
                }
            }
        })
        .buffer_unordered(args.concurrency.max(1))
        .filter_map(|failure| async move { failure })
        .collect()
        .await;
    bar.finish_and_clear();
    for failure in failures.iter().take(10) {
        tracing::warn!(%failure, "not warmed");
    }
    tracing::info!(
        pages,
        photos = total - pages,
        failed = failures.len(),
        elapsed = format!("{:.1}s", started.elapsed().as_secs_f64()),
        "caches warmed"
    );
    if failures.len() * 10 > total {
        bail!("{} of {total} requests failed: is the server healthy?", failures.len());
    }
    Ok(())
}

/// GETs JSON from echoppe's API, saying plainly when the target is not
/// echoppe or not there.
async fn fetch_json<T: serde::de::DeserializeOwned>(client: &reqwest::Client, url: &str) -> anyhow::Result<T> {
    let response =
        client.get(url).send().await.with_context(|| format!("cannot reach {url}: is echoppe running there?"))?;
    if !response.status().is_success() {
        bail!("{url} answered {}: is this an echoppe server?", response.status());
    }
    let body = response.bytes().await.with_context(|| format!("reading {url}"))?;
    serde_json::from_slice(&body)
        .with_context(|| format!("{url} did not answer as echoppe's API does: is this an echoppe server?"))
}
