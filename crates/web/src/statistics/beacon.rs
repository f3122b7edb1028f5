//! `POST /api/v1/events`: the browsers' batched beacons — what the server
//! does not see by itself: listing pages shown again from the browser's
//! cache (back and forward), and listings scrolled into sight in a list.
//!
//! Each event is checked on its own: a bad one is reported with its index
//! and why, and the rest of its batch still counts. In busy mode only one
//! batch in `SAMPLE_ONE_IN` is counted, each of its events standing for
//! that many; in surge mode the door turns beacons away before they cost
//! anything. Either way the hour is marked as sampled for the dashboards.

use super::{Statistics, What, normalised_term};
use crate::error::{ApiError, Error, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use echoppe_backoffice::statistics::SAMPLE_ONE_IN;
use echoppe_domain::{ListingId, ShopId, Timestamp};
use echoppe_shield::Mode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Events one batch may carry.
pub(crate) const MOST_EVENTS: usize = 100;
/// How far back an event may be dated: a page kept open overnight sends
/// its last beacon late, but not days late.
const OLDEST: i64 = 24 * 3600;
/// How far ahead an event may be dated (a client's clock running fast);
/// such events count as now.
const FURTHEST_AHEAD: i64 = 5 * 60;
/// A batch of events.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct Batch {
    /// At most 100 events.
    #[schema(value_type = Vec<BeaconEvent>)]
    events: Vec<serde_json::Value>,
}

/// One event, as the page's script sends it.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "events are read as JSON values, one at a time, so one bad event cannot fail its batch; this documents their shape"
)]
pub(crate) struct BeaconEvent {
    /// `view`: a listing page shown from the browser's cache (the server
    /// counts the pages it serves itself); `impression`: a listing shown
    /// in a list and scrolled into sight.
    #[schema(rename = "type", example = "impression")]
    kind: String,
    /// The listing's id.
    #[schema(example = 42)]
    listing: i64,
    /// When it happened, in milliseconds since the epoch (the browser's
    /// `Date.now()`); now if absent. More than a day old is refused; up to
    /// five minutes ahead counts as now.
    at: Option<i64>,
    /// For a view, the search the listing was opened from.
    search: Option<String>,
}

/// What became of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Receipt {
    /// Events counted (or, when sampled, checked and let go).
    accepted: usize,
    /// The events refused, with why.
    rejected: Vec<Rejected>,
    /// The node is busy: only some batches are counted, each standing for
    /// the others.
    sampled: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Rejected {
    /// The event's position in the batch, from 0.
    index: usize,
    reason: String,
}

/// An event that passed its checks.
struct Checked {
    at: i64,
    what: What,
    shop: ShopId,
}

#[utoipa::path(
    post,
    path = "/events",
    tag = "statistics",
    request_body = Batch,
    responses(
        (status = ACCEPTED, description = "Some or all events were counted; the others are listed with why", body = Receipt),
        (status = BAD_REQUEST, description = "Not a batch of events", body = ErrorBody),
        (status = PAYLOAD_TOO_LARGE, description = "More than 100 events or 64 KiB", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "No event could be counted", body = Receipt),
        (status = SERVICE_UNAVAILABLE, description = "The site is in surge mode: beacons wait"),
    )
)]
pub(crate) async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let who = super::who(&headers, request.extensions(), state.settings.forwarded_for);
    let body = <Bytes as axum::extract::FromRequest<AppState>>::from_request(request, &state).await;
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge("un lot d'événements pèse au plus 64 Kio"),
        _ => Error::BadRequest { param: "body", message: rejection.body_text() },
    })?;
    let batch: Batch = serde_json::from_slice(&body).map_err(|error| Error::BadRequest {
        param: "body",
        message: format!("attendu {{\"events\": [...]}} en JSON ({error})"),
    })?;
    if batch.events.is_empty() {
        return Err(Error::BadRequest { param: "events", message: "le lot ne contient aucun événement".into() }.into());
    }
    if batch.events.len() > MOST_EVENTS {
        return Err(Error::PayloadTooLarge("un lot compte au plus 100 événements").into());
    }
    let now = Timestamp::now().unix();
    let mut accepted = Vec::with_capacity(batch.events.len());
    let mut rejected = Vec::new();
    for (index, event) in batch.events.iter().enumerate() {
        match check(&state.back_office.statistics, event, now).await {
            Ok(checked) => accepted.push(checked),
            Err(reason) => rejected.push(Rejected { index, reason }),
        }
    }
    let sampled = state.modes.current() != Mode::Normal;
    if sampled {
        state.back_office.statistics.beacons_sampled();
    }
    let weight = if !sampled {
        1
    } else if state.back_office.statistics.take_sample() {
        SAMPLE_ONE_IN
    } else {
        0
    };
    if weight > 0 {
        state.back_office.statistics.record_all(accepted.iter().map(|e| (e.at, who, Some(e.shop), &e.what)), weight);
    }
    let status = if accepted.is_empty() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::ACCEPTED };
    Ok((status, Json(Receipt { accepted: accepted.len(), rejected, sampled })).into_response())
}

/// One event's checks; `Err` says what was wrong, in the API's language.
async fn check(statistics: &Statistics, event: &serde_json::Value, now: i64) -> Result<Checked, String> {
    let Some(event) = event.as_object() else { return Err("un événement est un objet JSON".into()) };
    if let Some(unknown) = event.keys().find(|key| !matches!(key.as_str(), "type" | "listing" | "at" | "search")) {
        return Err(format!("champ inconnu « {unknown} »"));
    }
    let kind = event.get("type").and_then(|kind| kind.as_str()).ok_or("« type » manque")?;
    let listing = event
        .get("listing")
        .and_then(serde_json::Value::as_i64)
        .filter(|id| *id > 0)
        .map(ListingId::new)
        .ok_or("« listing » doit être un identifiant d'annonce (entier positif)")?;
    let at = match event.get("at") {
        None | Some(serde_json::Value::Null) => now,
        Some(at) => {
            let at = at.as_i64().ok_or("« at » doit être un nombre de millisecondes depuis 1970")?.div_euclid(1000);
            if at < now - OLDEST {
                return Err("« at » date de plus d'un jour : trop ancien pour être compté".into());
            }
            if at > now + FURTHEST_AHEAD {
                return Err("« at » est dans le futur (plus de cinq minutes d'avance)".into());
            }
            at.min(now)
        }
    };
    let search = match event.get("search") {
        None | Some(serde_json::Value::Null) => None,
        Some(search) => normalised_term(search.as_str().ok_or("« search » doit être un texte")?),
    };
    let what = match kind {
        "view" => What::View { listing, from_search: search },
        "impression" if search.is_none() => What::Impression { listing },
        "impression" => return Err("« search » ne va qu'avec « view »".into()),
        other => {
            let other: String = other.chars().take(40).collect();
            return Err(format!("type d'événement inconnu « {other} » (attendu : view ou impression)"));
        }
    };
    let shop = match statistics.shop_of(listing).await {
        Ok(Some(shop)) => shop,
        Ok(None) => return Err(format!("l'annonce {listing} n'existe pas")),
        Err(error) => {
            tracing::warn!(%error, "checking a beacon's listing failed");
            return Err(format!("l'annonce {listing} n'a pas pu être vérifiée ; réessayez plus tard"));
        }
    };
    Ok(Checked { at, what, shop })
}
