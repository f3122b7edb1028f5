//! `report.html`: the report drawn for the people who read it after the
//! rehearsal, often on a phone, sometimes offline or attached to a ticket.
//! So it is one file that needs nothing else: inline style, inline SVG, no
//! script.

use crate::report::{Interval, Percentiles, Report};
use crate::scenario::Phase;
use std::fmt::{self, Display, Write as _};

/// Writing into a `String` cannot fail, so the `fmt::Result` is dropped here
/// once rather than at every call.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// Okabe–Ito: stays distinguishable for the common colour blindnesses and
/// on a washed-out phone screen. Yellow is left out, unreadable on white.
const PALETTE: [&str; 7] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

const STYLE: &str = "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;background:#fff}\
main{max-width:960px;margin:auto;padding:1rem}h1{font-size:1.4rem;margin:.2rem 0}\
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ddd}h3{font-size:1rem}\
.verdict{display:inline-block;font-size:2rem;font-weight:700;letter-spacing:.08em;padding:.1rem 1rem;border-radius:.4rem;color:#fff;margin:.5rem 0}\
.verdict.pass{background:#2e7d32}.verdict.fail{background:#c62828}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}\
.scroll{overflow-x:auto}table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.3rem 0}\
th,td{padding:.25rem .6rem;border-bottom:1px solid #e5e5e5;text-align:right;white-space:nowrap}\
th:first-child,td:first-child{text-align:left}thead th{background:#f6f6f6}tbody th{white-space:normal}\
.bad{color:#c62828;font-weight:600}.good{color:#2e7d32;font-weight:600}\
li code{white-space:pre-wrap;overflow-wrap:anywhere}figure{margin:1rem 0}figcaption{font-weight:600}\
svg{display:block;width:100%;height:auto;min-width:26rem}svg text{font-size:12px;fill:#444}\
svg .phase{fill:#888;font-style:italic}svg .mode{fill:#fff;font-size:11px}\
svg .grid{stroke:#e4e4e4}svg .axis{stroke:#666}.nodata{color:#888;font-style:italic}";

/// The report as one self-contained HTML page (no script, no external file):
/// the verdict and the figures first, then the charts over time.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>echoppe surge — {}</title><style>{STYLE}</style></head><body><main>\n",
        if report.passed { "passed" } else { "FAILED" }
    );
    header(&mut out, report);
    totals(&mut out, report);
    ledger(&mut out, report);
    thresholds(&mut out, report);
    classes(&mut out, report);
    charts(&mut out, report);
    out.push_str("</main></body></html>\n");
    out
}

/// Text from the report, made safe in HTML text and quoted attributes alike:
/// the target and the error samples come from a server we are testing.
#[derive(Debug, Clone, Copy)]
struct Esc<'a>(&'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

const DASH: &str = "—";

fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// At most two decimals and no trailing zeros: limits like `0.5` or `250`
/// read as they were typed.
fn plain(v: f64) -> String {
    if !v.is_finite() {
        return DASH.to_owned();
    }
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

fn sessions(n: f64) -> String {
    if n.is_finite() && n >= 0.0 { count(n.round() as u64) } else { plain(n) }
}

fn ms(v: f64) -> String {
    match v {
        v if !v.is_finite() => DASH.to_owned(),
        v if v >= 100.0 => format!("{v:.0} ms"),
        v => format!("{v:.1} ms"),
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

fn duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return DASH.to_owned();
    }
    let whole = seconds.round() as u64;
    match (whole / 3600, whole % 3600 / 60, whole % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s:02} s"),
        (h, m, _) => format!("{h} h {m:02} min"),
    }
}

/// Latency is only measured on admitted requests: where everything was shed
/// the recorded zero means "nothing measured", not "instant".
fn latency_of(requests: u64, shed: u64, latency: Percentiles) -> Option<Percentiles> {
    (requests > shed).then_some(latency)
}

/// A two-column table; the values are already HTML.
fn key_values(out: &mut String, rows: &[(&str, String)]) {
    out.push_str("<div class=\"scroll\"><table><tbody>");
    for (key, value) in rows {
        w!(out, "<tr><th scope=\"row\">{key}</th><td>{value}</td></tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

fn header(out: &mut String, r: &Report) {
    let (class, word) = if r.passed { ("pass", "PASSED") } else { ("fail", "FAILED") };
    w!(
        out,
        "<header><h1>echoppe surge — rehearsal report</h1><p class=\"verdict {class}\">{word}</p>\
         <dl><dt>Target</dt><dd><code>{}</code></dd><dt>Started</dt><dd>{}</dd>\
         <dt>Duration</dt><dd>{}</dd><dt>Scale</dt><dd>× {}</dd></dl></header>\n",
        Esc(&r.target),
        Esc(&r.started_at),
        duration(r.duration_s),
        plain(r.scale)
    );
    let s = &r.scenario;
    out.push_str("<section><h2>Scenario</h2>");
    key_values(
        out,
        &[
            ("Baseline sessions", sessions(s.baseline_sessions)),
            ("Peak sessions", sessions(s.peak_sessions)),
            ("Baseline", duration(s.baseline.as_secs_f64())),
            ("Ramp", duration(s.ramp.as_secs_f64())),
            ("Hold", duration(s.hold.as_secs_f64())),
            ("Decline", duration(s.decline.as_secs_f64())),
            ("Total", duration(s.total().as_secs_f64())),
            ("Session length", duration(s.session_length.as_secs_f64())),
        ],
    );
    out.push_str("</section>\n");
}

/// A count with its share, in red when any is worth a look.
fn count_share(n: u64, share: f64, flag: bool) -> String {
    let text = format!("{} ({} %)", count(n), plain(share));
    if flag && n > 0 { format!("<span class=\"bad\">{text}</span>") } else { text }
}

fn totals(out: &mut String, r: &Report) {
    let t = &r.totals;
    out.push_str("<section><h2>Totals</h2>");
    key_values(
        out,
        &[
            ("Requests", count(t.requests)),
            ("OK", count(t.ok)),
            ("Shed", count_share(t.shed, t.shed_percent, false)),
            ("Errors", count_share(t.errors, t.error_percent, true)),
            ("Sessions started", count(t.sessions_started)),
            ("Sessions completed", count(t.sessions_completed)),
            ("Best goodput", format!("{} ok/s", plain(t.best_goodput))),
            ("Worst goodput (hold)", format!("{} % of best", plain(t.worst_goodput_percent_of_best))),
            ("Generator lateness p99", format!("{} ms", plain(t.generator_lag_p99_ms))),
        ],
    );
    if !t.error_samples.is_empty() {
        out.push_str("<h3>Error samples</h3><ul>");
        for sample in &t.error_samples {
            w!(out, "<li><code>{}</code></li>", Esc(sample));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

fn ledger(out: &mut String, r: &Report) {
    let l = &r.ledger;
    let missing = l.missing.len() as u64;
    let missing_cell = if missing > 0 {
        format!("<span class=\"bad\">{}</span>", count(missing))
    } else {
        "<span class=\"good\">0</span>".to_owned()
    };
    out.push_str("<section><h2>Orders</h2>");
    key_values(
        out,
        &[
            ("Acknowledged", count(l.acknowledged)),
            ("Found afterwards", count(l.found)),
            ("Missing (lost)", missing_cell),
            ("Unverified", count(l.unverified)),
            ("Paid", count(l.paid)),
            ("Pay later", count(l.pay_later)),
            ("Not acknowledged", count(l.not_acknowledged)),
        ],
    );
    if !l.missing.is_empty() {
        out.push_str("<h3 class=\"bad\">Lost orders</h3><ul class=\"bad\">");
        for key in &l.missing {
            w!(out, "<li><code>{}</code></li>", Esc(key));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

fn thresholds(out: &mut String, r: &Report) {
    out.push_str("<section><h2>Thresholds</h2>");
    if r.thresholds.is_empty() {
        out.push_str("<p class=\"nodata\">No thresholds were set.</p></section>\n");
        return;
    }
    out.push_str("<div class=\"scroll\"><table><thead><tr><th>Threshold</th><th>Limit</th><th>Measured</th><th>Result</th></tr></thead><tbody>");
    for t in &r.thresholds {
        let result = if t.passed { "<span class=\"good\">pass</span>" } else { "<span class=\"bad\">FAIL</span>" };
        w!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{result}</td></tr>",
            Esc(&t.name),
            plain(t.limit),
            plain(t.measured)
        );
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn classes(out: &mut String, r: &Report) {
    out.push_str("<section><h2>Request classes</h2>");
    if r.classes.is_empty() {
        out.push_str("<p class=\"nodata\">No requests were recorded.</p></section>\n");
        return;
    }
    // The scenario's order first; a phase the model does not know yet still
    // gets its column rather than vanishing.
    let mut phases: Vec<&str> = Phase::ALL
        .iter()
        .map(|p| p.as_str())
        .filter(|name| r.classes.iter().any(|c| c.phases.iter().any(|p| p.phase == *name)))
        .collect();
    for p in r.classes.iter().flat_map(|c| &c.phases) {
        if !phases.contains(&p.phase.as_str()) {
            phases.push(&p.phase);
        }
    }
    out.push_str("<div class=\"scroll\"><table><thead><tr><th>Class</th><th>Requests</th><th>OK</th><th>Shed</th><th>Errors</th><th>p50</th><th>p95</th><th>p99</th><th>max</th>");
    for phase in &phases {
        w!(out, "<th>p99 {}</th>", Esc(phase));
    }
    out.push_str("</tr></thead><tbody>");
    for c in &r.classes {
        w!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            Esc(&c.class),
            count(c.requests),
            count(c.ok),
            count(c.shed)
        );
        w!(out, "<td{}>{}</td>", if c.errors > 0 { " class=\"bad\"" } else { "" }, count(c.errors));
        match latency_of(c.requests, c.shed, c.latency) {
            Some(l) => w!(
                out,
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                ms(l.p50_ms),
                ms(l.p95_ms),
                ms(l.p99_ms),
                ms(l.max_ms)
            ),
            None => out.push_str(&format!("<td>{DASH}</td>").repeat(4)),
        }
        for phase in &phases {
            let p99 =
                c.phases.iter().find(|p| p.phase == *phase).and_then(|p| latency_of(p.requests, p.shed, p.latency));
            w!(out, "<td>{}</td>", p99.map_or_else(|| DASH.to_owned(), |l| ms(l.p99_ms)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn charts(out: &mut String, r: &Report) {
    out.push_str("<section><h2>Over time</h2>\n");
    let tl = &r.timeline;
    if tl.is_empty() {
        out.push_str("<p class=\"nodata\">No intervals were recorded.</p></section>\n");
        return;
    }
    let frame = Frame::new(r);
    let per_second = |iv: &Interval, n: u64| n as f64 / if length(iv) > 0.0 { length(iv) } else { r.interval_s };
    line_chart(
        out,
        "Sessions",
        "sessions",
        &[
            Series::over(tl, "target", |iv| Some(iv.target_sessions as f64)),
            Series::over(tl, "active", |iv| Some(iv.active_sessions as f64)),
        ],
        &frame,
    );
    line_chart(
        out,
        "Throughput",
        "per second",
        &[
            Series::over(tl, "requests/s", |iv| Some(per_second(iv, iv.requests))),
            Series::over(tl, "goodput (ok/s)", |iv| Some(per_second(iv, iv.ok))),
        ],
        &frame,
    );
    // One colour per class across charts: the summary's order, then any
    // class only the timeline knows.
    let mut names: Vec<&str> = r.classes.iter().map(|c| c.class.as_str()).collect();
    for c in tl.iter().flat_map(|iv| &iv.classes) {
        if !names.contains(&c.class.as_str()) {
            names.push(&c.class);
        }
    }
    let class_latency = |iv: &Interval, name: &str| {
        iv.classes.iter().find(|c| c.class == name).and_then(|c| latency_of(c.requests, c.shed, c.latency))
    };
    let p99s: Vec<Series> =
        names.iter().map(|name| Series::over(tl, name, |iv| class_latency(iv, name).map(|l| l.p99_ms))).collect();
    line_chart(out, "Latency p99 per class", "ms", &p99s, &frame);
    line_chart(
        out,
        "Latency of pages",
        "ms",
        &[
            Series::over(tl, "p50", |iv| class_latency(iv, "pages").map(|l| l.p50_ms)),
            Series::over(tl, "p95", |iv| class_latency(iv, "pages").map(|l| l.p95_ms)),
            Series::over(tl, "p99", |iv| class_latency(iv, "pages").map(|l| l.p99_ms)),
        ],
        &frame,
    );
    line_chart(
        out,
        "Shed and errors",
        "% of requests",
        &[
            Series::over(tl, "shed %", |iv| percent(iv.shed, iv.requests)),
            Series::over(tl, "errors %", |iv| percent(iv.errors, iv.requests)),
        ],
        &frame,
    );
    out.push_str("</section>\n");
}

#[derive(Debug, Clone)]
struct Series {
    name: String,
    points: Vec<(f64, f64)>,
}

impl Series {
    /// One point per interval that has a value, drawn at the interval's
    /// middle (the value is the interval's, not its start's): a gap is
    /// better than a made-up zero.
    fn over(timeline: &[Interval], name: &str, value: impl Fn(&Interval) -> Option<f64>) -> Self {
        Self {
            name: name.to_owned(),
            points: timeline.iter().filter_map(|iv| value(iv).map(|v| (middle(iv), v))).collect(),
        }
    }
}

/// The middle of an interval, in seconds from the start.
fn middle(iv: &Interval) -> f64 {
    iv.t_s + length(iv) / 2.0
}

/// An interval's length, or nothing when the report does not say.
fn length(iv: &Interval) -> f64 {
    if iv.seconds.is_finite() && iv.seconds > 0.0 { iv.seconds } else { 0.0 }
}

/// A labelled stretch of the time axis, drawn behind the lines.
#[derive(Debug, Clone)]
struct Band {
    from: f64,
    to: f64,
    label: String,
}

/// What every chart over time shares: the span of the x axis, the phases
/// and the server's modes.
#[derive(Debug, Clone)]
struct Frame {
    x_lo: f64,
    x_hi: f64,
    phases: Vec<Band>,
    modes: Vec<Band>,
}

fn push_band(bands: &mut Vec<Band>, from: f64, to: f64, label: &str) {
    if !(from.is_finite() && to.is_finite()) || to <= from {
        return;
    }
    match bands.last_mut() {
        Some(last) if last.label == label && (last.to - from).abs() < 1e-6 => last.to = to,
        _ => bands.push(Band { from, to, label: label.to_owned() }),
    }
}

impl Frame {
    fn new(r: &Report) -> Self {
        let step = if r.interval_s.is_finite() && r.interval_s > 0.0 { r.interval_s } else { 1.0 };
        let ends = || {
            r.timeline
                .iter()
                .filter(|iv| iv.t_s.is_finite())
                .map(|iv| iv.t_s + if length(iv) > 0.0 { length(iv) } else { step })
        };
        let x_lo = r.timeline.iter().map(|iv| iv.t_s).filter(|t| t.is_finite()).fold(0.0, f64::min);
        let x_hi = ends().fold(x_lo, f64::max);
        let (mut phases, mut modes) = (Vec::new(), Vec::new());
        // The phases where the scenario put them, not where the intervals
        // that were labelled with them fall.
        let mut start = 0.0;
        for (phase, span) in [
            (Phase::Baseline, r.scenario.baseline),
            (Phase::Ramp, r.scenario.ramp),
            (Phase::Hold, r.scenario.hold),
            (Phase::Decline, r.scenario.decline),
        ] {
            let end = start + span.as_secs_f64();
            push_band(&mut phases, start.max(x_lo), end.min(x_hi), phase.as_str());
            start = end;
        }
        // The `/readyz` readings are the precise record; the per-interval
        // mode is the fallback when they are missing.
        if r.mode_changes.is_empty() {
            for iv in &r.timeline {
                if let Some(mode) = &iv.mode {
                    push_band(&mut modes, iv.t_s, iv.t_s + if length(iv) > 0.0 { length(iv) } else { step }, mode);
                }
            }
        } else {
            let mut changes: Vec<_> = r.mode_changes.iter().filter(|c| c.t_s.is_finite()).collect();
            changes.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
            for (i, change) in changes.iter().enumerate() {
                let to = changes.get(i + 1).map_or(x_hi, |next| next.t_s.min(x_hi));
                push_band(&mut modes, change.t_s.max(x_lo), to, &change.mode);
            }
        }
        Self { x_lo, x_hi, phases, modes }
    }
}

/// A tick step of 1, 2 or 5 × 10ⁿ giving about `ticks` steps over `span`:
/// round values a reader can interpolate between. Always positive, so tick
/// loops end.
fn nice_step(span: f64, ticks: usize) -> f64 {
    if !span.is_finite() || span <= 0.0 {
        return 1.0;
    }
    let raw = span / ticks.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let nice = match raw / magnitude {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    } * magnitude;
    if nice.is_finite() && nice > 0.0 { nice } else { 1.0 }
}

/// Ticks from `lo` to `hi` inclusive, capped should the step be absurd.
fn ticks(lo: f64, hi: f64, step: f64) -> impl Iterator<Item = f64> {
    let first = (lo / step).ceil();
    let n = ((hi / step).floor() - first).clamp(0.0, 100.0) as usize;
    (0..=n).map(move |i| (first + i as f64) * step + 0.0)
}

fn tick_label(v: f64, step: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    if step >= 1000.0 {
        return format!("{}k", plain(v / 1000.0));
    }
    let decimals = if step >= 1.0 { 0 } else { (-step.log10()).ceil() as usize };
    format!("{v:.decimals$}")
}

fn phase_fill(phase: &str) -> &'static str {
    match phase {
        "baseline" => "#eef3f8",
        "ramp" => "#fdf1e3",
        "hold" => "#fbe9e9",
        "decline" => "#edf6ee",
        _ => "#f2f2f2",
    }
}

fn mode_colour(mode: &str) -> &'static str {
    match mode {
        "normal" => "#3b8f4a",
        "busy" => "#c98a00",
        "surge" => "#c0392b",
        _ => "#7a7a7a",
    }
}

/// Rough width of 12 px text, to decide whether a label fits and where the
/// legend wraps; no fonts to measure with, and being generous is enough.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.5
}

const WIDTH: f64 = 640.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = WIDTH - 14.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = TOP + 190.0;

/// Data coordinates to the chart's, over the plot area.
#[derive(Debug, Clone, Copy)]
struct Scale {
    x_lo: f64,
    x_hi: f64,
    y_lo: f64,
    y_hi: f64,
    y_step: f64,
}

impl Scale {
    fn x(&self, x: f64) -> f64 {
        LEFT + (x - self.x_lo) / (self.x_hi - self.x_lo) * (RIGHT - LEFT)
    }

    fn y(&self, y: f64) -> f64 {
        BOTTOM - (y - self.y_lo) / (self.y_hi - self.y_lo) * (BOTTOM - TOP)
    }
}

fn drawable(&(x, y): &(f64, f64)) -> bool {
    x.is_finite() && y.is_finite()
}

/// Colour and dash of the `i`th series: past the palette, dashes keep the
/// lines apart.
fn style(i: usize) -> (&'static str, &'static str) {
    (PALETTE[i % PALETTE.len()], if i >= PALETTE.len() { " stroke-dasharray=\"6 3\"" } else { "" })
}

/// A line chart over time with the frame's phases as bands behind it and
/// its modes as a strip above it. Non-finite points are left out.
fn line_chart(out: &mut String, title: &str, unit: &str, series: &[Series], frame: &Frame) {
    w!(out, "<figure><figcaption>{}</figcaption>", Esc(title));
    let ys = || series.iter().flat_map(|s| s.points.iter().copied().filter(drawable)).map(|(_, y)| y);
    if ys().next().is_none() {
        out.push_str("<p class=\"nodata\">No data.</p></figure>\n");
        return;
    }
    // Zero stays on the axis: rates and latencies read wrongly otherwise.
    let (lo, hi) = ys().fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let y_step = nice_step(hi - lo, 5);
    let y_lo = (lo / y_step).floor() * y_step;
    let scale = Scale {
        x_lo: frame.x_lo,
        x_hi: if frame.x_hi > frame.x_lo { frame.x_hi } else { frame.x_lo + 1.0 },
        y_lo,
        y_hi: ((hi / y_step).ceil() * y_step).max(y_lo + y_step),
        y_step,
    };
    let mut svg = String::with_capacity(8 * 1024);
    bands(&mut svg, frame, &scale);
    axes(&mut svg, unit, &scale);
    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = style(i);
        let points: Vec<(f64, f64)> =
            s.points.iter().copied().filter(drawable).map(|(x, y)| (scale.x(x), scale.y(y))).collect();
        match points.as_slice() {
            [] => {}
            // A line needs two points; one is still worth seeing.
            [(x, y)] => w!(svg, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{colour}\"/>"),
            _ => {
                w!(svg, "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} points=\"");
                for (x, y) in &points {
                    w!(svg, "{x:.1},{y:.1} ");
                }
                svg.push_str("\"/>");
            }
        }
    }
    let height = legend(&mut svg, series, frame);
    w!(
        out,
        "<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         role=\"img\" aria-label=\"{}\">{svg}</svg></div></figure>\n",
        Esc(title)
    );
}

fn bands(svg: &mut String, frame: &Frame, scale: &Scale) {
    let span = |band: &Band| (scale.x(band.from.max(scale.x_lo)), scale.x(band.to.min(scale.x_hi)));
    for band in &frame.phases {
        let (a, b) = span(band);
        let fill = phase_fill(&band.label);
        w!(svg, "<rect x=\"{a:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{}\" fill=\"{fill}\"/>", b - a, BOTTOM - TOP);
        if b - a > text_width(&band.label) + 6.0 {
            let (x, label) = ((a + b) / 2.0, Esc(&band.label));
            w!(svg, "<text class=\"phase\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{label}</text>", TOP + 14.0);
        }
    }
    if !frame.modes.is_empty() {
        w!(svg, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">mode</text>", LEFT - 6.0, TOP - 9.0);
    }
    for band in &frame.modes {
        let (a, b) = span(band);
        let colour = mode_colour(&band.label);
        w!(svg, "<rect x=\"{a:.1}\" y=\"{}\" width=\"{:.1}\" height=\"14\" fill=\"{colour}\"/>", TOP - 20.0, b - a);
        // Carried down into the plot: a change of mode is what one looks
        // for in the lines.
        if band.from > scale.x_lo {
            w!(
                svg,
                "<line x1=\"{a:.1}\" x2=\"{a:.1}\" y1=\"{TOP}\" y2=\"{BOTTOM}\" stroke=\"{colour}\" stroke-dasharray=\"3 3\"/>"
            );
        }
        if b - a > text_width(&band.label) {
            let (x, label) = ((a + b) / 2.0, Esc(&band.label));
            w!(svg, "<text class=\"mode\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{label}</text>", TOP - 9.0);
        }
    }
}

fn axes(svg: &mut String, unit: &str, scale: &Scale) {
    for v in ticks(scale.y_lo, scale.y_hi, scale.y_step) {
        let (y, label) = (scale.y(v), tick_label(v, scale.y_step));
        w!(svg, "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>");
        w!(svg, "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>", LEFT - 6.0, y + 4.0);
    }
    let x_step = nice_step(scale.x_hi - scale.x_lo, 8);
    for v in ticks(scale.x_lo, scale.x_hi, x_step) {
        let (x, label) = (scale.x(v), tick_label(v, x_step));
        w!(svg, "<line class=\"axis\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{BOTTOM}\" y2=\"{}\"/>", BOTTOM + 4.0);
        w!(svg, "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{label}</text>", BOTTOM + 18.0);
    }
    w!(svg, "<text x=\"{RIGHT}\" y=\"{}\" text-anchor=\"end\">time (s)</text>", BOTTOM + 34.0);
    let middle = (TOP + BOTTOM) / 2.0;
    w!(svg, "<text transform=\"translate(14 {middle}) rotate(-90)\" text-anchor=\"middle\">{}</text>", Esc(unit));
    w!(svg, "<path class=\"axis\" fill=\"none\" d=\"M{LEFT} {TOP}V{BOTTOM}H{RIGHT}\"/>");
}

/// The series, then the modes that occurred, wrapping as needed. Returns
/// the height the chart needs.
fn legend(svg: &mut String, series: &[Series], frame: &Frame) -> f64 {
    let (mut x, mut y) = (LEFT, BOTTOM + 56.0);
    let mut place = |svg: &mut String, label: &str, swatch: &str| {
        let width = 22.0 + text_width(label) + 14.0;
        if x + width > WIDTH && x > LEFT {
            (x, y) = (LEFT, y + 18.0);
        }
        w!(svg, "<g transform=\"translate({x:.1} {y:.1})\">{swatch}<text x=\"22\" y=\"4\">{}</text></g>", Esc(label));
        x += width;
    };
    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = style(i);
        place(svg, &s.name, &format!("<line x1=\"0\" x2=\"16\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>"));
    }
    let mut seen: Vec<&str> = Vec::new();
    for band in &frame.modes {
        if !seen.contains(&band.label.as_str()) {
            seen.push(&band.label);
            let colour = mode_colour(&band.label);
            place(svg, &band.label, &format!("<rect x=\"2\" y=\"-6\" width=\"12\" height=\"12\" fill=\"{colour}\"/>"));
        }
    }
    y + 12.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ClassSummary, IntervalClass, LedgerSummary, ModeChange, PhaseSummary, ThresholdCheck, Totals};
    use crate::scenario::Scenario;
    use std::time::Duration;

    fn latency(p99_ms: f64) -> Percentiles {
        Percentiles { p50_ms: p99_ms / 4.0, p95_ms: p99_ms / 2.0, p99_ms, max_ms: p99_ms * 2.0 }
    }

    fn report(intervals: usize) -> Report {
        let timeline = (0..intervals)
            .map(|i| Interval {
                t_s: i as f64 * 5.0,
                seconds: 5.0,
                phase: (if i < 2 { "baseline" } else { "ramp" }).to_owned(),
                target_sessions: 100 + 50 * i as u64,
                active_sessions: 90 + 50 * i as u64,
                requests: 500,
                ok: 480,
                shed: 15,
                errors: 5,
                goodput: 96.0,
                generator_lag_p99_ms: 3.0,
                mode: Some((if i < 3 { "normal" } else { "surge" }).to_owned()),
                classes: vec![IntervalClass {
                    class: "pages".to_owned(),
                    requests: 300,
                    shed: 10,
                    errors: 2,
                    // A NaN must be skipped, not poison the scale.
                    latency: latency(if i == 1 { f64::NAN } else { 40.0 + i as f64 }),
                }],
            })
            .collect();
        Report {
            target: "http://shop.test/<script>alert(1)</script>".to_owned(),
            started_at: "2025-06-01T20:00:00Z".to_owned(),
            duration_s: 660.0,
            scale: 0.5,
            scenario: Scenario {
                baseline_sessions: 1_000.0,
                peak_sessions: 18_000.0,
                baseline: Duration::from_secs(60),
                ramp: Duration::from_secs(180),
                hold: Duration::from_secs(300),
                decline: Duration::from_secs(120),
                session_length: Duration::from_secs(160),
            },
            totals: Totals {
                requests: 1_234_567,
                ok: 1_200_000,
                errors: 3,
                error_samples: vec!["GET /p/1: 500 <html>".to_owned()],
                ..Totals::default()
            },
            classes: vec![ClassSummary {
                class: "pages".to_owned(),
                requests: 300,
                ok: 280,
                shed: 10,
                errors: 2,
                latency: latency(42.0),
                phases: vec![PhaseSummary {
                    phase: "ramp".to_owned(),
                    requests: 100,
                    shed: 100,
                    errors: 0,
                    latency: Percentiles::default(),
                }],
            }],
            interval_s: 5.0,
            timeline,
            mode_changes: vec![ModeChange { t_s: 0.0, mode: "normal".to_owned() }],
            ledger: LedgerSummary {
                acknowledged: 10,
                found: 9,
                missing: vec!["ord-<7>".to_owned()],
                ..Default::default()
            },
            thresholds: vec![ThresholdCheck {
                name: "p99 pages ms".to_owned(),
                limit: 250.0,
                measured: 42.0,
                passed: true,
            }],
            passed: false,
        }
    }

    #[test]
    fn renders_charts_verdict_and_escapes_what_the_report_carries() {
        let html = render(&report(6));
        assert!(html.contains("<svg"));
        assert!(html.contains("FAILED"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script"));
        assert!(html.contains("ord-&lt;7&gt;"));
        assert!(html.contains("500 &lt;html&gt;"));
        assert!(html.contains("1,234,567"));
        assert!(!html.contains("NaN"));
        // The ramp's p99 for pages measured nothing: all its requests were shed.
        assert!(html.contains(&format!("<td>{DASH}</td></tr>")));
    }

    #[test]
    fn phases_are_drawn_where_the_scenario_puts_them_and_points_mid_interval() {
        let mut r = report(8);
        r.scenario.baseline = Duration::from_secs(10);
        r.scenario.ramp = Duration::from_secs(15);
        r.scenario.hold = Duration::from_secs(10);
        r.scenario.decline = Duration::from_secs(5);
        let frame = Frame::new(&r);
        let bands: Vec<(f64, f64, &str)> = frame.phases.iter().map(|b| (b.from, b.to, b.label.as_str())).collect();
        assert_eq!(
            bands,
            [(0.0, 10.0, "baseline"), (10.0, 25.0, "ramp"), (25.0, 35.0, "hold"), (35.0, 40.0, "decline")]
        );
        assert_eq!((frame.x_lo, frame.x_hi), (0.0, 40.0));
        let series = Series::over(&r.timeline, "x", |iv| Some(iv.requests as f64));
        assert_eq!(series.points[0].0, 2.5, "the first interval's value is drawn at its middle");
    }

    #[test]
    fn an_empty_report_renders_without_panicking() {
        let mut empty = report(0);
        empty.classes.clear();
        empty.thresholds.clear();
        empty.mode_changes.clear();
        empty.interval_s = 0.0;
        empty.duration_s = f64::NAN;
        empty.passed = true;
        let html = render(&empty);
        assert!(html.contains("PASSED"));
        assert!(html.contains("No intervals were recorded."));
        assert!(html.contains("No requests were recorded."));
        assert!(!html.contains("<svg"));
    }

    #[test]
    fn a_single_interval_still_draws() {
        let html = render(&report(1));
        assert!(html.contains("<circle"));
        assert!(!html.contains("NaN") && !html.contains("inf"));
    }

    #[test]
    fn charts_cope_with_zeros_and_nothing_finite() {
        let frame = Frame { x_lo: 0.0, x_hi: 10.0, phases: Vec::new(), modes: Vec::new() };
        let mut out = String::new();
        line_chart(
            &mut out,
            "zeros",
            "n",
            &[Series { name: "z".into(), points: vec![(0.0, 0.0), (5.0, 0.0)] }],
            &frame,
        );
        assert!(out.contains("<polyline") && !out.contains("NaN"));
        let mut out = String::new();
        let points = vec![(0.0, f64::NAN), (f64::INFINITY, 1.0)];
        line_chart(&mut out, "void", "n", &[Series { name: "v".into(), points }], &frame);
        assert!(out.contains("No data."));
    }

    #[test]
    fn tick_steps_are_round() {
        assert_eq!(nice_step(37.0, 5), 10.0);
        assert_eq!(nice_step(1.0, 5), 0.2);
        assert_eq!(nice_step(36_000.0, 5), 10_000.0);
        assert_eq!(nice_step(660.0, 8), 100.0);
        for degenerate in [0.0, -3.0, f64::NAN, f64::INFINITY, f64::MIN_POSITIVE] {
            let step = nice_step(degenerate, 5);
            assert!(step.is_finite() && step > 0.0, "{degenerate} gave {step}");
        }
        assert_eq!(ticks(0.0, 40.0, 10.0).collect::<Vec<_>>(), [0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(tick_label(0.4, 0.2), "0.4");
        assert_eq!(tick_label(20_000.0, 5_000.0), "20k");
    }
}
