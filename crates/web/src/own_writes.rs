//! Read-your-writes with read replicas: after a visitor's write (a cart
//! line, an order, a listing edit), their requests read from the primary
//! for as long as a replica may lag (`--replica-max-lag`), so they never
//! see the page as it was before their own change. A cookie carries it, so
//! it holds on every node. Without replicas this layer does nothing.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use echoppe_storage::reading_own_writes;
use std::time::Duration;

const COOKIE: &str = "echoppe_wrote";

/// The layer's work for one request; `window` is `None` without replicas.
pub(crate) async fn follow(window: Option<Duration>, request: Request, next: Next) -> Response {
    let Some(window) = window else { return next.run(request).await };
    let wrote_lately = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .any(|cookie| cookie.trim() == format!("{COOKIE}=1"));
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut response =
        if wrote_lately || writes { reading_own_writes(next.run(request)).await } else { next.run(request).await };
    let status = response.status();
    if writes && (status.is_success() || status.is_redirection()) {
        let cookie = format!("{COOKIE}=1; Max-Age={}; Path=/; HttpOnly; SameSite=Lax", window.as_secs().max(1) + 1);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
