//! The page cache: storefront pages as anonymous visitors see them, kept
//! rendered and compressed in memory.
//!
//! - **Fresh** for a few seconds: served as stored, no handler runs.
//! - **Stale but revalidating**: served as stored while one background
//!   request renders it again (stale-while-revalidate).
//! - **Missing or older**: rendered once however many ask at once
//!   ([`SingleFlight`]); if that render fails (5xx) and a stored copy is
//!   within its grace period, the copy is served instead (stale-if-error).
//!
//! Bodies are kept in identity, and in gzip and brotli from the first
//! request that takes them (so a page nobody asks compressed, or in gzip,
//! is never compressed that way), so a hit costs no compression, with a strong ETag for conditional requests (304). The same
//! rules are told to caches in front (`Cache-Control: s-maxage,
//! stale-while-revalidate, stale-if-error`).
//!
//! Only requests without a session cookie are served from here: pages for a
//! signed-in person carry their name and their forms' tokens. A listing's
//! pages are forgotten when the listing changes (see
//! [`PageCache::forget_changed`]), within the change feed's delay.

use super::encoding::{Coding, brotli, gzip, negotiate};
use super::listing_index::{ListingIndex, PRUNE_EVERY_ROUNDS, shown_listings};
use super::modes::Modes;
use super::priority::Refresh;
use super::single_flight::SingleFlight;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::future::{BoxFuture, Either, Ready, ready};
use std::convert::Infallible;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tower::{Layer, Service, ServiceExt as _};

/// How long pages stay fresh, stale, and usable in a pinch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCacheSettings {
    /// Off: every request renders (to measure what the cache is worth).
    pub enabled: bool,
    /// Served as stored, without asking the handler.
    pub fresh: Duration,
    /// After that, served as stored while refreshed in the background.
    pub revalidate: Duration,
    /// After that, served only when rendering fails.
    pub grace: Duration,
    /// Memory for stored pages (all three codings counted).
    pub capacity_bytes: u64,
}

impl Default for PageCacheSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            fresh: Duration::from_secs(5),
            revalidate: Duration::from_secs(30),
            grace: Duration::from_secs(600),
            capacity_bytes: 256 * 1024 * 1024,
        }
    }
}

/// How long a page waits before trying another background refresh after
/// one that did not give a page (turned away at the door, or failed).
const REFRESH_PAUSE: Duration = Duration::from_secs(1);
/// The longest URL kept: longer ones (crafted, scraped) are rendered each time.
const MAX_KEY: usize = 512;
/// The largest page kept; ours are a few tens of kilobytes.
const MAX_PAGE: usize = 2 * 1024 * 1024;
/// The longest `If-None-Match` read.
const MAX_IF_NONE_MATCH: usize = 1024;
/// In a cookie's name, what makes a request personal (the session cookie
/// is `echoppe_session`; any spelling of it counts).
const SESSION_WORD: &[u8] = b"session";

/// A page as stored, with the whole response ready in each coding: a hit
/// clones a header map and a reference-counted body, nothing more.
#[derive(Debug)]
pub(crate) struct CachedPage {
    status: StatusCode,
    identity: Variant,
    /// Made from `identity` the first time a client takes it.
    gzip: OnceLock<Variant>,
    brotli: OnceLock<Variant>,
    /// The headers every coding shares, and the page's validator, to make
    /// the compressed variants from.
    common: HeaderMap,
    etag: HeaderValue,
    stored: Instant,
    /// This page's share of the fresh time, between 0.75 and 1.25, so the
    /// pages stored together (after a warm-up, or after the surge banner
    /// changed every page) do not all go stale in the same second.
    spread: f64,
    /// A background refresh is under way (or was turned away at the door
    /// a moment ago).
    refreshing: AtomicBool,
}

#[derive(Debug)]
struct Variant {
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
    /// What a 304 carries.
    not_modified: HeaderMap,
}

impl Variant {
    /// The response in `coding`, its headers made once.
    fn new(common: &HeaderMap, etag: &HeaderValue, coding: Coding, body: Bytes) -> Self {
        // One validator per coding: a cache in front must not answer a
        // gzip client's revalidation with the brotli bytes.
        let etag = coded_etag(etag, coding);
        let mut headers = common.clone();
        headers.insert(header::ETAG, etag.clone());
        if let Some(name) = coding.header() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        let mut not_modified = HeaderMap::new();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(value) = headers.get(&name) {
                not_modified.insert(name, value.clone());
            }
        }
        Self { headers, body, etag, not_modified }
    }
}

impl CachedPage {
    fn variant(&self, coding: Coding) -> &Variant {
        match coding {
            Coding::Identity => &self.identity,
            // A millisecond or so, once per page and coding; concurrent
            // first askers wait for the one compression.
            Coding::Gzip => {
                self.gzip.get_or_init(|| Variant::new(&self.common, &self.etag, coding, gzip(&self.identity.body)))
            }
            Coding::Brotli => {
                self.brotli.get_or_init(|| Variant::new(&self.common, &self.etag, coding, brotli(&self.identity.body)))
            }
        }
    }
}

impl CachedPage {
    /// Counted at insertion, before any compression: the identity body and
    /// what gzip and brotli add to it on a typical page (a quarter and a
    /// fifth of it).
    fn weight(&self) -> u32 {
        let bytes = self.identity.body.len() * 3 / 2;
        u32::try_from(bytes + 2048).unwrap_or(u32::MAX)
    }
}

/// What one render gave, shared with the requests that waited for it.
#[derive(Debug, Clone)]
enum Rendered {
    /// The same for everyone: `stored` if it went into the cache.
    Shared { page: Arc<CachedPage>, stored: bool },
    /// Meant for the one who asked (it sets a cookie): the others render
    /// for themselves.
    Personal(Arc<Mutex<Option<Response>>>),
}

/// The cache. Cloning it is one reference count: the front service clones
/// it for every request.
#[derive(Debug, Clone)]
pub struct PageCache(Arc<Store>);

impl std::ops::Deref for PageCache {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.0
    }
}

#[derive(Debug)]
pub struct Store {
    settings: PageCacheSettings,
    pages: moka::sync::Cache<String, Arc<CachedPage>>,
    renders: SingleFlight<String, Rendered>,
    /// Which pages show which listings, and which listings changed while
    /// a page rendered.
    listings: ListingIndex,
    cache_control: HeaderValue,
    /// Busy and surge keep pages fresh longer; entering or leaving surge
    /// makes every page stale (the banner comes or goes).
    modes: Modes,
    /// Counted here rather than by the telemetry layers, which hits skip.
    counts: Arc<Counts>,
    /// Rounds of [`PageCache::forget_listings`], to prune the index now and then.
    rounds: AtomicU64,
}

#[derive(Debug)]
struct Counts {
    hit: metrics::Counter,
    stale: metrics::Counter,
    miss: metrics::Counter,
    grace: metrics::Counter,
    not_modified: metrics::Counter,
    /// Renders, by whether their page was kept.
    kept: metrics::Counter,
    not_kept: metrics::Counter,
}

impl PageCache {
    pub fn new(settings: PageCacheSettings, modes: Modes) -> Self {
        let lifetime = settings.fresh + settings.revalidate + settings.grace;
        let cache_control = format!(
            "public, max-age=0, s-maxage={}, stale-while-revalidate={}, stale-if-error={}",
            settings.fresh.as_secs(),
            settings.revalidate.as_secs(),
            settings.grace.as_secs()
        );
        Self(Arc::new(Store {
            settings,
            pages: moka::sync::Cache::builder()
                .max_capacity(settings.capacity_bytes)
                .weigher(|_: &String, page: &Arc<CachedPage>| page.weight())
                .time_to_live(lifetime)
                .build(),
            renders: SingleFlight::new(),
            listings: ListingIndex::default(),
            modes,
            cache_control: HeaderValue::from_str(&cache_control).unwrap_or(HeaderValue::from_static("no-cache")),
            counts: Arc::new(Counts {
                hit: metrics::counter!("echoppe_page_cache_total", "outcome" => "hit"),
                stale: metrics::counter!("echoppe_page_cache_total", "outcome" => "stale"),
                miss: metrics::counter!("echoppe_page_cache_total", "outcome" => "miss"),
                grace: metrics::counter!("echoppe_page_cache_total", "outcome" => "grace"),
                not_modified: metrics::counter!("echoppe_page_cache_total", "outcome" => "not_modified"),
                kept: metrics::counter!("echoppe_page_cache_renders_total", "kept" => "true"),
                not_kept: metrics::counter!("echoppe_page_cache_renders_total", "kept" => "false"),
            }),
            rounds: AtomicU64::new(0),
        }))
    }

    /// Forgets the pages that show the listings in `changed`: one round
    /// of whatever follows the catalogue's changes (the change feed every
    /// node reads, so an edit made on any node reaches every node's
    /// cache). Every few hundred rounds, the index of which page shows
    /// which listing drops the pages the cache has evicted since.
    pub fn forget_listings(&self, changed: impl IntoIterator<Item = i64>) {
        let round = self.rounds.fetch_add(1, Ordering::Relaxed) + 1;
        if round.is_multiple_of(PRUNE_EVERY_ROUNDS) {
            self.listings.prune(|key| self.pages.contains_key(key));
        }
        for id in changed {
            self.forget_listing(id);
        }
    }

    fn forget_listing(&self, id: i64) {
        for key in self.listings.forget(id) {
            self.pages.invalidate(&key);
        }
    }

    /// Renders `request` through the rest of the stack and keeps the page
    /// if everyone may have it.
    async fn render<S: Inner>(&self, key: &str, request: Request, inner: S) -> Rendered {
        let started = self.listings.now();
        let Ok(response) = inner.oneshot(request).await;
        if response.headers().contains_key(header::SET_COOKIE)
            || response.headers().contains_key(header::CONTENT_ENCODING)
        {
            return Rendered::Personal(Arc::new(Mutex::new(Some(response))));
        }
        let (parts, body) = response.into_parts();
        let Ok(identity) = to_bytes(body, MAX_PAGE).await else {
            let failed = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            return Rendered::Personal(Arc::new(Mutex::new(Some(failed))));
        };
        let page = Arc::new(self.stored_page(parts.status, parts.headers, identity));
        // Only pages that exist: a scraper asking for a million missing
        // listings must not fill the cache with error pages. (moka's
        // TinyLFU admission also keeps one-off pages from evicting the
        // popular ones.)
        // Nor a page showing a listing that changed while it rendered: it
        // may show it as it was.
        let stored = page.status == StatusCode::OK && {
            let shown = shown_listings(key, &page.identity.body);
            self.listings.keep_unless_changed(key, &shown, started, || {
                self.pages.insert(key.to_owned(), Arc::clone(&page));
            })
        };
        let kept = if stored { &self.counts.kept } else { &self.counts.not_kept };
        kept.increment(1);
        Rendered::Shared { page, stored }
    }

    /// A rendered page with its response made ready in identity (the
    /// other codings follow on demand, see [`CachedPage::variant`]).
    fn stored_page(&self, status: StatusCode, headers: HeaderMap, identity: Bytes) -> CachedPage {
        let etag = etag_of(&identity);
        let spread = spread_of(&etag);
        let mut common = kept_headers(headers);
        common.insert(header::CACHE_CONTROL, self.cache_control.clone());
        common.insert(header::VARY, HeaderValue::from_static("Accept-Encoding, Cookie"));
        common.insert(X_CACHE, HeaderValue::from_static("hit"));
        CachedPage {
            status,
            identity: Variant::new(&common, &etag, Coding::Identity, identity),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            common,
            etag,
            stored: Instant::now(),
            spread,
            refreshing: AtomicBool::new(false),
        }
    }

    /// Renders `key` again in the background, once, with the visitor's own
    /// request (answered from the stored page meanwhile).
    fn refresh<S: Inner>(&self, key: String, page: Arc<CachedPage>, mut request: Request, inner: S) {
        if page.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        // Below the visitors' own requests at the door.
        request.extensions_mut().insert(Refresh);
        let cache = self.clone();
        tokio::spawn(async move {
            let fresh =
                cache.renders.run(key.clone(), || cache.render(&key, request, inner), Rendered::is_shared).await;
            if !matches!(fresh, Rendered::Shared { stored: true, .. }) {
                // Not replaced (most often turned away at a full door): a
                // stale hit may try again, after a pause — at once, every
                // hit on a popular page would knock on the door again.
                tracing::debug!(key, "refreshing a cached page did not give a page to keep; the stored one stays");
                tokio::time::sleep(REFRESH_PAUSE).await;
                page.refreshing.store(false, Ordering::Release);
            }
        });
    }

    /// The response for `page`, in `coding`, or a 304 if the client has it.
    fn respond(&self, page: &CachedPage, wants: &Wants, outcome: Outcome) -> Response {
        let variant = page.variant(wants.coding);
        if wants.has.as_deref().is_some_and(|has| matches_etag(has, &variant.etag)) {
            self.counts.not_modified.increment(1);
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.headers_mut() = variant.not_modified.clone();
            return response;
        }
        let counter = match outcome {
            Outcome::Hit => &self.counts.hit,
            Outcome::Stale => &self.counts.stale,
            Outcome::Miss => &self.counts.miss,
            Outcome::Grace => &self.counts.grace,
        };
        counter.increment(1);
        let mut response =
            if wants.head { Response::new(Body::empty()) } else { Response::new(Body::from(variant.body.clone())) };
        *response.status_mut() = page.status;
        *response.headers_mut() = variant.headers.clone();
        if outcome != Outcome::Hit {
            let headers = response.headers_mut();
            headers.insert(X_CACHE, HeaderValue::from_static(outcome.as_str()));
            // How old a stale copy is, so a cache in front counts from it.
            headers.insert(header::AGE, HeaderValue::from(page.stored.elapsed().as_secs()));
        }
        response
    }
}

/// How a cached response came about, told in `x-cache`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Hit,
    Stale,
    Miss,
    Grace,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Hit => "hit",
            Self::Stale => "stale",
            Self::Miss => "miss",
            Self::Grace => "grace",
        }
    }
}

/// Whether a page came from the cache (`hit`, `stale`, `grace`) or was
/// rendered (`miss`); the census reads it too.
pub const X_CACHE: header::HeaderName = header::HeaderName::from_static("x-cache");

impl Rendered {
    fn is_shared(&self) -> bool {
        matches!(self, Self::Shared { .. })
    }
}

/// What the cache stands in front of: the router.
pub trait Inner:
    Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + 'static
{
}

impl<S> Inner for S where
    S: Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + 'static
{
}

/// The page cache as a tower layer around the whole application.
#[derive(Debug, Clone)]
pub struct ShieldLayer(pub PageCache);

impl<S> Layer<S> for ShieldLayer {
    type Service = Shield<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Shield { cache: self.0.clone(), inner }
    }
}

/// Serves anonymous GETs of the storefront from the cache, in front of
/// everything: a fresh hit is answered on the spot, without a task, a
/// session, routing or per-request telemetry (the cache counts its own).
#[derive(Debug, Clone)]
pub struct Shield<S> {
    cache: PageCache,
    inner: S,
}

impl<S: Inner> Service<Request> for Shield<S> {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, BoxFuture<'static, Result<Response, Infallible>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if cacheable(&self.cache, &request) {
            let wants = Wants::of(&request);
            let key = cache_key(request.uri());
            if let Some(page) = self.cache.pages.get(key.as_ref()) {
                let age = page.stored.elapsed();
                let fresh = self.cache.fresh_for().mul_f64(page.spread);
                // The hot path: nothing cloned but the response's parts.
                if age < fresh && !self.cache.modes.banner_changed_since(page.stored) {
                    return Either::Left(ready(Ok(self.cache.respond(&page, &wants, Outcome::Hit))));
                }
                if age < fresh + self.cache.revalidate_for() {
                    let key = key.into_owned();
                    let inner = self.take_inner();
                    let request = for_rendering(request, &key);
                    self.cache.refresh(key, Arc::clone(&page), request, inner);
                    return Either::Left(ready(Ok(self.cache.respond(&page, &wants, Outcome::Stale))));
                }
            }
            let (cache, inner) = (self.cache.clone(), self.take_inner());
            return Either::Right(Box::pin(async move { Ok(cache.miss(request, wants, inner).await) }));
        }
        let (cache, inner) = (self.cache.clone(), self.take_inner());
        Either::Right(Box::pin(async move { Ok(cache.pass(request, inner).await) }))
    }
}

impl<S: Clone> Shield<S> {
    fn take_inner(&mut self) -> S {
        super::take_ready(&mut self.inner)
    }
}

/// What the client asked of the representation.
#[derive(Debug)]
struct Wants {
    coding: Coding,
    /// Its `If-None-Match`, if short enough to read.
    has: Option<String>,
    head: bool,
}

impl Wants {
    fn of(request: &Request) -> Self {
        let headers = request.headers();
        Self {
            coding: negotiate(headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok())),
            has: headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .filter(|v| v.len() <= MAX_IF_NONE_MATCH)
                .map(str::to_owned),
            head: request.method() == Method::HEAD,
        }
    }
}

/// The request as the layers inside should see it when a page is rendered
/// to be stored: a GET (a HEAD would come back without its body, and the
/// empty page would be stored for everyone), without `Accept-Encoding`
/// (the page is compressed here, once, in every coding).
///
/// It is also made anonymous by construction — no cookie, no credentials —
/// whatever the session check let through, and asked for under its key
/// (the parameters the page reads, nothing else).
fn for_rendering(mut request: Request, key: &str) -> Request {
    *request.method_mut() = Method::GET;
    let headers = request.headers_mut();
    for name in [header::ACCEPT_ENCODING, header::COOKIE, header::AUTHORIZATION] {
        headers.remove(name);
    }
    if let Ok(uri) = key.parse() {
        *request.uri_mut() = uri;
    }
    request
}

impl PageCache {
    /// How long a page is served without asking the handler, in the
    /// node's mode. Longer when busy: a listing that changes is forgotten
    /// from the change feed anyway, so a longer life only spares renders.
    fn fresh_for(&self) -> Duration {
        self.modes.current().stretched(self.settings.fresh, 6, 12)
    }

    /// How long a stale page is served while it is refreshed. Longer when
    /// busy and much longer in surge: refreshes queue behind every
    /// visitor's request, so under a full door they wait, and a page past
    /// this window is a miss its visitors wait for. Edits do not wait for
    /// it: the change feed forgets their pages at once.
    fn revalidate_for(&self) -> Duration {
        self.modes.current().stretched(self.settings.revalidate, 4, 10)
    }

    /// A request the cache does not answer.
    async fn pass<S: Inner>(&self, request: Request, inner: S) -> Response {
        let personal = has_session(request.headers());
        let Ok(mut response) = inner.oneshot(request).await;
        if personal {
            // Pages for a signed-in person: no shared cache may keep them.
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        }
        response
    }

    /// A page not stored, or stored too long ago: rendered once for all who
    /// ask at the same time.
    async fn miss<S: Inner>(&self, request: Request, wants: Wants, inner: S) -> Response {
        let key = cache_key(request.uri()).into_owned();
        let stored = self.pages.get(&key);
        let request = for_rendering(request, &key);
        let renderer = self.clone();
        let rendered = self
            .renders
            .run(
                key.clone(),
                || async move {
                    // In a task of its own: if this client goes away, the
                    // render still finishes for those waiting on it.
                    let render = tokio::spawn(async move { renderer.render(&key, request, inner).await });
                    render.await.unwrap_or_else(|_| {
                        Rendered::Personal(Arc::new(Mutex::new(Some(
                            StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                        ))))
                    })
                },
                Rendered::is_shared,
            )
            .await;
        match rendered {
            Rendered::Shared { page, .. } if page.status.is_server_error() => match &stored {
                // The handler failed: yesterday's page beats an error page.
                Some(old) => self.respond(old, &wants, Outcome::Grace),
                None => {
                    let mut response = self.respond(&page, &Wants { has: None, ..wants }, Outcome::Miss);
                    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    response
                }
            },
            Rendered::Shared { page, stored: true } => self.respond(&page, &wants, Outcome::Miss),
            Rendered::Shared { page, stored: false } => {
                self.respond(&page, &Wants { has: None, ..wants }, Outcome::Miss)
            }
            Rendered::Personal(response) => {
                response.lock().unwrap_or_else(PoisonError::into_inner).take().unwrap_or_else(|| {
                    // Only the request that rendered it reaches here with a response.
                    StatusCode::SERVICE_UNAVAILABLE.into_response()
                })
            }
        }
    }
}

/// Whether the cache may answer a request: an anonymous GET (or HEAD) of a
/// storefront page, its URL of a reasonable length (the key is the path
/// and query).
fn cacheable(cache: &PageCache, request: &Request) -> bool {
    if !cache.settings.enabled || !matches!(*request.method(), Method::GET | Method::HEAD) {
        return false;
    }
    let uri = request.uri();
    let path = uri.path();
    let storefront = path == "/"
        || path == "/search"
        || ["/c/", "/listing/", "/shop/"].iter().any(|prefix| path.starts_with(prefix));
    storefront && uri.path_and_query().is_none_or(|pq| pq.as_str().len() <= MAX_KEY) && !has_session(request.headers())
}

/// Whether a request may carry a session. Generous on purpose: any cookie
/// that names a session in any spelling goes past the cache (renders for the
/// cache are made without cookies anyway, see [`for_rendering`]).
fn has_session(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().any(|value| {
        let bytes = value.as_bytes();
        !bytes.is_ascii() || bytes.windows(SESSION_WORD.len()).any(|w| w.eq_ignore_ascii_case(SESSION_WORD))
    })
}

/// The key of a storefront URL: its path, and of its query only the
/// parameters the page reads, in the order sent — so `?x=1`, `?x=2`… are
/// one page, not one entry each. No allocation when nothing is dropped.
fn cache_key(uri: &axum::http::Uri) -> std::borrow::Cow<'_, str> {
    let path = uri.path();
    let read: &[&str] = if path.starts_with("/c/") {
        &["page", "sort", "min_price", "max_price"]
    } else if path.starts_with("/shop/") {
        &["page"]
    } else if path == "/search" {
        &["q", "category", "min_price", "max_price", "material", "location", "sort", "page", "limit"]
    } else {
        &[]
    };
    let Some(query) = uri.query() else { return std::borrow::Cow::Borrowed(path) };
    let reads = |pair: &&str| read.contains(&pair.split('=').next().unwrap_or_default());
    if query.split('&').all(|pair| reads(&pair)) {
        return std::borrow::Cow::Borrowed(uri.path_and_query().map_or(path, |pq| pq.as_str()));
    }
    let kept: Vec<&str> = query.split('&').filter(reads).collect();
    if kept.is_empty() {
        return std::borrow::Cow::Borrowed(path);
    }
    std::borrow::Cow::Owned(format!("{path}?{}", kept.join("&")))
}

/// The response headers a stored page keeps: not the cookies (there are
/// none), nor those describing one response's body.
fn kept_headers(mut headers: HeaderMap) -> HeaderMap {
    for name in [header::SET_COOKIE, header::CONTENT_LENGTH, header::CONTENT_ENCODING, header::VARY, header::ETAG] {
        headers.remove(name);
    }
    headers.remove("x-request-id");
    headers
}

/// The validator of one coding of a page.
fn coded_etag(etag: &HeaderValue, coding: Coding) -> HeaderValue {
    let tag = etag.to_str().unwrap_or("\"0\"").trim_end_matches('"');
    let suffix = coding.header().unwrap_or("id");
    HeaderValue::from_str(&format!("{tag}-{suffix}\"")).unwrap_or_else(|_| etag.clone())
}

/// A page's share of the fresh time (see [`CachedPage::spread`]), from its
/// validator: any hash spreads as well as a random draw, and is the same
/// for the same page.
fn spread_of(etag: &HeaderValue) -> f64 {
    let mut hasher = DefaultHasher::new();
    etag.as_bytes().hash(&mut hasher);
    0.75 + (hasher.finish() % 1_000) as f64 / 2_000.0
}

/// A strong validator from the page's bytes.
fn etag_of(body: &[u8]) -> HeaderValue {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    HeaderValue::from_str(&format!("\"{:016x}-{:x}\"", hasher.finish(), body.len()))
        .unwrap_or(HeaderValue::from_static("\"0\""))
}

/// Whether an `If-None-Match` list names `etag` (weak comparison, as
/// RFC 9110 asks for this header).
fn matches_etag(has: &str, etag: &HeaderValue) -> bool {
    let etag = etag.to_str().unwrap_or_default();
    has.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_only_what_the_page_reads() {
        let key = |uri: &str| cache_key(&uri.parse().unwrap()).into_owned();
        assert_eq!(key("/c/bijoux?page=2&sort=price_asc"), "/c/bijoux?page=2&sort=price_asc");
        assert_eq!(key("/c/bijoux?x=1&page=2"), "/c/bijoux?page=2");
        assert_eq!(key("/listing/4?utm_source=tv"), "/listing/4");
        assert_eq!(key("/?x=123"), "/");
        assert_eq!(key("/search?q=bague&junk=1"), "/search?q=bague");
    }

    #[test]
    fn pages_stored_together_go_stale_spread_over_half_their_fresh_time() {
        let spreads: Vec<f64> = (0..1_000).map(|page| spread_of(&etag_of(format!("page {page}").as_bytes()))).collect();
        assert!(spreads.iter().all(|spread| (0.75..1.25).contains(spread)), "within a quarter either way");
        let early = spreads.iter().filter(|spread| **spread < 1.0).count();
        assert!((400..600).contains(&early), "about half go stale early: {early} of 1000");
        let etag = etag_of(b"page");
        assert_eq!(spread_of(&etag), spread_of(&etag), "the same page, the same share");
    }

    #[test]
    fn any_spelling_of_a_session_cookie_is_personal() {
        let with = |cookie: &[u8]| {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_bytes(cookie).unwrap());
            has_session(&headers)
        };
        for personal in
            [&b"echoppe_session=x"[..], b"echoppe_session =x", b"echoppe%5Fsession=x", b"pref=caf\xc3\xa9; a=b"]
        {
            assert!(with(personal), "{personal:?}");
        }
        assert!(!with(b"theme=dark"));
    }

    #[test]
    fn validators_match_as_clients_send_them() {
        let etag = etag_of(b"<p>page</p>");
        let tag = etag.to_str().unwrap().to_owned();
        assert!(matches_etag(&tag, &etag));
        assert!(matches_etag(&format!("\"other\", W/{tag}"), &etag));
        assert!(matches_etag("*", &etag));
        for hostile in ["", "\"\"", ",,,,", "W/", &"\"x\",".repeat(50)] {
            assert!(!matches_etag(hostile, &etag), "{hostile:?}");
        }
        assert_ne!(etag_of(b"a"), etag_of(b"b"));
    }

    #[test]
    fn only_anonymous_storefront_gets_are_cached() {
        let cache = PageCache::new(PageCacheSettings::default(), Modes::new(None));
        let request = |method: Method, uri: &str, cookie: Option<&str>| {
            let mut builder = Request::builder().method(method).uri(uri);
            if let Some(cookie) = cookie {
                builder = builder.header(header::COOKIE, cookie);
            }
            builder.body(Body::empty()).unwrap()
        };
        assert!(cacheable(&cache, &request(Method::GET, "/c/bijoux?page=2", None)));
        assert!(cacheable(&cache, &request(Method::GET, "/listing/4", Some("theme=dark"))));
        assert!(!cacheable(&cache, &request(Method::GET, "/listing/4", Some("a=1; echoppe_session=x"))));
        assert!(!cacheable(&cache, &request(Method::POST, "/listing/4", None)));
        assert!(!cacheable(&cache, &request(Method::GET, "/cart", None)));
        assert!(!cacheable(&cache, &request(Method::GET, "/sell", None)));
        assert!(!cacheable(&cache, &request(Method::GET, &format!("/search?q={}", "a".repeat(600)), None)));
    }
}
