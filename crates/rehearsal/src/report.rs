//! What a rehearsal found, as written to `report.json` (and drawn in
//! `report.html`, see [`crate::html`]). Latencies are milliseconds, times
//! are seconds from the start of the rehearsal.

use crate::scenario::Scenario;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The server rehearsed against.
    pub target: String,
    /// When the rehearsal started (UTC, RFC 3339).
    pub started_at: String,
    /// Seconds the load ran.
    pub duration_s: f64,
    /// The multiplier applied to the scenario's session counts.
    pub scale: f64,
    pub scenario: Scenario,
    pub totals: Totals,
    /// Whole-run figures per request class, best first (`pages`, `search`,
    /// `images`, `cart`, `checkout`).
    pub classes: Vec<ClassSummary>,
    /// One entry per interval (`interval_s` long).
    pub interval_s: f64,
    pub timeline: Vec<Interval>,
    /// The server's mode as it changed (from its `/readyz`).
    pub mode_changes: Vec<ModeChange>,
    pub ledger: LedgerSummary,
    /// The limits given by flags and how the run measured against them.
    pub thresholds: Vec<ThresholdCheck>,
    /// No acknowledged order lost and every threshold met.
    pub passed: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub sessions_started: u64,
    pub sessions_completed: u64,
    pub requests: u64,
    /// Answered as asked (2xx, 3xx, and the 404s a visitor can meet).
    pub ok: u64,
    /// Turned away on purpose by the server (503 or 429 with `Retry-After`).
    pub shed: u64,
    /// Anything else: 5xx without the shield's mark, other 4xx, timeouts,
    /// connection errors.
    pub errors: u64,
    /// Share of requests shed, in percent.
    pub shed_percent: f64,
    pub error_percent: f64,
    /// The best interval's `ok` answers per second…
    pub best_goodput: f64,
    /// …and the worst interval's during the hold, as a share of it (below
    /// 100% at a steady offered load: the server delivered less).
    pub worst_goodput_percent_of_best: f64,
    /// p99 of how late requests left the generator against when visitors
    /// meant to send them (its CPU or its connections short): when this is
    /// high, the latencies measure the machine running the rehearsal as
    /// much as the server.
    pub generator_lag_p99_ms: f64,
    /// A few of the errors, to know where to look.
    pub error_samples: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassSummary {
    pub class: String,
    pub requests: u64,
    pub ok: u64,
    pub shed: u64,
    pub errors: u64,
    /// Latency of the requests the server admitted (answered, not shed),
    /// from the moment the visitor meant to send them.
    pub latency: Percentiles,
    /// The same per phase of the scenario.
    pub phases: Vec<PhaseSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseSummary {
    pub phase: String,
    pub requests: u64,
    pub shed: u64,
    pub errors: u64,
    pub latency: Percentiles,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Percentiles {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Interval {
    /// Start of the interval, in seconds from the start of the run…
    pub t_s: f64,
    /// …and its length (the last one may be shorter).
    pub seconds: f64,
    /// The phase of the interval's middle.
    pub phase: String,
    /// Sessions the scenario wanted in the interval's middle…
    pub target_sessions: u64,
    /// …and sessions under way at its end.
    pub active_sessions: u64,
    pub requests: u64,
    pub ok: u64,
    pub shed: u64,
    pub errors: u64,
    /// `ok` per second.
    pub goodput: f64,
    /// See [`Totals::generator_lag_p99_ms`].
    pub generator_lag_p99_ms: f64,
    /// The server's mode at the interval's end, if it could be read.
    pub mode: Option<String>,
    pub classes: Vec<IntervalClass>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntervalClass {
    pub class: String,
    pub requests: u64,
    pub shed: u64,
    pub errors: u64,
    pub latency: Percentiles,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModeChange {
    pub t_s: f64,
    pub mode: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LedgerSummary {
    /// Checkouts the server acknowledged (a redirect to the confirmation).
    pub acknowledged: u64,
    /// Of those, found afterwards on the server (their confirmation lists
    /// their orders).
    pub found: u64,
    /// Acknowledged and not found: lost orders. Any is a failure.
    pub missing: Vec<String>,
    /// Could not be checked (the server did not answer the check).
    pub unverified: u64,
    /// Among those found: paid at checkout, or waiting for a payment link.
    pub paid: u64,
    pub pay_later: u64,
    /// Checkouts started that got no acknowledgement (shed, errors, cart
    /// problems): the visitor saw that the order was not taken.
    pub not_acknowledged: u64,
    /// The same by what the buyer met (an item sold out meanwhile, a step
    /// refused three times…).
    pub not_acknowledged_because: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThresholdCheck {
    pub name: String,
    pub limit: f64,
    pub measured: f64,
    pub passed: bool,
}
