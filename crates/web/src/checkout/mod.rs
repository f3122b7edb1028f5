//! Checkout: from a cart (or an API request) to orders on disk, then
//! payment — now if the payment service has room, by mail later if not.
//!
//! The order of things is what makes an acknowledged order impossible to
//! lose: the orders are committed (fsynced, through the
//! [`OrderDesk`](echoppe_storage::OrderDesk)) *before* any payment is
//! attempted, awaiting payment with their items held. Whatever happens to
//! the payment — paid, declined, too slow, the service saturated, the server
//! killed — the orders stand, and an unpaid one is either paid through its
//! link or expires and gives its items back.

mod pages;
pub(crate) mod pay;

pub(crate) use pages::routes;

use crate::error::Error;
use crate::payments::{Charge, Later, PaymentAttempt};
use crate::state::AppState;
use echoppe_domain::{Currency, Email, Money, ShippingAddress, Timestamp, UserId};
use echoppe_storage::{CheckoutOutcome, CheckoutRefusal, NewCheckout, OrderLine, PlacedOrder, Settlement};
use std::time::Duration;

/// What a checkout asks for.
pub(crate) struct CheckoutRequest {
    pub(crate) buyer: Option<UserId>,
    pub(crate) email: Email,
    pub(crate) address: ShippingAddress,
    pub(crate) lines: Vec<OrderLine>,
    /// The idempotency key and a hash of the request it came with.
    pub(crate) idempotency: Option<(String, String)>,
}

/// How a checkout went.
pub(crate) enum Placing {
    /// Placed now; `payment` says how paying went.
    Placed {
        checkout_id: String,
        payment: Payment,
    },
    /// Placed by an earlier request with the same key.
    Replayed {
        checkout_id: String,
    },
    Refused(CheckoutRefusal),
}

/// How paying for a checkout went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Payment {
    Paid,
    Declined(String),
    /// A link comes by mail (see [`Later`] for why).
    Later(Later),
    /// Nothing was left to pay (paid meanwhile, or expired).
    NothingDue,
}

/// Places the orders of a checkout, then tries to take payment.
pub(crate) async fn place(state: &AppState, request: CheckoutRequest) -> Result<Placing, Error> {
    let now = Timestamp::now();
    let later = state.payments.later();
    // A buyer told to wait for a link keeps their items for the time the
    // link may take on top of the payment window.
    let hold = state.settings.pay_within + if later.is_some() { state.settings.link_within } else { Duration::ZERO };
    let checkout = NewCheckout {
        checkout_id: crate::accounts::random_token(),
        idempotency: request.idempotency,
        buyer: request.buyer,
        email: request.email,
        address: request.address,
        lines: request.lines,
        pay_by: after(now, hold),
        pay_later: later.is_some(),
        now,
    };
    let checkout_id = checkout.checkout_id.clone();
    let placing = match state.orders.place(checkout).await? {
        CheckoutOutcome::Placed(orders) => {
            metrics::counter!("echoppe_orders_total").increment(orders.len() as u64);
            let payment = match later {
                Some(later) => Payment::Later(later),
                None => pay_placed(state, &checkout_id, &orders).await?,
            };
            Placing::Placed { checkout_id, payment }
        }
        CheckoutOutcome::Replayed { checkout_id, .. } => Placing::Replayed { checkout_id },
        CheckoutOutcome::Refused(refusal) => Placing::Refused(refusal),
    };
    // The confirmation mail can go now rather than on the mail task's next round.
    state.mail_due.notify_one();
    Ok(placing)
}

/// Tries to take payment for the orders a checkout has just placed. They
/// are known to be awaiting payment and held for the payment window, so
/// nothing needs claiming first, and the outcome is written through the
/// order desk with the checkouts' group commits: paying at checkout adds
/// no fsync of its own.
async fn pay_placed(state: &AppState, checkout_id: &str, orders: &[PlacedOrder]) -> Result<Payment, Error> {
    // A payment window shorter than a charge may take: claim, as the pay page does.
    if state.settings.pay_within <= state.payments.timeout() + CLAIM_MARGIN {
        return pay(state, checkout_id).await;
    }
    let total: i64 = orders.iter().map(|o| o.items.cents().saturating_add(o.shipping.cents())).sum();
    let currency = orders.first().map_or(Currency::EUR, |o| o.items.currency());
    let amount = Money::new(total.min(Money::MAX_CENTS), currency)
        .map_err(|_| Error::Internal("a checkout's total does not fit in money"))?;
    let charge = Charge {
        reference: checkout_id.to_owned(),
        amount,
        description: format!("{} — {} commande(s)", state.settings.site_name, orders.len()),
    };
    let deferred = |payment| async move {
        let hold_until = after(Timestamp::now(), state.settings.link_within);
        state.orders.settle(Settlement::Deferred { checkout_id: checkout_id.to_owned(), hold_until }).await?;
        Ok::<_, Error>(payment)
    };
    match state.payments.attempt(&charge).await {
        PaymentAttempt::Paid(receipt) => {
            let orders = orders.iter().map(|o| o.id).collect();
            let settled = Settlement::Paid { orders, reference: receipt.reference, at: Timestamp::now() };
            state.orders.settle(settled).await?;
            Ok(Payment::Paid)
        }
        PaymentAttempt::Declined(why) => deferred(Payment::Declined(why)).await,
        PaymentAttempt::Later(later) => deferred(Payment::Later(later)).await,
    }
}

/// How long past a charge's timeout an order is held while it is charged.
const CLAIM_MARGIN: Duration = Duration::from_secs(60);

/// Tries to take payment for what a checkout still owes (the pay page).
pub(crate) async fn pay(state: &AppState, checkout_id: &str) -> Result<Payment, Error> {
    let now = Timestamp::now();
    let defer = |later| async move {
        state.db.defer_payment(checkout_id, after(now, state.settings.link_within)).await?;
        Ok::<_, Error>(later)
    };
    if let Some(later) = state.payments.later() {
        return defer(Payment::Later(later)).await;
    }
    // Held past the longest a charge may take, so nothing expires mid-charge.
    let hold = after(now, state.payments.timeout() + CLAIM_MARGIN);
    let claim = state.db.claim_for_payment(checkout_id, now, hold).await?;
    if claim.orders.is_empty() {
        return Ok(Payment::NothingDue);
    }
    let currency = Currency::parse(&claim.currency).map_err(|_| Error::Internal("an order's currency is unknown"))?;
    let amount = Money::new(claim.total_cents.min(Money::MAX_CENTS), currency)
        .map_err(|_| Error::Internal("a checkout's total does not fit in money"))?;
    let charge = Charge {
        reference: checkout_id.to_owned(),
        amount,
        description: format!("{} — {} commande(s)", state.settings.site_name, claim.orders.len()),
    };
    match state.payments.attempt(&charge).await {
        PaymentAttempt::Paid(receipt) => {
            state.db.mark_paid(&claim, &receipt.reference, Timestamp::now()).await?;
            state.mail_due.notify_one();
            Ok(Payment::Paid)
        }
        PaymentAttempt::Declined(why) => defer(Payment::Declined(why)).await,
        PaymentAttempt::Later(later) => defer(Payment::Later(later)).await,
    }
}

fn after(now: Timestamp, wait: Duration) -> Timestamp {
    Timestamp::from_unix(now.unix().saturating_add(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX)))
}

/// Why a checkout was refused, in words for the buyer.
pub(crate) fn refusal_message(refusal: &CheckoutRefusal) -> String {
    match refusal {
        CheckoutRefusal::EmptyCart => "le panier est vide".to_owned(),
        CheckoutRefusal::Unavailable { listing } => {
            format!("l'article {listing} n'est plus en vente (retiré, ou boutique fermée)")
        }
        CheckoutRefusal::OutOfStock { title, available, .. } if *available <= 0 => {
            format!("« {title} » n'est plus disponible")
        }
        CheckoutRefusal::OutOfStock { title, available, .. } => format!("« {title} » : il n'en reste que {available}"),
        CheckoutRefusal::PriceChanged { title, now, .. } => {
            format!("le prix de « {title} » est maintenant de {} : vérifiez et confirmez à nouveau", now.format_fr())
        }
        CheckoutRefusal::TooLarge => "une commande ne peut pas dépasser 1 000 000 €".to_owned(),
        CheckoutRefusal::KeyReused => "cette clé d'idempotence a déjà servi pour une autre commande".to_owned(),
    }
}
