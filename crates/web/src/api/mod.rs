//! The JSON API under `/api/v1`, with its OpenAPI document generated from the
//! handlers' annotations (so the document cannot drift from the code).

mod caller;
mod cart;
mod catalogue;
mod operations;
mod orders;
mod schema;
mod search;
mod selling;
mod stats;

use crate::error::{ApiError, Error, ErrorBody};
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use std::sync::{Arc, LazyLock};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) const PREFIX: &str = "/api/v1";

/// The largest JSON body the API reads: a listing with every field at its
/// maximum is under 20 KB.
const JSON_BODY_LIMIT: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "echoppe",
        description = "echoppe, a marketplace for independent creators: its catalogue, and the \
                       seller's and buyer's own data. Money is integer cents with a currency code; \
                       text is in French. Writes need a bearer token or the session plus X-CSRF-Token.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(ErrorBody)),
    modifiers(&Authentication),
    tags(
        (name = "catalogue", description = "Categories, listings and shops, as buyers see them"),
        (name = "accounts", description = "Personal API tokens and the signed-in account"),
        (name = "selling", description = "The caller's shop, listings and photos"),
        (name = "favourites", description = "The caller's favourite listings"),
        (name = "cart", description = "The caller's cart, the one their pages show"),
        (name = "orders", description = "Checkouts: one order per shop, durable when acknowledged"),
        (name = "operations", description = "The node's mode, for administrators"),
        (name = "statistics", description = "Browsers' beacons, and a seller's figures"),
    )
)]
struct ApiDoc;

/// The two ways to call the API as someone: a personal token, or the
/// browser's session cookie with its CSRF token in a header.
struct Authentication;

impl Modify for Authentication {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A token from POST /api/v1/tokens"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The browser's session cookie, with the CSRF token of GET /api/v1/me in this header on writes",
            ))),
        );
    }
}

/// The routes and their OpenAPI description, built once.
static API: LazyLock<(Router<AppState>, Arc<str>)> = LazyLock::new(|| {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(catalogue::categories))
        .routes(routes!(catalogue::listings))
        .routes(routes!(catalogue::listing))
        .routes(routes!(catalogue::shop))
        .routes(routes!(search::search))
        .routes(routes!(search::suggest))
        .routes(routes!(caller::create_token))
        .routes(routes!(caller::revoke_token))
        .routes(routes!(caller::me))
        .routes(routes!(selling::open_shop, selling::edit_shop))
        .routes(routes!(selling::holiday))
        .routes(routes!(selling::shop_listings, selling::create_listing))
        .routes(routes!(selling::own_listing_detail, selling::update_listing, selling::delete_listing))
        .routes(routes!(selling::publish))
        .routes(routes!(selling::deactivate))
        .routes(routes!(selling::add_photo, selling::arrange_photos))
        .routes(routes!(selling::favourites))
        .routes(routes!(selling::add_favourite, selling::remove_favourite))
        .routes(routes!(cart::cart))
        .routes(routes!(cart::set_line, cart::remove_line))
        .routes(routes!(orders::place))
        .routes(routes!(operations::mode, operations::pin_mode))
        .routes(routes!(crate::statistics::ingest))
        .routes(routes!(stats::shop_stats))
        .split_for_parts();
    // Handlers declare paths relative to the API root; the document lists them in full.
    doc.paths.paths = std::mem::take(&mut doc.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("{PREFIX}{path}"), item))
        .collect();
    let json = doc.to_pretty_json().unwrap_or_else(|error| {
        tracing::error!(%error, "serialising the OpenAPI document failed");
        "{}".to_owned()
    });
    (router, Arc::from(json))
});

pub(crate) fn routes() -> Router<AppState> {
    let document = API.1.clone();
    API.0
        .clone()
        // JSON bodies are small; the one route that takes a photo reads its
        // body itself, up to the upload limit.
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .route(
            "/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], document.to_string()) }),
        )
        .fallback(|| async { ApiError(Error::NotFound).into_response() })
}
