//! Every answer the visitors get, kept as HDR latency histograms per
//! request class — for the whole run, per phase, and per interval for the
//! timeline — with the counts of what was answered, shed or failed.
//!
//! Latency runs from the moment the visitor *meant* to send the request
//! (the end of its think time), not from when it was sent: a generator
//! slowed by the server would otherwise hide the server's slowness
//! (coordinated omission).

use crate::report::{ClassSummary, Interval, IntervalClass, Percentiles, PhaseSummary, Totals};
use crate::scenario::{Phase, Scenario};
use hdrhistogram::Histogram;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What a visitor's request was for, as the server ranks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Pages,
    Search,
    Images,
    Cart,
    Checkout,
}

impl Class {
    pub(crate) const ALL: [Self; 5] = [Self::Checkout, Self::Cart, Self::Pages, Self::Search, Self::Images];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Pages => "pages",
            Self::Search => "search",
            Self::Images => "images",
            Self::Cart => "cart",
            Self::Checkout => "checkout",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok,
    /// Turned away on purpose (`503`/`429` with `Retry-After`).
    Shed,
    Error(String),
}

/// The longest latency a histogram holds (longer ones are clamped to it).
const LONGEST_US: u64 = 120_000_000;
/// How many error messages the report keeps.
const ERROR_SAMPLES: usize = 20;

#[derive(Debug)]
struct Stats {
    latency: Histogram<u64>,
    requests: u64,
    ok: u64,
    shed: u64,
    errors: u64,
}

impl Stats {
    fn new() -> Self {
        Self {
            // Two significant figures: 1% precision, a few kilobytes each.
            latency: histogram(),
            requests: 0,
            ok: 0,
            shed: 0,
            errors: 0,
        }
    }

    fn record(&mut self, outcome: &Outcome, latency_us: u64) {
        self.requests += 1;
        match outcome {
            Outcome::Ok => {
                self.ok += 1;
                self.latency.saturating_record(latency_us.clamp(1, LONGEST_US));
            }
            Outcome::Shed => self.shed += 1,
            Outcome::Error(_) => self.errors += 1,
        }
    }

    fn percentiles(&self) -> Percentiles {
        if self.latency.is_empty() {
            return Percentiles::default();
        }
        let ms = |us: u64| us as f64 / 1000.0;
        Percentiles {
            p50_ms: ms(self.latency.value_at_quantile(0.50)),
            p95_ms: ms(self.latency.value_at_quantile(0.95)),
            p99_ms: ms(self.latency.value_at_quantile(0.99)),
            max_ms: ms(self.latency.max()),
        }
    }
}

fn per_class() -> Vec<Stats> {
    Class::ALL.iter().map(|_| Stats::new()).collect()
}

/// Shared by every visitor. One lock per answer: a few hundred nanoseconds,
/// far below a request's own cost.
#[derive(Debug)]
pub(crate) struct Recorder {
    started: Instant,
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    whole: Vec<Stats>,
    phases: Vec<Vec<Stats>>,
    current: Vec<Stats>,
    current_started: Duration,
    timeline: Vec<Interval>,
    error_samples: Vec<String>,
    /// How late requests left, against when they were meant to (the
    /// generator short of CPU or of connections): for the run and the
    /// interval.
    lag_whole: Histogram<u64>,
    lag_current: Histogram<u64>,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, LONGEST_US, 2).expect("constant, valid bounds")
}

fn p99_ms(histogram: &Histogram<u64>) -> f64 {
    if histogram.is_empty() { 0.0 } else { histogram.value_at_quantile(0.99) as f64 / 1000.0 }
}

impl Recorder {
    pub(crate) fn new(started: Instant) -> Self {
        Self {
            started,
            inner: Mutex::new(Inner {
                whole: per_class(),
                phases: Phase::ALL.iter().map(|_| per_class()).collect(),
                current: per_class(),
                current_started: Duration::ZERO,
                timeline: Vec::new(),
                error_samples: Vec::new(),
                lag_whole: histogram(),
                lag_current: histogram(),
            }),
        }
    }

    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// One answer (or failure) to a request meant to leave at `intended`.
    pub(crate) fn record(&self, class: Class, phase: Phase, intended: Instant, outcome: &Outcome) {
        let latency_us = u64::try_from(intended.elapsed().as_micros()).unwrap_or(u64::MAX);
        let phase = Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let at = class.index();
        inner.whole[at].record(outcome, latency_us);
        inner.phases[phase][at].record(outcome, latency_us);
        inner.current[at].record(outcome, latency_us);
        if let Outcome::Error(message) = outcome
            && inner.error_samples.len() < ERROR_SAMPLES
        {
            let seconds = self.started.elapsed().as_secs();
            inner.error_samples.push(format!("{seconds}s {}: {message}", class.as_str()));
        }
    }

    /// A request leaves `intended.elapsed()` after it was meant to.
    pub(crate) fn record_lag(&self, intended: Instant) {
        let lag_us = u64::try_from(intended.elapsed().as_micros()).unwrap_or(u64::MAX).clamp(1, LONGEST_US);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.lag_whole.saturating_record(lag_us);
        inner.lag_current.saturating_record(lag_us);
    }

    /// Ends the current interval now; returns it (it is also kept for the
    /// report).
    pub(crate) fn close_interval(&self, scenario: &Scenario, active_sessions: u64, mode: Option<String>) -> Interval {
        self.close_interval_at(self.started.elapsed(), scenario, active_sessions, mode)
    }

    /// Ends the current interval at `now` from the start. The interval is
    /// labelled with the phase and the target of its middle, not of its
    /// end: labelled at its end, the interval before a phase began was
    /// drawn in that phase, and every phase one interval early.
    fn close_interval_at(
        &self,
        now: Duration,
        scenario: &Scenario,
        active_sessions: u64,
        mode: Option<String>,
    ) -> Interval {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let middle = inner.current_started + now.saturating_sub(inner.current_started) / 2;
        let phase = scenario.phase(middle).unwrap_or(Phase::Decline);
        let target_sessions = scenario.sessions(middle);
        let current = std::mem::replace(&mut inner.current, per_class());
        let lag = p99_ms(&inner.lag_current);
        inner.lag_current.reset();
        let seconds = now.saturating_sub(inner.current_started).as_secs_f64().max(0.001);
        let sum = |f: fn(&Stats) -> u64| current.iter().map(f).sum::<u64>();
        let ok = sum(|s| s.ok);
        let interval = Interval {
            t_s: inner.current_started.as_secs_f64(),
            seconds,
            phase: phase.as_str().to_owned(),
            target_sessions: target_sessions.round() as u64,
            active_sessions,
            requests: sum(|s| s.requests),
            ok,
            shed: sum(|s| s.shed),
            errors: sum(|s| s.errors),
            goodput: ok as f64 / seconds,
            generator_lag_p99_ms: lag,
            mode,
            classes: Class::ALL
                .iter()
                .zip(&current)
                .map(|(class, stats)| IntervalClass {
                    class: class.as_str().to_owned(),
                    requests: stats.requests,
                    shed: stats.shed,
                    errors: stats.errors,
                    latency: stats.percentiles(),
                })
                .collect(),
        };
        inner.current_started = now;
        inner.timeline.push(interval.clone());
        interval
    }

    /// The timeline so far.
    pub(crate) fn timeline(&self) -> Vec<Interval> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).timeline.clone()
    }

    /// Whole-run figures per class, and the totals.
    pub(crate) fn summary(&self) -> (Vec<ClassSummary>, Totals) {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let classes = Class::ALL
            .iter()
            .enumerate()
            .map(|(at, class)| {
                let whole = &inner.whole[at];
                ClassSummary {
                    class: class.as_str().to_owned(),
                    requests: whole.requests,
                    ok: whole.ok,
                    shed: whole.shed,
                    errors: whole.errors,
                    latency: whole.percentiles(),
                    phases: Phase::ALL
                        .iter()
                        .zip(&inner.phases)
                        .map(|(phase, stats)| PhaseSummary {
                            phase: phase.as_str().to_owned(),
                            requests: stats[at].requests,
                            shed: stats[at].shed,
                            errors: stats[at].errors,
                            latency: stats[at].percentiles(),
                        })
                        .collect(),
                }
            })
            .collect();
        let sum = |f: fn(&Stats) -> u64| inner.whole.iter().map(f).sum::<u64>();
        let (requests, shed, errors) = (sum(|s| s.requests), sum(|s| s.shed), sum(|s| s.errors));
        let percent = |part: u64| if requests == 0 { 0.0 } else { part as f64 * 100.0 / requests as f64 };
        let totals = Totals {
            requests,
            ok: sum(|s| s.ok),
            shed,
            errors,
            shed_percent: percent(shed),
            error_percent: percent(errors),
            error_samples: inner.error_samples.clone(),
            generator_lag_p99_ms: p99_ms(&inner.lag_whole),
            ..Totals::default()
        };
        (classes, totals)
    }

    /// The p99 of admitted requests of `class` over `phases` together.
    pub(crate) fn p99_over(&self, class: Class, phases: &[Phase]) -> f64 {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let mut merged = Stats::new();
        for (phase, stats) in Phase::ALL.iter().zip(&inner.phases) {
            if phases.contains(phase) {
                let _ = merged.latency.add(&stats[class.index()].latency);
            }
        }
        merged.percentiles().p99_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_counted_and_only_admitted_ones_timed() {
        let recorder = Recorder::new(Instant::now());
        let sent = Instant::now();
        recorder.record(Class::Pages, Phase::Ramp, sent, &Outcome::Ok);
        recorder.record(Class::Pages, Phase::Ramp, sent, &Outcome::Shed);
        recorder.record(Class::Search, Phase::Hold, sent, &Outcome::Error("500".into()));
        let interval = recorder.close_interval_at(Duration::from_secs(5), &scenario(), 3, Some("busy".into()));
        assert_eq!((interval.requests, interval.ok, interval.shed, interval.errors), (3, 1, 1, 1));
        let (classes, totals) = recorder.summary();
        assert_eq!(totals.requests, 3);
        assert!((totals.shed_percent - 100.0 / 3.0).abs() < 1e-9);
        let pages = classes.iter().find(|c| c.class == "pages").unwrap();
        assert_eq!(pages.latency.p99_ms, pages.phases[1].latency.p99_ms);
        assert_eq!(totals.error_samples.len(), 1);
        let empty = recorder.close_interval_at(Duration::from_secs(10), &scenario(), 0, None);
        assert_eq!(empty.requests, 0);
        assert_eq!(recorder.timeline().len(), 2);
    }

    /// A 10 s baseline, a 15 s ramp, a 10 s hold and a 5 s decline.
    fn scenario() -> Scenario {
        Scenario {
            baseline_sessions: 10.0,
            peak_sessions: 100.0,
            baseline: Duration::from_secs(10),
            ramp: Duration::from_secs(15),
            hold: Duration::from_secs(10),
            decline: Duration::from_secs(5),
            session_length: Duration::from_secs(20),
        }
    }

    #[test]
    fn intervals_are_labelled_with_the_phase_they_cover() {
        let recorder = Recorder::new(Instant::now());
        let scenario = scenario();
        for end in (5..=40).step_by(5) {
            recorder.close_interval_at(Duration::from_secs(end), &scenario, 0, None);
        }
        let timeline = recorder.timeline();
        let phases: Vec<(f64, &str)> = timeline.iter().map(|iv| (iv.t_s, iv.phase.as_str())).collect();
        assert_eq!(
            phases,
            [
                (0.0, "baseline"),
                (5.0, "baseline"),
                (10.0, "ramp"),
                (15.0, "ramp"),
                (20.0, "ramp"),
                (25.0, "hold"),
                (30.0, "hold"),
                (35.0, "decline"),
            ]
        );
        assert!(timeline.iter().all(|iv| (iv.seconds - 5.0).abs() < 1e-9));
        // The target is the curve's in the middle of the interval: the
        // ramp's first interval (10–15 s) is a sixth of the way up.
        assert_eq!(timeline[2].target_sessions, 25);
        assert_eq!(timeline[5].target_sessions, 100);
    }
}
