//! What the node served, second by second, for the operators' live page
//! (`/admin/live`): requests, how many were turned away, failed, or
//! answered from the page cache, how long they took, and orders placed.
//!
//! The census adds to its thread's own atomic counters on every request (a
//! few nanoseconds, and no cache line shared with another core); once a
//! second every thread's counters are moved into a ring of the last
//! minute. Latencies go into buckets a factor of √2 wide (0.1 ms to
//! 10 min), so percentiles read within 20% — enough to see a night go
//! wrong, and no lock on the request path.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use thread_local::ThreadLocal;

/// Buckets of latency: bucket `i` holds times up to 100 µs × √2^i.
const BUCKETS: usize = 48;
/// Seconds kept.
const KEPT: usize = 60;

/// How one request ended, as the live page counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Answered from the page cache.
    Cached,
    /// Answered by a handler (or a miss the cache rendered).
    Served,
    /// Turned away by the door (503 or 429 with `Retry-After`).
    Shed,
    /// A server error.
    Failed,
}

#[derive(Debug)]
struct Counters {
    cached: AtomicU64,
    served: AtomicU64,
    shed: AtomicU64,
    failed: AtomicU64,
    orders: AtomicU64,
    latency: [AtomicU64; BUCKETS],
}

impl Default for Counters {
    fn default() -> Self {
        Self {
            cached: AtomicU64::new(0),
            served: AtomicU64::new(0),
            shed: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            orders: AtomicU64::new(0),
            latency: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

/// One second's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Second {
    pub(crate) cached: u64,
    pub(crate) served: u64,
    pub(crate) shed: u64,
    pub(crate) failed: u64,
    pub(crate) orders: u64,
    latency: [u64; BUCKETS],
}

impl Default for Second {
    fn default() -> Self {
        Self { cached: 0, served: 0, shed: 0, failed: 0, orders: 0, latency: [0; BUCKETS] }
    }
}

impl Second {
    pub(crate) fn requests(&self) -> u64 {
        self.cached + self.served + self.shed + self.failed
    }

    fn add(&mut self, other: &Self) {
        self.cached += other.cached;
        self.served += other.served;
        self.shed += other.shed;
        self.failed += other.failed;
        self.orders += other.orders;
        for (sum, add) in self.latency.iter_mut().zip(other.latency) {
            *sum += add;
        }
    }
}

/// Several seconds added up, as the page shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Window {
    pub(crate) seconds: usize,
    pub(crate) total: Second,
}

impl Window {
    pub(crate) fn per_second(&self, count: u64) -> f64 {
        if self.seconds == 0 { 0.0 } else { count as f64 / self.seconds as f64 }
    }

    /// The time under which a share `q` (0 to 1) of the answered requests
    /// were answered; `None` without any.
    pub(crate) fn percentile(&self, q: f64) -> Option<Duration> {
        let total: u64 = self.total.latency.iter().sum();
        if total == 0 {
            return None;
        }
        let wanted = ((total as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (bucket, count) in self.total.latency.iter().enumerate() {
            seen += count;
            if seen >= wanted {
                return Some(bucket_top(bucket));
            }
        }
        Some(bucket_top(BUCKETS - 1))
    }
}

fn bucket_top(bucket: usize) -> Duration {
    Duration::from_secs_f64(100e-6 * std::f64::consts::SQRT_2.powi(i32::try_from(bucket).unwrap_or(i32::MAX)))
}

fn bucket_of(took: Duration) -> usize {
    let ratio = took.as_secs_f64() / 100e-6;
    if ratio <= 1.0 {
        return 0;
    }
    // √2^i ≥ ratio ⇔ i ≥ 2·log2(ratio).
    ((2.0 * ratio.log2()).ceil() as usize).min(BUCKETS - 1)
}

/// The live figures of this node. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Live(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    /// This second's counters, one set per thread.
    now: ThreadLocal<Counters>,
    seconds: Mutex<VecDeque<Second>>,
}

impl Live {
    /// One request ended after `took`.
    pub(crate) fn ended(&self, ending: Ending, took: Duration) {
        let counters = self.0.now.get_or_default();
        let counter = match ending {
            Ending::Cached => &counters.cached,
            Ending::Served => &counters.served,
            Ending::Shed => &counters.shed,
            Ending::Failed => &counters.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if ending != Ending::Shed {
            counters.latency[bucket_of(took)].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A checkout placed `orders` orders.
    pub(crate) fn ordered(&self, orders: u64) {
        self.0.now.get_or_default().orders.fetch_add(orders, Ordering::Relaxed);
    }

    /// Closes the second now ending (called once a second).
    pub(crate) fn tick(&self) {
        let take = |counter: &AtomicU64| counter.swap(0, Ordering::Relaxed);
        let mut second = Second::default();
        for now in &self.0.now {
            second.add(&Second {
                cached: take(&now.cached),
                served: take(&now.served),
                shed: take(&now.shed),
                failed: take(&now.failed),
                orders: take(&now.orders),
                latency: std::array::from_fn(|bucket| take(&now.latency[bucket])),
            });
        }
        let mut seconds = self.0.seconds.lock().unwrap_or_else(PoisonError::into_inner);
        if seconds.len() == KEPT {
            seconds.pop_front();
        }
        seconds.push_back(second);
    }

    /// The last `seconds` seconds added up.
    pub(crate) fn last(&self, seconds: usize) -> Window {
        let kept = self.0.seconds.lock().unwrap_or_else(PoisonError::into_inner);
        let mut total = Second::default();
        let taken = kept.iter().rev().take(seconds);
        let mut count = 0;
        for second in taken {
            count += 1;
            total.add(second);
        }
        Window { seconds: count, total }
    }

    /// Every second kept, oldest first.
    pub(crate) fn history(&self) -> Vec<Second> {
        self.0.seconds.lock().unwrap_or_else(PoisonError::into_inner).iter().copied().collect()
    }

    /// Ticks every second for the life of the server.
    pub(crate) async fn keep_ticking(self) {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        every.tick().await;
        loop {
            every.tick().await;
            self.tick();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_add_up_and_percentiles_land_in_the_right_bucket() {
        let live = Live::default();
        for _ in 0..90 {
            live.ended(Ending::Cached, Duration::from_micros(300));
        }
        for _ in 0..9 {
            live.ended(Ending::Served, Duration::from_millis(20));
        }
        live.ended(Ending::Served, Duration::from_millis(800));
        live.ended(Ending::Shed, Duration::from_secs(5));
        live.ordered(2);
        live.tick();
        live.tick();
        let window = live.last(5);
        assert_eq!(window.seconds, 2);
        assert_eq!((window.total.requests(), window.total.shed, window.total.orders), (101, 1, 2));
        let within = |got: Option<Duration>, want: Duration| {
            let got = got.unwrap().as_secs_f64();
            let want = want.as_secs_f64();
            assert!(got >= want && got <= want * 1.42, "{got} for {want}");
        };
        within(window.percentile(0.5), Duration::from_micros(300));
        within(window.percentile(0.95), Duration::from_millis(20));
        within(window.percentile(0.999), Duration::from_millis(800));
        assert_eq!(Live::default().last(5).percentile(0.99), None);
    }

    #[test]
    fn every_threads_counts_are_added_up() {
        let live = Live::default();
        std::thread::scope(|threads| {
            for _ in 0..4 {
                threads.spawn(|| {
                    for _ in 0..1_000 {
                        live.ended(Ending::Cached, Duration::from_micros(300));
                    }
                    live.ordered(1);
                });
            }
        });
        live.tick();
        let second = live.last(1).total;
        assert_eq!((second.cached, second.orders, second.latency.iter().sum::<u64>()), (4_000, 4, 4_000));
        live.tick();
        assert_eq!(live.history().last().map(Second::requests), Some(0), "a tick starts every thread's count again");
    }

    #[test]
    fn a_minute_is_kept() {
        let live = Live::default();
        for _ in 0..KEPT + 10 {
            live.ended(Ending::Served, Duration::from_millis(1));
            live.tick();
        }
        assert_eq!(live.history().len(), KEPT);
        assert_eq!(live.last(KEPT * 2).total.served, KEPT as u64);
    }
}
