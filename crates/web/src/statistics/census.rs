//! The census: counts the listing pages and searches the node serves,
//! whether from the page cache or from a handler, in front of everything,
//! and how every request ended and how long it took (for the live page).
//! It reads the request and the response's status and headers only (the
//! search page's result count from its `x-echoppe-results` header), so it
//! costs a few comparisons per request and nothing is rendered for it.

use super::{Statistics, What, normalised_term};
use crate::live::{Ending, Live};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use echoppe_domain::{ListingId, ShopId};
use echoppe_shield::{X_CACHE, X_SHED};
use futures_util::future::BoxFuture;
use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::{Layer, Service, ServiceExt as _};

/// The search page says how many listings it found (kept with the page in
/// the cache, so a cached search is counted as well).
pub(crate) const RESULTS_HEADER: &str = "x-echoppe-results";
/// A listing page says whose listing it is, likewise.
pub(crate) const SHOP_HEADER: &str = "x-echoppe-shop";

/// The census as a tower layer, outermost.
#[derive(Debug, Clone)]
pub(crate) struct CensusLayer {
    pub(crate) statistics: Statistics,
    pub(crate) live: Live,
    pub(crate) forwarded_for: bool,
    /// Off: requests pass straight through, nothing counted.
    pub(crate) counting: bool,
    /// Off: listing views are left to the beacon script (a CDN in front
    /// serves most of them).
    pub(crate) counting_views: bool,
}

impl<S> Layer<S> for CensusLayer {
    type Service = Census<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Census { layer: Arc::new(self.clone()), inner }
    }
}

/// Counts what `S` serves.
#[derive(Debug, Clone)]
pub struct Census<S> {
    /// Shared: a request takes one reference for its way back.
    layer: Arc<CensusLayer>,
    inner: S,
}

/// What a request may turn out to be, read before it goes in.
enum Counted {
    View { listing: ListingId, from_search: Option<String> },
    Search { term: String },
    Beacons,
}

/// `views`: whether listing pages are counted here (not when the beacon
/// script counts them).
fn counted(request: &Request, views: bool) -> Option<Counted> {
    let path = request.uri().path();
    if request.method() == Method::POST && path == "/api/v1/events" {
        return Some(Counted::Beacons);
    }
    if request.method() != Method::GET {
        return None;
    }
    if let Some(rest) = path.strip_prefix("/listing/").filter(|_| views) {
        // `/listing/{id}` with an optional `-{slug}`.
        let id = rest.split_once('-').map_or(rest, |(id, _)| id);
        let listing = ListingId::parse(id).ok()?;
        return Some(Counted::View { listing, from_search: searched_from(request.headers()) });
    }
    if path == "/search" {
        let term = query_term(request.uri().query()?)?;
        return Some(Counted::Search { term });
    }
    None
}

/// The term of the search results page a request came from, if it did.
fn searched_from(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let (before, query) = referer.split_once('?')?;
    if !before.ends_with("/search") {
        return None;
    }
    query_term(query)
}

fn query_term(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "q").and_then(|(_, q)| normalised_term(&q))
}

/// A number a handler left in a header of its response for the census.
fn header_number<T: std::str::FromStr>(response: &Response, name: &str) -> Option<T> {
    response.headers().get(name)?.to_str().ok()?.parse().ok()
}

/// How a request ended, from its response.
fn ending(response: &Response) -> Ending {
    let headers = response.headers();
    if headers.contains_key(X_SHED) {
        Ending::Shed
    } else if response.status().is_server_error() {
        Ending::Failed
    } else if headers.get(X_CACHE).is_some_and(|outcome| outcome != "miss") {
        Ending::Cached
    } else {
        Ending::Served
    }
}

impl<S> Service<Request> for Census<S>
where
    S: Service<Request, Response = Response, Error = Infallible, Future: Send + 'static> + Clone + Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let inner = echoppe_shield::take_ready(&mut self.inner);
        if !self.layer.counting {
            return Box::pin(inner.oneshot(request));
        }
        let started = Instant::now();
        let counted = counted(&request, self.layer.counting_views);
        let who =
            counted.as_ref().map(|_| super::who(request.headers(), request.extensions(), self.layer.forwarded_for));
        let layer = Arc::clone(&self.layer);
        Box::pin(async move {
            let response = inner.oneshot(request).await?;
            layer.live.ended(ending(&response), started.elapsed());
            let statistics = &layer.statistics;
            let (Some(counted), Some(who)) = (counted, who) else { return Ok(response) };
            let status = response.status();
            let served = status == StatusCode::OK || status == StatusCode::NOT_MODIFIED;
            match counted {
                Counted::View { listing, from_search } if served => {
                    let what = What::View { listing, from_search };
                    let shop = header_number(&response, SHOP_HEADER).map(ShopId::new);
                    match shop {
                        Some(shop) => statistics.record_seen(who, shop, &what),
                        None => statistics.record(who, what).await,
                    }
                }
                Counted::Search { term } if served => {
                    let results = header_number(&response, RESULTS_HEADER);
                    statistics.record(who, What::Search { term, results }).await;
                }
                // Turned away at the door: what they carried is lost.
                Counted::Beacons if status == StatusCode::SERVICE_UNAVAILABLE => statistics.beacons_sampled(),
                _ => {}
            }
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn read(method: Method, uri: &str, referer: Option<&str>) -> Option<String> {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(referer) = referer {
            request = request.header(header::REFERER, referer);
        }
        match counted(&request.body(Body::empty()).unwrap(), true)? {
            Counted::View { listing, from_search } => Some(format!("view {listing} {from_search:?}")),
            Counted::Search { term } => Some(format!("search {term}")),
            Counted::Beacons => Some("beacons".to_owned()),
        }
    }

    #[test]
    fn listing_pages_and_searches_are_recognised() {
        assert_eq!(read(Method::GET, "/listing/42-bague-soleil", None).as_deref(), Some("view 42 None"));
        assert_eq!(
            read(Method::GET, "/listing/42", Some("https://echoppe.example/search?q=Bague+%20Soleil&page=2"))
                .as_deref(),
            Some("view 42 Some(\"bague soleil\")")
        );
        assert_eq!(read(Method::GET, "/listing/42", Some("/c/bijoux?q=x")).as_deref(), Some("view 42 None"));
        assert_eq!(read(Method::GET, "/search?q=%20Vase&sort=price", None).as_deref(), Some("search vase"));
        assert_eq!(read(Method::POST, "/api/v1/events", None).as_deref(), Some("beacons"));
        for (method, uri) in [
            (Method::GET, "/listing/abc"),
            (Method::GET, "/listing/0"),
            (Method::POST, "/listing/42"),
            (Method::GET, "/search?q=%20"),
            (Method::GET, "/search"),
            (Method::GET, "/c/bijoux"),
        ] {
            assert_eq!(read(method.clone(), uri, None), None, "{method} {uri}");
        }
    }
}
