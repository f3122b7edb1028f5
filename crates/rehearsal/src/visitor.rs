//! One visitor of the night: lands on the home page or on a listing
//! someone shared, looks around (listings and their photos, categories,
//! searches, shops) with think time between pages, and sometimes puts
//! something in the cart and checks out.
//!
//! Visitors follow the links of the pages they get, as people do, so the
//! rehearsal spreads over the catalogue the way the site itself leads.

use crate::catalogue::Catalogue;
use crate::ledger::Ledger;
use crate::recorder::{Class, Outcome, Recorder};
use crate::scenario::{Phase, Scenario};
use bytes::Bytes;
use rand::Rng as _;
use rand::distr::Distribution as _;
use rand_chacha::ChaCha8Rng;
use reqwest::header::{COOKIE, LOCATION, ORIGIN, RETRY_AFTER, SET_COOKIE};
use reqwest::{Method, StatusCode};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How visitors behave.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub(crate) struct Behaviour {
    /// Average pause between two pages.
    #[serde(serialize_with = "seconds")]
    pub(crate) think: Duration,
    /// Average pages per visit (at least one).
    pub(crate) pages: f64,
    /// Share of visitors who put something in their cart…
    pub(crate) cart_share: f64,
    /// …and of those, the share who check out.
    pub(crate) checkout_share: f64,
    /// Photos a page shows before scrolling, fetched with it (two on a
    /// phone, where most of a TV audience is).
    pub(crate) photos_per_page: usize,
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

impl Behaviour {
    /// How long a visit lasts on average, for the arrival rate: a pause
    /// between each two of its pages (and, for a one-page visit, the time
    /// it stays on it), and for those who check out, the three pauses of
    /// the checkout (before it, at the address, at the review). Buyers put
    /// something in their cart within their visit, not by staying longer.
    pub(crate) fn visit_length(&self) -> Duration {
        let checkout_pauses = 3.0 * self.cart_share * self.checkout_share;
        self.think.mul_f64((self.pages - 1.0).max(0.5) + checkout_pauses)
    }
}

/// What every visitor shares.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) client: reqwest::Client,
    pub(crate) base: String,
    /// Connections to the server: requests beyond wait their turn (and the
    /// wait counts in their latency).
    pub(crate) connections: Semaphore,
    pub(crate) recorder: Arc<Recorder>,
    pub(crate) scenario: Scenario,
    pub(crate) catalogue: Catalogue,
    pub(crate) ledger: Ledger,
    pub(crate) behaviour: Behaviour,
    /// Names this run's buyers' addresses.
    pub(crate) run: String,
    /// Set when the scenario is over: visitors leave after their current
    /// step, and those checking out finish without further pauses.
    pub(crate) closing: tokio::sync::watch::Sender<bool>,
    pub(crate) active: AtomicU64,
    pub(crate) started: AtomicU64,
    pub(crate) completed: AtomicU64,
}

/// A server's answer.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: Bytes,
}

/// What a visitor keeps of the page it is on through its pause: where it
/// will go next, chosen while reading the page (the choice does not depend
/// on the pause, and a page's links are read once instead of a whole page
/// kept per visitor), and on a listing it may buy, the add-to-cart form.
#[derive(Debug, Default)]
struct Page {
    next: Option<(Class, String)>,
    /// The add-to-cart form of a listing page: (listing, seen price).
    buy: Option<(String, String)>,
}

/// The links of one kind in a page: the listing links, the shop links,
/// the photos.
#[derive(Debug, Clone, Copy)]
struct Link {
    /// What precedes the link's path in the page.
    marker: &'static [u8],
    /// The path's start, which the marker ends with.
    path: &'static str,
}

const LISTINGS: Link = Link { marker: b"href=\"/listing/", path: "/listing/" };
const SHOPS: Link = Link { marker: b"href=\"/shop/", path: "/shop/" };
const PHOTOS: Link = Link { marker: b"src=\"/media/", path: "/media/" };

impl Site {
    fn phase(&self) -> Phase {
        let elapsed = self.recorder.elapsed();
        self.scenario.phase(elapsed).unwrap_or(Phase::Decline)
    }

    /// Sends one request meant to leave at `intended`, and records how it
    /// went. `None` when it failed or was shed.
    async fn send(
        &self,
        class: Class,
        intended: Instant,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<&[(&str, &str)]>,
    ) -> (Option<Answer>, Option<String>, Outcome) {
        let Ok(_connection) = self.connections.acquire().await else {
            return (None, None, Outcome::Error("the generator is shutting down".into()));
        };
        self.recorder.record_lag(intended);
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        if let Some(form) = form {
            // Browsers send the page's origin with every form post.
            request = request.header(ORIGIN, &self.base).form(form);
        }
        let (answer, cookie, outcome) = match request.send().await {
            Err(error) => (None, None, Outcome::Error(describe(&error, path))),
            Ok(response) => {
                let status = response.status();
                let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
                let cookie = session_cookie(response.headers());
                let shed = matches!(status, StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS)
                    && response.headers().contains_key(RETRY_AFTER);
                // A photo is only looked at: read, not kept.
                let body = if class == Class::Images {
                    drain(response).await.map(|()| Bytes::new())
                } else {
                    response.bytes().await
                };
                match body {
                    Err(error) => (None, cookie, Outcome::Error(describe(&error, path))),
                    Ok(body) => {
                        let outcome = if shed {
                            Outcome::Shed
                        } else if status.is_server_error()
                            || (status.is_client_error()
                                && !matches!(
                                    status,
                                    StatusCode::NOT_FOUND | StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
                                ))
                        {
                            Outcome::Error(format!("{status} for {method_path}", method_path = path))
                        } else {
                            Outcome::Ok
                        };
                        (Some(Answer { status, location, body }), cookie, outcome)
                    }
                }
            }
        };
        self.recorder.record(class, self.phase(), intended, &outcome);
        let answer = if outcome == Outcome::Ok { answer } else { None };
        (answer, cookie, outcome)
    }
}

async fn drain(mut response: reqwest::Response) -> reqwest::Result<()> {
    while response.chunk().await?.is_some() {}
    Ok(())
}

fn describe(error: &reqwest::Error, path: &str) -> String {
    if error.is_timeout() {
        format!("timed out: {path}")
    } else if error.is_connect() {
        format!("could not connect: {path}")
    } else {
        format!("{error}: {path}")
    }
}

/// The session cookie a response sets, as a `Cookie` header value.
fn session_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.trim_start().starts_with("echoppe_session="))
        .map(|pair| pair.trim().to_owned())
}

/// One visitor.
#[derive(Debug)]
pub(crate) struct Visitor {
    site: Arc<Site>,
    rng: ChaCha8Rng,
    number: u64,
    cookie: Option<String>,
    /// Photos already in this visitor's browser cache.
    photos_seen: HashSet<String>,
}

/// Leaves the active count however the visit ends.
struct Leaving<'a>(&'a Site);

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Tries for a shed cart or checkout step: a buyer waits and tries again.
const BUYER_TRIES: usize = 3;

impl Visitor {
    pub(crate) fn new(site: Arc<Site>, rng: ChaCha8Rng, number: u64) -> Self {
        Self { site, rng, number, cookie: None, photos_seen: HashSet::new() }
    }

    /// The whole visit.
    pub(crate) async fn visit(mut self) {
        let site = Arc::clone(&self.site);
        site.active.fetch_add(1, Ordering::Relaxed);
        site.started.fetch_add(1, Ordering::Relaxed);
        let _leaving = Leaving(&site);
        let behaviour = site.behaviour;
        // Geometric number of pages, `pages` on average.
        let more = 1.0 - 1.0 / behaviour.pages.max(1.0);
        let buyer = self.rng.random_bool(behaviour.cart_share.clamp(0.0, 1.0));
        let checks_out = buyer && self.rng.random_bool(behaviour.checkout_share.clamp(0.0, 1.0));
        let landing = if self.rng.random_bool(0.6) { "/".to_owned() } else { self.popular_listing() };
        let mut page = self.open(Class::Pages, &landing, Instant::now(), buyer).await;
        let mut in_cart = false;
        let mut step = 1;
        while self.rng.random_bool(more) {
            if *site.closing.borrow() {
                return;
            }
            let intended = self.think().await;
            if *site.closing.borrow() {
                return;
            }
            step += 1;
            if buyer
                && !in_cart
                && step >= 3
                && let Some((listing, seen)) = page.buy.clone()
            {
                in_cart = self.add_to_cart(&listing, &seen, intended).await;
                continue;
            }
            let (class, path) = page.next.take().unwrap_or((Class::Pages, "/".to_owned()));
            page = self.open(class, &path, intended, buyer && !in_cart).await;
        }
        if in_cart && checks_out && !*site.closing.borrow() {
            let intended = self.think().await;
            self.check_out(intended).await;
        }
        site.completed.fetch_add(1, Ordering::Relaxed);
    }

    /// Waits the think time (exponential, at least a tenth of the average:
    /// nobody reads a page in no time); returns when the next request is
    /// meant to leave.
    async fn think(&mut self) -> Instant {
        let mean = self.site.behaviour.think.as_secs_f64().max(0.001);
        let pause = rand_distr::Exp::new(1.0 / mean).map_or(mean, |exp| exp.sample(&mut self.rng)).max(mean / 10.0);
        let intended = Instant::now() + Duration::from_secs_f64(pause.min(mean * 10.0));
        let mut closing = self.site.closing.subscribe();
        tokio::select! {
            () = tokio::time::sleep_until(intended.into()) => intended,
            _ = closing.wait_for(|closing| *closing) => Instant::now(),
        }
    }

    fn popular_listing(&mut self) -> String {
        let popular = &self.site.catalogue.popular;
        // Shared links follow popularity (Zipf): a few listings get most.
        let rank = rand_distr::Zipf::new(popular.len().max(1) as f64, 1.1)
            .map_or(1.0, |zipf| zipf.sample(&mut self.rng)) as usize;
        popular.get(rank.saturating_sub(1)).cloned().unwrap_or_else(|| "/".to_owned())
    }

    /// Where to go from a page: a link on it, a search, a category.
    fn next_path(&mut self, body: &[u8]) -> (Class, String) {
        let site = Arc::clone(&self.site);
        let catalogue = &site.catalogue;
        let roll: f64 = self.rng.random();
        if roll < 0.5
            && let Some(listing) = self.pick(body, LISTINGS)
        {
            return (Class::Pages, listing);
        }
        if roll < 0.7 && !catalogue.words.is_empty() {
            let word = &catalogue.words[self.rng.random_range(0..catalogue.words.len())];
            let query: String = form_urlencoded::byte_serialize(word.as_bytes()).collect();
            return (Class::Search, format!("/search?q={query}"));
        }
        if roll < 0.8
            && let Some(shop) = self.pick(body, SHOPS)
        {
            return (Class::Pages, shop);
        }
        if roll < 0.95 && !catalogue.categories.is_empty() {
            let category = &catalogue.categories[self.rng.random_range(0..catalogue.categories.len())];
            if self.rng.random_bool(0.15) {
                return (Class::Pages, format!("{category}?page={}", self.rng.random_range(2..=4)));
            }
            return (Class::Pages, category.clone());
        }
        (Class::Pages, "/".to_owned())
    }

    /// Opens a page and the photos it shows first; `buying` when the
    /// visitor would put a listing in the cart.
    async fn open(&mut self, class: Class, path: &str, intended: Instant, buying: bool) -> Page {
        let site = Arc::clone(&self.site);
        let (answer, cookie, _) = site.send(class, intended, Method::GET, path, self.cookie.as_deref(), None).await;
        self.keep(cookie);
        let Some(answer) = answer else { return Page::default() };
        let body = &answer.body;
        let buy = if buying && path.starts_with(LISTINGS.path) {
            field(body, "listing").zip(field(body, "seen"))
        } else {
            None
        };
        let page = Page { next: Some(self.next_path(body)), buy };
        let shown = Instant::now();
        // The first photos not already in the browser's cache.
        let seen = &mut self.photos_seen;
        let photos: Vec<String> = links(body, PHOTOS)
            .filter(|photo| seen.insert(photo.clone()))
            .take(site.behaviour.photos_per_page)
            .collect();
        // Fetched together, as a browser does.
        futures_util::future::join_all(
            photos.iter().map(|photo| site.send(Class::Images, shown, Method::GET, photo, None, None)),
        )
        .await;
        page
    }

    /// One of a page's links of a kind, at random (a listing linked twice
    /// is twice as likely to be followed, as on a real page).
    fn pick(&mut self, body: &[u8], kind: Link) -> Option<String> {
        let count = links(body, kind).count();
        if count == 0 {
            return None;
        }
        links(body, kind).nth(self.rng.random_range(0..count))
    }

    fn keep(&mut self, cookie: Option<String>) {
        if cookie.is_some() {
            self.cookie = cookie;
        }
    }

    /// Sends a buyer's step, trying again after `Retry-After` if shed.
    async fn buyer_step(
        &mut self,
        class: Class,
        method: Method,
        path: &str,
        form: Option<&[(&str, &str)]>,
        intended: Instant,
    ) -> Option<Answer> {
        let site = Arc::clone(&self.site);
        let mut intended = intended;
        for _ in 0..BUYER_TRIES {
            let (answer, cookie, outcome) =
                site.send(class, intended, method.clone(), path, self.cookie.as_deref(), form).await;
            self.keep(cookie);
            if outcome != Outcome::Shed {
                return answer;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
            intended = Instant::now();
        }
        None
    }

    async fn add_to_cart(&mut self, listing: &str, seen: &str, intended: Instant) -> bool {
        let form = [("listing", listing), ("quantity", "1"), ("seen", seen)];
        let answer = self.buyer_step(Class::Cart, Method::POST, "/cart", Some(&form), intended).await;
        answer.is_some_and(|a| a.status == StatusCode::SEE_OTHER && a.location.as_deref() == Some("/cart"))
    }

    /// From the cart to the confirmation; the acknowledgement goes in the ledger.
    async fn check_out(&mut self, intended: Instant) {
        let ledger = &Arc::clone(&self.site).ledger;
        if let Err(why) = self.try_check_out(intended).await {
            tracing::debug!(visitor = self.number, why, "checkout not acknowledged");
            ledger.not_acknowledged(why);
        }
    }

    /// `Err` says why the checkout was not acknowledged (logged at debug).
    async fn try_check_out(&mut self, intended: Instant) -> Result<(), &'static str> {
        self.buyer_step(Class::Cart, Method::GET, "/cart", None, intended).await.ok_or("the cart page failed")?;
        let form = self
            .buyer_step(Class::Checkout, Method::GET, "/checkout", None, Instant::now())
            .await
            .ok_or("the address form failed")?;
        if form.status != StatusCode::OK {
            return Err("sent back to the cart (something in it sold out)");
        }
        let csrf = field(&form.body, "csrf").unwrap_or_default();
        let email = format!("surge-{}-{}@example.org", self.site.run, self.number);
        let address = [
            ("csrf", csrf.as_str()),
            ("email", email.as_str()),
            ("name", "Visiteur Répétition"),
            ("line1", "1 rue de la Répétition"),
            ("postcode", "75011"),
            ("city", "Paris"),
            ("country", "FR"),
        ];
        let intended = self.think().await;
        let saved = self
            .buyer_step(Class::Checkout, Method::POST, "/checkout", Some(&address), intended)
            .await
            .ok_or("posting the address failed")?;
        if saved.location.as_deref() != Some("/checkout/review") {
            return Err("the address was not accepted");
        }
        let review = self
            .buyer_step(Class::Checkout, Method::GET, "/checkout/review", None, Instant::now())
            .await
            .ok_or("the review page failed")?;
        let (Some(token), Some(shown), Some(csrf)) =
            (field(&review.body, "token"), field(&review.body, "shown"), field(&review.body, "csrf"))
        else {
            return Err("the review page had no confirm form");
        };
        let confirm = [("token", token.as_str()), ("shown", shown.as_str()), ("csrf", csrf.as_str())];
        let intended = self.think().await;
        let confirmed = self
            .buyer_step(Class::Checkout, Method::POST, "/checkout/confirm", Some(&confirm), intended)
            .await
            .ok_or("confirming failed")?;
        let done = confirmed
            .location
            .filter(|l| l.starts_with("/checkout/done?key="))
            .ok_or("confirming did not lead to a confirmation")?;
        self.site.ledger.acknowledge(done.clone());
        self.buyer_step(Class::Checkout, Method::GET, &done, None, Instant::now()).await;
        Ok(())
    }
}

/// The value of the hidden field `name` in a page.
fn field(body: &[u8], name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = find(body, marker.as_bytes())? + marker.len();
    let end = memchr::memchr(b'"', &body[start..])?;
    Some(std::str::from_utf8(&body[start..start + end]).ok()?.replace("&amp;", "&"))
}

/// The links of a kind in a page, in page order, as paths (`&amp;`
/// decoded), read straight from its bytes.
fn links(body: &[u8], kind: Link) -> impl Iterator<Item = String> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = at + find(&body[at..], kind.marker)? + kind.marker.len();
            let length = memchr::memchr(b'"', &body[start..])?;
            at = start + length;
            match std::str::from_utf8(&body[start..at]) {
                Ok(rest) if !rest.is_empty() => return Some(format!("{}{}", kind.path, rest.replace("&amp;", "&"))),
                _ => {}
            }
        }
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_photos_and_forms_are_read_from_a_page() {
        let page = br#"<a href="/listing/42-bague">x</a><a href="/listing/42-bague">again</a>
            <img src="/media/abc/card-480.webp" alt=""><a href="/shop/atelier">s</a>
            <input type="hidden" name="listing" value="42"><input type="hidden" name="seen" value="4500">
            <a href="/listing/7?from=x&amp;y=1">y</a><a href="/listing/">empty</a><a href="/listing/9"#;
        let listings: Vec<String> = links(page, LISTINGS).collect();
        assert_eq!(listings, ["/listing/42-bague", "/listing/42-bague", "/listing/7?from=x&y=1"]);
        assert_eq!(links(page, SHOPS).collect::<Vec<_>>(), ["/shop/atelier"]);
        assert_eq!(links(page, PHOTOS).collect::<Vec<_>>(), ["/media/abc/card-480.webp"]);
        assert_eq!(field(page, "listing").zip(field(page, "seen")), Some(("42".to_owned(), "4500".to_owned())));
        assert_eq!(links(b"<p>nothing</p>", LISTINGS).count(), 0);
        assert!(field(b"<p>nothing</p>", "listing").is_none());
    }

    #[test]
    fn the_session_cookie_is_kept() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append(SET_COOKIE, "theme=dark; Path=/".parse().unwrap());
        headers.append(SET_COOKIE, "echoppe_session=abc123; HttpOnly; Path=/".parse().unwrap());
        assert_eq!(session_cookie(&headers).as_deref(), Some("echoppe_session=abc123"));
    }

    #[test]
    fn a_visit_lasts_a_think_time_between_each_two_pages() {
        let behaviour = Behaviour {
            think: Duration::from_secs(20),
            pages: 8.0,
            cart_share: 0.1,
            checkout_share: 0.5,
            photos_per_page: 4,
        };
        // 7 pauses, and 3 more for the 5% who check out.
        assert_eq!(behaviour.visit_length(), Duration::from_secs(143));
    }
}
