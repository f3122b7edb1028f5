//! The JSON API under `/api/v1`, with its OpenAPI document generated from the
//! handlers' annotations (so the document cannot drift from the code).

mod catalogue;
mod schema;

use crate::error::{ApiError, Error, ErrorBody};
use crate::state::AppState;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use std::sync::{Arc, LazyLock};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "echoppe",
        description = "The public catalogue of echoppe, a marketplace for independent creators. \
                       Money is integer cents with a currency code; text is in French.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(ErrorBody)),
    tags((name = "catalogue", description = "Categories, listings and shops"))
)]
struct ApiDoc;

/// The routes and their OpenAPI description, built once.
static API: LazyLock<(Router<AppState>, Arc<str>)> = LazyLock::new(|| {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(catalogue::categories))
        .routes(routes!(catalogue::listings))
        .routes(routes!(catalogue::listing))
        .routes(routes!(catalogue::shop))
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
        .route(
            "/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], document.to_string()) }),
        )
        .fallback(|| async { ApiError(Error::NotFound).into_response() })
}
