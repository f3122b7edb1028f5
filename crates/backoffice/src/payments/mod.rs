//! Taking payment for a checkout, or deciding not to try: *order now, pay
//! later*.
//!
//! [`Payments`] stands between checkout and the payment provider. Checkout
//! charges at once only when nothing says to wait ([`Payments::later`]):
//! when all the provider's slots are taken (its capacity), when it was too
//! slow or failing a moment ago, when an operator switched checkout to "pay
//! later", or in surge mode, checkout does not wait and does not fail — the
//! order is already on disk, awaiting payment, and the buyer is told a
//! payment link will come by mail.
//!
//! Paying through that link is another question ([`Payments::provider`]):
//! only the provider's own state answers it. The operator's switch and the
//! mode decide whether checkout waits on the provider, not whether a buyer
//! holding a link may pay — so a link promised within a quarter of an hour
//! can be sent and paid within it, the provider taking payments at its own
//! pace (see `mail/order_mail.rs`).

mod provider;
mod simulated;

pub use provider::{Charge, ChargeError, PaymentProvider, Receipt};
pub use simulated::SimulatedPayments;
use simulated::SimulatedProvider;

use echoppe_domain::Timestamp;
use echoppe_shield::{Mode, Modes};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// When checkout takes payment, and how long it waits for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaymentSettings {
    /// The built-in simulated provider's behaviour.
    pub simulated: SimulatedPayments,
    /// Pay later at every checkout, whatever the provider's state (the
    /// operator's switch at start-up; it can be flipped at run time).
    pub always_later: bool,
    /// A charge slower than this turns payments to "later" for a while.
    pub slow_after: Duration,
    /// How long a charge may take before checkout gives up waiting.
    pub timeout: Duration,
    /// How long payments stay "later" after a slow or failed charge, before
    /// the provider is tried again.
    pub cool_down: Duration,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            simulated: SimulatedPayments::default(),
            always_later: false,
            slow_after: Duration::from_secs(3),
            timeout: Duration::from_secs(10),
            cool_down: Duration::from_secs(30),
        }
    }
}

/// Why payment is not attempted now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    /// An operator switched payments to "later".
    Operator,
    /// Every slot of the provider is taken.
    Saturated,
    /// The provider was slow or failing a moment ago.
    Struggling,
    /// The platform is in surge mode: every order is taken, payments wait.
    Surge,
}

impl Later {
    /// Why checkout takes the order without taking payment, as the review
    /// page tells the buyer before they confirm.
    pub fn reason_fr(self) -> &'static str {
        match self {
            Self::Operator => "Le paiement se fait juste après la commande",
            Self::Surge => "Grande affluence en ce moment",
            Self::Saturated | Self::Struggling => "Notre service de paiement est très sollicité",
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::Saturated => "saturated",
            Self::Struggling => "struggling",
            Self::Surge => "surge",
        }
    }
}

/// Whether the provider itself can take a charge now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderState {
    /// It has a free slot.
    Ready,
    /// Every slot is taken: a charge tried now is turned away; one tried
    /// in a few seconds may pass.
    Saturated,
    /// It was slow or failing a moment ago and is left alone until then.
    Resting { until: Timestamp },
}

/// How one attempt to take payment ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentAttempt {
    Paid(Receipt),
    Declined(String),
    /// Not attempted, or given up on: the buyer pays later through a link.
    Later(Later),
}

/// The checkout's side of the payment provider. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Payments {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    provider: Box<dyn PaymentProvider>,
    settings: PaymentSettings,
    /// One permit per charge the provider takes at once.
    slots: Semaphore,
    operator_later: AtomicBool,
    /// Milliseconds since `started` until which the provider is left alone.
    resting_until: AtomicU64,
    started: Instant,
    /// In surge mode, payments wait.
    modes: Modes,
}

impl Payments {
    /// Payments through the built-in simulated provider.
    pub fn simulated(settings: PaymentSettings, modes: Modes) -> Self {
        Self::with_provider(Box::new(SimulatedProvider::new(settings.simulated)), settings, modes)
    }

    pub fn with_provider(provider: Box<dyn PaymentProvider>, settings: PaymentSettings, modes: Modes) -> Self {
        let slots = Semaphore::new(provider.capacity().max(1));
        let payments = Self {
            inner: Arc::new(Inner {
                provider,
                settings,
                slots,
                operator_later: AtomicBool::new(settings.always_later),
                resting_until: AtomicU64::new(0),
                started: Instant::now(),
                modes,
            }),
        };
        payments.publish();
        payments
    }

    /// Whether checkout charges now; if not, why.
    pub fn later(&self) -> Option<Later> {
        let inner = &self.inner;
        if inner.operator_later.load(Ordering::Relaxed) {
            Some(Later::Operator)
        } else if inner.modes.current() == Mode::Surge {
            Some(Later::Surge)
        } else {
            match self.provider() {
                ProviderState::Ready => None,
                ProviderState::Saturated => Some(Later::Saturated),
                ProviderState::Resting { .. } => Some(Later::Struggling),
            }
        }
    }

    /// Whether the provider can take a charge now, whatever the operator's
    /// switch and the mode: the question of a buyer paying through a link.
    pub fn provider(&self) -> ProviderState {
        let (now, resting_until) = (self.elapsed_ms(), self.inner.resting_until.load(Ordering::Relaxed));
        if now < resting_until {
            let wait = Duration::from_millis(resting_until - now);
            ProviderState::Resting { until: Timestamp::now().after(wait) }
        } else if self.inner.slots.available_permits() == 0 {
            ProviderState::Saturated
        } else {
            ProviderState::Ready
        }
    }

    /// Whether the provider has room for the payments deferred earlier (at
    /// least half its slots free): the mail task sends payment links freely
    /// only then, so they do not bring the crowd back to a saturated
    /// service — and sends those whose promised time is running out anyway.
    pub fn accepting(&self) -> bool {
        self.provider() == ProviderState::Ready
            && self.inner.slots.available_permits() * 2 >= self.inner.provider.capacity()
    }

    /// The operator's switch.
    pub fn set_always_later(&self, on: bool) {
        self.inner.operator_later.store(on, Ordering::Relaxed);
        tracing::warn!(pay_later = on, "payments switched by an operator");
        self.publish();
    }

    /// The longest checkout waits for a charge.
    pub fn timeout(&self) -> Duration {
        self.inner.settings.timeout
    }

    pub fn always_later(&self) -> bool {
        self.inner.operator_later.load(Ordering::Relaxed)
    }

    /// Takes payment for `charge` if the provider has room now, waiting at
    /// most the timeout; otherwise says to pay later. Checkout asks
    /// [`Payments::later`] first; a buyer paying through a link does not.
    pub async fn attempt(&self, charge: &Charge) -> PaymentAttempt {
        match self.provider() {
            ProviderState::Ready => {}
            ProviderState::Saturated => return self.deferred(Later::Saturated),
            ProviderState::Resting { .. } => return self.deferred(Later::Struggling),
        }
        let Ok(_slot) = self.inner.slots.try_acquire() else { return self.deferred(Later::Saturated) };
        let started = Instant::now();
        let result = tokio::time::timeout(self.inner.settings.timeout, self.inner.provider.charge(charge)).await;
        let took = started.elapsed();
        metrics::histogram!("echoppe_payment_seconds").record(took.as_secs_f64());
        if took > self.inner.settings.slow_after {
            self.rest("slow");
        }
        match result {
            Ok(Ok(receipt)) => {
                metrics::counter!("echoppe_payments_total", "outcome" => "paid").increment(1);
                PaymentAttempt::Paid(receipt)
            }
            Ok(Err(ChargeError::Declined(why))) => {
                metrics::counter!("echoppe_payments_total", "outcome" => "declined").increment(1);
                PaymentAttempt::Declined(why)
            }
            Ok(Err(ChargeError::Busy)) => self.deferred(Later::Saturated),
            Ok(Err(ChargeError::Unavailable(why))) => {
                tracing::warn!(%why, "payment provider failed");
                self.rest("failing");
                self.deferred(Later::Struggling)
            }
            Err(_) => {
                tracing::warn!(timeout = ?self.inner.settings.timeout, "payment provider timed out");
                self.rest("timeout");
                self.deferred(Later::Struggling)
            }
        }
    }

    fn deferred(&self, later: Later) -> PaymentAttempt {
        metrics::counter!("echoppe_payments_total", "outcome" => "later", "why" => later.as_str()).increment(1);
        PaymentAttempt::Later(later)
    }

    /// Leaves the provider alone for the cool-down.
    fn rest(&self, why: &'static str) {
        let until = self.elapsed_ms() + u64::try_from(self.inner.settings.cool_down.as_millis()).unwrap_or(u64::MAX);
        self.inner.resting_until.fetch_max(until, Ordering::Relaxed);
        tracing::warn!(why, cool_down = ?self.inner.settings.cool_down, "payments turned to 'pay later' for a while");
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.inner.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn publish(&self) {
        metrics::gauge!("echoppe_pay_later_forced").set(if self.always_later() { 1.0 } else { 0.0 });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;
    use echoppe_domain::Money;

    /// A provider that takes as long as told and answers as told.
    #[derive(Debug)]
    struct Scripted {
        takes: Duration,
        answer: Result<Receipt, ChargeError>,
    }

    #[async_trait]
    impl PaymentProvider for Scripted {
        fn capacity(&self) -> usize {
            1
        }
        async fn charge(&self, _: &Charge) -> Result<Receipt, ChargeError> {
            tokio::time::sleep(self.takes).await;
            self.answer.clone()
        }
    }

    fn charge() -> Charge {
        Charge { reference: "c".to_owned(), amount: Money::euros(100).unwrap(), description: String::new() }
    }

    fn settings() -> PaymentSettings {
        PaymentSettings {
            slow_after: Duration::from_millis(100),
            timeout: Duration::from_millis(300),
            cool_down: Duration::from_secs(60),
            ..PaymentSettings::default()
        }
    }

    fn paid() -> Result<Receipt, ChargeError> {
        Ok(Receipt { reference: "r".to_owned() })
    }

    #[tokio::test]
    async fn a_slow_provider_is_left_alone_for_a_while() {
        let payments = Payments::with_provider(
            Box::new(Scripted { takes: Duration::from_millis(150), answer: paid() }),
            settings(),
            Modes::new(None),
        );
        assert_eq!(payments.attempt(&charge()).await, PaymentAttempt::Paid(Receipt { reference: "r".to_owned() }));
        assert_eq!(payments.later(), Some(Later::Struggling));
        let ProviderState::Resting { until } = payments.provider() else { panic!("resting") };
        let rest = until.unix() - Timestamp::now().unix();
        assert!((59..=60).contains(&rest), "left alone for the cool-down, and the pages can say until when: {rest}");
        assert!(!payments.accepting());
        assert_eq!(payments.attempt(&charge()).await, PaymentAttempt::Later(Later::Struggling));
    }

    #[tokio::test]
    async fn surge_mode_means_pay_later() {
        let modes = Modes::new(None);
        let payments = Payments::with_provider(
            Box::new(Scripted { takes: Duration::ZERO, answer: paid() }),
            settings(),
            modes.clone(),
        );
        modes.pin(Some(Mode::Surge));
        assert_eq!(payments.later(), Some(Later::Surge), "checkout does not wait on the provider in a surge");
        assert!(payments.accepting(), "but the provider has room for the links");
        assert!(matches!(payments.attempt(&charge()).await, PaymentAttempt::Paid(_)), "and a link can be paid");
        modes.pin(None);
        assert_eq!(payments.later(), None);
    }

    #[tokio::test]
    async fn a_timeout_is_pay_later_not_an_error() {
        let payments = Payments::with_provider(
            Box::new(Scripted { takes: Duration::from_secs(5), answer: paid() }),
            settings(),
            Modes::new(None),
        );
        assert_eq!(payments.attempt(&charge()).await, PaymentAttempt::Later(Later::Struggling));
    }

    #[tokio::test]
    async fn a_full_provider_means_pay_later() {
        let payments = Payments::with_provider(
            Box::new(Scripted { takes: Duration::from_millis(80), answer: paid() }),
            settings(),
            Modes::new(None),
        );
        let busy = payments.clone();
        let first = tokio::spawn(async move { busy.attempt(&charge()).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(payments.later(), Some(Later::Saturated));
        assert!(!payments.accepting());
        assert_eq!(payments.attempt(&charge()).await, PaymentAttempt::Later(Later::Saturated));
        assert!(matches!(first.await.unwrap(), PaymentAttempt::Paid(_)));
        assert!(payments.accepting());
    }

    #[tokio::test]
    async fn the_operator_switch_wins() {
        let payments = Payments::with_provider(
            Box::new(Scripted { takes: Duration::ZERO, answer: paid() }),
            settings(),
            Modes::new(None),
        );
        payments.set_always_later(true);
        assert_eq!(payments.later(), Some(Later::Operator));
        // "Pay later" is checkout's switch: the links still go out and can
        // be paid, at the provider's pace.
        assert!(payments.accepting());
        assert!(matches!(payments.attempt(&charge()).await, PaymentAttempt::Paid(_)));
        payments.set_always_later(false);
        assert_eq!(payments.later(), None);
    }

    #[tokio::test]
    async fn a_failing_provider_is_left_alone_too() {
        let answer = Err(ChargeError::Unavailable("502".to_owned()));
        let payments =
            Payments::with_provider(Box::new(Scripted { takes: Duration::ZERO, answer }), settings(), Modes::new(None));
        assert_eq!(payments.attempt(&charge()).await, PaymentAttempt::Later(Later::Struggling));
        assert_eq!(payments.later(), Some(Later::Struggling));
    }

    #[tokio::test]
    async fn declines_are_told_to_the_buyer() {
        let answer = Err(ChargeError::Declined("non".to_owned()));
        let payments =
            Payments::with_provider(Box::new(Scripted { takes: Duration::ZERO, answer }), settings(), Modes::new(None));
        assert_eq!(payments.attempt(&charge()).await, PaymentAttempt::Declined("non".to_owned()));
        assert_eq!(payments.later(), None, "a decline says nothing of the provider's health");
    }
}
