//! `/media/{key}/{variant}`: photo variants, immutable and cached forever.

use crate::error::Error;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use echoppe_domain::{PhotoKey, PhotoVariant};
use echoppe_media::VariantSource;
use echoppe_shield::{Mode, Priority, Refusal, refused};

/// The URL names the bytes exactly (content address + size + format), so the
/// response never changes and may be cached by anything for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/media/{key}/{variant}", get(serve))
}

async fn serve(
    State(state): State<AppState>,
    Path((key, variant)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    // A malformed key or size names no photo: 404, like a missing one.
    let (Ok(key), Ok(variant)) = (PhotoKey::parse(&key), PhotoVariant::parse(&variant)) else {
        return not_found();
    };
    let etag = format!("\"{key}-{}\"", variant.file_name());
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"photo\""));

    // Answering a revalidation needs no bytes at all.
    let revalidating = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    if revalidating {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value), cache_control()]).into_response();
    }

    // Made already (memory or disk): served at once, like a cached page.
    match state.photos.made_variant(&key, variant).await {
        Ok(Some(bytes)) => {
            metrics::counter!("echoppe_photo_variants_served_total", "source" => "made").increment(1);
            return photo(variant, etag_value, bytes);
        }
        Ok(None) => {}
        Err(error) => return failed(&error.into()),
    }
    // To be made: resizing is the costly part, so it takes a place at the
    // door, as the lowest class pages show — and none at all in surge.
    if state.modes.current() == Mode::Surge {
        metrics::counter!("echoppe_admission_total", "class" => "images", "outcome" => "surge").increment(1);
        return refused(Refusal::Surge, "/media/");
    }
    let _place = match state.admission.admit(Priority::Images).await {
        Ok(place) => place,
        Err(refusal) => return refused(refusal, "/media/"),
    };
    // `variant` looks in memory and the store once more before resizing:
    // while this request waited at the door, another may have made it.
    match state.photos.variant(&key, variant).await {
        Ok(Some((bytes, source))) => {
            let source = match source {
                VariantSource::Memory => "memory",
                VariantSource::Stored => "stored",
                VariantSource::Rendered => "rendered",
            };
            metrics::counter!("echoppe_photo_variants_served_total", "source" => source).increment(1);
            photo(variant, etag_value, bytes)
        }
        Ok(None) => not_found(),
        Err(error) => failed(&Error::from(error)),
    }
}

fn failed(error: &Error) -> Response {
    tracing::error!(%error, "serving a photo variant failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

fn photo(variant: PhotoVariant, etag: HeaderValue, bytes: Bytes) -> Response {
    let content_type = HeaderValue::from_static(variant.format.content_type());
    ([(header::CONTENT_TYPE, content_type), (header::ETAG, etag), cache_control()], bytes).into_response()
}

fn cache_control() -> (header::HeaderName, HeaderValue) {
    (header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE))
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "public, max-age=60")], "photo introuvable\n").into_response()
}
