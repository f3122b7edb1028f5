//! A payment service that exists only in echoppe: it stands in for a real
//! one in tests, in the demo and in the broadcast rehearsal, where a slow,
//! capacity-limited payment service is exactly what saturates checkout.
//! Its latency, failure rate and capacity are settings.

use super::provider::{Charge, ChargeError, PaymentProvider, Receipt};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How the simulated service behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimulatedPayments {
    /// How long each charge takes.
    pub latency: Duration,
    /// The share of charges declined, from 0 to 1.
    pub failure_rate: f64,
    /// Charges taken at once; more are turned away as busy.
    pub capacity: usize,
}

impl Default for SimulatedPayments {
    fn default() -> Self {
        Self { latency: Duration::from_millis(300), failure_rate: 0.02, capacity: 32 }
    }
}

/// Charges already made, by reference, so a retried reference is answered
/// with its first receipt. Bounded: a retry comes within minutes, not after
/// a hundred thousand other charges.
const REMEMBERED: u64 = 100_000;

#[derive(Debug)]
pub(super) struct SimulatedProvider {
    settings: SimulatedPayments,
    in_flight: Arc<Semaphore>,
    charged: moka::future::Cache<String, String>,
}

impl SimulatedProvider {
    pub(super) fn new(settings: SimulatedPayments) -> Self {
        Self {
            settings,
            in_flight: Arc::new(Semaphore::new(settings.capacity.max(1))),
            charged: moka::future::Cache::new(REMEMBERED),
        }
    }
}

#[async_trait]
impl PaymentProvider for SimulatedProvider {
    fn capacity(&self) -> usize {
        self.settings.capacity.max(1)
    }

    async fn charge(&self, charge: &Charge) -> Result<Receipt, ChargeError> {
        let Ok(_slot) = self.in_flight.try_acquire() else { return Err(ChargeError::Busy) };
        let settings = self.settings;
        // One charge per reference: attempts under the same reference at
        // the same moment wait for the first; later ones get its receipt.
        // A decline is not remembered, so trying again may go through.
        self.charged
            .try_get_with(charge.reference.clone(), async move {
                tokio::time::sleep(settings.latency).await;
                if declined(settings.failure_rate) {
                    return Err(ChargeError::Declined("carte refusée par la banque (simulation)".to_owned()));
                }
                Ok(format!("sim_{}", &uuid::Uuid::new_v4().simple().to_string()[..16]))
            })
            .await
            .map(|reference| Receipt { reference })
            .map_err(|error| (*error).clone())
    }
}

/// Draws whether a charge is declined, `rate` of the time.
fn declined(rate: f64) -> bool {
    let mut bytes = [0_u8; 8];
    // The simulation's dice: if the system's generator failed, accepting
    // the charge is the harmless answer.
    if getrandom::fill(&mut bytes).is_err() {
        return false;
    }
    // 53 random bits as a number in [0, 1).
    let roll = (u64::from_le_bytes(bytes) >> 11) as f64 / (1_u64 << 53) as f64;
    roll < rate
}

#[cfg(test)]
mod tests {
    use super::*;
    use echoppe_domain::Money;

    fn charge(reference: &str) -> Charge {
        Charge { reference: reference.to_owned(), amount: Money::euros(1_500).unwrap(), description: "test".to_owned() }
    }

    #[tokio::test]
    async fn a_reference_is_charged_once() {
        let provider =
            SimulatedProvider::new(SimulatedPayments { latency: Duration::ZERO, failure_rate: 0.0, capacity: 2 });
        let first = provider.charge(&charge("c1")).await.unwrap();
        assert_eq!(provider.charge(&charge("c1")).await.unwrap(), first);
        assert_ne!(provider.charge(&charge("c2")).await.unwrap(), first);
    }

    #[tokio::test]
    async fn the_same_reference_at_the_same_moment_is_charged_once() {
        let provider = SimulatedProvider::new(SimulatedPayments {
            latency: Duration::from_millis(100),
            failure_rate: 0.0,
            capacity: 4,
        });
        let same = charge("same");
        let (a, b) = tokio::join!(provider.charge(&same), provider.charge(&same));
        assert_eq!(a.unwrap(), b.unwrap());
    }

    #[tokio::test]
    async fn beyond_its_capacity_it_is_busy() {
        let provider = Arc::new(SimulatedProvider::new(SimulatedPayments {
            latency: Duration::from_millis(200),
            failure_rate: 0.0,
            capacity: 1,
        }));
        let slow = tokio::spawn({
            let provider = Arc::clone(&provider);
            async move { provider.charge(&charge("a")).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(provider.charge(&charge("b")).await, Err(ChargeError::Busy));
        assert!(slow.await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn the_failure_rate_declines() {
        let provider =
            SimulatedProvider::new(SimulatedPayments { latency: Duration::ZERO, failure_rate: 1.0, capacity: 1 });
        assert!(matches!(provider.charge(&charge("x")).await, Err(ChargeError::Declined(_))));
    }
}
