//! The front door: accepting connections and reading requests off them,
//! with the limits that keep hostile clients from exhausting the server.
//!
//! axum's own `serve` sets no timeout on reading a request's headers, so a
//! client sending one byte a minute (slowloris) would hold a connection and
//! its task forever. Here every connection is served by hyper with:
//! - a deadline for each request's headers (`header_timeout`), which also
//!   closes a keep-alive connection left idle that long between requests;
//! - a deadline for each request's body (`body_timeout` for all of it, and
//!   `header_timeout` between two pieces of it): the door gives a request
//!   its place before the handler reads the body, so a client trickling a
//!   body would otherwise hold that place as long as it liked;
//! - a cap on the bytes a request head may take (`max_head_bytes`): more is
//!   answered 431 and the connection closed;
//! - a cap on open connections (`max_connections`): beyond it, new ones are
//!   closed at once instead of queueing tasks and buffers without bound.
//!
//! Shutdown: from the moment `closing` is set every response says
//! `Connection: close`, so each keep-alive client ends its connection after
//! its next answer and opens the next one elsewhere (another node, or the
//! server taking this one's place). Once `stop` completes the listener
//! closes; connections still open get a moment to end that way, then idle
//! ones are closed and the rest get `grace` to finish their requests.
//! Closing an idle keep-alive connection at once would race a client that
//! is sending on it: its request would fail instead of moving.

use axum::extract::connect_info::ConnectInfo;
use hyper::body::{Body as _, Incoming};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;
use tower_http::timeout::{DeadlineBody, TimeoutBody};

/// How much a client may ask of the server.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub max_head_bytes: usize,
    pub max_connections: usize,
}

/// How long, once the listener is closed, connections get to end after
/// their next answer before idle ones are closed.
const LINGER: Duration = Duration::from_secs(2);

/// Serves `app` on `listener` until `stop` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: echoppe_web::App,
    limits: ConnectionLimits,
    closing: Arc<AtomicBool>,
    stop: impl Future<Output = ()>,
    grace: Duration,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // hyper's smallest buffer is 8 KiB; the head must fit in it.
        .max_buf_size(limits.max_head_bytes.max(8192));
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let refused = metrics::counter!("echoppe_connections_refused_total");
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, mostly: wait rather than spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(slot) = Arc::clone(&open).try_acquire_owned() else {
            refused.increment(1);
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        // Handlers read the client's address from ConnectInfo (sign-in limits).
        let service = app.clone().map_request(move |request: hyper::Request<Incoming>| {
            let mut request = request.map(|body| {
                // Most requests have no body: no timers for them.
                if body.is_end_stream() {
                    return axum::body::Body::new(body);
                }
                let trickle = TimeoutBody::new(limits.header_timeout, body);
                axum::body::Body::new(DeadlineBody::new(limits.body_timeout, trickle))
            });
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let closing = closing.clone();
        let service = service.map_response(move |mut response: axum::response::Response| {
            if closing.load(Ordering::Relaxed) {
                response
                    .headers_mut()
                    .insert(hyper::header::CONNECTION, hyper::header::HeaderValue::from_static("close"));
            }
            response
        });
        let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out ends its connection; nothing to report.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let everyone = limits.max_connections.max(1);
    let lingering = Instant::now();
    while open.available_permits() < everyone && lingering.elapsed() < LINGER.min(grace) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => tracing::warn!("grace period over; dropping the requests still running"),
    }
}
