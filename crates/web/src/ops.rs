//! Operations endpoints: liveness, readiness, metrics.
//!
//! `/healthz` and `/readyz` are open: a load balancer must read them, and
//! they tell nothing an outsider could use. `/metrics` tells a great deal
//! (traffic, orders per minute, the door's limits), so it answers only
//! with the operator's token (`--metrics-token`, sent as `Authorization:
//! Bearer …`), or, when no token is set, only to a client on this machine
//! connecting directly (loopback, no forwarding header: a proxy on the
//! same machine does not make it public).

use crate::state::AppState;
use crate::telemetry::install_metrics_recorder;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
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
    /// `warming` while the node fills its caches at start, `serving`, or
    /// `draining` once shutdown has begun.
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
    admission: echoppe_shield::DoorSnapshot,
    /// Each read replica, and whether reads go to it (empty without).
    replicas: Vec<ReplicaReadiness>,
    /// The Redis the nodes share (`ok` or `unreachable`; absent without).
    /// Not part of `ready`: a node starts only once it has reached Redis,
    /// and once serving, Redis away takes sign-ins down but not the pages
    /// and orders — taking every node out of the balancer would take
    /// those too.
    #[serde(skip_serializing_if = "Option::is_none")]
    redis: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct ReplicaReadiness {
    location: String,
    in_use: bool,
}

/// Ready for traffic: warm, not draining, and the database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let serving = state.readiness.is_ready();
    let database = match state.db.ping().await {
        Ok(()) => "ok".to_owned(),
        Err(error) => {
            tracing::warn!(%error, "readiness: database unavailable");
            "unavailable".to_owned()
        }
    };
    let redis = match &state.back_office.shared {
        Some(store) => Some(if store.answers().await { "ok" } else { "unreachable" }),
        None => None,
    };
    let ready = serving && database == "ok";
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Readiness {
        ready,
        state: state.readiness.state(),
        database,
        mode: state.modes.current().as_str(),
        mode_pinned: state.modes.pinned().is_some(),
        mode_since: state.modes.since().rfc3339(),
        admission: state.admission.snapshot(),
        replicas: state
            .db
            .replica_states()
            .into_iter()
            .map(|r| ReplicaReadiness { location: r.location, in_use: r.in_use })
            .collect(),
        redis,
    };
    (status, Json(body))
}

/// Whether this request may read `/metrics` (see the module's comment).
fn may_read_metrics(token: Option<&str>, headers: &HeaderMap, peer: Option<std::net::IpAddr>) -> bool {
    match token {
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|given| crate::visitor::same_secret(given.trim(), token)),
        None => {
            let forwarded =
                ["x-forwarded-for", "forwarded", "x-real-ip"].iter().any(|name| headers.contains_key(*name));
            !forwarded && peer.is_some_and(|ip| ip.is_loopback())
        }
    }
}

/// Prometheus text format. Pool and cache occupancy are sampled now, at scrape time.
async fn metrics(State(state): State<AppState>, request: axum::extract::Request) -> axum::response::Response {
    let token = state.settings.metrics_token.as_deref();
    let peer = request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|ConnectInfo(address)| address.ip());
    if !may_read_metrics(token, request.headers(), peer) {
        let why = if token.is_some() {
            "/metrics needs the operator's token: Authorization: Bearer <--metrics-token>\n"
        } else {
            "/metrics answers only on this machine; set --metrics-token to scrape it from elsewhere\n"
        };
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], why).into_response();
    }
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
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::may_read_metrics;
    use axum::http::{HeaderMap, HeaderValue, header};
    use std::net::IpAddr;

    #[test]
    fn metrics_need_the_token_or_this_machine() {
        let local: Option<IpAddr> = Some("127.0.0.1".parse().unwrap());
        let remote: Option<IpAddr> = Some("203.0.113.9".parse().unwrap());
        let none = HeaderMap::new();
        assert!(may_read_metrics(None, &none, local));
        assert!(!may_read_metrics(None, &none, remote));
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        assert!(!may_read_metrics(None, &proxied, local), "a proxy on this machine does not make it public");
        let mut bearer = HeaderMap::new();
        bearer.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        assert!(may_read_metrics(Some("s3cret"), &bearer, remote));
        assert!(!may_read_metrics(Some("s3cret"), &none, local), "with a token set, the token is needed");
        let mut wrong = HeaderMap::new();
        wrong.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer nope"));
        assert!(!may_read_metrics(Some("s3cret"), &wrong, remote));
    }
}
