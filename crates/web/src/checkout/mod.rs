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
use crate::state::AppState;
use echoppe_backoffice::payments::{Charge, Later, PaymentAttempt, ProviderState};
use echoppe_domain::{Currency, Email, Money, ShippingAddress, Timestamp, UserId};
use echoppe_storage::{CheckoutOutcome, CheckoutRefusal, Claim, NewCheckout, OrderLine, PlacedOrder, Settlement};
use sha2::{Digest as _, Sha256};
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
    /// Another attempt is charging these orders right now.
    AlreadyCharging,
}

/// Places the orders of a checkout, then tries to take payment.
pub(crate) async fn place(state: &AppState, request: CheckoutRequest) -> Result<Placing, Error> {
    let now = Timestamp::now();
    let later = state.back_office.payments.later();
    // A buyer told to wait for a link keeps their items for the time the
    // link may take on top of the payment window.
    let hold = state.settings.pay_within + if later.is_some() { state.settings.link_within } else { Duration::ZERO };
    let checkout = NewCheckout {
        checkout_id: crate::visitor::random_token(),
        idempotency: request.idempotency,
        buyer: request.buyer,
        email: request.email,
        address: request.address,
        lines: request.lines,
        pay_by: now.after(hold),
        pay_later: later.is_some(),
        charging_until: later.is_none().then(|| charge_deadline(state, now)),
        now,
    };
    let checkout_id = checkout.checkout_id.clone();
    let lines = checkout.lines.clone();
    let placing = match state.orders.place(checkout).await? {
        CheckoutOutcome::Placed(orders) => {
            metrics::counter!("echoppe_orders_total").increment(orders.len() as u64);
            state.live.ordered(orders.len() as u64);
            state.back_office.statistics.record_checkout(&lines).await;
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
    state.back_office.order_mail.nudge();
    Ok(placing)
}

/// Tries to take payment for the orders a checkout has just placed. They
/// are known to be awaiting payment and were placed held for this charge
/// (`charging_until`), so nothing needs claiming first, and the outcome is
/// written through the order desk with the checkouts' group commits:
/// paying at checkout adds no fsync of its own.
async fn pay_placed(state: &AppState, checkout_id: &str, orders: &[PlacedOrder]) -> Result<Payment, Error> {
    let total: i64 = orders.iter().map(|o| o.items.cents().saturating_add(o.shipping.cents())).sum();
    let currency = orders.first().map_or(Currency::EUR, |o| o.items.currency());
    let ids = orders.iter().map(|o| o.id).collect();
    charge_and_record(state, checkout_id, total, currency, ids).await
}

/// How long past a charge's timeout its orders stay held for it.
const CLAIM_MARGIN: Duration = Duration::from_secs(60);

/// Tries to take payment for what a checkout still owes (the pay page).
pub(crate) async fn pay(state: &AppState, checkout_id: &str) -> Result<Payment, Error> {
    let now = Timestamp::now();
    // Only the provider's state matters here: "pay later" and surge mode
    // are about checkout not waiting on it (see `payments`).
    let later = match state.back_office.payments.provider() {
        ProviderState::Ready => None,
        ProviderState::Saturated => Some(Later::Saturated),
        ProviderState::Resting { .. } => Some(Later::Struggling),
    };
    if let Some(later) = later {
        state.db.defer_payment(checkout_id, now, now.after(state.settings.link_within)).await?;
        return Ok(Payment::Later(later));
    }
    let claim = match state.db.claim_for_payment(checkout_id, now, charge_deadline(state, now)).await? {
        Claim::Ready(claim) => claim,
        Claim::AlreadyCharging => return Ok(Payment::AlreadyCharging),
        Claim::NothingDue => return Ok(Payment::NothingDue),
    };
    let currency = Currency::parse(&claim.currency).map_err(|_| Error::Internal("an order's currency is unknown"))?;
    charge_and_record(state, checkout_id, claim.total_cents, currency, claim.orders).await
}

/// Until when orders are held for a charge starting `now`.
fn charge_deadline(state: &AppState, now: Timestamp) -> Timestamp {
    now.after(state.back_office.payments.timeout() + CLAIM_MARGIN)
}

/// Charges the provider, then records how it went — in a task of its own,
/// so that a buyer closing the page (which drops the request) cannot leave
/// money taken and not recorded.
async fn charge_and_record(
    state: &AppState,
    checkout_id: &str,
    total_cents: i64,
    currency: Currency,
    orders: Vec<i64>,
) -> Result<Payment, Error> {
    let amount = Money::new(total_cents.min(Money::MAX_CENTS), currency)
        .map_err(|_| Error::Internal("a checkout's total does not fit in money"))?;
    let charge = Charge {
        reference: provider_reference(checkout_id),
        amount,
        description: format!("{} — {} commande(s)", state.settings.site_name, orders.len()),
    };
    let (state, checkout_id) = (state.clone(), checkout_id.to_owned());
    let task = tokio::spawn(async move {
        let now = Timestamp::now();
        let deferred = |payment| {
            let hold_until = now.after(state.settings.link_within);
            (Settlement::Deferred { checkout_id: checkout_id.clone(), at: now, hold_until }, payment)
        };
        let (settlement, payment) = match state.back_office.payments.attempt(&charge).await {
            PaymentAttempt::Paid(receipt) => {
                (Settlement::Paid { orders, reference: receipt.reference, at: now }, Payment::Paid)
            }
            PaymentAttempt::Declined(why) => deferred(Payment::Declined(why)),
            PaymentAttempt::Later(later) => deferred(Payment::Later(later)),
        };
        if let Err(error) = state.orders.settle(settlement.clone()).await {
            if let Settlement::Paid { reference, .. } = &settlement {
                // The provider answers a new attempt under the same reference
                // with this receipt, without charging again.
                metrics::counter!("echoppe_payments_unrecorded_total").increment(1);
                tracing::error!(%error, charge = %charge.reference, receipt = %reference, "a payment was taken but could not be recorded");
            }
            return Err(Error::from(error));
        }
        state.back_office.order_mail.nudge();
        Ok(payment)
    });
    task.await.map_err(|_| Error::Internal("a payment task stopped"))?
}

/// What the payment provider knows a checkout by: derived from its id,
/// never the id itself, which is the key to the buyer's orders.
fn provider_reference(checkout_id: &str) -> String {
    let digest = Sha256::digest(checkout_id.as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("chk_{hex}")
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
