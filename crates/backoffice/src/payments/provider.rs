//! What echoppe asks of a payment service. Card details never pass through
//! echoppe: a real provider takes them on its own pages, and echoppe only
//! asks it to charge a checkout by reference and keeps the receipt.

use async_trait::async_trait;
use echoppe_domain::Money;
use std::fmt;

/// A charge for the orders of one checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The checkout's id: a provider that sees the same reference twice
    /// answers with the first charge instead of charging again, so a retry
    /// after a timeout cannot bill a buyer twice.
    pub reference: String,
    pub amount: Money,
    /// What the buyer's statement shows.
    pub description: String,
}

/// Proof of a charge: the provider's own reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub reference: String,
}

/// Why a charge did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChargeError {
    /// The buyer's bank said no: trying again later may work.
    #[error("paiement refusé : {0}")]
    Declined(String),
    /// The provider is at its capacity and turned the charge away.
    #[error("le service de paiement est saturé")]
    Busy,
    /// The provider failed or could not be reached.
    #[error("le service de paiement ne répond pas : {0}")]
    Unavailable(String),
}

/// A payment service.
#[async_trait]
pub trait PaymentProvider: Send + Sync + fmt::Debug {
    /// How many charges the provider takes at once under its contract.
    fn capacity(&self) -> usize;

    async fn charge(&self, charge: &Charge) -> Result<Receipt, ChargeError>;
}
