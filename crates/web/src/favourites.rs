//! Favourites: a heart on the listing page, and "my favourites".

use crate::error::{Error, PageError};
use crate::forms::{PageForm, unknown_choice};
use crate::params::Params;
use crate::state::AppState;
use crate::statistics::{What, Who};
use crate::views::{CardView, Layout, Pagination, count_label, url_with};
use crate::visitor::SignedIn;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use echoppe_domain::{ListingId, PageNumber, PageSize, Timestamp};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/favourites", get(list)).route("/listing/{id}/favourite", post(toggle))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ToggleForm {
    csrf: String,
    /// `add` or `remove`.
    action: String,
}

async fn toggle(
    State(state): State<AppState>,
    signed_in: SignedIn,
    who: Who,
    Path(id): Path<String>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Redirect, PageError> {
    signed_in.visitor.verify_csrf(&form.csrf).await?;
    let id = ListingId::parse(&id).map_err(|_| Error::NotFound)?;
    let listing = state.db.listing(id).await?.ok_or(Error::NotFound)?;
    // Only what buyers can see can be loved.
    if !listing.state.is_public() || listing.shop.suspended {
        return Err(Error::NotFound.into());
    }
    let buyer = signed_in.account.id;
    match form.action.as_str() {
        "add" => {
            if state.db.add_favourite(buyer, id, Timestamp::now()).await? {
                state.back_office.statistics.record(who, What::Favourite { listing: id }).await;
            }
        }
        "remove" => {
            state.db.remove_favourite(buyer, id).await?;
        }
        other => return Err(unknown_choice("action", other, &["add", "remove"]).into()),
    }
    Ok(Redirect::to(&listing.url()))
}

#[derive(Template)]
#[template(path = "favourites.html")]
struct FavouritesView {
    layout: Layout,
    count: String,
    cards: Vec<CardView>,
    pagination: Option<Pagination>,
}

async fn list(State(state): State<AppState>, signed_in: SignedIn, params: Params) -> Result<Html<String>, PageError> {
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let buyer = signed_in.account.id;
    let total = state.db.count_favourites(buyer).await?;
    let size = PageSize::DEFAULT;
    let last = PageNumber::last_for(total, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }
    let cards = state.db.favourites(buyer, page.offset(size), size.get()).await?;
    let view = FavouritesView {
        layout: Layout::new(&state, "Mes favoris", "Les créations que vous aimez.", None)
            .for_visitor(&signed_in.visitor)
            .await?,
        count: count_label(total, "création", "créations"),
        cards: CardView::all(&cards),
        pagination: Pagination::new(page.get(), last, |n| {
            url_with("/favourites", &[("page", (n > 1).then(|| n.to_string()))])
        }),
    };
    Ok(Html(view.render()?))
}
