//! `POST /orders`: a checkout from a program, with idempotent retries.
//!
//! Until payments come (issue 5's next part), every order is placed
//! *awaiting payment* with its items held for the reservation time: the
//! "order now, pay later" path, which is also the one that never fails.

use super::caller::token_hash_of;
use crate::error::{ApiError, Error, ErrorBody};
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use echoppe_domain::{
    AddressFields, Currency, FieldErrors, Invalid, ListingId, Money, OrderStatus, ShippingAddress, Timestamp,
};
use echoppe_storage::{CheckoutOutcome, CheckoutRefusal, NewCheckout, OrderLine, PlacedOrder};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The most lines one checkout may hold.
const MAX_LINES: usize = 100;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrderRequest {
    #[schema(example = "ines@example.fr")]
    email: String,
    address: AddressBody,
    items: Vec<ItemBody>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AddressBody {
    #[schema(example = "Inès Martin")]
    name: String,
    #[schema(example = "12 rue des Lilas")]
    line1: String,
    #[serde(default)]
    line2: String,
    #[schema(example = "44000")]
    postcode: String,
    #[schema(example = "Nantes")]
    city: String,
    /// ISO 3166 alpha-2.
    #[schema(example = "FR")]
    country: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ItemBody {
    listing_id: i64,
    quantity: i64,
    /// The price the buyer was shown, in cents: if it changed since, the
    /// order is refused with the new price.
    unit_price_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckoutResponse {
    /// Ties together the orders of this checkout (one per shop).
    checkout_id: String,
    orders: Vec<OrderSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OrderSummary {
    id: i64,
    #[schema(example = "E7K4Q-2M9X")]
    number: String,
    shop_id: i64,
    items_cents: i64,
    shipping_cents: i64,
    total_cents: i64,
    #[schema(example = "awaiting_payment")]
    status: &'static str,
}

/// Places a checkout: one order per shop, stock taken, durable when answered.
#[utoipa::path(
    post,
    path = "/orders",
    tag = "orders",
    request_body = OrderRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key and body returns the same orders; another body with the same key is a 409")),
    responses(
        (status = CREATED, description = "Placed and on disk (or placed earlier under this key)", body = CheckoutResponse),
        (status = CONFLICT, description = "The key was used for another request", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A field is wrong, an item is unavailable, out of stock or its price changed; `fields` says which", body = ErrorBody),
    )
)]
pub(crate) async fn place(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<OrderRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let fields = AddressFields {
        email: &body.email,
        name: &body.address.name,
        line1: &body.address.line1,
        line2: &body.address.line2,
        postcode: &body.address.postcode,
        city: &body.address.city,
        country: &body.address.country,
    };
    let (email, address) = ShippingAddress::parse(&fields).map_err(Error::InvalidFields)?;
    let lines = lines(&body.items)?;
    let now = Timestamp::now();
    let reservation = i64::try_from(state.settings.pay_within.as_secs()).unwrap_or(i64::MAX);
    let request_hash = serde_json::to_vec(&body).map(|bytes| token_hash_of(&bytes)).unwrap_or_default();
    let checkout = NewCheckout {
        checkout_id: crate::accounts::random_token(),
        idempotency: key.map(|key| (key, request_hash)),
        buyer: None,
        email,
        address,
        lines,
        pay_by: Timestamp::from_unix(now.unix().saturating_add(reservation)),
        now,
    };
    let checkout_id = checkout.checkout_id.clone();
    match state.orders.place(checkout).await? {
        CheckoutOutcome::Placed(orders) => Ok(created(checkout_id, &orders)),
        CheckoutOutcome::Replayed { checkout_id, orders } => Ok(created(checkout_id, &orders)),
        CheckoutOutcome::Refused(refusal) => Err(refused(refusal).into()),
    }
}

fn created(checkout_id: String, orders: &[PlacedOrder]) -> Response {
    let orders = orders
        .iter()
        .map(|order| OrderSummary {
            id: order.id,
            number: order.number.to_string(),
            shop_id: order.shop.get(),
            items_cents: order.items.cents(),
            shipping_cents: order.shipping.cents(),
            total_cents: order.items.cents() + order.shipping.cents(),
            status: OrderStatus::AwaitingPayment.as_str(),
        })
        .collect();
    (StatusCode::CREATED, Json(CheckoutResponse { checkout_id, orders })).into_response()
}

/// `Idempotency-Key`: 1 to 128 visible ASCII characters, if sent.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Error> {
    let Some(value) = headers.get("idempotency-key") else { return Ok(None) };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::BadRequest {
            param: "Idempotency-Key",
            message: "doit faire de 1 à 128 caractères ASCII visibles".to_owned(),
        });
    }
    Ok(Some(key.to_owned()))
}

fn lines(items: &[ItemBody]) -> Result<Vec<OrderLine>, Error> {
    let refuse = |message: String| Error::InvalidFields(FieldErrors::single("items", Invalid::new(message)));
    if items.is_empty() {
        return Err(refuse("le panier est vide".to_owned()));
    }
    if items.len() > MAX_LINES {
        return Err(refuse(format!("{MAX_LINES} lignes au plus par commande")));
    }
    items
        .iter()
        .map(|item| {
            if item.quantity <= 0 {
                return Err(refuse(format!("la quantité de l'article {} doit être d'au moins 1", item.listing_id)));
            }
            if item.listing_id <= 0 {
                return Err(refuse(format!("« {} » n'est pas un identifiant d'article", item.listing_id)));
            }
            let listing = ListingId::new(item.listing_id);
            let unit_price = Money::new(item.unit_price_cents, Currency::EUR)
                .map_err(|why| refuse(format!("prix de l'article {} : {why}", item.listing_id)))?;
            Ok(OrderLine { listing, quantity: item.quantity, unit_price })
        })
        .collect()
}

fn refused(refusal: CheckoutRefusal) -> Error {
    let item = |message: String| Error::InvalidFields(FieldErrors::single("items", Invalid::new(message)));
    match refusal {
        CheckoutRefusal::EmptyCart => item("le panier est vide".to_owned()),
        CheckoutRefusal::Unavailable { listing } => {
            item(format!("l'article {listing} n'est plus en vente (retiré, ou boutique fermée)"))
        }
        CheckoutRefusal::OutOfStock { listing, title, available } => {
            item(format!("« {title} » (article {listing}) : il n'en reste que {available}"))
        }
        CheckoutRefusal::PriceChanged { listing, title, now } => item(format!(
            "le prix de « {title} » (article {listing}) est maintenant de {} : confirmez avec ce prix",
            now.format_fr()
        )),
        CheckoutRefusal::TooLarge => item("une commande ne peut pas dépasser 1 000 000 €".to_owned()),
        CheckoutRefusal::KeyReused => Error::Conflict("cette clé d'idempotence a déjà servi pour une autre commande"),
    }
}
