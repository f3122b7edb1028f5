//! `echoppe surge`: the broadcast rehearsal. Visitors arrive following the
//! night's curve ([`scenario`]) whatever the server's speed (an open model),
//! behave like visitors ([`visitor`]), and every answer is measured
//! ([`recorder`]); checkouts the server acknowledged are checked afterwards
//! ([`ledger`]). Progress shows live in the terminal; the report is written
//! as JSON and as a self-contained HTML page ([`html`]). The run fails (a
//! non-zero exit) if an acknowledged order is missing or a threshold given
//! by flags is crossed.
//!
//! It places real orders: rehearse against a copy of the shop (a staging
//! node over a copy of the database), never the live one.

mod catalogue;
pub mod html;
mod ledger;
mod recorder;
pub mod report;
pub mod scenario;
mod visitor;

use anyhow::{Context as _, bail};
use rand::SeedableRng as _;
use rand::distr::Distribution as _;
use rand_chacha::ChaCha8Rng;
use recorder::{Class, Recorder};
use report::{ModeChange, Report, ThresholdCheck};
use scenario::{Phase, Scenario};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use visitor::{Behaviour, Site, Visitor};

/// Every figure of the rehearsal is a flag.
#[derive(Debug, Clone, clap::Args)]
pub struct SurgeArgs {
    /// The echoppe to rehearse against (a copy of the shop: this places real orders)
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub target: String,
    /// Multiplies the session counts: 0.05 for a small machine or CI, 3 for three times the broadcast
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Concurrent sessions before the broadcast ends
    #[arg(long, default_value_t = 2_000.0)]
    pub baseline_sessions: f64,
    /// Concurrent sessions at the peak
    #[arg(long, default_value_t = 36_000.0)]
    pub peak_sessions: f64,
    /// Seconds at the baseline
    #[arg(long, default_value_t = 60)]
    pub baseline_seconds: u64,
    /// Seconds from the baseline to the peak
    #[arg(long, default_value_t = 180)]
    pub ramp_seconds: u64,
    /// Seconds at the peak
    #[arg(long, default_value_t = 300)]
    pub hold_seconds: u64,
    /// Seconds from the peak back to the baseline
    #[arg(long, default_value_t = 120)]
    pub decline_seconds: u64,
    /// Average seconds a visitor spends on a page
    #[arg(long, default_value_t = 20.0)]
    pub think_seconds: f64,
    /// Average pages per visit
    #[arg(long, default_value_t = 8.0)]
    pub pages: f64,
    /// Share of visitors who add something to their cart
    #[arg(long, default_value_t = 0.10)]
    pub cart_share: f64,
    /// Share of those who then check out
    #[arg(long, default_value_t = 0.5)]
    pub checkout_share: f64,
    /// Photos fetched with each page (those above the fold: two on a phone)
    #[arg(long, default_value_t = 2)]
    pub photos_per_page: usize,
    /// Connections to the server at most (as a proxy in front would hold)
    #[arg(long, default_value_t = 512)]
    pub connections: usize,
    /// Seconds before a request counts as failed
    #[arg(long, default_value_t = 30)]
    pub timeout_seconds: u64,
    /// Seconds per point of the timeline (and between two live lines)
    #[arg(long, default_value_t = 5)]
    pub interval_seconds: u64,
    /// Where report.json and report.html are written
    #[arg(long, default_value = "surge-report")]
    pub out: PathBuf,
    /// Seed of the visitors' choices: the same seed, the same visits
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fail if the p99 of admitted page requests (listing, shop, category,
    /// home) during ramp and hold is above this many milliseconds
    #[arg(long)]
    pub max_page_p99_ms: Option<f64>,
    /// Fail if more than this percentage of all requests is shed
    #[arg(long)]
    pub max_shed_percent: Option<f64>,
    /// Fail if more than this percentage of all requests fails (not counting sheds)
    #[arg(long)]
    pub max_error_percent: Option<f64>,
    /// Fail if goodput during the hold falls below this percentage of the best interval's
    #[arg(long)]
    pub min_goodput_percent: Option<f64>,
}

impl SurgeArgs {
    fn behaviour(&self) -> Behaviour {
        Behaviour {
            think: Duration::from_secs_f64(self.think_seconds.clamp(0.01, 3600.0)),
            pages: self.pages.max(1.0),
            cart_share: self.cart_share.clamp(0.0, 1.0),
            checkout_share: self.checkout_share.clamp(0.0, 1.0),
            photos_per_page: self.photos_per_page,
        }
    }

    fn scenario(&self, behaviour: &Behaviour) -> Scenario {
        let scale = self.scale.max(0.0);
        Scenario {
            baseline_sessions: self.baseline_sessions.max(0.0) * scale,
            peak_sessions: self.peak_sessions.max(0.0) * scale,
            baseline: Duration::from_secs(self.baseline_seconds),
            ramp: Duration::from_secs(self.ramp_seconds),
            hold: Duration::from_secs(self.hold_seconds),
            decline: Duration::from_secs(self.decline_seconds),
            session_length: behaviour.visit_length(),
        }
    }
}

/// How long visitors still under way get to finish once the scenario ends.
const CLOSING_GRACE: Duration = Duration::from_secs(30);
/// Arrivals are drawn for slices of this length.
const ARRIVAL_SLICE: Duration = Duration::from_millis(10);

/// Runs the rehearsal; `Err` if it could not run or if it failed.
pub async fn run(args: SurgeArgs) -> anyhow::Result<Report> {
    let base = args.target.trim_end_matches('/').to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(args.timeout_seconds.max(1)))
        .pool_max_idle_per_host(args.connections)
        .tcp_nodelay(true)
        .build()
        .context("building the HTTP client")?;
    let catalogue = catalogue::discover(&client, &base).await?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let behaviour = args.behaviour();
    let scenario = args.scenario(&behaviour);
    let started_at = time::OffsetDateTime::now_utc();
    let started = Instant::now();
    let recorder = Arc::new(Recorder::new(started));
    let site = Arc::new(Site {
        client: client.clone(),
        base: base.clone(),
        connections: tokio::sync::Semaphore::new(args.connections.max(1)),
        recorder: Arc::clone(&recorder),
        scenario,
        catalogue,
        ledger: ledger::Ledger::default(),
        behaviour,
        run: format!("{:x}", started_at.unix_timestamp()),
        closing: tokio::sync::watch::Sender::new(false),
        active: Default::default(),
        started: Default::default(),
        completed: Default::default(),
    });
    tracing::info!(
        target = base,
        baseline = scenario.baseline_sessions.round(),
        peak = scenario.peak_sessions.round(),
        minutes = format!("{:.1}", scenario.total().as_secs_f64() / 60.0),
        "rehearsal starting"
    );
    let changes = Arc::new(Mutex::new(Vec::new()));
    let watching = tokio::spawn(watch(
        Arc::clone(&site),
        client.clone(),
        Duration::from_secs(args.interval_seconds.max(1)),
        Arc::clone(&changes),
    ));
    arrive(&site, args.seed).await;
    site.closing.send_replace(true);
    let closing = Instant::now();
    while site.active.load(Ordering::Relaxed) > 0 && closing.elapsed() < CLOSING_GRACE {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let duration = started.elapsed();
    watching.abort();
    let mode_changes = std::mem::take(&mut *changes.lock().unwrap_or_else(PoisonError::into_inner));
    recorder.close_interval(&scenario, site.active.load(Ordering::Relaxed), None);
    tracing::info!(acknowledged = site.ledger.acknowledged_count(), "load over; checking every acknowledged order");
    let ledger = site.ledger.verify(&client, &base).await;

    let (classes, mut totals) = recorder.summary();
    let timeline = recorder.timeline();
    totals.sessions_started = site.started.load(Ordering::Relaxed);
    totals.sessions_completed = site.completed.load(Ordering::Relaxed);
    totals.best_goodput = timeline.iter().map(|i| i.goodput).fold(0.0, f64::max);
    // At the peak the offered load is steady: goodput falling there, below
    // what the server managed at its best, is collapse.
    let holding = timeline.iter().filter(|i| i.phase == "hold").map(|i| i.goodput);
    let worst = holding.fold(f64::INFINITY, f64::min);
    totals.worst_goodput_percent_of_best =
        if worst.is_finite() && totals.best_goodput > 0.0 { worst * 100.0 / totals.best_goodput } else { 0.0 };

    let mut thresholds = Vec::new();
    let mut check = |name: &str, limit: Option<f64>, measured: f64, above_is_bad: bool| {
        if let Some(limit) = limit {
            let passed = if above_is_bad { measured <= limit } else { measured >= limit };
            thresholds.push(ThresholdCheck { name: name.to_owned(), limit, measured, passed });
        }
    };
    let page_p99 = recorder.p99_over(Class::Pages, &[Phase::Ramp, Phase::Hold]);
    check("page p99 during ramp and hold (ms)", args.max_page_p99_ms, page_p99, true);
    check("shed (% of requests)", args.max_shed_percent, totals.shed_percent, true);
    check("errors (% of requests)", args.max_error_percent, totals.error_percent, true);
    check(
        "worst goodput during the hold (% of best)",
        args.min_goodput_percent,
        totals.worst_goodput_percent_of_best,
        false,
    );
    let passed = ledger.missing.is_empty() && thresholds.iter().all(|t| t.passed);
    let report = Report {
        target: base,
        started_at: started_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        duration_s: duration.as_secs_f64(),
        scale: args.scale,
        scenario,
        totals,
        classes,
        interval_s: args.interval_seconds.max(1) as f64,
        timeline,
        mode_changes,
        ledger,
        thresholds,
        passed,
    };
    write_report(&args.out, &report)?;
    summarise(&report, &args.out);
    if !report.ledger.missing.is_empty() {
        bail!(
            "{} acknowledged order(s) missing on the server (see {}/report.html)",
            report.ledger.missing.len(),
            args.out.display()
        );
    }
    if let Some(crossed) = report.thresholds.iter().find(|t| !t.passed) {
        bail!("threshold crossed: {} was {:.1}, limit {:.1}", crossed.name, crossed.measured, crossed.limit);
    }
    Ok(report)
}

/// Starts visitors for the length of the scenario: Poisson arrivals at the
/// scenario's rate, drawn slice by slice.
async fn arrive(site: &Arc<Site>, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut number: u64 = 0;
    let total = site.scenario.total();
    let mut next = Instant::now();
    loop {
        let elapsed = site.recorder.elapsed();
        if elapsed >= total {
            return;
        }
        let expected = site.scenario.arrivals_per_second(elapsed) * ARRIVAL_SLICE.as_secs_f64();
        let arrivals = if expected > 0.0 {
            rand_distr::Poisson::new(expected).map_or(0.0, |poisson| poisson.sample(&mut rng)) as u64
        } else {
            0
        };
        for _ in 0..arrivals {
            number += 1;
            let visitor = Visitor::new(
                Arc::clone(site),
                ChaCha8Rng::seed_from_u64(seed ^ number.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                number,
            );
            tokio::spawn(visitor.visit());
        }
        next += ARRIVAL_SLICE;
        tokio::time::sleep_until(next.into()).await;
    }
}

/// Every second, reads the server's mode (the changes go in `changes`);
/// every interval, closes the timeline's interval and prints a line. Runs
/// until aborted.
async fn watch(site: Arc<Site>, client: reqwest::Client, interval: Duration, changes: Arc<Mutex<Vec<ModeChange>>>) {
    let mut mode: Option<String> = None;
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Intervals end on the run's own clock (5 s, 10 s, …), so they line up
    // with the scenario's phases rather than drift with this loop's work.
    let mut next_close = interval;
    let total = site.scenario.total();
    loop {
        every.tick().await;
        let elapsed = site.recorder.elapsed();
        if let Some(now) = read_mode(&client, &site.base).await
            && mode.as_deref() != Some(now.as_str())
        {
            changes
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(ModeChange { t_s: elapsed.as_secs_f64(), mode: now.clone() });
            mode = Some(now);
        }
        if elapsed + Duration::from_millis(500) < next_close {
            continue;
        }
        while next_close <= elapsed + Duration::from_millis(500) {
            next_close += interval;
        }
        let active = site.active.load(Ordering::Relaxed);
        let line = site.recorder.close_interval(&site.scenario, active, mode.clone());
        let percent = |part: u64| if line.requests == 0 { 0.0 } else { part as f64 * 100.0 / line.requests as f64 };
        let p99 = |class: &str| line.classes.iter().find(|c| c.class == class).map_or(0.0, |c| c.latency.p99_ms);
        eprintln!(
            "{:>5.0}s/{:.0}s {:<8} sessions {:>6}/{:<6} {:>6.0} req/s  shed {:>4.1}%  errors {:>4.1}%  \
             p99 ms: pages {:>5.0} search {:>5.0} images {:>5.0} checkout {:>5.0} (late {:>4.0})  orders {:>5}  mode {}",
            elapsed.as_secs_f64(),
            total.as_secs_f64(),
            line.phase,
            active,
            line.target_sessions,
            line.requests as f64 / line.seconds.max(0.001),
            percent(line.shed),
            percent(line.errors),
            p99("pages"),
            p99("search"),
            p99("images"),
            p99("checkout"),
            line.generator_lag_p99_ms,
            site.ledger.acknowledged_count(),
            mode.as_deref().unwrap_or("?"),
        );
    }
}

/// The server's mode, from its `/readyz`; `None` if it does not say.
async fn read_mode(client: &reqwest::Client, base: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Readiness {
        mode: String,
    }
    let response = client.get(format!("{base}/readyz")).timeout(Duration::from_secs(1)).send().await.ok()?;
    let readiness: Readiness = serde_json::from_slice(&response.bytes().await.ok()?).ok()?;
    Some(readiness.mode)
}

fn write_report(out: &std::path::Path, report: &Report) -> anyhow::Result<()> {
    let json = serde_json::to_vec_pretty(report).context("serialising the report")?;
    std::fs::write(out.join("report.json"), json).with_context(|| format!("writing {}/report.json", out.display()))?;
    std::fs::write(out.join("report.html"), html::render(report))
        .with_context(|| format!("writing {}/report.html", out.display()))?;
    Ok(())
}

/// The few lines an operator reads first.
fn summarise(report: &Report, out: &std::path::Path) {
    let totals = &report.totals;
    let ledger = &report.ledger;
    eprintln!(
        "\n{verdict}: {requests} requests in {minutes:.1} min, {shed:.2}% shed, {errors:.2}% errors; \
         best goodput {best:.0}/s, worst during the hold {worst:.0}% of it",
        verdict = if report.passed { "PASSED" } else { "FAILED" },
        requests = totals.requests,
        minutes = report.duration_s / 60.0,
        shed = totals.shed_percent,
        errors = totals.error_percent,
        best = totals.best_goodput,
        worst = totals.worst_goodput_percent_of_best,
    );
    if totals.generator_lag_p99_ms > 50.0 {
        eprintln!(
            "  note: 1% of requests left the generator more than {:.0} ms late (its CPU or connections short): \
             the latencies measure this machine as well as the server",
            totals.generator_lag_p99_ms
        );
    }
    for class in &report.classes {
        eprintln!(
            "  {:<9} {:>8} requests  {:>6} shed  {:>5} errors  p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms",
            class.class,
            class.requests,
            class.shed,
            class.errors,
            class.latency.p50_ms,
            class.latency.p95_ms,
            class.latency.p99_ms
        );
    }
    eprintln!(
        "  orders: {} acknowledged, {} found ({} paid, {} to pay later), {} missing, {} unverified; {} checkouts not acknowledged",
        ledger.acknowledged,
        ledger.found,
        ledger.paid,
        ledger.pay_later,
        ledger.missing.len(),
        ledger.unverified,
        ledger.not_acknowledged
    );
    for (why, count) in &ledger.not_acknowledged_because {
        eprintln!("    not acknowledged: {count} × {why}");
    }
    for threshold in &report.thresholds {
        eprintln!(
            "  {} {}: {:.1} (limit {:.1})",
            if threshold.passed { "ok  " } else { "FAIL" },
            threshold.name,
            threshold.measured,
            threshold.limit
        );
    }
    eprintln!("  report: {}/report.html and report.json", out.display());
}
