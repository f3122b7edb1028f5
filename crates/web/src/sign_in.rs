//! Signing up, signing in and out: the pages (who is asking is
//! [`crate::visitor`]; passwords, sessions and sign-in limits are kept by
//! [`crate::accounts`]).

use crate::accounts::Throttled;
use crate::error::{Error, PageError, too_many_attempts};
use crate::forms::{ClientAddress, CsrfOnly, PageForm};
use crate::state::AppState;
use crate::views::Layout;
use crate::visitor::{Visitor, coming_back, login_url};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use echoppe_domain::{Account, DisplayName, Email, FieldErrors, Password, Role, Timestamp};
use echoppe_storage::NewAccount;
use serde::Deserialize;
use std::net::IpAddr;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_form).post(signup))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
}

/// Where to go after signing in: only a path on this site, so a crafted link
/// cannot bounce a freshly signed-in person to another site.
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if local { next } else { "/" }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NextParam {
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignupView {
    layout: Layout,
    csrf: String,
    next: String,
    login_url: String,
    email: String,
    display_name: String,
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SignupForm {
    csrf: String,
    next: String,
    email: String,
    display_name: String,
    password: String,
}

async fn signup_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(NextParam { next }): Query<NextParam>,
) -> Result<Response, PageError> {
    if visitor.account.is_some() {
        return Ok(Redirect::to(safe_next(&next)).into_response());
    }
    let form = SignupForm { next, ..SignupForm::default() };
    Ok(signup_page(&state, &visitor, form, FieldErrors::new(), StatusCode::OK).await?)
}

async fn signup_page(
    state: &AppState,
    visitor: &Visitor,
    form: SignupForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, Error> {
    let view = SignupView {
        layout: Layout::new(state, "Créer un compte", "Créez votre compte pour acheter ou vendre.", None),
        csrf: visitor.csrf_token().await?,
        login_url: login_url(safe_next(&form.next)),
        next: form.next,
        email: form.email,
        display_name: form.display_name,
        errors,
    };
    Ok((status, Html(view.render()?)).into_response())
}

async fn signup(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    visitor: Visitor,
    PageForm(form): PageForm<SignupForm>,
) -> Result<Response, PageError> {
    visitor.verify_csrf(&form.csrf).await?;
    // Each sign-up costs a password hash: the same per-address limit as sign-ins.
    state.throttle.sign_up(address).await?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&form.email));
    let name = errors.check("display_name", DisplayName::parse(&form.display_name));
    let password = errors.check("password", Password::new_choice(&form.password));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Ok(signup_page(&state, &visitor, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await?);
    };
    let password_hash = state.hasher.hash(password).await.map_err(Error::from)?;
    let new = NewAccount {
        email: &email,
        display_name: name.as_str(),
        password_hash: &password_hash,
        role: Role::Buyer,
        created_at: Timestamp::now(),
    };
    let id = match state.db.create_account(&new).await {
        Ok(id) => id,
        Err(echoppe_storage::Error::Conflict { .. }) => {
            errors.push(
                "email",
                echoppe_domain::Invalid::new("un compte existe déjà avec cette adresse : connectez-vous"),
            );
            return Ok(signup_page(&state, &visitor, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await?);
        }
        Err(other) => return Err(Error::from(other).into()),
    };
    let account = state.db.account(id).await?.ok_or(Error::NotFound)?;
    visitor.sign_in(&account).await?;
    crate::cart::adopt_visitor_cart(&state.db, &visitor, account.id).await?;
    tracing::info!(user = %account.id, "account created");
    Ok(Redirect::to(safe_next(&form.next)).into_response())
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginView {
    layout: Layout,
    csrf: String,
    next: String,
    signup_url: String,
    email: String,
    problem: Option<String>,
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    csrf: String,
    next: String,
    email: String,
    password: String,
}

async fn login_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(NextParam { next }): Query<NextParam>,
) -> Result<Response, PageError> {
    if visitor.account.is_some() {
        return Ok(Redirect::to(safe_next(&next)).into_response());
    }
    let form = LoginForm { next, ..LoginForm::default() };
    Ok(login_page(&state, &visitor, form, None, FieldErrors::new(), StatusCode::OK).await?)
}

async fn login_page(
    state: &AppState,
    visitor: &Visitor,
    form: LoginForm,
    problem: Option<String>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, Error> {
    let signup_url = coming_back("/signup", safe_next(&form.next));
    let view = LoginView {
        layout: Layout::new(state, "Se connecter", "Connectez-vous à votre compte.", None),
        csrf: visitor.csrf_token().await?,
        signup_url,
        next: form.next,
        email: form.email,
        problem,
        errors,
    };
    Ok((status, Html(view.render()?)).into_response())
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    visitor: Visitor,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    visitor.verify_csrf(&form.csrf).await?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&form.email));
    let password = errors.check("password", Password::attempt(&form.password));
    let (Some(email), Some(password)) = (email, password) else {
        return Ok(login_page(&state, &visitor, form, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await?);
    };
    let account = match authenticate(&state, &email, password, address).await {
        Ok(Some(account)) => account,
        Ok(None) => {
            let problem = Some("E-mail ou mot de passe incorrect.".to_owned());
            return Ok(login_page(&state, &visitor, form, problem, errors, StatusCode::UNAUTHORIZED).await?);
        }
        Err(Error::TooManyAttempts(wait)) => {
            let problem = Some(too_many_attempts(wait));
            let status = StatusCode::TOO_MANY_REQUESTS;
            let mut response = login_page(&state, &visitor, form, problem, errors, status).await?;
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, wait.as_secs().max(1).into());
            return Ok(response);
        }
        Err(Error::SharedStoreAway) => {
            let problem = Some(crate::error::SIGN_IN_AWAY.to_owned());
            let status = StatusCode::SERVICE_UNAVAILABLE;
            let mut response = login_page(&state, &visitor, form, problem, errors, status).await?;
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, crate::error::DATABASE_RETRY_SECONDS.into());
            return Ok(response);
        }
        Err(other) => return Err(other.into()),
    };
    visitor.sign_in(&account).await?;
    crate::cart::adopt_visitor_cart(&state.db, &visitor, account.id).await?;
    tracing::info!(user = %account.id, "signed in");
    Ok(Redirect::to(safe_next(&form.next)).into_response())
}

async fn logout(visitor: Visitor, PageForm(form): PageForm<CsrfOnly>) -> Result<Redirect, PageError> {
    visitor.verify_csrf(&form.csrf).await?;
    visitor.sign_out().await?;
    Ok(Redirect::to("/"))
}

/// Checks a sign-in, for the page and for API tokens alike: the attempt
/// limits first, then the password — against a decoy hash when the address
/// has no account, so that both take as long and timing reveals nothing.
/// `Ok(None)` is a wrong address or password.
pub(crate) async fn authenticate(
    state: &AppState,
    email: &Email,
    password: Password,
    address: Option<IpAddr>,
) -> Result<Option<Account>, Error> {
    if let Err(throttled) = state.throttle.attempt(email.as_str(), address).await {
        let outcome = match throttled {
            Throttled::Wait(_) => "throttled",
            Throttled::Unavailable => "limits_unavailable",
        };
        tracing::warn!(account = %email, ?address, outcome, "sign-in attempt refused before the password was checked");
        metrics::counter!("echoppe_sign_ins_total", "outcome" => outcome).increment(1);
        return Err(throttled.into());
    }
    let (account, stored) = match state.db.credentials(email).await? {
        Some((account, hash)) => (Some(account), hash),
        None => (None, None),
    };
    let verified = state.hasher.verify(password, stored).await?;
    let outcome = if verified { "accepted" } else { "refused" };
    metrics::counter!("echoppe_sign_ins_total", "outcome" => outcome).increment(1);
    Ok(account.filter(|_| verified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/sell"), "/sell");
        assert_eq!(safe_next("/listing/3?x=1"), "/listing/3?x=1");
        for bad in ["", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/a\nb"] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn login_urls_carry_the_way_back() {
        assert_eq!(login_url("/"), "/login");
        assert_eq!(login_url("/sell/listings?page=2"), "/login?next=%2Fsell%2Flistings%3Fpage%3D2");
    }
}
