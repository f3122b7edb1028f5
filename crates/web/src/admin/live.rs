//! `/admin/live`: the night as it happens, for operators — requests per
//! second, how long they take, how many are turned away, how many the page
//! cache answers, the mode and the door, orders per minute and the orders
//! waiting for their payment link. A small script (`assets/live.js`)
//! fetches the page again every five seconds and swaps its figures in
//! place, with a button to pause; without scripts the page is read as it
//! was served (a `<meta http-equiv="refresh">` would move a screen reader's
//! place and cannot be paused). The figures come from the census in front of everything
//! (`statistics::live`); `/metrics` has the same counts for Prometheus.

use super::require_admin;
use crate::error::PageError;
use crate::live::Window;
use crate::state::AppState;
use crate::statistics::charts::{Chart, Kind, Series, Ticks, Tone};
use crate::views::Layout;
use crate::visitor::SignedIn;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use echoppe_domain::group_digits;
use std::time::Duration;

/// Seconds the headline figures cover.
const RECENT: usize = 5;

#[derive(Template)]
#[template(path = "admin/live.html")]
struct LivePage {
    layout: Layout,
    mode: &'static str,
    figures: Vec<(&'static str, String)>,
    chart: String,
    /// When the figures were read (UTC, "21 h 04 min 05 s").
    read_at: String,
}

fn millis(took: Option<Duration>) -> String {
    match took {
        None => "—".to_owned(),
        Some(took) if took < Duration::from_millis(10) => {
            format!("{:.1} ms", took.as_secs_f64() * 1000.0).replace('.', ",")
        }
        Some(took) => format!("{} ms", group_digits(took.as_millis().try_into().unwrap_or(i64::MAX))),
    }
}

fn share(part: u64, whole: u64) -> String {
    if whole == 0 { "—".to_owned() } else { format!("{:.1} %", part as f64 * 100.0 / whole as f64).replace('.', ",") }
}

fn rate(window: &Window, count: u64) -> String {
    group_digits(window.per_second(count).round() as i64)
}

pub(super) async fn show(State(state): State<AppState>, signed_in: SignedIn) -> Result<Html<String>, PageError> {
    require_admin(&signed_in.account)?;
    let recent = state.live.last(RECENT);
    let minute = state.live.last(60);
    let total = &recent.total;
    let door = state.admission.snapshot();
    let backlog = state.db.pay_later_backlog().await?;
    let answered = total.cached + total.served;
    let figures = vec![
        ("Requêtes par seconde", rate(&recent, total.requests())),
        ("Temps de réponse, médiane", millis(recent.percentile(0.5))),
        ("… 95 %", millis(recent.percentile(0.95))),
        ("… 99 %", millis(recent.percentile(0.99))),
        ("Refusées (503/429)", share(total.shed, total.requests())),
        ("En erreur", share(total.failed, total.requests())),
        ("Servies par le cache de pages", share(total.cached, answered)),
        ("Commandes par minute", group_digits(minute.total.orders.try_into().unwrap_or(i64::MAX))),
        ("Commandes en attente du lien de paiement", group_digits(backlog.try_into().unwrap_or(i64::MAX))),
        ("Porte : en cours / limite / en attente", format!("{} / {} / {}", door.in_flight, door.limit, door.waiting)),
    ];
    let history = state.live.history();
    let chart = Chart {
        title: "Requêtes par seconde, la dernière minute".to_owned(),
        kind: Kind::Lines,
        labels: seconds_ago(history.len()),
        series: vec![
            Series {
                name: "servies".into(),
                values: history.iter().map(|s| (s.cached + s.served) as f64).collect(),
                tone: Tone::Good,
            },
            Series {
                name: "refusées".into(),
                values: history.iter().map(|s| s.shed as f64).collect(),
                tone: Tone::Bad,
            },
        ],
        format: |value| group_digits(value.round() as i64),
        unit: 1.0,
        ticks: Ticks::EveryFromEnd(15),
    }
    .render();
    let mut layout =
        Layout::new(&state, "En direct", "La plateforme en direct.", None).for_visitor(&signed_in.visitor).await?;
    layout.script = Some(crate::assets::live_url());
    let mode = super::mode::label(state.modes.current());
    let read_at = echoppe_domain::Timestamp::now().format_fr_clock();
    Ok(Html(LivePage { layout, mode, figures, chart, read_at }.render()?))
}

/// The time axis of the last `points` seconds, the last one now: "−59 s" …
/// "0 s" (labelled every 15 s by the chart).
fn seconds_ago(points: usize) -> Vec<String> {
    (0..points).map(|i| if i + 1 == points { "0 s".to_owned() } else { format!("−{} s", points - 1 - i) }).collect()
}

#[cfg(test)]
mod tests {
    use super::seconds_ago;

    #[test]
    fn the_minute_ends_now() {
        let labels = seconds_ago(60);
        assert_eq!((labels[0].as_str(), labels[44].as_str(), labels[59].as_str()), ("−59 s", "−15 s", "0 s"));
    }
}
