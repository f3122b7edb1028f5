//! echoppe's HTTP layer: the storefront pages, the JSON API, photos and the
//! operations endpoints, as one axum [`Router`].
//!
//! Request path: telemetry (request id, span, metrics) → routing → handler →
//! database / photo store. Handlers stay thin: they parse parameters into domain
//! types, call storage, and turn the result into a view.

mod accounts;
mod admin;
mod api;
mod assets;
mod cart;
mod checkout;
mod error;
mod favourites;
mod forms;
mod live;
mod media;
mod ops;
mod orders;
mod own_writes;
mod pages;
mod params;
mod search;
mod search_cache;
mod sell;
mod sign_in;
mod state;
mod statistics;
mod telemetry;
mod views;
mod visitor;

pub use accounts::hash_password;
pub use echoppe_backoffice::{MailSettings, PaymentSettings, SharedStore, SimulatedPayments};
pub use echoppe_shield::{Admission, AdmissionSettings, LimitSettings, Mode, PageCacheSettings, Shield};
pub use state::{AppState, Readiness, WebSettings};
pub use statistics::Census;
pub use telemetry::install_metrics_recorder;

use accounts::{DatabaseSessions, Sessions};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower::Layer as _;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Pages use no inline script or style and load nothing from elsewhere, so the
/// policy can be strict: a stray `<script>` in seller text could not run even
/// if escaping ever failed. The one script is the site's own statistics
/// beacon (`script-src 'self'`), which posts to the site (`connect-src 'self'`).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The whole application as one service: the census counting what is
/// served, the page cache, then the door to the handlers.
pub type App = Census<Shield<Admission<Router>>>;

/// Every route echoppe serves, behind the shield. Its two layers wrap the
/// whole router rather than going through `Router::layer` (which wraps each
/// route, after routing): a cache hit costs no routing and builds no
/// per-route service, and a request turned away costs no routing either.
pub fn app(state: AppState) -> App {
    let page_cache = state.page_cache.clone();
    let door = state.admission.clone();
    let census = statistics::CensusLayer {
        statistics: state.back_office.statistics.clone(),
        live: state.live.clone(),
        forwarded_for: state.settings.forwarded_for,
        counting: state.settings.statistics,
        counting_views: !state.settings.views_counted_in_browser,
    };
    let routes = router(state);
    census.layer(echoppe_shield::ShieldLayer(page_cache).layer(echoppe_shield::AdmissionLayer(door).layer(routes)))
}

/// Every route echoppe serves.
pub fn router(state: AppState) -> Router {
    // Sessions are loaded only by the handlers that ask who is signed in, so
    // anonymous browsing never touches the session store.
    let store = match &state.back_office.shared {
        Some(shared) => Sessions::Redis(shared.clone()),
        None => Sessions::Database(DatabaseSessions::new(state.db.clone())),
    };
    let sessions = SessionManagerLayer::new(store)
        .with_name("echoppe_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.https)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let own_writes_window = state.db.own_writes_window();
    let routes = Router::new()
        .merge(pages::routes(state.clone()))
        .nest("/api/v1", api::routes())
        .merge(media::routes())
        .merge(assets::routes())
        .merge(ops::routes())
        .with_state(state)
        .layer(axum::middleware::from_fn(move |request, next| own_writes::follow(own_writes_window, request, next)))
        .layer(sessions)
        .layer(security_header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::REFERRER_POLICY, "strict-origin-when-cross-origin"));
    telemetry::apply(routes)
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
