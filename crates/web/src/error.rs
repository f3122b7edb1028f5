//! The error policy, written down once.
//!
//! - Bad input (a malformed parameter) is the client's: 400, with a message
//!   naming the parameter and what was wrong, in the storefront's language.
//! - A form or body whose fields do not parse: 422, with a message per field.
//! - Not signed in: pages redirect to the sign-in page, the API answers 401.
//!   Signed in but not allowed (someone else's shop, a missing CSRF token): 403.
//!   Too many sign-in attempts: 429 with how long to wait.
//! - Something that does not exist: 404. A listing or shop that exists but
//!   belongs to someone else is also 404 to a seller editing it, so ids
//!   cannot be probed.
//! - Anything else is ours: 500, logged here with full detail under the
//!   request's span (so with its request id); the client gets a generic page or
//!   body that leaks nothing.
//!
//! Handlers return [`PageError`] (HTML) or [`ApiError`] (JSON); both wrap the
//! same [`Error`]. A page error carries no body of its own: the error-page
//! middleware renders it with the site's layout, which needs the app state.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use echoppe_domain::{FieldErrors, Invalid};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("not found")]
    NotFound,
    #[error("parameter {param}: {message}")]
    BadRequest { param: &'static str, message: String },
    #[error("invalid fields: {0:?}")]
    InvalidFields(FieldErrors),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("payload too large: {0}")]
    PayloadTooLarge(&'static str),
    #[error("too many attempts; retry in {} s", .0.as_secs())]
    TooManyAttempts(Duration),
    /// What only Redis can answer (the shared sign-in limits) cannot be
    /// answered now.
    #[error("the shared store (Redis) is unreachable")]
    SharedStoreAway,
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error(transparent)]
    Hash(#[from] crate::accounts::password::HashError),
    #[error("search: {0}")]
    Search(String),
    /// A broken invariant of ours, with what it was for the log.
    #[error("internal: {0}")]
    Internal(&'static str),
    #[error(transparent)]
    Storage(#[from] echoppe_storage::Error),
    #[error(transparent)]
    Media(#[from] echoppe_media::MediaError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
}

impl Error {
    pub(crate) fn bad(param: &'static str, invalid: Invalid) -> Self {
        Self::BadRequest { param, message: invalid.0 }
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Storage(error) if error.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
            Self::SharedStoreAway => StatusCode::SERVICE_UNAVAILABLE,
            // The session store (the database, or Redis) did not answer:
            // as for the database, a moment's absence, not our fault.
            Self::Session(tower_sessions::session::Error::Store(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Storage(_)
            | Self::Media(_)
            | Self::Template(_)
            | Self::Session(_)
            | Self::Hash(_)
            | Self::Search(_)
            | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs server-side failures; client errors are not worth a log line each.
    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = %self, detail = ?self, "request failed");
        }
    }
}

/// An error on an HTML page.
#[derive(Debug)]
pub(crate) struct PageError(pub(crate) Error);

impl<E: Into<Error>> From<E> for PageError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

/// The part of a page error the error-page middleware needs to render it.
#[derive(Debug, Clone)]
pub(crate) struct ErrorPage {
    pub(crate) status: StatusCode,
    /// What to tell the visitor about a bad parameter.
    pub(crate) detail: Option<String>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let retry_after = match &self.0 {
            Error::TooManyAttempts(wait) => Some(wait.as_secs().max(1)),
            Error::Storage(error) if error.is_unavailable() => Some(DATABASE_RETRY_SECONDS),
            Error::SharedStoreAway | Error::Session(tower_sessions::session::Error::Store(_)) => {
                Some(DATABASE_RETRY_SECONDS)
            }
            _ => None,
        };
        let detail = match self.0 {
            Error::BadRequest { param, message } => Some(format!("Le paramètre « {param} » : {message}.")),
            Error::Forbidden(why) | Error::PayloadTooLarge(why) | Error::Conflict(why) => Some(why.to_owned()),
            Error::InvalidFields(errors) => Some(
                errors.iter().map(|(field, message)| format!("{field} : {message}")).collect::<Vec<_>>().join(" ; "),
            ),
            Error::TooManyAttempts(wait) => Some(too_many_attempts(wait)),
            Error::Storage(error) if error.is_unavailable() => Some(DATABASE_AWAY.to_owned()),
            Error::SharedStoreAway | Error::Session(tower_sessions::session::Error::Store(_)) => {
                Some(SIGN_IN_AWAY.to_owned())
            }
            _ => None,
        };
        let mut response = status.into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response.extensions_mut().insert(ErrorPage { status, detail });
        response
    }
}

/// An error from the JSON API.
#[derive(Debug)]
pub(crate) struct ApiError(pub(crate) Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

/// The body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    pub(crate) error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErrorDetail {
    /// Stable, machine-readable: `not_found`, `invalid_parameter`, `internal`.
    #[schema(example = "invalid_parameter")]
    pub(crate) code: &'static str,
    /// For people, in French like the storefront.
    #[schema(example = "doit être compris entre 1 et 100 (reçu « 500 »)")]
    pub(crate) message: String,
    /// The parameter at fault, for `invalid_parameter`.
    #[schema(example = "limit")]
    pub(crate) field: Option<&'static str>,
    /// For `invalid_fields`: what is wrong with each field of the body.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(example = json!({"title": "le titre est obligatoire"}))]
    pub(crate) fields: BTreeMap<&'static str, String>,
}

impl ErrorBody {
    pub(crate) fn new(code: &'static str, message: impl Into<String>, field: Option<&'static str>) -> Self {
        Self { error: ErrorDetail { code, message: message.into(), field, fields: BTreeMap::new() } }
    }
}

/// What a visitor is told while the database is away: nothing they sent
/// was kept, and it is worth trying again soon.
pub(crate) const DATABASE_AWAY: &str = "Notre base de données est momentanément indisponible : rien n'a été enregistré. \
     Réessayez dans quelques secondes.";
pub(crate) const DATABASE_RETRY_SECONDS: u64 = 5;

/// "Trop de tentatives : réessayez dans 42 s."
/// What a visitor is told when the shared sign-in limits cannot be read:
/// the sign-in is refused (never let through uncounted), and nothing else
/// of theirs is affected.
pub(crate) const SIGN_IN_AWAY: &str = "La connexion est momentanément indisponible : réessayez dans quelques secondes. \
                            Votre panier et vos commandes ne sont pas touchés.";

impl From<echoppe_backoffice::SharedStoreAway> for Error {
    fn from(_: echoppe_backoffice::SharedStoreAway) -> Self {
        Self::SharedStoreAway
    }
}

impl From<crate::accounts::throttle::Throttled> for Error {
    fn from(throttled: crate::accounts::throttle::Throttled) -> Self {
        match throttled {
            crate::accounts::throttle::Throttled::Wait(wait) => Self::TooManyAttempts(wait),
            crate::accounts::throttle::Throttled::Unavailable => Self::SharedStoreAway,
        }
    }
}

pub(crate) fn too_many_attempts(wait: Duration) -> String {
    format!("Trop de tentatives : réessayez dans {} s.", wait.as_secs().max(1))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let mut headers = axum::http::HeaderMap::new();
        let body = match self.0 {
            Error::NotFound => ErrorBody::new("not_found", "cette ressource n'existe pas", None),
            Error::BadRequest { param, message } => ErrorBody::new("invalid_parameter", message, Some(param)),
            Error::InvalidFields(errors) => {
                let mut body = ErrorBody::new("invalid_fields", "certains champs sont incorrects", None);
                body.error.fields = errors.iter().map(|(field, message)| (field, message.to_owned())).collect();
                body
            }
            Error::Unauthorized => {
                headers.insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
                ErrorBody::new(
                    "unauthorized",
                    "identifiez-vous : jeton « Authorization: Bearer … » ou session et en-tête X-CSRF-Token",
                    None,
                )
            }
            Error::Forbidden(why) => ErrorBody::new("forbidden", why, None),
            Error::PayloadTooLarge(why) => ErrorBody::new("payload_too_large", why, None),
            Error::Conflict(why) => ErrorBody::new("conflict", why, None),
            Error::TooManyAttempts(wait) => {
                headers.insert(axum::http::header::RETRY_AFTER, wait.as_secs().max(1).into());
                ErrorBody::new("too_many_attempts", too_many_attempts(wait), None)
            }
            Error::Storage(error) if error.is_unavailable() => {
                headers.insert(axum::http::header::RETRY_AFTER, DATABASE_RETRY_SECONDS.into());
                ErrorBody::new("unavailable", DATABASE_AWAY, None)
            }
            Error::SharedStoreAway | Error::Session(tower_sessions::session::Error::Store(_)) => {
                headers.insert(axum::http::header::RETRY_AFTER, DATABASE_RETRY_SECONDS.into());
                ErrorBody::new("unavailable", SIGN_IN_AWAY, None)
            }
            Error::Storage(_)
            | Error::Media(_)
            | Error::Template(_)
            | Error::Session(_)
            | Error::Hash(_)
            | Error::Search(_)
            | Error::Internal(_) => ErrorBody::new("internal", "erreur interne ; réessayez dans un instant", None),
        };
        (status, headers, Json(body)).into_response()
    }
}
