//! `/orders/{number}/pay`: paying for a checkout that ended unpaid — from the
//! link in the mail, or from the order's page.
//!
//! One payment covers every order of the checkout still awaiting payment
//! (one per shop), as at checkout. Who may pay: see
//! [`buyers_order_to_change`].

use super::Payment;
use crate::error::PageError;
use crate::forms::PageForm;
use crate::orders::{OrderView, PayNow, buyers_order, buyers_order_to_change, clock_fr, done_url, order_url};
use crate::params::Params;
use crate::state::AppState;
use crate::views::Layout;
use crate::visitor::{Notice, Visitor};
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
    /// The payment service is saturated right now: a payment may not pass.
    busy: bool,
    /// The payment service is left alone until then (it was slow or
    /// failing): no button, but the time paying will be possible again.
    resumes_at: Option<String>,
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
        busy: PayNow::of(&state) == PayNow::Open { busy: true },
        resumes_at: PayNow::of(&state).resumes_at(),
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
            // One payment may cover several orders (one per shop): the
            // checkout's page shows each of them, and the message names them.
            let paid: Vec<String> = state
                .db
                .checkout_orders(&order.checkout_id)
                .await?
                .iter()
                .filter(|o| o.status == OrderStatus::Paid)
                .map(|o| o.number.to_string())
                .collect();
            let message = match paid.as_slice() {
                [one] => {
                    format!("Paiement reçu pour la commande {one}, merci ! Un e-mail de confirmation est en route.")
                }
                _ => format!(
                    "Paiement reçu pour les commandes {}, merci ! Un e-mail de confirmation est en route.",
                    echoppe_domain::and_fr(&paid)
                ),
            };
            visitor.flash_ok(message).await?;
            Ok(Redirect::to(&done_url(&order.checkout_id)).into_response())
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
            let when = match PayNow::of(&state) {
                PayNow::ResumesAt(at) => format!("réessayez à partir de {at}"),
                PayNow::Open { .. } => "réessayez dans quelques instants".to_owned(),
            };
            visitor
                .flash(format!(
                    "Le service de paiement n'a pas pu prendre votre paiement : {when}. Vos articles restent réservés, et le lien de paiement reste valable."
                ))
                .await?;
            Ok(Redirect::to(&again).into_response())
        }
    }
}
