//! echoppe's HTTP layer: the storefront pages, the JSON API, photos and the
//! operations endpoints, as one axum [`Router`].
//!
//! Request path: telemetry (request id, span, metrics) → routing → handler →
//! database / photo store. Handlers stay thin: they parse parameters into domain
//! types, call storage, and turn the result into a view.

mod api;
mod assets;
mod error;
mod media;
mod ops;
mod pages;
mod params;
mod state;
mod telemetry;

pub use state::{AppState, Readiness, WebSettings};
pub use telemetry::install_metrics_recorder;

use axum::Router;

/// Every route echoppe serves.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .merge(pages::routes(state.clone()))
        .nest("/api/v1", api::routes())
        .merge(media::routes())
        .merge(assets::routes())
        .merge(ops::routes())
        .with_state(state);
    telemetry::apply(routes)
}
