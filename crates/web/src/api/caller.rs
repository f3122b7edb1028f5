//! Who is calling the API, and the endpoints that say so: personal tokens
//! and `/me`.
//!
//! Two ways in. Scripts send `Authorization: Bearer <token>`, a token made
//! with `POST /tokens`; only its SHA-256 is stored. Pages of the site itself
//! use the browser's session and must echo the session's CSRF token in an
//! `X-CSRF-Token` header on anything that changes state, since a cookie alone
//! would also be sent by a forged cross-site request.

use super::schema::ShopSummary;
use crate::error::{ApiError, Error, ErrorBody};
use crate::forms::{ApiJson, ClientAddress};
use crate::sign_in::authenticate;
use crate::state::AppState;
use crate::visitor::{Visitor, random_token};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::{Json, response::Response};
use echoppe_domain::{Account, Email, Password, Timestamp, form_text};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// The account behind an API request.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub(crate) account: Account,
    /// Present when the call came with the browser's session.
    pub(crate) visitor: Option<Visitor>,
    /// The bearer token's hash, when the call came with one.
    token_hash: Option<String>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            // The scheme's name is case-insensitive (RFC 9110, 11.1).
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim())
                .filter(|t| !t.is_empty())
                .ok_or(Error::Unauthorized)?;
            let hash = token_hash(token);
            let account = state.db.account_by_token(&hash).await?.ok_or(Error::Unauthorized)?;
            return Ok(Self { account, visitor: None, token_hash: Some(hash) });
        }
        let visitor = Visitor::from_request_parts(parts, state).await.map_err(|page| ApiError(page.0))?;
        let account = visitor.account.clone().ok_or(Error::Unauthorized)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let submitted = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
            visitor.verify_csrf(submitted).await.map_err(|_| {
                Error::Forbidden("en-tête X-CSRF-Token manquant ou incorrect (le jeton est donné par GET /api/v1/me)")
            })?;
        }
        Ok(Self { account, visitor: Some(visitor), token_hash: None })
    }
}

/// Tokens are stored as the hex SHA-256 of what the client holds.
fn token_hash(token: &str) -> String {
    token_hash_of(token.as_bytes())
}

/// The hex SHA-256 of `bytes`.
pub(crate) fn token_hash_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenRequest {
    #[schema(example = "margaux@example.fr")]
    email: String,
    password: String,
    /// What the token is for, to recognise it later.
    #[schema(example = "script d'inventaire")]
    #[serde(default)]
    label: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenDto {
    /// Send as `Authorization: Bearer <token>`. Shown once: only its hash is kept.
    token: String,
    label: String,
}

/// Makes a personal API token from an e-mail address and password.
#[utoipa::path(
    post,
    path = "/tokens",
    tag = "accounts",
    request_body = TokenRequest,
    responses(
        (status = CREATED, body = TokenDto),
        (status = UNAUTHORIZED, description = "Wrong e-mail or password", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A field is malformed", body = ErrorBody),
        (status = TOO_MANY_REQUESTS, description = "Too many attempts; see Retry-After", body = ErrorBody),
    )
)]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Response, ApiError> {
    let mut errors = echoppe_domain::FieldErrors::new();
    let email = errors.check("email", Email::parse(&body.email));
    let password = errors.check("password", Password::attempt(&body.password));
    let label = errors.check(
        "label",
        form_text(body.label.as_deref().unwrap_or("API"), 80, None, "le libellé")
            .map(|l| if l.is_empty() { "API".to_owned() } else { l }),
    );
    let (Some(email), Some(password), Some(label)) = (email, password, label) else {
        return Err(Error::InvalidFields(errors).into());
    };
    let account = authenticate(&state, &email, password, address).await?.ok_or(Error::Unauthorized)?;
    // The prefix lets secret scanners recognise a leaked echoppe token.
    let token = format!("ech_{}", random_token());
    state.db.create_api_token(account.id, &token_hash(&token), &label, Timestamp::now()).await?;
    tracing::info!(user = %account.id, "API token created");
    Ok((StatusCode::CREATED, Json(TokenDto { token, label })).into_response())
}

/// Revokes the token this request carries.
#[utoipa::path(
    delete,
    path = "/tokens/current",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = NO_CONTENT, description = "The token no longer works"),
        (status = UNAUTHORIZED, body = ErrorBody),
        (status = BAD_REQUEST, description = "The request came with a session, not a token", body = ErrorBody),
    )
)]
pub(crate) async fn revoke_token(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    let hash = caller.token_hash.ok_or_else(|| Error::BadRequest {
        param: "Authorization",
        message: "cette requête ne porte pas de jeton à révoquer".to_owned(),
    })?;
    state.db.delete_api_token(&hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MeDto {
    id: i64,
    email: String,
    display_name: String,
    /// `buyer`, `seller` or `admin`.
    role: &'static str,
    shop: Option<ShopSummary>,
    /// For calls made with the browser's session: send it back as `X-CSRF-Token`.
    csrf_token: Option<String>,
}

/// The signed-in account.
#[utoipa::path(
    get,
    path = "/me",
    tag = "accounts",
    security(("bearer" = []), ("session" = [])),
    responses((status = OK, body = MeDto), (status = UNAUTHORIZED, body = ErrorBody))
)]
pub(crate) async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<MeDto>, ApiError> {
    let shop = state.db.shop_of(caller.account.id).await?;
    let csrf_token = match &caller.visitor {
        Some(visitor) => Some(visitor.csrf_token().await?),
        None => None,
    };
    let account = caller.account;
    Ok(Json(MeDto {
        id: account.id.get(),
        email: account.email.to_string(),
        display_name: account.display_name,
        role: account.role.as_str(),
        shop: shop.as_ref().map(ShopSummary::from),
        csrf_token,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hashes_are_hex_sha256() {
        let hash = token_hash("ech_abc");
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(hash, token_hash("ech_abd"));
    }
}
