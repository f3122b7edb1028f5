//! Reading what browsers and scripts send: forms, JSON bodies, the client's
//! address. Rejections become the site's own errors (an HTML page or a JSON
//! body saying what was wrong) instead of axum's plain-text defaults.

use crate::error::{ApiError, Error, PageError};
use crate::state::AppState;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::{Form, Json};
use echoppe_domain::shorten;
use echoppe_shield::client_address;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::convert::Infallible;
use std::net::IpAddr;

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
    match rejection {
        FormRejection::InvalidFormContentType(_) => Error::BadRequest {
            param: "formulaire",
            message: "doit être envoyé comme un formulaire (application/x-www-form-urlencoded)".to_owned(),
        },
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Error::PayloadTooLarge("le formulaire dépasse la taille autorisée : raccourcissez les textes")
        }
        // The remaining causes (a field sent twice, bytes that are not a
        // form) are a client's bug, not a person's typo; serde's English
        // details would not help them.
        _ => Error::BadRequest { param: "formulaire", message: "n'a pas pu être lu".to_owned() },
    }
}

/// A multipart (file upload) form posted from one of our pages.
#[derive(Debug)]
pub(crate) struct PageMultipart(pub(crate) Multipart);

impl<S: Send + Sync> FromRequest<S> for PageMultipart {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Multipart::from_request(request, state).await.map(Self).map_err(|_| {
            PageError(Error::BadRequest {
                param: "formulaire",
                message: "doit être envoyé comme un formulaire de fichiers (multipart/form-data)".to_owned(),
            })
        })
    }
}

/// A choice from a closed list that is not on it: says which were possible,
/// quoting at most the start of what was sent.
pub(crate) fn unknown_choice(param: &'static str, sent: &str, choices: &[&str]) -> Error {
    Error::BadRequest {
        param,
        message: format!("« {} » n'est pas un choix possible ({})", shorten(sent), choices.join(", ")),
    }
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

/// The network address of the client. Behind a proxy (`forwarded_for` set),
/// the last address of `X-Forwarded-For` — the one the proxy itself added; the
/// earlier ones are whatever the client claimed. Otherwise the peer address.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientAddress(pub(crate) Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(client_address(&parts.headers, &parts.extensions, state.settings.forwarded_for)))
    }
}

/// Whether a form post says it comes from one of this site's pages: its
/// `Origin` (sent by browsers with every POST) — or, failing that, its
/// `Referer` — names the host the request was sent to (behind a proxy that
/// says so, `behind_proxy`, the first `X-Forwarded-Host`).
///
/// This is what protects the one form anonymous pages carry ("add to
/// cart"): those pages are the same for every visitor, so they can be cached
/// and hold no session-bound token. A forged cross-site post is refused
/// here, and the session cookie is `SameSite=Lax` besides.
pub(crate) fn posted_from_this_site(headers: &HeaderMap, behind_proxy: bool) -> bool {
    let forwarded = headers.get("x-forwarded-host").filter(|_| behind_proxy);
    let host = forwarded
        .or_else(|| headers.get(axum::http::header::HOST))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(|host| host.trim().to_ascii_lowercase());
    let Some(host) = host else { return false };
    let claimed = headers
        .get(axum::http::header::ORIGIN)
        .or_else(|| headers.get(axum::http::header::REFERER))
        .and_then(|value| value.to_str().ok());
    let authority = claimed
        .and_then(|url| url.split_once("://"))
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase());
    authority.is_some_and(|authority| authority == host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (axum::http::HeaderName::from_static(name), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn only_our_own_pages_may_post_without_a_token() {
        assert!(posted_from_this_site(&headers(&[("host", "shop.fr"), ("origin", "https://shop.fr")]), false));
        let proxied =
            headers(&[("host", "10.0.0.7:8080"), ("x-forwarded-host", "shop.fr, cdn"), ("origin", "https://shop.fr")]);
        assert!(posted_from_this_site(&proxied, true));
        assert!(!posted_from_this_site(&proxied, false), "the forwarded host counts only behind a proxy");
        let referred = headers(&[("host", "127.0.0.1:8080"), ("referer", "http://127.0.0.1:8080/listing/4")]);
        assert!(posted_from_this_site(&referred, false));
        for forged in [
            headers(&[("host", "shop.fr"), ("origin", "https://evil.fr")]),
            headers(&[("host", "shop.fr"), ("origin", "https://shop.fr.evil.fr")]),
            headers(&[("host", "shop.fr"), ("origin", "null")]),
            headers(&[("host", "shop.fr"), ("referer", "https://evil.fr/shop.fr")]),
            headers(&[("host", "shop.fr")]),
            headers(&[("origin", "https://shop.fr")]),
        ] {
            assert!(!posted_from_this_site(&forged, false), "{forged:?}");
        }
    }
}
