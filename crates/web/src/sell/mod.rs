//! The seller's pages under `/sell`: opening and running a shop, writing
//! listings and arranging their photos, all from the browser without
//! JavaScript.
//!
//! Authorization is by ownership: every listing id in a URL is looked up and
//! compared with the signed-in person's shop before anything is shown or
//! changed. A listing of another shop answers 404, exactly like one that does
//! not exist, so ids cannot be probed.

mod listings;
mod photos;
mod shop;

use crate::accounts::SignedIn;
use crate::error::Error;
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use echoppe_domain::{Account, ListingDetail, ListingId, Shop, Taxonomy};
use echoppe_storage::MAX_LISTING_PHOTOS;

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    // A full set of photos in one request, plus room for the form's other fields.
    let upload_limit = state.settings.uploads.max_bytes.saturating_mul(MAX_LISTING_PHOTOS).saturating_add(64 * 1024);
    Router::new()
        .route("/sell", get(listings::dashboard))
        .route("/sell/shop/new", get(shop::open_form).post(shop::open))
        .route("/sell/shop", get(shop::edit_form).post(shop::edit))
        .route("/sell/shop/holiday", post(shop::holiday))
        .route(
            "/sell/shop/avatar",
            // Twice the limit, so a photo a little too heavy gets the form's
            // friendly refusal rather than a bare 413.
            post(shop::avatar).layer(DefaultBodyLimit::max(state.settings.uploads.max_bytes.saturating_mul(2))),
        )
        .route("/sell/listings/new", get(listings::new_form))
        .route("/sell/listings", post(listings::create))
        .route("/sell/listings/{id}", get(listings::edit_form).post(listings::update))
        .route("/sell/listings/{id}/publish", post(listings::publish))
        .route("/sell/listings/{id}/deactivate", post(listings::deactivate))
        .route("/sell/listings/{id}/delete", post(listings::delete))
        .route("/sell/listings/{id}/photos", post(photos::upload).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/sell/listings/{id}/photos/arrange", post(photos::arrange))
}

/// The signed-in person's shop, or a 404 for someone who has none: the
/// pages that need one are reached from the dashboard, which offers to open it.
pub(crate) async fn own_shop(state: &AppState, account: &Account) -> Result<Shop, Error> {
    state.db.shop_of(account.id).await?.ok_or(Error::NotFound)
}

/// The listing `id` if it belongs to `shop`; 404 otherwise.
pub(crate) async fn own_listing(state: &AppState, shop: &Shop, id: &str) -> Result<ListingDetail, Error> {
    let id = ListingId::parse(id).map_err(|_| Error::NotFound)?;
    state.db.listing(id).await?.filter(|listing| listing.shop.id == shop.id).ok_or(Error::NotFound)
}

/// The seller and their shop, for every page but opening one.
pub(crate) struct Seller {
    pub(crate) signed_in: SignedIn,
    pub(crate) shop: Shop,
}

impl Seller {
    pub(crate) async fn of(state: &AppState, signed_in: SignedIn) -> Result<Self, Error> {
        let shop = own_shop(state, &signed_in.account).await?;
        Ok(Self { signed_in, shop })
    }
}

/// A `<select>` of categories, grouped under their top-level category.
#[derive(Debug)]
pub(crate) struct CategoryGroup {
    pub name: String,
    pub options: Vec<CategoryOption>,
}

#[derive(Debug)]
pub(crate) struct CategoryOption {
    pub slug: String,
    pub name: String,
    pub selected: bool,
}

pub(crate) fn category_groups(taxonomy: &Taxonomy, selected: &str) -> Vec<CategoryGroup> {
    taxonomy
        .top_level()
        .map(|top| CategoryGroup {
            name: top.name.clone(),
            options: std::iter::once(top)
                .chain(taxonomy.children(top.id))
                .map(|c| CategoryOption {
                    slug: c.slug.to_string(),
                    // The top-level entry reads "Bijoux (autre)" among its children.
                    name: if c.parent.is_none() { format!("{} (autre)", c.name) } else { c.name.clone() },
                    selected: c.slug.as_str() == selected,
                })
                .collect(),
        })
        .collect()
}
