//! What the rehearsal learns of the target before it starts: that it is an
//! echoppe server at all (a wrong URL stops here, with a plain message),
//! its categories, its most popular listings (where shared links land) and
//! words to search for.

use anyhow::{Context as _, bail};
use serde::Deserialize;

#[derive(Debug, Clone)]
pub(crate) struct Catalogue {
    /// Category pages (`/c/…`).
    pub(crate) categories: Vec<String>,
    /// Listing pages, most popular first.
    pub(crate) popular: Vec<String>,
    /// Words visitors type in the search box.
    pub(crate) words: Vec<String>,
}

#[derive(Deserialize)]
struct Readiness {
    ready: bool,
    mode: String,
}

#[derive(Deserialize)]
struct Categories {
    categories: Vec<Category>,
}

#[derive(Deserialize)]
struct Category {
    name: String,
    url: String,
    #[serde(default)]
    children: Vec<Category>,
}

#[derive(Deserialize)]
struct Listings {
    listings: Vec<Listing>,
}

#[derive(Deserialize)]
struct Listing {
    url: String,
    title: String,
}

/// Asks `base` who it is and what it sells.
pub(crate) async fn discover(client: &reqwest::Client, base: &str) -> anyhow::Result<Catalogue> {
    let readiness: Readiness = fetch(client, base, "/readyz", true).await?;
    if !readiness.ready {
        bail!("{base} is an echoppe server but says it is not ready (mode {}): start it, or wait", readiness.mode);
    }
    let tree: Categories = fetch(client, base, "/api/v1/categories", false).await?;
    let mut categories = Vec::new();
    let mut words = Vec::new();
    for top in &tree.categories {
        categories.push(top.url.clone());
        words.push(top.name.to_lowercase());
        for child in &top.children {
            categories.push(child.url.clone());
            words.push(child.name.to_lowercase());
        }
    }
    let popular: Listings = fetch(client, base, "/api/v1/listings?sort=popular&limit=100", false).await?;
    if categories.is_empty() || popular.listings.is_empty() {
        bail!("{base} has no catalogue to rehearse on (no categories or no listings): seed it first");
    }
    for listing in &popular.listings {
        words.extend(
            listing
                .title
                .split_whitespace()
                .map(str::to_lowercase)
                .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic)),
        );
    }
    words.sort();
    words.dedup();
    Ok(Catalogue { categories, popular: popular.listings.into_iter().map(|l| l.url).collect(), words })
}

/// GETs JSON, saying plainly when the target is not echoppe or not there.
async fn fetch<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    any_status: bool,
) -> anyhow::Result<T> {
    let url = format!("{base}{path}");
    let response =
        client.get(&url).send().await.with_context(|| format!("cannot reach {url}: is echoppe running there?"))?;
    if !any_status && !response.status().is_success() {
        bail!("{url} answered {}: is this an echoppe server?", response.status());
    }
    let body = response.bytes().await.with_context(|| format!("reading {url}"))?;
    serde_json::from_slice(&body)
        .with_context(|| format!("{url} did not answer as echoppe does: is this an echoppe server?"))
}
