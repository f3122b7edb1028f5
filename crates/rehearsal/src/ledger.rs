//! The order ledger: every checkout the server acknowledged (it redirected
//! the buyer to a confirmation), checked afterwards against what the server
//! holds. An acknowledged order the server no longer knows is lost — the
//! one failure the night must not have.

use crate::report::LedgerSummary;
use futures_util::stream::{self, StreamExt as _};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Confirmation paths (`/checkout/done?key=…`) of acknowledged checkouts.
    acknowledged: Mutex<Vec<String>>,
    /// Checkouts the server did not acknowledge, by what the buyer met.
    not_acknowledged: Mutex<BTreeMap<&'static str, u64>>,
}

/// How a confirmation looked when checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Paid,
    PayLater,
    Missing,
    Unanswered,
}

/// Checks at once, to finish quickly without being a load of their own.
const CHECKS_AT_ONCE: usize = 16;
const TRIES: usize = 5;

impl Ledger {
    pub(crate) fn not_acknowledged(&self, why: &'static str) {
        *self.not_acknowledged.lock().unwrap_or_else(PoisonError::into_inner).entry(why).or_default() += 1;
    }

    pub(crate) fn acknowledge(&self, confirmation: String) {
        self.acknowledged.lock().unwrap_or_else(PoisonError::into_inner).push(confirmation);
    }

    pub(crate) fn acknowledged_count(&self) -> usize {
        self.acknowledged.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Asks the server for every acknowledged checkout's confirmation.
    pub(crate) async fn verify(&self, client: &reqwest::Client, base: &str) -> LedgerSummary {
        let acknowledged = self.acknowledged.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let checks: Vec<(String, Check)> = stream::iter(acknowledged.iter().cloned())
            .map(|path| async move {
                let check = check(client, base, &path).await;
                (path, check)
            })
            .buffer_unordered(CHECKS_AT_ONCE)
            .collect()
            .await;
        let count = |kind: Check| checks.iter().filter(|(_, c)| *c == kind).count() as u64;
        let because: BTreeMap<String, u64> = self
            .not_acknowledged
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(why, count)| ((*why).to_owned(), *count))
            .collect();
        LedgerSummary {
            acknowledged: acknowledged.len() as u64,
            found: count(Check::Paid) + count(Check::PayLater),
            missing: checks.iter().filter(|(_, c)| *c == Check::Missing).map(|(path, _)| path.clone()).collect(),
            unverified: count(Check::Unanswered),
            paid: count(Check::Paid),
            pay_later: count(Check::PayLater),
            not_acknowledged: because.values().sum(),
            not_acknowledged_because: because,
        }
    }
}

/// One confirmation, asked a few times if the server is still busy.
async fn check(client: &reqwest::Client, base: &str, path: &str) -> Check {
    for attempt in 0..TRIES {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let Ok(response) = client.get(format!("{base}{path}")).send().await else { continue };
        match response.status() {
            StatusCode::OK => {
                let Ok(body) = response.text().await else { continue };
                if !body.contains("order-status--") {
                    // A confirmation always lists its orders.
                    return Check::Missing;
                }
                return if body.contains("order-status--awaiting_payment") { Check::PayLater } else { Check::Paid };
            }
            StatusCode::NOT_FOUND => return Check::Missing,
            _ => continue,
        }
    }
    Check::Unanswered
}
