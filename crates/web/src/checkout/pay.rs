//! `/orders/{number}/pay`: paying for a checkout that ended unpaid — from the
//! link in the mail, or from the order's page.
//!
//! One payment covers every order of the checkout still awaiting payment
//! (one per shop), as at checkout. Who may pay: see
//! [`buyers_order_to_change`].

use super::Payment;
use crate::accounts::{Notice, Visitor};
use crate::error::PageError;
use crate::forms::PageForm;
use crate::orders::{OrderView, buyers_order, buyers_order_to_change, clock_fr, order_url};
use crate::pages::views::Layout;
use crate::params::Params;
use crate::payments::Later;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use echoppe_domain::OrderStatus;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "orders/pay.html")]
struct PayPage {
    layout: Layout,
    notices: Vec<Notice>,
    orders: Vec<OrderView>,
    total: String,
    pay_by: String,
    action: String,
    key: String,
    csrf: String,
    /// The payment service is saturated right now.
    busy: bool,
    /// Payments are switched off by an operator: no button, the link will come.
    suspended: bool,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(number): Path<String>,
    params: Params,
) -> Result<Response, PageError> {
    let key = params.text("key");
    let order = buyers_order(&state, &visitor, &number, key).await?;
    let due: Vec<_> = state
        .db
        .checkout_orders(&order.checkout_id)
        .await?
        .into_iter()
        .filter(|o| o.status == OrderStatus::AwaitingPayment)
        .collect();
    if due.is_empty() {
        visitor.flash(nothing_due(order.status)).await?;
        return Ok(Redirect::to(&order_url(&order)).into_response());
    }
    let total: i64 = due.iter().map(|o| o.total().cents()).sum();
    let page = PayPage {
        layout: Layout::new(&state, "Régler ma commande", "Le paiement de votre commande.", None)
            .for_visitor(&visitor)
            .await?,
        notices: visitor.take_flash().await?,
        total: crate::cart::euros(total),
        pay_by: due.iter().filter_map(|o| o.pay_by).min().map(clock_fr).unwrap_or_default(),
        action: format!("/orders/{}/pay", order.number),
        key: key.unwrap_or_default().to_owned(),
        csrf: if visitor.account.is_some() { visitor.csrf_token().await? } else { String::new() },
        busy: matches!(state.payments.later(), Some(Later::Saturated | Later::Struggling | Later::Surge)),
        suspended: state.payments.later() == Some(Later::Operator),
        orders: due.iter().map(OrderView::of).collect(),
    };
    Ok(Html(page.render()?).into_response())
}

fn nothing_due(status: OrderStatus) -> String {
    match status {
        OrderStatus::AwaitingPayment => {
            "Le délai de paiement de cette commande est dépassé : ses articles vont être remis en vente.".to_owned()
        }
        OrderStatus::Expired => {
            "Cette commande a expiré faute de paiement : ses articles ont été remis en vente.".to_owned()
        }
        OrderStatus::Cancelled => "Cette commande a été annulée : il n'y a rien à régler.".to_owned(),
        _ => "Cette commande est déjà réglée.".to_owned(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PayForm {
    key: String,
    csrf: String,
}

pub(crate) async fn pay(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(number): Path<String>,
    PageForm(form): PageForm<PayForm>,
) -> Result<Response, PageError> {
    let order = buyers_order_to_change(&state, &visitor, &headers, &number, &form.key, &form.csrf).await?;
    let again = format!("/orders/{}/pay?key={}", order.number, order.checkout_id);
    match super::pay(&state, &order.checkout_id).await? {
        Payment::Paid => {
            visitor.flash_ok("Paiement reçu, merci ! Un e-mail de confirmation est en route.").await?;
            Ok(Redirect::to(&order_url(&order)).into_response())
        }
        Payment::NothingDue => {
            let status = state.db.order_by_number(&order.number).await?.map_or(order.status, |o| o.status);
            visitor.flash(nothing_due(status)).await?;
            Ok(Redirect::to(&order_url(&order)).into_response())
        }
        Payment::AlreadyCharging => {
            visitor
                .flash("Un paiement de cette commande est déjà en cours : patientez un instant puis rechargez la page.")
                .await?;
            Ok(Redirect::to(&order_url(&order)).into_response())
        }
        Payment::Declined(why) => {
            visitor
                .flash(format!(
                    "Le paiement n'est pas passé ({why}). Vos articles restent réservés : vous pouvez réessayer."
                ))
                .await?;
            Ok(Redirect::to(&again).into_response())
        }
        Payment::Later(_) => {
            visitor
                .flash("Le service de paiement est saturé en ce moment. Vos articles restent réservés : réessayez dans quelques minutes, ou attendez le lien que nous vous enverrons par e-mail.")
                .await?;
            Ok(Redirect::to(&again).into_response())
        }
    }
}
