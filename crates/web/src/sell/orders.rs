//! The seller's orders: the list (by status), each order with the buyer's
//! address, and the steps that are the seller's to take — mark shipped
//! (with a tracking number), mark delivered, cancel one still unpaid.

use super::Seller;
use crate::error::{Error, PageError};
use crate::forms::{PageForm, unknown_choice};
use crate::orders::{OrderView, RowView};
use crate::params::Params;
use crate::state::AppState;
use crate::views::{Layout, Pagination, count_label, url_with};
use crate::visitor::Notice;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use echoppe_domain::{Carrier, Invalid, OrderNumber, OrderStatus, PageNumber, PageSize, Timestamp, form_text};
use echoppe_storage::{OrderRecord, StatusChange};
use serde::Deserialize;

/// The order `number` if it is one of this seller's; 404 otherwise.
async fn own_order(state: &AppState, seller: &Seller, number: &str) -> Result<OrderRecord, Error> {
    let number = OrderNumber::parse(number).map_err(|_| Error::NotFound)?;
    state.db.order_by_number(&number).await?.filter(|order| order.shop == seller.shop.id).ok_or(Error::NotFound)
}

struct StatusTab {
    label: &'static str,
    url: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "sell/orders.html")]
struct ListPage {
    layout: Layout,
    count: String,
    tabs: Vec<StatusTab>,
    rows: Vec<RowView>,
    pagination: Option<Pagination>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    seller: Seller,
    params: Params,
) -> Result<Html<String>, PageError> {
    let status = params.parse("status", OrderStatus::parse)?;
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let shop = seller.shop.id;
    let total = state.db.count_orders_of_shop(shop, status).await?;
    let size = PageSize::DEFAULT;
    let last = PageNumber::last_for(total, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }
    let rows = state.db.orders_of_shop(shop, status, page.offset(size), size.get()).await?;
    let code = status.map(OrderStatus::as_str);
    let mut tabs = vec![StatusTab { label: "Toutes", url: "/sell/orders".to_owned(), current: status.is_none() }];
    tabs.extend(
        [OrderStatus::Paid, OrderStatus::AwaitingPayment, OrderStatus::Shipped, OrderStatus::Delivered]
            .into_iter()
            .map(|s| StatusTab {
                label: s.label_fr(),
                url: format!("/sell/orders?status={}", s.as_str()),
                current: status == Some(s),
            }),
    );
    let view = ListPage {
        layout: Layout::new(&state, "Mes ventes", "Les commandes de votre boutique.", None)
            .for_visitor(&seller.signed_in.visitor)
            .await?,
        count: count_label(total, "commande", "commandes"),
        tabs,
        rows: rows.iter().map(|row| RowView::of(row, format!("/sell/orders/{}", row.number))).collect(),
        pagination: Pagination::new(page.get(), last, |n| {
            url_with("/sell/orders", &[("status", code.map(str::to_owned)), ("page", (n > 1).then(|| n.to_string()))])
        }),
    };
    Ok(Html(view.render()?))
}

#[derive(Template)]
#[template(path = "sell/order.html")]
struct OrderPage {
    layout: Layout,
    csrf: String,
    notices: Vec<Notice>,
    order: OrderView,
    can_ship: bool,
    can_deliver: bool,
    can_cancel: bool,
    /// The carriers to choose from when shipping: (code, name).
    carriers: Vec<(&'static str, &'static str)>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    seller: Seller,
    Path(number): Path<String>,
) -> Result<Html<String>, PageError> {
    let order = own_order(&state, &seller, &number).await?;
    let visitor = &seller.signed_in.visitor;
    let title = format!("Commande {}", order.number);
    let page = OrderPage {
        layout: Layout::new(&state, &title, "Une commande de votre boutique.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        notices: visitor.take_flash().await?,
        can_ship: order.status.can_become(OrderStatus::Shipped),
        can_deliver: order.status.can_become(OrderStatus::Delivered),
        can_cancel: order.status == OrderStatus::AwaitingPayment,
        carriers: Carrier::ALL.iter().map(|c| (c.as_str(), c.label_fr())).collect(),
        order: OrderView::of(&order),
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct StepForm {
    csrf: String,
    /// `ship`, `deliver` or `cancel`.
    action: String,
    tracking: String,
    /// A [`Carrier`] code, or empty.
    carrier: String,
}

pub(crate) async fn step(
    State(state): State<AppState>,
    seller: Seller,
    Path(number): Path<String>,
    PageForm(form): PageForm<StepForm>,
) -> Result<Redirect, PageError> {
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let order = own_order(&state, &seller, &number).await?;
    let back = Redirect::to(&format!("/sell/orders/{}", order.number));
    let now = Timestamp::now();
    let (change, done) = match form.action.as_str() {
        "ship" => {
            let tracking = match tracking_number(&form.tracking) {
                Ok(tracking) => tracking,
                Err(invalid) => {
                    visitor.flash(format!("Rien n'a changé : {invalid}.")).await?;
                    return Ok(back);
                }
            };
            let carrier = match form.carrier.as_str() {
                "" => None,
                code => Some(Carrier::parse(code).map_err(|_| {
                    let codes: Vec<&str> = Carrier::ALL.iter().map(|c| c.as_str()).collect();
                    unknown_choice("carrier", code, &codes)
                })?),
            };
            (state.db.mark_shipped(order.id, tracking.as_deref(), carrier, now).await?, "Commande marquée expédiée.")
        }
        "deliver" => (state.db.mark_delivered(order.id, now).await?, "Commande marquée livrée."),
        "cancel" => (
            state.db.cancel_unpaid(order.id, "annulée par la boutique", now).await?,
            "Commande annulée : ses articles sont remis en vente.",
        ),
        other => return Err(unknown_choice("action", other, &["ship", "deliver", "cancel"]).into()),
    };
    match change {
        StatusChange::Done => visitor.flash_ok(done).await?,
        StatusChange::NotAllowed(now) => {
            visitor.flash(format!("Rien n'a changé : la commande est {}.", now.label_fr())).await?;
        }
        StatusChange::PaymentUnderway => {
            visitor.flash("Rien n'a changé : l'acheteur est en train de payer cette commande.").await?;
        }
        StatusChange::NotFound => return Err(Error::NotFound.into()),
    }
    Ok(back)
}

/// A tracking number: optional, up to 64 letters, digits, spaces and dashes.
fn tracking_number(text: &str) -> Result<Option<String>, Invalid> {
    let tracking = form_text(text, 64, None, "le numéro de suivi")?;
    if tracking.is_empty() {
        return Ok(None);
    }
    if !tracking.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') {
        return Err(Invalid::new(
            "le numéro de suivi ne peut contenir que des lettres, des chiffres, des espaces et des tirets",
        ));
    }
    Ok(Some(tracking.to_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_are_plain() {
        assert_eq!(tracking_number("  ").unwrap(), None);
        assert_eq!(tracking_number("6a 123-45").unwrap().as_deref(), Some("6A 123-45"));
        assert!(tracking_number("<script>").is_err());
        assert!(tracking_number(&"1".repeat(65)).is_err());
    }
}
