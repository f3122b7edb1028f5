//! The stylesheet, the icon, the statistics beacon and the live page's
//! script, embedded in the binary.
//!
//! Their URLs carry a hash of their content, so they can be cached forever
//! and a new release is picked up at once.

use crate::state::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const STYLESHEET: &str = include_str!("../assets/echoppe.css");
const ICON: &str = include_str!("../assets/icon.svg");
const BEACON: &str = include_str!("../assets/beacon.js");
const LIVE: &str = include_str!("../assets/live.js");
/// The icon at 16, 32 and 48 pixels (PNGs in an ICO), for the browsers and
/// tools that ask for `/favicon.ico` whatever the page says.
const FAVICON: &[u8] = include_bytes!("../assets/favicon.ico");
/// Robots may read the catalogue, not the buyers' and sellers' own pages.
const ROBOTS: &str = "User-agent: *\nDisallow: /cart\nDisallow: /checkout\nDisallow: /orders\nDisallow: /sell\n\
                      Disallow: /admin\nDisallow: /favourites\nDisallow: /login\nDisallow: /signup\nDisallow: /api/\n";

struct Asset {
    name: String,
    body: &'static str,
    content_type: &'static str,
}

fn versioned(stem: &str, extension: &str, body: &'static str, content_type: &'static str) -> Asset {
    let digest = Sha256::digest(body.as_bytes());
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    Asset { name: format!("{stem}.{hash}.{extension}"), body, content_type }
}

static ASSETS: LazyLock<[Asset; 4]> = LazyLock::new(|| {
    [
        versioned("echoppe", "css", STYLESHEET, "text/css; charset=utf-8"),
        versioned("icon", "svg", ICON, "image/svg+xml"),
        versioned("beacon", "js", BEACON, "text/javascript; charset=utf-8"),
        versioned("live", "js", LIVE, "text/javascript; charset=utf-8"),
    ]
});

/// The URL of the stylesheet, for the layout.
pub(crate) fn stylesheet_url() -> String {
    format!("/static/{}", ASSETS[0].name)
}

pub(crate) fn icon_url() -> String {
    format!("/static/{}", ASSETS[1].name)
}

pub(crate) fn beacon_url() -> String {
    format!("/static/{}", ASSETS[2].name)
}

/// The operators' live page's refresh.
pub(crate) fn live_url() -> String {
    format!("/static/{}", ASSETS[3].name)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(serve))
        .route("/favicon.ico", get(favicon))
        .route("/robots.txt", get(robots))
}

async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/x-icon"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON)
        .into_response()
}

async fn robots() -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")], ROBOTS)
        .into_response()
}

async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
