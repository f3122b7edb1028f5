//! Operations endpoints: liveness, readiness, metrics.

use crate::state::AppState;
use crate::telemetry::install_metrics_recorder;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}

/// Alive: the process answers. Deliberately checks nothing else, so a slow
/// database never gets a healthy process restarted.
async fn healthz() -> &'static str {
    "ok\n"
}

#[derive(Serialize)]
struct Readiness {
    ready: bool,
    /// `serving`, or `draining` once shutdown has begun.
    state: &'static str,
    database: String,
    /// `normal`, `busy` or `surge` (a node in surge still takes traffic:
    /// taking it out would only send its crowd to the others).
    mode: &'static str,
    /// Whether an operator holds the mode, rather than the load choosing it.
    mode_pinned: bool,
    /// Since when (UTC, RFC 3339).
    mode_since: String,
    /// Requests in the handlers, the door's current limit, and waiters.
    admission: crate::shield::DoorSnapshot,
}

/// Ready for traffic: not draining, and the database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let draining = !state.readiness.is_ready();
    let database = match state.db.ping().await {
        Ok(()) => "ok".to_owned(),
        Err(error) => {
            tracing::warn!(%error, "readiness: database unavailable");
            "unavailable".to_owned()
        }
    };
    let ready = !draining && database == "ok";
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Readiness {
        ready,
        state: if draining { "draining" } else { "serving" },
        database,
        mode: state.modes.current().as_str(),
        mode_pinned: state.modes.pinned().is_some(),
        mode_since: state.modes.since().rfc3339(),
        admission: state.admission.snapshot(),
    };
    (status, Json(body))
}

/// Prometheus text format. Pool and cache occupancy are sampled now, at scrape time.
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let pools = state.db.pool_stats();
    let gauge = |pool: &'static str, kind: &'static str, value: f64| {
        metrics::gauge!("echoppe_db_pool_connections", "pool" => pool, "state" => kind).set(value);
    };
    gauge("read", "open", f64::from(pools.read_size));
    gauge("read", "idle", pools.read_idle as f64);
    gauge("write", "open", f64::from(pools.write_size));
    gauge("write", "idle", pools.write_idle as f64);
    let (entries, bytes) = state.photos.cache_usage();
    metrics::gauge!("echoppe_photo_cache_entries").set(entries as f64);
    metrics::gauge!("echoppe_photo_cache_bytes").set(bytes as f64);
    metrics::gauge!("echoppe_search_cache_entries").set(state.search_cache.usage() as f64);
    let door = state.admission.snapshot();
    metrics::gauge!("echoppe_admission_in_flight").set(door.in_flight as f64);
    metrics::gauge!("echoppe_admission_limit").set(door.limit as f64);
    metrics::gauge!("echoppe_admission_waiting").set(door.waiting as f64);
    metrics::gauge!("echoppe_mode_pinned").set(if state.modes.pinned().is_some() { 1.0 } else { 0.0 });
    let body = install_metrics_recorder().render();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body)
}
