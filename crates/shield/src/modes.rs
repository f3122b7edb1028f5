//! The platform's modes, from the brief: **normal** (everything on),
//! **busy** (pages stay fresh longer), **surge** (the lowest classes are
//! turned away at the door, checkout takes orders to be paid later, buyers
//! see a banner saying so).
//!
//! Chosen every second from the door's own signals ([`Pressure`]) with
//! hysteresis — up within two seconds of trouble, down only after half a
//! minute of calm (longer for a surge that keeps coming back), so the site
//! does not flap at the edge of a threshold —
//! unless an operator pins one.

use echoppe_domain::Timestamp;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Normal,
    Busy,
    Surge,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Busy => "busy",
            Self::Surge => "surge",
        }
    }

    /// An operator's choice as typed (any case): a mode to hold, or `auto`
    /// (`Ok(None)`) to let the load choose again; `Err` for anything else.
    /// The admin page and the API read it the same way (and say in their
    /// own words what the choices are).
    pub fn pin_choice(text: &str) -> Result<Option<Self>, UnknownMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(None),
            "normal" => Ok(Some(Self::Normal)),
            "busy" => Ok(Some(Self::Busy)),
            "surge" => Ok(Some(Self::Surge)),
            _ => Err(UnknownMode),
        }
    }

    /// A period that stretches with the load: `normal` in normal mode,
    /// `busy` times it when busy and `surge` times it in surge. The page
    /// cache's lifetimes, search's and the statistics' paces each choose
    /// their own factors (and say why where they do).
    pub fn stretched(self, normal: Duration, busy: u32, surge: u32) -> Duration {
        match self {
            Self::Normal => normal,
            Self::Busy => normal * busy,
            Self::Surge => normal * surge,
        }
    }

    fn from_u8(value: u8) -> Self {
        match value {
            0 => Self::Normal,
            1 => Self::Busy,
            _ => Self::Surge,
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            Self::Normal => 0,
            Self::Busy => 1,
            Self::Surge => 2,
        }
    }
}

/// What the door saw during one second.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pressure {
    /// Requests let in.
    pub admitted: u64,
    /// Requests that had to wait for a place.
    pub queued: u64,
    /// Requests turned away for want of room (not those refused by policy:
    /// surge's own refusals or a client's rate limit).
    pub shed: u64,
    /// The most requests in the handlers at one time.
    pub peak_in_flight: usize,
    /// The concurrency limit at the end of the second.
    pub limit: usize,
}

/// How one second felt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Well under the limit, nobody waited.
    Calm,
    /// Between calm and strained.
    Steady,
    /// Requests waited, or the limit was nearly reached.
    Strained,
    /// Requests were turned away (more than one in 200).
    Overloaded,
}

impl Pressure {
    fn level(&self) -> Level {
        let offered = self.admitted + self.shed;
        if self.shed > 0 && self.shed * 200 > offered {
            Level::Overloaded
        } else if self.queued > 0 || self.peak_in_flight * 5 >= self.limit * 4 {
            Level::Strained
        } else if self.peak_in_flight * 2 < self.limit {
            Level::Calm
        } else {
            Level::Steady
        }
    }
}

/// Seconds of trouble before going up a mode.
const UP_AFTER: u32 = 2;
/// Seconds of calm before going down one.
const DOWN_AFTER: u32 = 30;
/// Leaving surge is a probe: surge's own refusals (photo sizes not yet
/// made, payments deferred, bots) may be all that keeps the door calm. A
/// node back in surge within this many seconds of leaving it waits twice
/// as long for calm next time, up to [`MOST_SURGE_CALM`] (the flap damping
/// routers use for routes that come and go).
const SURGE_REENTRY: u64 = 120;
const MOST_SURGE_CALM: u32 = DOWN_AFTER * 16;
/// Seconds out of surge after which leaving it needs [`DOWN_AFTER`] again.
const SURGE_FORGOTTEN: u64 = 600;

/// The automatic choice, kept apart from the pin so a pinned node still
/// knows what it would do.
#[derive(Debug)]
struct Hysteresis {
    strained: u32,
    overloaded: u32,
    /// Seconds in a row with neither refusals nor waiting (leaving surge:
    /// surge's own refusals relieve the door, so "nothing refused" alone
    /// would leave surge while the crowd is still there).
    unstrained: u32,
    /// Seconds in a row of calm (leaving busy).
    calm: u32,
    /// Seconds observed so far.
    clock: u64,
    /// When surge was last left.
    left_surge: Option<u64>,
    /// Seconds without strain that leaving surge needs now.
    surge_calm: u32,
}

impl Default for Hysteresis {
    fn default() -> Self {
        Self { strained: 0, overloaded: 0, unstrained: 0, calm: 0, clock: 0, left_surge: None, surge_calm: DOWN_AFTER }
    }
}

impl Hysteresis {
    fn next(&mut self, current: Mode, pressure: &Pressure) -> Mode {
        let level = pressure.level();
        let count = |counter: &mut u32, yes: bool| *counter = if yes { *counter + 1 } else { 0 };
        count(&mut self.overloaded, level == Level::Overloaded);
        count(&mut self.strained, matches!(level, Level::Strained | Level::Overloaded));
        count(&mut self.unstrained, matches!(level, Level::Calm | Level::Steady));
        count(&mut self.calm, level == Level::Calm);
        self.clock += 1;
        let since_surge = self.left_surge.map(|left| self.clock - left);
        if current != Mode::Surge && since_surge.is_some_and(|seconds| seconds > SURGE_FORGOTTEN) {
            self.surge_calm = DOWN_AFTER;
        }
        let next = match current {
            _ if self.overloaded >= UP_AFTER => Mode::Surge,
            Mode::Normal if self.strained >= UP_AFTER => Mode::Busy,
            Mode::Surge if self.unstrained >= self.surge_calm => Mode::Busy,
            Mode::Busy if self.calm >= DOWN_AFTER => Mode::Normal,
            mode => mode,
        };
        if current == Mode::Surge && next != Mode::Surge {
            self.left_surge = Some(self.clock);
        } else if current != Mode::Surge && next == Mode::Surge && since_surge.is_some_and(|s| s <= SURGE_REENTRY) {
            self.surge_calm = (self.surge_calm * 2).min(MOST_SURGE_CALM);
        }
        next
    }
}

/// A pin that names no mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownMode;

/// The node's mode, shared by everything that acts on it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Modes(Arc<State>);

#[derive(Debug)]
struct State {
    current: AtomicU8,
    /// What the signals say, pinned or not.
    automatic: AtomicU8,
    pinned: Mutex<Option<Mode>>,
    hysteresis: Mutex<Hysteresis>,
    started: Instant,
    /// When the banner last appeared or went (nanoseconds since `started`,
    /// 0 for never): pages rendered before are stale.
    banner_changed_ns: AtomicU64,
    since: Mutex<Timestamp>,
}

impl Modes {
    pub fn new(pinned: Option<Mode>) -> Self {
        let mode = pinned.unwrap_or(Mode::Normal);
        let modes = Self(Arc::new(State {
            current: AtomicU8::new(mode.as_u8()),
            automatic: AtomicU8::new(Mode::Normal.as_u8()),
            pinned: Mutex::new(pinned),
            hysteresis: Mutex::new(Hysteresis::default()),
            started: Instant::now(),
            banner_changed_ns: AtomicU64::new(0),
            since: Mutex::new(Timestamp::now()),
        }));
        modes.publish(mode);
        modes
    }

    pub fn current(&self) -> Mode {
        Mode::from_u8(self.0.current.load(Ordering::Relaxed))
    }

    /// What the signals alone would choose.
    pub fn automatic(&self) -> Mode {
        Mode::from_u8(self.0.automatic.load(Ordering::Relaxed))
    }

    pub fn pinned(&self) -> Option<Mode> {
        *self.0.pinned.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Since when the current mode holds.
    pub fn since(&self) -> Timestamp {
        *self.0.since.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a page rendered at `rendered` may lack (or wrongly show) the
    /// surge banner.
    pub fn banner_changed_since(&self, rendered: Instant) -> bool {
        let changed = self.0.banner_changed_ns.load(Ordering::Relaxed);
        changed > 0 && rendered <= self.0.started + Duration::from_nanos(changed)
    }

    /// An operator's choice: a mode to hold whatever the signals say, or
    /// `None` to let them decide again.
    pub fn pin(&self, mode: Option<Mode>) {
        // Logged by the caller, who knows which operator it was.
        *self.0.pinned.lock().unwrap_or_else(PoisonError::into_inner) = mode;
        self.switch(mode.unwrap_or_else(|| self.automatic()));
    }

    /// One second's signals.
    pub fn observe(&self, pressure: &Pressure) {
        let automatic = {
            let mut hysteresis = self.0.hysteresis.lock().unwrap_or_else(PoisonError::into_inner);
            hysteresis.next(self.automatic(), pressure)
        };
        self.0.automatic.store(automatic.as_u8(), Ordering::Relaxed);
        if self.pinned().is_none() {
            self.switch(automatic);
        }
    }

    fn switch(&self, mode: Mode) {
        let before = Mode::from_u8(self.0.current.swap(mode.as_u8(), Ordering::Relaxed));
        if before == mode {
            return;
        }
        tracing::warn!(from = before.as_str(), to = mode.as_str(), "mode changed");
        metrics::counter!("echoppe_mode_changes_total", "to" => mode.as_str()).increment(1);
        *self.0.since.lock().unwrap_or_else(PoisonError::into_inner) = Timestamp::now();
        if (before == Mode::Surge) != (mode == Mode::Surge) {
            let now = u64::try_from(self.0.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            self.0.banner_changed_ns.store(now.max(1), Ordering::Relaxed);
        }
        self.publish(mode);
    }

    fn publish(&self, mode: Mode) {
        for each in [Mode::Normal, Mode::Busy, Mode::Surge] {
            metrics::gauge!("echoppe_mode", "mode" => each.as_str()).set(if each == mode { 1.0 } else { 0.0 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALM: Pressure = Pressure { admitted: 100, queued: 0, shed: 0, peak_in_flight: 3, limit: 32 };

    #[test]
    fn periods_stretch_by_the_factor_of_the_mode() {
        let second = Duration::from_secs(1);
        assert_eq!(Mode::Normal.stretched(second, 3, 6), second);
        assert_eq!(Mode::Busy.stretched(second, 3, 6), 3 * second);
        assert_eq!(Mode::Surge.stretched(second, 3, 6), 6 * second);
    }
    const STRAINED: Pressure = Pressure { admitted: 1000, queued: 40, shed: 0, peak_in_flight: 32, limit: 32 };
    const STEADY: Pressure = Pressure { admitted: 500, queued: 0, shed: 0, peak_in_flight: 20, limit: 32 };
    const OVERLOADED: Pressure = Pressure { admitted: 1000, queued: 400, shed: 100, peak_in_flight: 32, limit: 32 };

    fn run(modes: &Modes, pressure: Pressure, seconds: u32) {
        for _ in 0..seconds {
            modes.observe(&pressure);
        }
    }

    #[test]
    fn up_quickly_down_slowly() {
        let modes = Modes::new(None);
        run(&modes, STRAINED, 1);
        assert_eq!(modes.current(), Mode::Normal, "one strained second is not a trend");
        run(&modes, STRAINED, 1);
        assert_eq!(modes.current(), Mode::Busy);
        run(&modes, OVERLOADED, 2);
        assert_eq!(modes.current(), Mode::Surge);
        run(&modes, STRAINED, DOWN_AFTER * 2);
        assert_eq!(modes.current(), Mode::Surge, "still at the limit: the crowd is still there");
        run(&modes, CALM, DOWN_AFTER - 1);
        assert_eq!(modes.current(), Mode::Surge);
        run(&modes, CALM, 1);
        assert_eq!(modes.current(), Mode::Busy);
        run(&modes, STEADY, DOWN_AFTER * 2);
        assert_eq!(modes.current(), Mode::Busy, "steady is not calm: stays busy");
        run(&modes, CALM, DOWN_AFTER);
        assert_eq!(modes.current(), Mode::Normal);
    }

    #[test]
    fn a_surge_that_comes_straight_back_is_left_less_readily() {
        let modes = Modes::new(None);
        run(&modes, OVERLOADED, UP_AFTER);
        assert_eq!(modes.current(), Mode::Surge);
        // Surge's refusals calm the door; leaving it brings the crowd back.
        run(&modes, STEADY, DOWN_AFTER);
        assert_eq!(modes.current(), Mode::Busy);
        run(&modes, OVERLOADED, UP_AFTER);
        assert_eq!(modes.current(), Mode::Surge);
        run(&modes, STEADY, DOWN_AFTER);
        assert_eq!(modes.current(), Mode::Surge, "came straight back: the next probe waits twice as long");
        run(&modes, STEADY, DOWN_AFTER);
        assert_eq!(modes.current(), Mode::Busy);
        // Long out of surge, the next one is left after the usual calm.
        run(&modes, CALM, SURGE_FORGOTTEN as u32 + 1);
        run(&modes, OVERLOADED, UP_AFTER);
        run(&modes, STEADY, DOWN_AFTER);
        assert_eq!(modes.current(), Mode::Busy);
    }

    #[test]
    fn a_few_refusals_in_much_traffic_are_not_a_surge() {
        let modes = Modes::new(None);
        run(&modes, Pressure { shed: 2, ..STRAINED }, 10);
        assert_eq!(modes.current(), Mode::Busy);
    }

    #[test]
    fn a_pin_holds_until_released() {
        let modes = Modes::new(None);
        let before = Instant::now();
        modes.pin(Some(Mode::Surge));
        assert_eq!(modes.current(), Mode::Surge);
        assert!(modes.banner_changed_since(before));
        run(&modes, CALM, DOWN_AFTER * 2);
        assert_eq!(modes.current(), Mode::Surge);
        assert_eq!(modes.automatic(), Mode::Normal);
        modes.pin(None);
        assert_eq!(modes.current(), Mode::Normal);
    }
}
