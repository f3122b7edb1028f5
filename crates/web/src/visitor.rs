//! Who is asking: the session, the signed-in account if any, and the CSRF
//! token that proves a form was filled in on one of our pages.
//!
//! The session holds two values: the signed-in user's id and a CSRF token.
//! Everything else about the account is read fresh on each request, so a role
//! change or a deleted account takes effect at once.

use crate::accounts::USER_KEY;
use crate::error::{Error, PageError};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use echoppe_domain::{Account, Timestamp, UserId};
use subtle::ConstantTimeEq as _;
use tower_sessions::Session;

const CSRF_KEY: &str = "csrf";
const FLASH_KEY: &str = "flash";
/// Messages kept for the next page, at most.
const MAX_FLASH: usize = 5;
/// The day (days since the epoch) a signed-in session was last written. The
/// session layer only saves — and so only pushes back the expiry — when
/// something changed; noting the day once a day keeps someone who only
/// browses signed in for two weeks after their last visit, not after their
/// sign-in, at the cost of one write a day.
const RENEWED_KEY: &str = "renewed";

/// A message shown at the top of a page: done (`ok`), or to know or fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Notice {
    pub(crate) text: String,
    pub(crate) ok: bool,
}

impl Notice {
    pub(crate) fn info(text: impl Into<String>) -> Self {
        Self { text: text.into(), ok: false }
    }
}

/// What a visitor is told when a form's token is missing or wrong.
pub(crate) const CSRF_REFUSED: &str =
    "ce formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez";

/// The person behind a request, signed in or not.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    pub(crate) session: Session,
    pub(crate) account: Option<Account>,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or(Error::Forbidden("la session n'est pas disponible sur cette adresse"))?;
        let account = match session.get::<i64>(USER_KEY).await.map_err(Error::from)? {
            Some(id) => state.db.account(UserId::new(id)).await.map_err(Error::from)?,
            None => None,
        };
        if account.is_some() {
            let today = Timestamp::now().unix() / 86_400;
            if session.get::<i64>(RENEWED_KEY).await.map_err(Error::from)? != Some(today) {
                session.insert(RENEWED_KEY, today).await.map_err(Error::from)?;
            }
        }
        Ok(Self { session, account })
    }
}

impl Visitor {
    /// The token to put in this page's forms, created with the session on first need.
    pub(crate) async fn csrf_token(&self) -> Result<String, Error> {
        if let Some(token) = self.session.get::<String>(CSRF_KEY).await? {
            return Ok(token);
        }
        let token = random_token();
        self.session.insert(CSRF_KEY, &token).await?;
        // Written now rather than after the response: a store that does not
        // answer (Redis away) then gives the visitor a page saying so, not
        // the session layer's empty 500.
        self.session.save().await?;
        Ok(token)
    }

    /// Refuses a state-changing request whose token is missing or not this
    /// session's: the form was not filled in on our pages by this visitor.
    pub(crate) async fn verify_csrf(&self, submitted: &str) -> Result<(), Error> {
        let expected = self.session.get::<String>(CSRF_KEY).await?;
        match expected {
            Some(expected) if same_secret(submitted, &expected) => Ok(()),
            _ => Err(Error::Forbidden(CSRF_REFUSED)),
        }
    }

    /// Signs `account` in: a new session id (so one planted before sign-in is
    /// worthless) and a new CSRF token.
    pub(crate) async fn sign_in(&self, account: &Account) -> Result<(), Error> {
        self.session.cycle_id().await?;
        self.session.insert(USER_KEY, account.id.get()).await?;
        self.session.insert(CSRF_KEY, random_token()).await?;
        // As for the token: a failure here is told to the buyer.
        self.session.save().await?;
        Ok(())
    }

    /// Leaves a message for the next page this visitor sees (after a
    /// redirect): something to know or to fix.
    pub(crate) async fn flash(&self, message: impl Into<String>) -> Result<(), Error> {
        self.leave(Notice { text: message.into(), ok: false }).await
    }

    /// Leaves word that what they asked for is done.
    pub(crate) async fn flash_ok(&self, message: impl Into<String>) -> Result<(), Error> {
        self.leave(Notice { text: message.into(), ok: true }).await
    }

    async fn leave(&self, notice: Notice) -> Result<(), Error> {
        let mut messages = self.session.get::<Vec<Notice>>(FLASH_KEY).await?.unwrap_or_default();
        // A page shows the last few; posts that are never followed by a page
        // must not grow the session.
        if messages.len() >= MAX_FLASH {
            messages.remove(0);
        }
        messages.push(notice);
        self.session.insert(FLASH_KEY, messages).await?;
        Ok(())
    }

    /// The messages left for this page, removed as they are read.
    pub(crate) async fn take_flash(&self) -> Result<Vec<Notice>, Error> {
        // Only a session that had messages is written back.
        let messages = self.session.get::<Vec<Notice>>(FLASH_KEY).await?;
        if messages.is_some() {
            self.session.remove_value(FLASH_KEY).await?;
        }
        Ok(messages.unwrap_or_default())
    }

    /// Ends the session everywhere: the stored record is deleted, the cookie cleared.
    pub(crate) async fn sign_out(&self) -> Result<(), Error> {
        self.session.flush().await?;
        Ok(())
    }
}

/// Whether a secret someone sent (a token, a key) is the expected one: never
/// when empty, and in constant time, so the comparison's duration tells
/// nothing of how much of it was right.
pub(crate) fn same_secret(submitted: &str, expected: &str) -> bool {
    !submitted.is_empty() && bool::from(submitted.as_bytes().ct_eq(expected.as_bytes()))
}

/// 256 random bits, URL-safe.
pub(crate) fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    // The operating system's generator does not fail on the platforms echoppe
    // runs on; if it ever did, a fixed token must not be the fallback.
    if let Err(error) = getrandom::fill(&mut bytes) {
        panic!("the system random generator failed: {error}");
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A page only signed-in people may see. Anyone else is sent to the sign-in
/// page, which brings them back here afterwards.
#[derive(Debug, Clone)]
pub(crate) struct SignedIn {
    pub(crate) visitor: Visitor,
    pub(crate) account: Account,
}

/// Why a [`SignedIn`] page was not shown.
#[derive(Debug)]
pub(crate) enum SignInRequired {
    Redirect(String),
    Failed(PageError),
}

impl IntoResponse for SignInRequired {
    fn into_response(self) -> Response {
        match self {
            Self::Redirect(to) => Redirect::to(&to).into_response(),
            Self::Failed(error) => error.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = SignInRequired;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state).await.map_err(SignInRequired::Failed)?;
        match visitor.account.clone() {
            Some(account) => Ok(Self { visitor, account }),
            None => {
                // After signing in, come back to the page asked for — or, for a
                // form that was posted, to the page it came from.
                let back = if parts.method == axum::http::Method::GET {
                    parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned()
                } else {
                    "/".to_owned()
                };
                Err(SignInRequired::Redirect(login_url(&back)))
            }
        }
    }
}

/// The sign-in page, coming back to `back` afterwards.
pub(crate) fn login_url(back: &str) -> String {
    coming_back("/login", back)
}

/// `page`, with the way back after signing in (none when it is the home page).
pub(crate) fn coming_back(page: &str, back: &str) -> String {
    if back == "/" {
        return page.to_owned();
    }
    let query: String = form_urlencoded::Serializer::new(String::new()).append_pair("next", back).finish();
    format!("{page}?{query}")
}
