//! Limits on sign-in attempts, per account and per network address, so that
//! guessing a password costs days instead of minutes. In-process on one
//! machine; in Redis when several nodes serve the site, so that five
//! guesses are five in total, whichever nodes they reach.

use echoppe_backoffice::{KEY_PREFIX, SharedStore};
use echoppe_shield::network_of;
use fred::types::scripts::Script;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

/// Why an attempt may not go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Throttled {
    /// Too many attempts: the next is allowed after this wait.
    Wait(Duration),
    /// The shared counters cannot be read (Redis unreachable): the attempt
    /// is refused rather than let through uncounted.
    Unavailable,
}

/// The limits, counted in this node or shared by every node.
#[derive(Debug, Clone)]
pub(crate) struct LoginThrottle {
    settings: [ThrottleSettings; 3],
    local: LocalLimits,
    shared: Option<SharedStore>,
}

/// The counters in this node's memory (governor's keyed GCRA limiters).
#[derive(Debug, Clone)]
struct LocalLimits {
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
struct ThrottleSettings {
    burst: u32,
    refill: Duration,
}

/// Five guesses at one account from one place, then one a minute; twenty
/// at one account from anywhere; thirty from one place at any account.
const PAIR: ThrottleSettings = ThrottleSettings { burst: 5, refill: Duration::from_secs(60) };
const ACCOUNT: ThrottleSettings = ThrottleSettings { burst: 20, refill: Duration::from_secs(30) };
const ADDRESS: ThrottleSettings = ThrottleSettings { burst: 30, refill: Duration::from_secs(10) };

impl LoginThrottle {
    /// Counted in this node.
    pub(crate) fn new() -> Self {
        Self { settings: [PAIR, ACCOUNT, ADDRESS], local: LocalLimits::with(PAIR, ACCOUNT, ADDRESS), shared: None }
    }

    /// Counted in Redis, for every node at once.
    pub(crate) fn shared(store: SharedStore) -> Self {
        Self { shared: Some(store), ..Self::new() }
    }

    /// Counts one sign-in attempt at `account` from `address`.
    pub(crate) async fn attempt(&self, account: &str, address: Option<IpAddr>) -> Result<(), Throttled> {
        let Some(store) = &self.shared else {
            return self.local.attempt(account, address).map_err(Throttled::Wait);
        };
        let [pair, per_account, per_address] = self.settings;
        let mut counters = vec![(format!("{KEY_PREFIX}limit:account:{account}"), per_account)];
        if let Some(address) = address.map(network_of) {
            counters.push((format!("{KEY_PREFIX}limit:address:{address}"), per_address));
            counters.push((format!("{KEY_PREFIX}limit:pair:{address}:{account}"), pair));
        }
        shared_attempt(store, counters).await
    }

    /// Counts one sign-up from `address`: each costs a password hash.
    pub(crate) async fn sign_up(&self, address: Option<IpAddr>) -> Result<(), Throttled> {
        let Some(store) = &self.shared else {
            return self.local.sign_up(address).map_err(Throttled::Wait);
        };
        match address.map(network_of) {
            Some(address) => {
                shared_attempt(store, vec![(format!("{KEY_PREFIX}limit:address:{address}"), self.settings[2])]).await
            }
            None => Ok(()),
        }
    }

    /// Forgets this node's counters that are full again (Redis forgets its
    /// own: each key expires when its counter is full).
    pub(crate) fn forget_idle(&self) {
        self.local.forget_idle();
    }
}

/// The same generic cell rate as governor's, kept in Redis and run there
/// atomically: each key holds the moment (ms, Redis's own clock, so the
/// nodes' clocks do not matter) its counter is next full. All the counters
/// of one attempt are checked before any is counted: an attempt refused by
/// one limit does not use up the others.
static ATTEMPT: LazyLock<Script> = LazyLock::new(|| {
    Script::from_lua(
        r"
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local wait = 0
local next_full = {}
for i, key in ipairs(KEYS) do
  local period = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local full_at = math.max(tonumber(redis.call('GET', key) or now), now)
  next_full[i] = full_at + period
  wait = math.max(wait, full_at - (burst - 1) * period - now)
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, next_full[i], 'PX', next_full[i] - now)
end
return 0
",
    )
});

async fn shared_attempt(store: &SharedStore, counters: Vec<(String, ThrottleSettings)>) -> Result<(), Throttled> {
    let mut args = Vec::with_capacity(counters.len() * 2);
    let mut keys = Vec::with_capacity(counters.len());
    for (key, settings) in counters {
        keys.push(key);
        args.push(i64::try_from(settings.refill.as_millis()).unwrap_or(i64::MAX));
        args.push(i64::from(settings.burst.max(1)));
    }
    match ATTEMPT.evalsha_with_reload::<i64, _, _>(store.client(), keys, args).await {
        Ok(0) => Ok(()),
        Ok(wait_ms) => Err(Throttled::Wait(Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0)))),
        Err(error) => {
            tracing::warn!(%error, redis = store.location(), "the shared sign-in limits cannot be read; refusing the attempt");
            Err(Throttled::Unavailable)
        }
    }
}

impl LocalLimits {
    fn with(pair: ThrottleSettings, account: ThrottleSettings, address: ThrottleSettings) -> Self {
        Self {
            per_pair: Arc::new(RateLimiter::keyed(quota(pair))),
            per_account: Arc::new(RateLimiter::keyed(quota(account))),
            per_address: Arc::new(RateLimiter::keyed(quota(address))),
        }
    }

    /// Counts one sign-in attempt at `account` from `address`; `Err` holds how
    /// long to wait before the next one is allowed.
    fn attempt(&self, account: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        let wait = |not_until: governor::NotUntil<_>| not_until.wait_time_from(now);
        if let Some(address) = address.map(network_of) {
            self.per_address.check_key(&address).map_err(wait)?;
            self.per_pair.check_key(&(account.to_owned(), address)).map_err(wait)?;
        }
        self.per_account.check_key(&account.to_owned()).map_err(wait)
    }

    fn sign_up(&self, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        match address.map(network_of) {
            Some(address) => self.per_address.check_key(&address).map_err(|n| n.wait_time_from(now)),
            None => Ok(()),
        }
    }

    /// Forgets counters that are full again, so memory follows recent attackers
    /// rather than every address ever seen.
    fn forget_idle(&self) {
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
        let throttle = LocalLimits::with(ThrottleSettings { burst: 2, refill: Duration::from_secs(60) }, LOOSE, LOOSE);
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
        let throttle = LocalLimits::with(LOOSE, ThrottleSettings { burst: 3, refill: Duration::from_secs(30) }, LOOSE);
        for n in 0..3 {
            assert!(throttle.attempt("a@example.fr", Some(IpAddr::from([10, 0, 0, n]))).is_ok());
        }
        assert!(throttle.attempt("a@example.fr", Some(IpAddr::from([10, 0, 0, 99]))).is_err());
    }

    #[test]
    fn ipv6_neighbours_share_a_counter() {
        let throttle = LocalLimits::with(LOOSE, LOOSE, ThrottleSettings { burst: 1, refill: Duration::from_secs(60) });
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_network: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other_network: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(throttle.sign_up(Some(one)).is_ok());
        assert!(throttle.sign_up(Some(same_network)).is_err());
        assert!(throttle.sign_up(Some(other_network)).is_ok());
    }

    #[test]
    fn an_address_is_locked_across_accounts() {
        let throttle = LocalLimits::with(LOOSE, LOOSE, ThrottleSettings { burst: 3, refill: Duration::from_secs(10) });
        let ip = Some(IpAddr::from([10, 0, 0, 7]));
        for n in 0..3 {
            assert!(throttle.attempt(&format!("{n}@example.fr"), ip).is_ok());
        }
        assert!(throttle.attempt("other@example.fr", ip).is_err());
        assert!(throttle.attempt("other@example.fr", Some(IpAddr::from([10, 0, 0, 8]))).is_ok());
    }
}
