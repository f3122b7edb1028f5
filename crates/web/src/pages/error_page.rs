//! Friendly 404 and error pages, in the site's layout.

use crate::error::{Error, ErrorPage, PageError};
use crate::state::AppState;
use crate::views::Layout;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use std::any::Any;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView {
    layout: Layout,
    status: u16,
    heading: &'static str,
    message: &'static str,
    detail: Option<String>,
}

pub(crate) async fn not_found() -> PageError {
    PageError(Error::NotFound)
}

/// Turns a panic into a 500 page instead of a dropped connection.
#[expect(clippy::needless_pass_by_value, reason = "CatchPanicLayer hands the payload over by value")]
pub(crate) fn panicked(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a page handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(ErrorPage { status: StatusCode::INTERNAL_SERVER_ERROR, detail: None });
    response
}

/// What a missing page probably was, from where it was looked for.
fn not_found_reason(path: &str) -> &'static str {
    if path.starts_with("/listing/") {
        "La création que vous cherchez a peut-être été vendue ou retirée par sa boutique, \
         ou l'adresse contient une faute de frappe."
    } else if path.starts_with("/shop/") {
        "Cette boutique a peut-être fermé ou changé d'adresse, ou l'adresse contient une faute de frappe."
    } else if path.starts_with("/orders/") || path.starts_with("/checkout/") {
        "Cette commande est introuvable : ouvrez-la depuis le lien de votre e-mail de confirmation, \
         ou connectez-vous au compte qui l'a passée."
    } else {
        "La page que vous cherchez n'existe pas ou plus, ou l'adresse contient une faute de frappe."
    }
}

/// Renders the body of responses that carry an [`ErrorPage`].
pub(crate) async fn render(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let (heading, message) = match page.status {
        StatusCode::NOT_FOUND => ("Cette page n'existe pas", not_found_reason(&path)),
        StatusCode::BAD_REQUEST => {
            ("Demande incorrecte", "Un paramètre de l'adresse ou du formulaire n'a pas pu être compris.")
        }
        StatusCode::FORBIDDEN => ("Action refusée", "Cette action n'est pas permise depuis cette page."),
        StatusCode::UNPROCESSABLE_ENTITY => ("Formulaire incorrect", "Certains champs n'ont pas pu être acceptés."),
        StatusCode::TOO_MANY_REQUESTS => ("Trop de tentatives", "Patientez un peu avant de réessayer."),
        StatusCode::PAYLOAD_TOO_LARGE => ("Envoi trop volumineux", "Le fichier envoyé dépasse la taille autorisée."),
        _ => (
            "Une erreur est survenue",
            "Nous n'avons pas pu afficher cette page. L'équipe est prévenue ; réessayez dans un instant.",
        ),
    };
    let view = ErrorView {
        layout: Layout::new(&state, heading, message, None),
        status: page.status.as_u16(),
        heading,
        message,
        detail: page.detail,
    };
    match view.render() {
        Ok(body) => (page.status, Html(body)).into_response(),
        Err(error) => {
            tracing::error!(%error, "rendering the error page failed");
            (page.status, "Une erreur est survenue.").into_response()
        }
    }
}
