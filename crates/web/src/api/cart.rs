//! `/cart`: the caller's cart, the same one their pages show (a buyer's
//! cart belongs to their account), for apps that fill it and then place
//! the checkout with `POST /orders`.

use super::caller::Caller;
use crate::cart::{MAX_LINES, MAX_QUANTITY, line_problem, shop_parts};
use crate::error::{ApiError, Error, ErrorBody};
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use echoppe_domain::{FieldErrors, Invalid, ListingId, Timestamp};
use echoppe_storage::{CartLine, cart_of_user};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CartDto {
    /// One part per shop: each becomes its own order.
    shops: Vec<CartShop>,
    /// Items and shipping of the lines that can be bought now, in cents.
    total_cents: i64,
    /// Whether every line can be checked out as it is (no `problem`).
    ready: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CartShop {
    shop_id: i64,
    shop_name: String,
    shipping_cents: i64,
    lines: Vec<CartLineDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CartLineDto {
    listing_id: i64,
    title: String,
    quantity: i64,
    /// The price now; send it back with the checkout.
    unit_price_cents: i64,
    /// The price when the line was last set: if it differs, the buyer
    /// should see the new one before checking out.
    seen_price_cents: i64,
    available: i64,
    /// What must be put right before checkout (price changed, not enough
    /// stock, no longer for sale), in French.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

impl CartDto {
    fn of(lines: &[CartLine]) -> Self {
        let mut total_cents = 0_i64;
        let shops: Vec<CartShop> = shop_parts(lines)
            .map(|part| {
                total_cents = total_cents.saturating_add(part.total_cents());
                CartShop {
                    shop_id: part.lines[0].shop.get(),
                    shop_name: part.lines[0].shop_name.clone(),
                    shipping_cents: part.lines[0].shipping.cents(),
                    lines: part
                        .lines
                        .iter()
                        .map(|line| CartLineDto {
                            listing_id: line.listing.get(),
                            title: line.title.clone(),
                            quantity: line.quantity,
                            unit_price_cents: line.price.cents(),
                            seen_price_cents: line.seen.cents(),
                            available: line.available.max(0),
                            problem: line_problem(line),
                        })
                        .collect(),
                }
            })
            .collect();
        let ready = !shops.is_empty() && shops.iter().flat_map(|s| &s.lines).all(|l| l.problem.is_none());
        Self { shops, total_cents, ready }
    }
}

/// The caller's cart, grouped by shop, with what changed since each line was set.
#[utoipa::path(
    get,
    path = "/cart",
    tag = "cart",
    security(("bearer" = []), ("session" = [])),
    responses((status = OK, body = CartDto), (status = UNAUTHORIZED, body = ErrorBody))
)]
pub(crate) async fn cart(State(state): State<AppState>, caller: Caller) -> Result<Json<CartDto>, ApiError> {
    let lines = state.db.cart(&cart_of_user(caller.account.id)).await?;
    Ok(Json(CartDto::of(&lines)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CartLineBody {
    /// 1 to 99, and no more than is in stock.
    quantity: i64,
    /// The price the buyer is shown, in cents: refused if it is no longer
    /// the listing's price.
    unit_price_cents: i64,
}

/// Sets how many of a listing the cart holds (the whole quantity, not an
/// addition: sending it again changes nothing).
#[utoipa::path(
    put,
    path = "/cart/items/{id}",
    tag = "cart",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    request_body = CartLineBody,
    responses(
        (status = OK, description = "The cart after the change", body = CartDto),
        (status = NOT_FOUND, description = "No such listing for sale", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "Quantity or price refused; `fields` says which and why", body = ErrorBody),
    )
)]
pub(crate) async fn set_line(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CartLineBody>,
) -> Result<Json<CartDto>, ApiError> {
    let id = ListingId::parse(&id).map_err(|invalid| Error::bad("id", invalid))?;
    let listing = state.db.listing(id).await?.ok_or(Error::NotFound)?;
    if !listing.state.is_public() || listing.shop.suspended {
        return Err(Error::NotFound.into());
    }
    let refuse =
        |field: &'static str, message: String| Error::InvalidFields(FieldErrors::single(field, Invalid::new(message)));
    if listing.shop.on_holiday {
        return Err(refuse(
            "id",
            "la boutique est en vacances : cette création n'est pas en vente pour l'instant".to_owned(),
        )
        .into());
    }
    if body.unit_price_cents != listing.price.cents() {
        return Err(refuse(
            "unit_price_cents",
            format!("le prix est maintenant de {} ({} centimes)", listing.price.format_fr(), listing.price.cents()),
        )
        .into());
    }
    let limit = listing.quantity.min(MAX_QUANTITY);
    if body.quantity < 1 || body.quantity > limit {
        let message = if listing.quantity <= 0 {
            "cette création est épuisée".to_owned()
        } else {
            format!("de 1 à {limit} (il en reste {})", listing.quantity)
        };
        return Err(refuse("quantity", message).into());
    }
    let key = cart_of_user(caller.account.id);
    let lines = state.db.cart(&key).await?;
    if lines.len() >= MAX_LINES && !lines.iter().any(|line| line.listing == id) {
        return Err(refuse("id", format!("le panier est plein ({MAX_LINES} créations au plus)")).into());
    }
    state.db.set_cart_line(&key, id, body.quantity, listing.price, Timestamp::now()).await?;
    Ok(Json(CartDto::of(&state.db.cart(&key).await?)))
}

/// Takes a listing out of the cart (absent is harmless).
#[utoipa::path(
    delete,
    path = "/cart/items/{id}",
    tag = "cart",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses((status = NO_CONTENT), (status = BAD_REQUEST, body = ErrorBody))
)]
pub(crate) async fn remove_line(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = ListingId::parse(&id).map_err(|invalid| Error::bad("id", invalid))?;
    let key = cart_of_user(caller.account.id);
    if let Some(line) = state.db.cart(&key).await?.into_iter().find(|line| line.listing == id) {
        state.db.set_cart_line(&key, id, 0, line.seen, Timestamp::now()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
