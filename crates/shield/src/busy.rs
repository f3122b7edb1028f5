//! What a turned-away request gets: `503` (or `429` for a client over its
//! own limit) with `Retry-After`, and for people a light page that tries
//! again by itself — a few hundred bytes, no database, no template, so
//! refusing costs next to nothing.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

/// Marks a request turned away at the door (and why); the census reads it.
pub const X_SHED: axum::http::HeaderName = axum::http::HeaderName::from_static("x-echoppe-shed");

/// Why a request was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// Every place and every waiting seat was taken by more important work.
    Full,
    /// It waited for a place longer than the queue's deadline.
    Waited,
    /// Its class is switched off in surge mode.
    Surge,
    /// Its client sends far more than a person does.
    ClientLimit,
}

impl Refusal {
    pub const ALL: [Self; 4] = [Self::Full, Self::Waited, Self::Surge, Self::ClientLimit];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Waited => "waited",
            Self::Surge => "surge",
            Self::ClientLimit => "client_limit",
        }
    }

    /// Turned away for want of room (what the modes watch), rather than by
    /// policy.
    pub fn for_want_of_room(self) -> bool {
        matches!(self, Self::Full | Self::Waited)
    }

    /// Seconds before asking again: soon for a crowd (places free up
    /// quickly), longer for a client over its own limit.
    fn retry_after(self) -> &'static str {
        match self {
            Self::Full | Self::Waited => "2",
            Self::Surge => "30",
            Self::ClientLimit => "10",
        }
    }
}

const PAGE: &str = concat!(
    "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    "<meta http-equiv=\"refresh\" content=\"5\">",
    "<title>Un instant…</title></head>",
    "<body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5\">",
    "<h1>Beaucoup de monde en ce moment</h1>",
    "<p>Nous servons d'abord les paniers et les commandes en cours. Cette page se recharge ",
    "d'elle-même dans quelques secondes.</p>",
    "<p><a href=\"/\">Revenir à l'accueil</a></p></body></html>\n"
);

const JSON: &str = "{\"error\":\"le site est très demandé en ce moment ; réessayez après le délai de Retry-After\"}\n";

/// The response for a request turned away. `api` asks for JSON; photos
/// get an empty body (the page around them carries the message).
pub fn refused(refusal: Refusal, path: &str) -> Response {
    let status = match refusal {
        Refusal::ClientLimit => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    let (body, content_type) = if path.starts_with("/api/") {
        (Body::from(JSON), "application/json")
    } else if path.starts_with("/media/") {
        (Body::empty(), "text/plain; charset=utf-8")
    } else {
        (Body::from(PAGE), "text/html; charset=utf-8")
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static(refusal.retry_after()));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A cache in front must not hand this to the next visitor.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_SHED, HeaderValue::from_static(refusal.as_str()));
    // Made here, outside the router and its headers: the page's one inline
    // style is all it may use.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    response
}
