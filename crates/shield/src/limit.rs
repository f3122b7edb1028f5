//! How many requests the handlers work on at once, found by measuring
//! rather than guessed: additive increase while answers stay quick and the
//! limit is what holds requests back, multiplicative decrease as soon as
//! they slow down (AIMD, as in Netflix's concurrency-limits `AIMDLimit`,
//! here on the average latency of short windows).
//!
//! Why a limit at all: past the point where the two cores are busy, more
//! requests at once only make each one slower (and memory grow) — the same
//! work gets done, later. Holding the extra ones at the door keeps the
//! admitted ones fast, and lets the door choose *which* wait (see
//! [`super::admission`]).

use std::time::{Duration, Instant};

/// The bounds and goal of the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitSettings {
    /// Where the limit starts.
    pub initial: usize,
    /// Never below: with fewer, waits on the database or disk would leave
    /// the cores idle.
    pub min: usize,
    /// Never above, whatever the measurements say.
    pub max: usize,
    /// The average handler latency the limit aims to stay under.
    pub target: Duration,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self { initial: 32, min: 8, max: 1000, target: Duration::from_millis(50) }
    }
}

/// A window lasts at least this long…
const WINDOW: Duration = Duration::from_millis(100);
/// …and holds at least this many answers, so one slow request is not a trend.
const WINDOW_SAMPLES: u32 = 10;
/// Each slow window takes this share off the limit.
const BACKOFF: f64 = 0.9;

#[derive(Debug)]
pub(crate) struct AdaptiveLimit {
    settings: LimitSettings,
    limit: f64,
    window_started: Instant,
    latency_sum: Duration,
    samples: u32,
    /// Someone found the limit reached in this window: raising it would
    /// let more in. (A limit nobody reaches tells nothing about room.)
    reached: bool,
}

impl AdaptiveLimit {
    pub(crate) fn new(settings: LimitSettings) -> Self {
        let min = settings.min.max(1);
        let settings = LimitSettings { min, max: settings.max.max(min), ..settings };
        Self {
            limit: settings.initial.clamp(settings.min, settings.max) as f64,
            settings,
            window_started: Instant::now(),
            latency_sum: Duration::ZERO,
            samples: 0,
            reached: false,
        }
    }

    pub(crate) fn current(&self) -> usize {
        self.limit as usize
    }

    /// A request found every place taken.
    pub(crate) fn reached(&mut self) {
        self.reached = true;
    }

    /// One answered request and how long its handler took.
    pub(crate) fn sample(&mut self, latency: Duration, now: Instant) {
        self.latency_sum += latency;
        self.samples += 1;
        if self.samples < WINDOW_SAMPLES || now.duration_since(self.window_started) < WINDOW {
            return;
        }
        let average = self.latency_sum / self.samples;
        let (min, max) = (self.settings.min as f64, self.settings.max as f64);
        if average > self.settings.target {
            self.limit = (self.limit * BACKOFF).max(min);
        } else if self.reached {
            // Grows fast from small limits, gently from large ones.
            self.limit = (self.limit + self.limit.sqrt()).min(max);
        }
        self.window_started = now;
        self.latency_sum = Duration::ZERO;
        self.samples = 0;
        self.reached = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` windows of answers taking `latency`, on a clock of their own.
    fn windows(limit: &mut AdaptiveLimit, latency: Duration, count: usize, reached: bool) {
        let mut now = limit.window_started;
        for _ in 0..count {
            now += WINDOW;
            if reached {
                limit.reached();
            }
            for _ in 0..WINDOW_SAMPLES {
                limit.sample(latency, now);
            }
        }
    }

    #[test]
    fn quick_answers_raise_the_limit_only_when_it_holds_requests_back() {
        let mut limit = AdaptiveLimit::new(LimitSettings::default());
        windows(&mut limit, Duration::from_millis(5), 20, false);
        assert_eq!(limit.current(), 32);
        windows(&mut limit, Duration::from_millis(5), 20, true);
        assert!(limit.current() > 100, "{}", limit.current());
        windows(&mut limit, Duration::from_millis(5), 1000, true);
        assert_eq!(limit.current(), 1000);
    }

    #[test]
    fn slow_answers_lower_it_down_to_the_floor() {
        let mut limit = AdaptiveLimit::new(LimitSettings::default());
        windows(&mut limit, Duration::from_millis(80), 3, true);
        assert_eq!(limit.current(), 23, "32 × 0.9³");
        windows(&mut limit, Duration::from_millis(80), 100, true);
        assert_eq!(limit.current(), 8);
    }

    #[test]
    fn a_window_needs_both_time_and_answers() {
        let mut limit = AdaptiveLimit::new(LimitSettings::default());
        let now = Instant::now() + WINDOW;
        for _ in 0..WINDOW_SAMPLES - 1 {
            limit.sample(Duration::from_secs(1), now);
        }
        assert_eq!(limit.current(), 32);
        limit.sample(Duration::from_secs(1), now);
        assert_eq!(limit.current(), 28);
    }
}
