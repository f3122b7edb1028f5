//! The broadcast, as a curve of concurrent sessions over time: a baseline,
//! the ramp when the programme ends, a hold, a decline. Sessions *arrive*
//! following this curve (an open model): how many start each second is set
//! by the curve and by how long a session lasts, never by how fast the
//! server answers — a slow server gets more visitors at once, not fewer,
//! as on the night.

use std::time::Duration;

/// A stretch of the rehearsal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Baseline,
    Ramp,
    Hold,
    Decline,
}

impl Phase {
    pub const ALL: [Self; 4] = [Self::Baseline, Self::Ramp, Self::Hold, Self::Decline];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Ramp => "ramp",
            Self::Hold => "hold",
            Self::Decline => "decline",
        }
    }
}

/// The curve. Sessions counts are already scaled.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scenario {
    pub baseline_sessions: f64,
    pub peak_sessions: f64,
    #[serde(serialize_with = "seconds")]
    pub baseline: Duration,
    #[serde(serialize_with = "seconds")]
    pub ramp: Duration,
    #[serde(serialize_with = "seconds")]
    pub hold: Duration,
    #[serde(serialize_with = "seconds")]
    pub decline: Duration,
    /// How long an average session lasts (its steps times the think time):
    /// arrivals per second are the sessions wanted divided by this.
    #[serde(serialize_with = "seconds")]
    pub session_length: Duration,
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

impl Scenario {
    pub fn total(&self) -> Duration {
        self.baseline + self.ramp + self.hold + self.decline
    }

    /// The phase at `t` from the start, `None` once over.
    pub fn phase(&self, t: Duration) -> Option<Phase> {
        let mut end = Duration::ZERO;
        for (phase, length) in [
            (Phase::Baseline, self.baseline),
            (Phase::Ramp, self.ramp),
            (Phase::Hold, self.hold),
            (Phase::Decline, self.decline),
        ] {
            end += length;
            if t < end {
                return Some(phase);
            }
        }
        None
    }

    /// Concurrent sessions wanted at `t`.
    pub fn sessions(&self, t: Duration) -> f64 {
        let (base, peak) = (self.baseline_sessions, self.peak_sessions);
        let along = |start: Duration, length: Duration| {
            if length.is_zero() { 1.0 } else { ((t - start).as_secs_f64() / length.as_secs_f64()).clamp(0.0, 1.0) }
        };
        let ramp_start = self.baseline;
        let hold_start = ramp_start + self.ramp;
        let decline_start = hold_start + self.hold;
        match self.phase(t) {
            Some(Phase::Baseline) => base,
            Some(Phase::Ramp) => base + (peak - base) * along(ramp_start, self.ramp),
            Some(Phase::Hold) => peak,
            Some(Phase::Decline) => peak + (base - peak) * along(decline_start, self.decline),
            None => 0.0,
        }
    }

    /// Sessions to start per second at `t`: enough to replace those that
    /// end (Little's law: concurrent = arrivals × length), plus the curve's
    /// own growth. The first seconds fill the baseline at once.
    pub fn arrivals_per_second(&self, t: Duration) -> f64 {
        let length = self.session_length.as_secs_f64().max(1.0);
        let steady = self.sessions(t) / length;
        let growth = match self.phase(t) {
            Some(Phase::Ramp) if !self.ramp.is_zero() => {
                (self.peak_sessions - self.baseline_sessions) / self.ramp.as_secs_f64()
            }
            _ => 0.0,
        };
        // Without visitors already there at the start, the baseline would
        // take a whole session length to build up.
        let filling = if t < Duration::from_secs(10) { self.baseline_sessions / 10.0 } else { 0.0 };
        (steady + growth.max(0.0) + filling).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broadcast() -> Scenario {
        Scenario {
            baseline_sessions: 2_000.0,
            peak_sessions: 36_000.0,
            baseline: Duration::from_secs(60),
            ramp: Duration::from_secs(180),
            hold: Duration::from_secs(300),
            decline: Duration::from_secs(120),
            session_length: Duration::from_secs(160),
        }
    }

    #[test]
    fn the_curve_climbs_holds_and_falls() {
        let s = broadcast();
        assert_eq!(s.sessions(Duration::from_secs(30)), 2_000.0);
        assert_eq!(s.sessions(Duration::from_secs(150)), 19_000.0);
        assert_eq!(s.sessions(Duration::from_secs(400)), 36_000.0);
        assert_eq!(s.sessions(Duration::from_secs(600)), 19_000.0);
        assert_eq!(s.sessions(Duration::from_secs(700)), 0.0);
        assert_eq!(s.phase(Duration::from_secs(239)), Some(Phase::Ramp));
        assert_eq!(s.phase(Duration::from_secs(240)), Some(Phase::Hold));
        assert_eq!(s.total(), Duration::from_secs(660));
    }

    #[test]
    fn arrivals_follow_little_s_law() {
        let s = broadcast();
        assert!((s.arrivals_per_second(Duration::from_secs(400)) - 225.0).abs() < 1e-9);
        // On the ramp, the growth comes on top: 34,000 more in 180 s.
        let ramp = s.arrivals_per_second(Duration::from_secs(150));
        assert!((ramp - (19_000.0 / 160.0 + 34_000.0 / 180.0)).abs() < 1e-9);
    }
}
