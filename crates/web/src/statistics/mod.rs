//! Statistics as the HTTP layer sees them: what buyers do, counted where the server sees it (listing
//! pages served, searches, favourites, cart additions, orders) and from the
//! browsers' beacons (`POST /api/v1/events`), tallied in memory and added
//! to roll-up tables by a flush every few seconds.
//!
//! An event costs a few hash-map updates in its thread's own tally (under
//! a lock only the flush ever contends for, so counting never waits on
//! another core); the database sees a few transactions per flush whatever
//! the traffic. **On a crash, at most the last flush interval is lost**
//! (statistics may lose seconds — 5 s normally, 15 s when busy, 30 s in
//! surge; orders never do — they are written before they are
//! acknowledged). A flush that fails keeps what it could not write
//! for the next one.

mod beacon;
mod census;
pub(crate) mod charts;

pub(crate) use beacon::{__path_ingest, ingest};
pub use census::Census;
pub(crate) use census::{CensusLayer, RESULTS_HEADER, SHOP_HEADER};
pub(crate) use echoppe_backoffice::statistics::{Statistics, What, Who, normalised_term};

use axum::http::{Extensions, HeaderMap, header};
use echoppe_shield::client_address;
use echoppe_shield::is_bot;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The visitor behind a request: a hash of their network and browser.
pub(crate) fn who(headers: &HeaderMap, extensions: &Extensions, forwarded_for: bool) -> Who {
    let mut hasher = DefaultHasher::new();
    client_address(headers, extensions, forwarded_for).map(echoppe_shield::network_of).hash(&mut hasher);
    headers.get(header::USER_AGENT).map(axum::http::HeaderValue::as_bytes).hash(&mut hasher);
    Who { visitor: hasher.finish(), bot: is_bot(headers) }
}

impl axum::extract::FromRequestParts<crate::state::AppState> for Who {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(who(&parts.headers, &parts.extensions, state.settings.forwarded_for))
    }
}
