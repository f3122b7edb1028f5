//! The error policy, written down once.
//!
//! - Bad input (a malformed parameter) is the client's: 400, with a message
//!   naming the parameter and what was wrong, in the storefront's language.
//! - Something that does not exist: 404.
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
use echoppe_domain::Invalid;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("not found")]
    NotFound,
    #[error("parameter {param}: {message}")]
    BadRequest { param: &'static str, message: String },
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
            Self::Storage(_) | Self::Media(_) | Self::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
        let detail = match self.0 {
            Error::BadRequest { param, message } => Some(format!("Le paramètre « {param} » {message}.")),
            _ => None,
        };
        let mut response = status.into_response();
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
}

impl ErrorBody {
    pub(crate) fn new(code: &'static str, message: impl Into<String>, field: Option<&'static str>) -> Self {
        Self { error: ErrorDetail { code, message: message.into(), field } }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let body = match self.0 {
            Error::NotFound => ErrorBody::new("not_found", "cette ressource n'existe pas", None),
            Error::BadRequest { param, message } => ErrorBody::new("invalid_parameter", message, Some(param)),
            Error::Storage(_) | Error::Media(_) | Error::Template(_) => {
                ErrorBody::new("internal", "erreur interne ; réessayez dans un instant", None)
            }
        };
        (status, Json(body)).into_response()
    }
}
