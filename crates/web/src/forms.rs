//! Reading what browsers and scripts send: forms, JSON bodies, the client's
//! address. Rejections become the site's own errors (an HTML page or a JSON
//! body saying what was wrong) instead of axum's plain-text defaults.

use crate::error::{ApiError, Error, PageError};
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::{Form, Json};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// A URL-encoded form posted from one of our pages.
#[derive(Debug)]
pub(crate) struct PageForm<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(value)) => Ok(Self(value)),
            Err(rejection) => Err(form_error(&rejection).into()),
        }
    }
}

fn form_error(rejection: &FormRejection) -> Error {
    Error::BadRequest { param: "formulaire", message: format!("n'a pas pu être lu ({})", rejection.body_text()) }
}

/// A JSON body sent to the API.
#[derive(Debug)]
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_error(&rejection).into()),
        }
    }
}

fn json_error(rejection: &JsonRejection) -> Error {
    let message = match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "le corps doit être du JSON (Content-Type: application/json)".to_owned()
        }
        other => format!("le corps JSON n'a pas pu être lu ({})", other.body_text()),
    };
    Error::BadRequest { param: "body", message }
}

/// A form whose only field is the CSRF token: the buttons that publish,
/// delete, sign out.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CsrfOnly {
    pub(crate) csrf: String,
}

/// The network address of the client, when the server knows it (behind a
/// proxy this is the proxy; the scale-out work reads the forwarded header of
/// a trusted proxy).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientAddress(pub(crate) Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip())))
    }
}
