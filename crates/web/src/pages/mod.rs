//! The storefront: server-rendered HTML that works without JavaScript.

mod category;
mod error_page;
mod home;
mod legal;
mod listing;
mod search;
mod shop;

use crate::state::AppState;
use axum::Router;
use axum::middleware;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;

pub(crate) fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/c/{slug}", get(category::show))
        .route("/listing/{id}", get(listing::show))
        .route("/shop/{slug}", get(shop::show))
        .route("/search", get(search::show))
        .route(legal::HELP, get(legal::help))
        .route(legal::TERMS, get(legal::terms))
        .route(legal::NOTICE, get(legal::notice))
        .route(legal::PRIVACY, get(legal::privacy))
        .route(legal::RETURNS, get(legal::returns))
        .merge(crate::sign_in::routes())
        .merge(crate::sell::routes(&state))
        .merge(crate::favourites::routes())
        .merge(crate::admin::routes())
        .merge(crate::cart::routes())
        .merge(crate::checkout::routes())
        .merge(crate::orders::routes())
        .fallback(error_page::not_found)
        // Inside the error-page middleware, so a panic still gets a proper page.
        .layer(CatchPanicLayer::custom(error_page::panicked))
        .layer(middleware::from_fn_with_state(state, error_page::render))
}
