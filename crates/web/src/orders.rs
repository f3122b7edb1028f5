//! The buyer's orders: the list (signed in), and each order's page with its
//! status history — reachable by its buyer's account, or by the link in the
//! buyer's mail, which carries the checkout's secret id as `key` (buyers
//! need not have an account).

use crate::error::{Error, PageError};
use crate::forms::{PageForm, posted_from_this_site};
use crate::params::Params;
use crate::state::AppState;
use crate::views::{Layout, Pagination, PictureView, THUMBNAIL_SIZES, count_label, url_with};
use crate::visitor::{Notice, SignedIn, Visitor, same_secret};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use echoppe_backoffice::payments::ProviderState;
use echoppe_domain::{OrderNumber, OrderStatus, PageNumber, PageSize, Timestamp, listing_url};
use echoppe_storage::{OrderRecord, OrderRow, StatusChange};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list))
        .route("/orders/{number}", get(show))
        .route("/orders/{number}/cancel", post(cancel))
}

/// The confirmation page of a checkout (all its orders), by its key.
pub(crate) fn done_url(checkout_id: &str) -> String {
    format!("/checkout/done?key={checkout_id}")
}

/// Whether a buyer holding an unpaid order can pay it now, as the order,
/// confirmation and pay pages say it: only the payment service's own state
/// matters (the "pay later" switch and surge mode are checkout's business).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PayNow {
    /// Paying is possible; `busy` if the service is saturated right now.
    Open { busy: bool },
    /// Not before this time (French, "7 déc. à 21 h 04").
    ResumesAt(String),
}

impl PayNow {
    pub(crate) fn of(state: &AppState) -> Self {
        match state.back_office.payments.provider() {
            ProviderState::Ready => Self::Open { busy: false },
            ProviderState::Saturated => Self::Open { busy: true },
            ProviderState::Resting { until } => Self::ResumesAt(clock_fr(until)),
        }
    }

    pub(crate) fn resumes_at(self) -> Option<String> {
        match self {
            Self::Open { .. } => None,
            Self::ResumesAt(at) => Some(at),
        }
    }
}

pub(crate) use echoppe_backoffice::links::{order_url, pay_url};

/// A deadline as buyers read it.
pub(crate) fn clock_fr(at: Timestamp) -> String {
    at.format_fr_time()
}

/// The order numbered `number`, if this visitor may see it as its buyer:
/// signed in as them, or holding the key from their mail. Anyone else is
/// told it does not exist.
pub(crate) async fn buyers_order(
    state: &AppState,
    visitor: &Visitor,
    number: &str,
    key: Option<&str>,
) -> Result<OrderRecord, Error> {
    let number = OrderNumber::parse(number).map_err(|_| Error::NotFound)?;
    let order = state.db.order_by_number(&number).await?.ok_or(Error::NotFound)?;
    let by_key = key.is_some_and(|key| same_secret(key, &order.checkout_id));
    let by_account = visitor.account.as_ref().is_some_and(|account| order.buyer == Some(account.id));
    if by_key || by_account { Ok(order) } else { Err(Error::NotFound) }
}

/// The order `number` for a change its buyer asked for with a form
/// (pay, cancel). The form carries the order's key, as the page may be
/// opened from a mail without a session; the key is the secret, and the
/// post must also come from our own page. A signed-in buyer's session
/// token stands in for both.
pub(crate) async fn buyers_order_to_change(
    state: &AppState,
    visitor: &Visitor,
    headers: &HeaderMap,
    number: &str,
    key: &str,
    csrf: &str,
) -> Result<OrderRecord, Error> {
    let key = Some(key).filter(|key| !key.is_empty());
    if key.is_none() || !posted_from_this_site(headers, state.settings.forwarded_for) {
        visitor.verify_csrf(csrf).await?;
    }
    buyers_order(state, visitor, number, key).await
}

pub(crate) struct ItemView {
    pub(crate) title: String,
    pub(crate) thumbnail: Option<PictureView>,
    pub(crate) url: String,
    pub(crate) quantity: i64,
    pub(crate) price: String,
    pub(crate) line_total: String,
}

pub(crate) struct EventView {
    pub(crate) at: String,
    pub(crate) status: &'static str,
    pub(crate) note: String,
}

/// What both the buyer's and the seller's order pages show.
pub(crate) struct OrderView {
    pub(crate) number: String,
    pub(crate) shop: String,
    pub(crate) shop_url: String,
    pub(crate) status: &'static str,
    pub(crate) status_code: &'static str,
    pub(crate) items: Vec<ItemView>,
    pub(crate) items_total: String,
    pub(crate) shipping: String,
    pub(crate) total: String,
    pub(crate) address: Vec<String>,
    pub(crate) email: String,
    pub(crate) tracking: Option<String>,
    /// The carrier's page following the parcel, and the carrier's name.
    pub(crate) tracking_link: Option<(String, &'static str)>,
    pub(crate) history: Vec<EventView>,
    /// Until when an unpaid order holds its items.
    pub(crate) pay_by: Option<String>,
}

impl OrderView {
    pub(crate) fn of(order: &OrderRecord) -> Self {
        let mut history = vec![EventView {
            at: clock_fr(order.created_at),
            status: OrderStatus::AwaitingPayment.label_fr(),
            note: "commande passée".to_owned(),
        }];
        history.extend(order.history.iter().map(|event| EventView {
            at: clock_fr(event.at),
            status: event.status.label_fr(),
            note: event.note.clone(),
        }));
        Self {
            number: order.number.to_string(),
            shop: order.shop_name.clone(),
            shop_url: format!("/shop/{}", order.shop_slug),
            status: order.status.label_fr(),
            status_code: order.status.as_str(),
            items: order
                .items
                .iter()
                .map(|item| ItemView {
                    title: item.title.clone(),
                    thumbnail: item.photo.as_ref().map(|photo| PictureView::new(photo, "", 170, THUMBNAIL_SIZES)),
                    url: listing_url(item.listing, &item.title),
                    quantity: item.quantity,
                    price: item.unit_price.format_fr(),
                    line_total: crate::cart::euros(item.unit_price.cents().saturating_mul(item.quantity)),
                })
                .collect(),
            items_total: order.items_total.format_fr(),
            shipping: if order.shipping.cents() == 0 { "offerte".to_owned() } else { order.shipping.format_fr() },
            total: order.total().format_fr(),
            address: order.address.label_lines(),
            email: order.email.clone(),
            tracking: order.tracking.clone(),
            tracking_link: tracking_link(order),
            history,
            pay_by: (order.status == OrderStatus::AwaitingPayment).then_some(order.pay_by).flatten().map(clock_fr),
        }
    }
}

#[derive(Template)]
#[template(path = "orders/order.html")]
struct OrderPage {
    layout: Layout,
    notices: Vec<Notice>,
    order: OrderView,
    pay_url: Option<String>,
    /// The payment service is resting until then: no button, the time instead.
    payment_resumes: Option<String>,
    /// The buyer may still cancel (nothing paid yet): the form's fields.
    cancel: Option<CancelForm>,
}

async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(number): Path<String>,
    params: Params,
) -> Result<Html<String>, PageError> {
    let order = buyers_order(&state, &visitor, &number, params.text("key")).await?;
    let title = format!("Commande {}", order.number);
    let page = OrderPage {
        layout: Layout::new(&state, &title, "Le suivi de votre commande.", None).for_visitor(&visitor).await?,
        notices: visitor.take_flash().await?,
        pay_url: (order.status == OrderStatus::AwaitingPayment).then(|| pay_url(&order)),
        payment_resumes: PayNow::of(&state).resumes_at(),
        cancel: if order.status == OrderStatus::AwaitingPayment {
            Some(CancelForm {
                key: params.text("key").unwrap_or_default().to_owned(),
                csrf: if visitor.account.is_some() { visitor.csrf_token().await? } else { String::new() },
            })
        } else {
            None
        },
        order: OrderView::of(&order),
    };
    Ok(Html(page.render()?))
}

/// "Cancel my order", for an order not paid yet (see [`buyers_order_to_change`]).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CancelForm {
    pub(crate) key: String,
    pub(crate) csrf: String,
}

async fn cancel(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(number): Path<String>,
    PageForm(form): PageForm<CancelForm>,
) -> Result<Redirect, PageError> {
    let order = buyers_order_to_change(&state, &visitor, &headers, &number, &form.key, &form.csrf).await?;
    match state.db.cancel_unpaid(order.id, "annulée par l'acheteur", Timestamp::now()).await? {
        StatusChange::Done => visitor.flash_ok("Commande annulée : rien ne vous sera demandé.").await?,
        StatusChange::NotAllowed(now) => {
            visitor.flash(format!("Cette commande ne peut plus être annulée : elle est {}.", now.label_fr())).await?;
        }
        StatusChange::PaymentUnderway => {
            visitor
                .flash("Un paiement de cette commande est en cours : elle ne peut pas être annulée maintenant.")
                .await?;
        }
        StatusChange::NotFound => return Err(Error::NotFound.into()),
    }
    Ok(Redirect::to(&order_url(&order)))
}

pub(crate) struct RowView {
    pub(crate) number: String,
    pub(crate) url: String,
    pub(crate) date: String,
    pub(crate) shop: String,
    pub(crate) what: String,
    pub(crate) thumbnail: Option<PictureView>,
    pub(crate) ship_to: String,
    pub(crate) total: String,
    pub(crate) status: &'static str,
    pub(crate) status_code: &'static str,
}

impl RowView {
    pub(crate) fn of(row: &OrderRow, url: String) -> Self {
        Self {
            number: row.number.to_string(),
            url,
            date: row.created_at.format_fr(),
            shop: row.shop_name.clone(),
            what: contents_fr(row),
            thumbnail: row.first_photo.as_ref().map(|photo| PictureView::new(photo, "", 170, THUMBNAIL_SIZES)),
            ship_to: row.ship_name.clone(),
            total: row.total.format_fr(),
            status: row.status.label_fr(),
            status_code: row.status.as_str(),
        }
    }
}

/// The carrier's page following an order's parcel, with the carrier's name.
pub(crate) fn tracking_link(order: &OrderRecord) -> Option<(String, &'static str)> {
    let carrier = order.carrier?;
    Some((carrier.tracking_url(order.tracking.as_deref()?)?, carrier.label_fr()))
}

/// What an order holds, in a few words: its first item, with the number
/// of units when it is the only one, or how many other items (listings,
/// not units) come with it.
fn contents_fr(row: &OrderRow) -> String {
    match row.lines {
        ..=1 if row.units > 1 => format!("{} × {}", row.units, row.first_title),
        ..=1 => row.first_title.clone(),
        2 => format!("{} et 1 autre création", row.first_title),
        lines => format!("{} et {} autres créations", row.first_title, lines - 1),
    }
}

#[derive(Template)]
#[template(path = "orders/list.html")]
struct ListPage {
    layout: Layout,
    count: String,
    rows: Vec<RowView>,
    pagination: Option<Pagination>,
}

async fn list(State(state): State<AppState>, signed_in: SignedIn, params: Params) -> Result<Html<String>, PageError> {
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let buyer = signed_in.account.id;
    let total = state.db.count_orders_of_buyer(buyer).await?;
    let size = PageSize::DEFAULT;
    let last = PageNumber::last_for(total, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }
    let rows = state.db.orders_of_buyer(buyer, page.offset(size), size.get()).await?;
    let view = ListPage {
        layout: Layout::new(&state, "Mes commandes", "Vos commandes et leur suivi.", None)
            .for_visitor(&signed_in.visitor)
            .await?,
        count: count_label(total, "commande", "commandes"),
        rows: rows.iter().map(|row| RowView::of(row, format!("/orders/{}", row.number))).collect(),
        pagination: Pagination::new(page.get(), last, |n| {
            url_with("/orders", &[("page", (n > 1).then(|| n.to_string()))])
        }),
    };
    Ok(Html(view.render()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use echoppe_domain::Money;

    fn row(lines: i64, units: i64) -> OrderRow {
        OrderRow {
            number: OrderNumber::parse("E7K4Q-2M9X").unwrap(),
            shop_name: "Atelier Lune".to_owned(),
            status: OrderStatus::Paid,
            total: Money::euros(10).unwrap(),
            lines,
            units,
            first_title: "Bague Lune".to_owned(),
            first_photo: None,
            ship_name: "Inès".to_owned(),
            created_at: Timestamp::from_unix(0),
        }
    }

    #[test]
    fn an_order_counts_its_items_not_its_units() {
        assert_eq!(contents_fr(&row(1, 1)), "Bague Lune");
        assert_eq!(contents_fr(&row(1, 2)), "2 × Bague Lune", "two of one listing is one item");
        assert_eq!(contents_fr(&row(2, 2)), "Bague Lune et 1 autre création");
        assert_eq!(contents_fr(&row(3, 7)), "Bague Lune et 2 autres créations");
    }
}
