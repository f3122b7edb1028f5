//! Request ids, tracing spans and Prometheus metrics for every request.

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Latency buckets from 100 µs (a cached page) to 10 s (something is wrong).
const LATENCY_BUCKETS: [f64; 16] =
    [0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Installs the process-wide Prometheus recorder on first call and returns its
/// handle. Metrics are process-global by design of the `metrics` facade; tests
/// that start several apps in one process share it.
pub fn install_metrics_recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), &LATENCY_BUCKETS)
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder was installed first (an embedding
            // program's); ours then still renders, just without the facade's calls.
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics will be incomplete");
            }
            handle
        })
        .clone()
}

/// Wraps the whole router: the outermost layer assigns the request id, so
/// every log line and the response carry it.
pub(crate) fn apply(router: Router) -> Router {
    router
        .layer(middleware::from_fn(record))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
                })
                .on_failure(log_failure),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Logs a failed request, except a 503: that is the shield turning work
/// away on purpose (counted in `echoppe_admission_total`), and a surge
/// would otherwise bury real errors under thousands of lines.
fn log_failure(failure: ServerErrorsFailureClass, latency: Duration, _span: &tracing::Span) {
    match failure {
        ServerErrorsFailureClass::StatusCode(StatusCode::SERVICE_UNAVAILABLE) => {}
        failure => tracing::error!(classification = %failure, latency = ?latency, "response failed"),
    }
}

/// The family a route belongs to, as a low-cardinality metrics label.
fn class_of(route: &str) -> &'static str {
    if route.starts_with("/api/") {
        "api"
    } else if route.starts_with("/media/") {
        "media"
    } else if route.starts_with("/static/") {
        "static"
    } else if matches!(route, "/healthz" | "/readyz" | "/metrics") {
        "ops"
    } else {
        "page"
    }
}

async fn record(request: Request, next: Next) -> Response {
    // The route template, not the path: `/listing/{id}` is one series, not one per listing.
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let class = class_of(&route);
    let method = request.method().as_str().to_owned();
    let in_flight = metrics::gauge!("echoppe_http_requests_in_flight", "class" => class);
    in_flight.increment(1.0);
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed().as_secs_f64();
    in_flight.decrement(1.0);
    let status = response.status().as_u16().to_string();
    metrics::counter!("echoppe_http_requests_total", "class" => class, "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!("echoppe_http_request_duration_seconds", "class" => class, "route" => route).record(elapsed);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_fall_into_classes() {
        assert_eq!(class_of("/api/v1/listings"), "api");
        assert_eq!(class_of("/media/{key}/{variant}"), "media");
        assert_eq!(class_of("/metrics"), "ops");
        assert_eq!(class_of("/listing/{id}"), "page");
        assert_eq!(class_of("unmatched"), "page");
    }
}
