//! The seller's pages under `/sell`: opening and running a shop, writing
//! listings and arranging their photos, all from the browser without
//! JavaScript.
//!
//! Authorization is by ownership: every listing id in a URL is looked up and
//! compared with the signed-in person's shop before anything is shown or
//! changed. A listing of another shop answers 404, exactly like one that does
//! not exist, so ids cannot be probed.

mod listings;
mod orders;
mod photos;
mod shop;
pub(crate) mod stats;

use crate::error::Error;
use crate::state::AppState;
use crate::visitor::{SignInRequired, SignedIn};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use echoppe_domain::{
    Account, FieldErrors, Invalid, ListingDetail, ListingId, Shop, ShopDraft, ShopId, Slug, Taxonomy, Timestamp,
};
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
        .route("/sell/orders", get(orders::list))
        .route("/sell/stats", get(stats::dashboard))
        .route("/sell/stats.csv", get(stats::csv))
        .route("/sell/orders/{number}", get(orders::show).post(orders::step))
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

/// The signed-in seller and their shop, for every page but opening one.
/// Someone signed in without a shop is sent to open one; someone signed out,
/// to sign in.
pub(crate) struct Seller {
    pub(crate) signed_in: SignedIn,
    pub(crate) shop: Shop,
}

impl FromRequestParts<AppState> for Seller {
    type Rejection = SignInRequired;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        match state.db.shop_of(signed_in.account.id).await {
            Ok(Some(shop)) => Ok(Self { signed_in, shop }),
            Ok(None) => Err(SignInRequired::Redirect("/sell/shop/new".to_owned())),
            Err(error) => Err(SignInRequired::Failed(Error::from(error).into())),
        }
    }
}

/// The message beside the shop address field when another shop has it.
pub(crate) fn slug_taken() -> FieldErrors {
    FieldErrors::single("slug", Invalid::new("cette adresse de boutique est déjà prise : choisissez-en une autre"))
}

/// Opens a shop. When the seller left the address empty and the one derived
/// from the name is taken, `-2`, `-3`… are tried before giving up: they asked
/// for no particular address, so any free one will do.
pub(crate) async fn open_shop(
    state: &AppState,
    owner: &Account,
    mut shop: ShopDraft,
    slug_was_derived: bool,
) -> Result<ShopId, echoppe_storage::Error> {
    let base = shop.slug.clone();
    let mut attempt = 1;
    loop {
        match state.db.open_shop(owner.id, &shop, Timestamp::now()).await {
            Err(echoppe_storage::Error::Conflict { field: "slug" }) if slug_was_derived && attempt < 10 => {
                attempt += 1;
                let suffix = format!("-{attempt}");
                let stem: String = base.as_str().chars().take(Slug::MAX_LEN - suffix.len()).collect();
                shop.slug = Slug::parse(&format!("{}{suffix}", stem.trim_end_matches('-'))).unwrap_or(base.clone());
            }
            outcome => return outcome,
        }
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
