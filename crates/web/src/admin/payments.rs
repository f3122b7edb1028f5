//! `/admin/payments`: the operator's "pay later" switch. On, every checkout
//! records its orders without attempting payment and the buyer gets a
//! payment link by mail — for a payment provider's announced outage, or the
//! minutes after a broadcast. With `--redis-url` the switch is the same on
//! every node of the cluster (`switches.rs`); without, each node has its own
//! (set it on each, or start them with `--pay-later always`).

use super::require_admin;
use crate::error::PageError;
use crate::forms::{PageForm, unknown_choice};
use crate::state::AppState;
use crate::views::Layout;
use crate::visitor::{Notice, SignedIn};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, Redirect};
use echoppe_backoffice::payments::Later;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/payments.html")]
struct PaymentsPage {
    layout: Layout,
    csrf: String,
    notices: Vec<Notice>,
    forced: bool,
    state: &'static str,
}

pub(super) async fn show(State(state): State<AppState>, signed_in: SignedIn) -> Result<Html<String>, PageError> {
    require_admin(&signed_in.account)?;
    let visitor = &signed_in.visitor;
    let page = PaymentsPage {
        layout: Layout::new(&state, "Paiements", "Le paiement différé.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        notices: visitor.take_flash().await?,
        forced: state.back_office.payments.always_later(),
        state: match state.back_office.payments.later() {
            None => "Les paiements sont pris à la commande.",
            Some(Later::Operator) => "Paiement différé pour toutes les commandes (réglage de l'équipe).",
            Some(Later::Saturated) => "Le service de paiement est saturé : les commandes passent en paiement différé.",
            Some(Later::Surge) => "Mode affluence : les commandes sont prises, les paiements suivront par lien.",
            Some(Later::Struggling) => {
                "Le service de paiement a été lent ou en panne : paiement différé pendant quelques instants."
            }
        },
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SwitchForm {
    csrf: String,
    /// `on` or `off`.
    pay_later: String,
}

pub(super) async fn switch(
    State(state): State<AppState>,
    signed_in: SignedIn,
    PageForm(form): PageForm<SwitchForm>,
) -> Result<Redirect, PageError> {
    require_admin(&signed_in.account)?;
    let visitor = &signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let on = match form.pay_later.as_str() {
        "on" => true,
        "off" => false,
        other => return Err(unknown_choice("pay_later", other, &["on", "off"]).into()),
    };
    state.back_office.switches.set_pay_later(on).await?;
    tracing::warn!(admin = %signed_in.account.id, pay_later = on, "pay-later switch changed");
    visitor
        .flash_ok(if on {
            "Paiement différé activé : les commandes sont enregistrées, le lien de paiement part par e-mail."
        } else {
            "Paiement différé désactivé : les paiements sont de nouveau pris à la commande."
        })
        .await?;
    Ok(Redirect::to("/admin/payments"))
}
