//! What a request is worth on the night of the broadcast, from the brief:
//! order writes and payments, then the cart, listing and shop pages,
//! search, images, statistics beacons, everything else — highest first.
//! When there is not room for everyone, the lowest are turned away first.

use aho_corasick::AhoCorasick;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use std::sync::LazyLock;
use std::time::Duration;

/// A request's class, ordered lowest first so `a < b` reads "a goes first
/// when shedding".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Bots, deep pagination, anything not named below.
    Other,
    /// Statistics sent by pages' scripts.
    Beacons,
    /// A cached page rendered again in the background while its stored
    /// copy is served: nobody waits for it, and a refresh turned away only
    /// means the stored copy is served a while longer. All the cached pages
    /// go stale at once when the surge banner comes or goes; counted as
    /// pages, their refreshes took places from the visitors' own pages.
    Refreshes,
    /// Photo variants.
    Images,
    Search,
    /// The catalogue as browsed (home, categories, listings, shops), and
    /// the accounts' own pages.
    Pages,
    /// The cart, signing in to check out, the buyer's orders.
    Cart,
    /// Checkout and payment: never turned away (at worst the buyer pays
    /// later).
    Orders,
}

impl Priority {
    /// Every class, highest first.
    pub const ALL: [Self; 8] = [
        Self::Orders,
        Self::Cart,
        Self::Pages,
        Self::Search,
        Self::Images,
        Self::Refreshes,
        Self::Beacons,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Orders => "orders",
            Self::Cart => "cart",
            Self::Pages => "pages",
            Self::Search => "search",
            Self::Images => "images",
            Self::Refreshes => "refreshes",
            Self::Beacons => "beacons",
            Self::Other => "other",
        }
    }

    /// How long a request of this class may wait for a place, given the
    /// queue's deadline `wait`. A buyer at the cart is worth a longer wait
    /// than a page. Once the queue is `standing` (it has not drained for a
    /// while, so waiting only adds delay) the classes below pages get a
    /// tenth of it: a standing queue is drained from its least important
    /// end, and a page is turned away only when pages alone overflow it.
    pub fn patience(self, wait: Duration, standing: bool) -> Duration {
        match self {
            Self::Cart => wait * 4,
            Self::Pages => wait,
            _ if standing => wait / 10,
            _ => wait,
        }
    }

    /// Whether this class may be turned away at all.
    pub fn sheddable(self) -> bool {
        self != Self::Orders
    }
}

/// Paths served from memory beside the door, never turned away: a
/// browser asks for the icon with every first page, and a 503 for it
/// in a surge is an error in every console for nothing.
fn is_fixed_asset(path: &str) -> bool {
    path.starts_with("/static/") || matches!(path, "/favicon.ico" | "/robots.txt")
}

/// Listing pages past this one are "deep pagination": a visitor rarely
/// goes that far, a crawler always does.
const DEEP_PAGE: u32 = 10;

/// The class of `request`, or `None` for what is not metered at the door:
/// the operations endpoints (a load balancer must see the node's health
/// while it is busiest), the operators' pages (they must be able to act),
/// the site's stylesheet and icons (served from memory), and photos — a
/// photo already made is served from memory or disk for less than queueing
/// it would cost, like a cached page; the photo route takes a place of
/// class [`Priority::Images`] itself before *making* one (resizing is the
/// costly part).
pub(crate) fn classify(request: &Request) -> Option<Priority> {
    if request.extensions().get::<Refresh>().is_some() {
        return Some(Priority::Refreshes);
    }
    let full = request.uri().path();
    let api = full.strip_prefix("/api/v1");
    let path = api.unwrap_or(full);
    if matches!(full, "/healthz" | "/readyz" | "/metrics")
        || is_fixed_asset(full)
        || full.starts_with("/media/")
        || path.starts_with("/admin")
    {
        return None;
    }
    if is_bot(request.headers()) {
        return Some(Priority::Other);
    }
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let class = if path.starts_with("/checkout") || (path.starts_with("/orders") && (writes || api.is_some())) {
        // A buyer at the till, or an order placed through the API.
        Priority::Orders
    } else if path.starts_with("/orders/") && path.ends_with("/pay") {
        Priority::Orders
    } else if path.starts_with("/cart") || path.starts_with("/orders") || path == "/login" || path == "/signup" {
        Priority::Cart
    } else if path.starts_with("/events") {
        Priority::Beacons
    } else if path.starts_with("/search") {
        Priority::Search
    } else if path == "/"
        || ["/c/", "/listing", "/shop", "/sell", "/favourites", "/categories", "/tokens", "/me", "/logout"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        // The trust pages: a buyer reads the returns policy before paying.
        || matches!(path, "/aide" | "/conditions-generales" | "/mentions-legales" | "/confidentialite" | "/retours")
    {
        Priority::Pages
    } else {
        return Some(Priority::Other);
    };
    if class <= Priority::Pages && deep_page(request.uri().query()) {
        return Some(Priority::Other);
    }
    Some(class)
}

/// Marks the page cache's own background requests ([`Priority::Refreshes`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Refresh;

/// Whether a query asks for a page of results past [`DEEP_PAGE`].
fn deep_page(query: Option<&str>) -> bool {
    query.is_some_and(|query| {
        form_urlencoded::parse(query.as_bytes())
            .any(|(name, value)| name == "page" && value.parse::<u32>().is_ok_and(|page| page > DEEP_PAGE))
    })
}

/// Whether the user agent says it is a robot (search engines and crawlers
/// say so; the ones that lie are caught by the per-client limits).
/// Every buyer's request is asked this twice (door and census), so the
/// words are looked for in one pass: 650 ns a browser's user agent with a
/// window compared per word and position, a few dozen this way.
pub fn is_bot(headers: &HeaderMap) -> bool {
    static ROBOT_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["bot", "crawl", "spider", "slurp", "scrap"])
            .unwrap_or_else(|_| unreachable!("five short words make a small automaton"))
    });
    headers.get(header::USER_AGENT).is_some_and(|agent| ROBOT_WORDS.is_match(agent.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn class(method: Method, uri: &str) -> Option<Priority> {
        classify(&Request::builder().method(method).uri(uri).body(Body::empty()).unwrap())
    }

    #[test]
    fn the_brief_s_order_is_kept() {
        use Priority::*;
        assert_eq!(class(Method::POST, "/checkout/confirm"), Some(Orders));
        assert_eq!(class(Method::GET, "/checkout/review"), Some(Orders));
        assert_eq!(class(Method::POST, "/orders/EC-1/pay"), Some(Orders));
        assert_eq!(class(Method::POST, "/api/v1/orders"), Some(Orders));
        assert_eq!(class(Method::GET, "/cart"), Some(Cart));
        assert_eq!(class(Method::PUT, "/api/v1/cart/items/3"), Some(Cart));
        assert_eq!(class(Method::GET, "/orders/EC-1"), Some(Cart));
        assert_eq!(class(Method::POST, "/login"), Some(Cart));
        assert_eq!(class(Method::GET, "/"), Some(Pages));
        assert_eq!(class(Method::GET, "/listing/4-bague"), Some(Pages));
        assert_eq!(class(Method::GET, "/api/v1/shops/atelier"), Some(Pages));
        assert_eq!(class(Method::GET, "/c/bijoux?page=3"), Some(Pages));
        assert_eq!(class(Method::GET, "/search?q=bague"), Some(Search));
        assert_eq!(class(Method::GET, "/api/v1/search?q=bague"), Some(Search));
        assert_eq!(class(Method::POST, "/api/v1/events"), Some(Beacons));
        assert_eq!(class(Method::GET, "/api/v1/openapi.json"), Some(Other));
        assert_eq!(class(Method::GET, "/wp-login.php"), Some(Other));
        let mut refresh = Request::builder().uri("/listing/4").body(Body::empty()).unwrap();
        refresh.extensions_mut().insert(Refresh);
        assert_eq!(classify(&refresh), Some(Refreshes));
        assert!(Orders > Cart && Cart > Pages && Pages > Search && Search > Images && Images > Refreshes);
        assert!(Refreshes > Beacons && Beacons > Other);
    }

    #[test]
    fn deep_pages_and_robots_go_last() {
        assert_eq!(class(Method::GET, "/c/bijoux?page=11"), Some(Priority::Other));
        assert_eq!(class(Method::GET, "/search?q=a&page=400"), Some(Priority::Other));
        assert_eq!(class(Method::GET, "/search?q=a&page=junk"), Some(Priority::Search));
        let bot = Request::builder()
            .uri("/listing/4")
            .header(header::USER_AGENT, "Mozilla/5.0 (compatible; Googlebot/2.1)")
            .body(Body::empty())
            .unwrap();
        assert_eq!(classify(&bot), Some(Priority::Other));
    }

    #[test]
    fn robots_are_known_by_their_words_whatever_their_case() {
        let says = |agent: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::USER_AGENT, agent.parse().unwrap());
            is_bot(&headers)
        };
        for robot in [
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; Yahoo! Slurp)",
            "Screaming Frog SEO Spider/19.0",
            "Scrapy/2.11 (+https://scrapy.org)",
            "SomeCRAWLER 1.0",
        ] {
            assert!(says(robot), "{robot}");
        }
        for buyer in [
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        ] {
            assert!(!says(buyer), "{buyer}");
        }
        assert!(!is_bot(&HeaderMap::new()), "no user agent is not a robot");
    }

    #[test]
    fn operations_are_never_metered() {
        for uri in [
            "/healthz",
            "/readyz",
            "/metrics",
            "/static/site.css",
            "/admin/payments",
            "/api/v1/admin/mode",
            "/media/a/170.webp",
        ] {
            assert_eq!(class(Method::GET, uri), None, "{uri}");
        }
    }
}
