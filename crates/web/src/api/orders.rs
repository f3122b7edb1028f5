//! `POST /orders`: a checkout from a program, with idempotent retries.
//!
//! The same path as the HTML checkout ([`crate::checkout::place`]): orders
//! on disk first, then payment if the payment service has room; otherwise
//! the orders stay awaiting payment and the answer says where to pay.

use super::caller::token_hash_of;
use crate::checkout::{self, CheckoutRequest, Payment, Placing};
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
use echoppe_storage::{CheckoutRefusal, OrderLine, OrderRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::cart::MAX_LINES;

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
    /// Ties together the orders of this checkout (one per shop); it is
    /// also the key that opens their pages without an account.
    checkout_id: String,
    orders: Vec<OrderSummary>,
    payment: PaymentSummary,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PaymentSummary {
    /// `paid`; `declined` (the buyer may try again at `pay_url`); `later`
    /// (the payment service is saturated: a link goes out by mail); or
    /// `due` (a replayed checkout still awaiting payment).
    #[schema(example = "paid")]
    outcome: &'static str,
    /// Why, when declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// Where the buyer pays what is still due.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "/orders/E7K4Q-2M9X/pay?key=…")]
    pay_url: Option<String>,
    /// Until when unpaid orders hold their items (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pay_by: Option<String>,
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
    #[schema(example = "paid")]
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
        (status = CREATED, description = "Placed and on disk (or placed earlier under this key); `payment` says whether it is paid or where to pay", body = CheckoutResponse),
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
    let request_hash = serde_json::to_vec(&body).map(|bytes| token_hash_of(&bytes)).unwrap_or_default();
    let request = CheckoutRequest {
        buyer: None,
        email,
        address,
        lines,
        idempotency: key.map(|key| (format!("api:{key}"), request_hash)),
    };
    let (checkout_id, payment) = match checkout::place(&state, request).await? {
        Placing::Placed { checkout_id, payment, .. } => (checkout_id, Some(payment)),
        Placing::Replayed { checkout_id, .. } => (checkout_id, None),
        Placing::Refused(refusal) => return Err(refused(refusal).into()),
    };
    // Read back: the statuses as they are now, for a replay as for a first answer.
    let orders = state.db.checkout_orders(&checkout_id).await?;
    Ok((StatusCode::CREATED, Json(answer(checkout_id, &orders, payment))).into_response())
}

fn answer(checkout_id: String, orders: &[OrderRecord], payment: Option<Payment>) -> CheckoutResponse {
    let due: Vec<&OrderRecord> = orders.iter().filter(|o| o.status == OrderStatus::AwaitingPayment).collect();
    let (outcome, message) = match payment {
        _ if due.is_empty() => ("paid", None),
        Some(Payment::Declined(why)) => ("declined", Some(why)),
        Some(Payment::Later(_)) => ("later", None),
        Some(Payment::Paid | Payment::NothingDue | Payment::AlreadyCharging) | None => ("due", None),
    };
    CheckoutResponse {
        payment: PaymentSummary {
            outcome,
            message,
            pay_url: due.first().map(|o| crate::orders::pay_url(o)),
            pay_by: due.iter().filter_map(|o| o.pay_by).min().map(Timestamp::rfc3339),
        },
        orders: orders
            .iter()
            .map(|order| OrderSummary {
                id: order.id,
                number: order.number.to_string(),
                shop_id: order.shop.get(),
                items_cents: order.items_total.cents(),
                shipping_cents: order.shipping.cents(),
                total_cents: order.total().cents(),
                status: order.status.as_str(),
            })
            .collect(),
        checkout_id,
    }
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
    match refusal {
        CheckoutRefusal::KeyReused => Error::Conflict("cette clé d'idempotence a déjà servi pour une autre commande"),
        other => Error::InvalidFields(FieldErrors::single("items", Invalid::new(checkout::refusal_message(&other)))),
    }
}
