//! Limits on sign-in attempts, per account and per network address, so that
//! guessing a password costs days instead of minutes. In-process on one
//! machine; the scale-out work moves the counters to Redis.

use echoppe_shield::network_of;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub(crate) struct LoginThrottle {
    /// Guesses at one account from one place: the limit a real person
    /// mistyping never reaches, and the one that stops a guesser.
    per_pair: Arc<DefaultKeyedRateLimiter<(String, IpAddr)>>,
    /// Guesses at one account from anywhere: looser, so that someone else
    /// hammering the account cannot lock its owner out, but still a ceiling
    /// for guesses spread over many addresses.
    per_account: Arc<DefaultKeyedRateLimiter<String>>,
    /// Attempts from one place at any account (and sign-ups): a shared office
    /// or a phone network puts many people behind one address, so this is
    /// the loosest.
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

/// How many attempts, then how often one more comes back.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ThrottleSettings {
    pub burst: u32,
    pub refill: Duration,
}

impl LoginThrottle {
    pub(crate) fn new() -> Self {
        Self::with(
            ThrottleSettings { burst: 5, refill: Duration::from_secs(60) },
            ThrottleSettings { burst: 20, refill: Duration::from_secs(30) },
            ThrottleSettings { burst: 30, refill: Duration::from_secs(10) },
        )
    }

    pub(crate) fn with(pair: ThrottleSettings, account: ThrottleSettings, address: ThrottleSettings) -> Self {
        Self {
            per_pair: Arc::new(RateLimiter::keyed(quota(pair))),
            per_account: Arc::new(RateLimiter::keyed(quota(account))),
            per_address: Arc::new(RateLimiter::keyed(quota(address))),
        }
    }

    /// Counts one sign-in attempt at `account` from `address`; `Err` holds how
    /// long to wait before the next one is allowed.
    pub(crate) fn attempt(&self, account: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        let wait = |not_until: governor::NotUntil<_>| not_until.wait_time_from(now);
        if let Some(address) = address.map(network_of) {
            self.per_address.check_key(&address).map_err(wait)?;
            self.per_pair.check_key(&(account.to_owned(), address)).map_err(wait)?;
        }
        self.per_account.check_key(&account.to_owned()).map_err(wait)
    }

    /// Counts one sign-up from `address`: each costs a password hash.
    pub(crate) fn sign_up(&self, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        match address.map(network_of) {
            Some(address) => self.per_address.check_key(&address).map_err(|n| n.wait_time_from(now)),
            None => Ok(()),
        }
    }

    /// Forgets counters that are full again, so memory follows recent attackers
    /// rather than every address ever seen.
    pub(crate) fn forget_idle(&self) {
        self.per_pair.retain_recent();
        self.per_account.retain_recent();
        self.per_address.retain_recent();
    }
}

fn quota(s: ThrottleSettings) -> Quota {
    Quota::with_period(s.refill)
        .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(s.burst).unwrap_or(NonZeroU32::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOSE: ThrottleSettings = ThrottleSettings { burst: 100, refill: Duration::from_secs(1) };

    #[test]
    fn a_guesser_is_locked_out_but_not_the_owner() {
        let throttle =
            LoginThrottle::with(ThrottleSettings { burst: 2, refill: Duration::from_secs(60) }, LOOSE, LOOSE);
        let guesser = Some(IpAddr::from([203, 0, 113, 9]));
        assert!(throttle.attempt("a@example.fr", guesser).is_ok());
        assert!(throttle.attempt("a@example.fr", guesser).is_ok());
        let wait = throttle.attempt("a@example.fr", guesser).unwrap_err();
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60), "{wait:?}");
        assert!(throttle.attempt("b@example.fr", guesser).is_ok(), "other accounts are not affected");
        let owner = Some(IpAddr::from([198, 51, 100, 4]));
        assert!(throttle.attempt("a@example.fr", owner).is_ok(), "the owner, elsewhere, still signs in");
    }

    #[test]
    fn guesses_from_everywhere_hit_the_account_ceiling() {
        let throttle =
            LoginThrottle::with(LOOSE, ThrottleSettings { burst: 3, refill: Duration::from_secs(30) }, LOOSE);
        for n in 0..3 {
            assert!(throttle.attempt("a@example.fr", Some(IpAddr::from([10, 0, 0, n]))).is_ok());
        }
        assert!(throttle.attempt("a@example.fr", Some(IpAddr::from([10, 0, 0, 99]))).is_err());
    }

    #[test]
    fn ipv6_neighbours_share_a_counter() {
        let throttle =
            LoginThrottle::with(LOOSE, LOOSE, ThrottleSettings { burst: 1, refill: Duration::from_secs(60) });
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_network: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other_network: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(throttle.sign_up(Some(one)).is_ok());
        assert!(throttle.sign_up(Some(same_network)).is_err());
        assert!(throttle.sign_up(Some(other_network)).is_ok());
    }

    #[test]
    fn an_address_is_locked_across_accounts() {
        let throttle =
            LoginThrottle::with(LOOSE, LOOSE, ThrottleSettings { burst: 3, refill: Duration::from_secs(10) });
        let ip = Some(IpAddr::from([10, 0, 0, 7]));
        for n in 0..3 {
            assert!(throttle.attempt(&format!("{n}@example.fr"), ip).is_ok());
        }
        assert!(throttle.attempt("other@example.fr", ip).is_err());
        assert!(throttle.attempt("other@example.fr", Some(IpAddr::from([10, 0, 0, 8]))).is_ok());
    }
}
