//! The operators' switches — the mode held whatever the load says, and
//! "pay later" for every checkout — the same on every node. On one
//! machine they are the node's own; with a shared store (`--redis-url`)
//! an operator's change is written there first and every node picks it up
//! within a quarter of a second, so a pin made through the load balancer
//! does not land on one node in three.

use crate::payments::Payments;
use crate::shared_store::{KEY_PREFIX, SharedStore};
use echoppe_shield::{Mode, Modes};
use fred::prelude::HashesInterface as _;
use std::collections::HashMap;
use std::time::Duration;

/// How often each node reads the switches: the promise is "within a
/// second" on every node; one small read four times a second is nothing.
const FOLLOW_EVERY: Duration = Duration::from_millis(250);

fn switches_key() -> String {
    format!("{KEY_PREFIX}switches")
}

/// The shared store cannot be written: the switch did not change, on
/// this node or any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the store the nodes share cannot be reached; the switch did not change")]
pub struct SharedStoreAway;

/// The switches of this node, and the store that keeps every node's the same.
#[derive(Debug, Clone)]
pub struct Switches {
    modes: Modes,
    payments: Payments,
    shared: Option<SharedStore>,
}

impl Switches {
    pub fn new(modes: Modes, payments: Payments, shared: Option<SharedStore>) -> Self {
        Self { modes, payments, shared }
    }

    /// Holds `pinned` (or lets the load choose again, `None`) on every node.
    /// With a shared store that cannot be written, nothing changes anywhere.
    pub async fn pin_mode(&self, pinned: Option<Mode>) -> Result<(), SharedStoreAway> {
        self.write("mode", pinned.map_or("auto", Mode::as_str)).await?;
        self.modes.pin(pinned);
        Ok(())
    }

    /// Turns "pay later for every checkout" on or off on every node.
    pub async fn set_pay_later(&self, on: bool) -> Result<(), SharedStoreAway> {
        self.write("pay_later", if on { "on" } else { "off" }).await?;
        self.payments.set_always_later(on);
        Ok(())
    }

    async fn write(&self, field: &str, value: &str) -> Result<(), SharedStoreAway> {
        let Some(store) = &self.shared else {
            return Ok(());
        };
        store.client().hset::<(), _, _>(switches_key(), (field, value)).await.map_err(|error| {
            tracing::warn!(%error, redis = store.location(), "the switches cannot be written; nothing changed");
            SharedStoreAway
        })
    }

    /// Applies the shared switches to this node as they change, for the life
    /// of the server (without a shared store, returns at once). Redis away,
    /// the node keeps the switches as they last were.
    pub async fn follow(self) {
        let Some(store) = self.shared.clone() else {
            return;
        };
        let mut every = tokio::time::interval(FOLLOW_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut unreachable = false;
        loop {
            every.tick().await;
            let switches: HashMap<String, String> = match store.client().hgetall(switches_key()).await {
                Ok(switches) => switches,
                Err(error) => {
                    if !std::mem::replace(&mut unreachable, true) {
                        tracing::warn!(%error, redis = store.location(), "the shared switches cannot be read; keeping them as they are");
                    }
                    continue;
                }
            };
            if std::mem::replace(&mut unreachable, false) {
                tracing::info!(redis = store.location(), "the shared switches can be read again");
            }
            self.apply(&switches);
        }
    }

    fn apply(&self, switches: &HashMap<String, String>) {
        if let Some(Ok(pinned)) = switches.get("mode").map(|text| Mode::pin_choice(text))
            && pinned != self.modes.pinned()
        {
            tracing::warn!(mode = pinned.map_or("auto", Mode::as_str), "mode pinned by an operator on another node");
            self.modes.pin(pinned);
        }
        let pay_later = switches.get("pay_later").map(String::as_str);
        if let Some(on) = pay_later.and_then(|value| match value {
            "on" => Some(true),
            "off" => Some(false),
            _ => None,
        }) && on != self.payments.always_later()
        {
            self.payments.set_always_later(on);
        }
    }
}
