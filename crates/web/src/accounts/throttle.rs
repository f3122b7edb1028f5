//! Limits on sign-in attempts, per account and per network address, so that
//! guessing a password costs days instead of minutes. In-process on one
//! machine; the scale-out work moves the counters to Redis.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub(crate) struct LoginThrottle {
    per_account: Arc<DefaultKeyedRateLimiter<String>>,
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

/// How many attempts, then how often one more comes back.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ThrottleSettings {
    pub burst: u32,
    pub refill: Duration,
}

impl LoginThrottle {
    /// Five tries per account, then one a minute; thirty per address (a shared
    /// office or a phone network puts many people behind one), then one every
    /// ten seconds.
    pub(crate) fn new() -> Self {
        Self::with(
            ThrottleSettings { burst: 5, refill: Duration::from_secs(60) },
            ThrottleSettings { burst: 30, refill: Duration::from_secs(10) },
        )
    }

    pub(crate) fn with(account: ThrottleSettings, address: ThrottleSettings) -> Self {
        let quota = |s: ThrottleSettings| {
            Quota::with_period(s.refill)
                .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
                .allow_burst(NonZeroU32::new(s.burst).unwrap_or(NonZeroU32::MIN))
        };
        Self {
            per_account: Arc::new(RateLimiter::keyed(quota(account))),
            per_address: Arc::new(RateLimiter::keyed(quota(address))),
        }
    }

    /// Counts one attempt for `account` from `address`; `Err` holds how long
    /// to wait before the next one is allowed.
    pub(crate) fn attempt(&self, account: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        if let Some(address) = address {
            self.per_address.check_key(&address).map_err(|wait| wait.wait_time_from(now))?;
        }
        self.per_account.check_key(&account.to_owned()).map_err(|wait| wait.wait_time_from(now))
    }

    /// Forgets counters that are full again, so memory follows recent attackers
    /// rather than every address ever seen.
    pub(crate) fn forget_idle(&self) {
        self.per_account.retain_recent();
        self.per_address.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_locked_after_its_burst() {
        let throttle = LoginThrottle::with(
            ThrottleSettings { burst: 2, refill: Duration::from_secs(60) },
            ThrottleSettings { burst: 100, refill: Duration::from_secs(1) },
        );
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        assert!(throttle.attempt("a@example.fr", ip).is_ok());
        assert!(throttle.attempt("a@example.fr", ip).is_ok());
        let wait = throttle.attempt("a@example.fr", ip).unwrap_err();
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60), "{wait:?}");
        assert!(throttle.attempt("b@example.fr", ip).is_ok(), "other accounts are not affected");
    }

    #[test]
    fn an_address_is_locked_across_accounts() {
        let throttle = LoginThrottle::with(
            ThrottleSettings { burst: 100, refill: Duration::from_secs(1) },
            ThrottleSettings { burst: 3, refill: Duration::from_secs(10) },
        );
        let ip = Some(IpAddr::from([10, 0, 0, 7]));
        for n in 0..3 {
            assert!(throttle.attempt(&format!("{n}@example.fr"), ip).is_ok());
        }
        assert!(throttle.attempt("other@example.fr", ip).is_err());
        assert!(throttle.attempt("other@example.fr", Some(IpAddr::from([10, 0, 0, 8]))).is_ok());
    }
}
