//! The shield: what keeps the storefront fast when a broadcast sends a
//! crowd. Two layers in front of the router:
//!
//! 1. the page cache ([`page_cache`]) answers anonymous storefront pages
//!    from memory, with coalesced renders ([`single_flight`]) and
//!    pre-compressed bodies ([`encoding`]);
//! 2. the door ([`admission`]) lets through to the handlers only as many
//!    requests as they can serve quickly ([`limit`]), by [`priority`],
//!    turning the rest away with a light page ([`busy`]).
//!
//! The node's mode ([`modes`]) follows the door's signals, every second
//! ([`watch`]).

mod admission;
mod busy;
mod client;
mod encoding;
mod limit;
mod listing_index;
mod modes;
mod page_cache;
mod priority;
mod single_flight;

pub use admission::{Admission, AdmissionController, AdmissionLayer, AdmissionSettings, DoorSnapshot};
pub use busy::{Refusal, X_SHED, refused};
pub use client::{client_address, network_of};
pub use limit::LimitSettings;
pub use modes::{Mode, Modes, UnknownMode};
pub use page_cache::{PageCache, PageCacheSettings, Shield, ShieldLayer, X_CACHE};
pub use priority::{Priority, is_bot};

use std::time::Duration;

/// The inner service made ready by `poll_ready`, for the request that goes
/// to it; a clone takes its place for the next (tower's rule: the clone
/// has not been polled ready, the original has). Both layers call it.
pub fn take_ready<S: Clone>(inner: &mut S) -> S {
    let fresh = inner.clone();
    std::mem::replace(inner, fresh)
}

/// How often the door's clients table is pruned (in seconds of watching).
const FORGET_CLIENTS_EVERY: u64 = 60;

/// Feeds the door's signals to the modes every second, for the life of the
/// server.
pub async fn watch(door: AdmissionController, modes: Modes) {
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every.tick().await;
    let mut seconds: u64 = 0;
    loop {
        every.tick().await;
        seconds += 1;
        modes.observe(&door.take_pressure());
        if seconds.is_multiple_of(FORGET_CLIENTS_EVERY) {
            door.forget_idle_clients();
        }
    }
}
