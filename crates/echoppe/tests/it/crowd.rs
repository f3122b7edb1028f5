//! A small crowd for the tests that change servers under load: shoppers who
//! browse and buy, each request either answered as expected or recorded as
//! a failure (never a panic: a test that kills a node expects some).

use crate::browser::confirm_fields;
use crate::helpers::between;
use reqwest::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

/// Shoppers at work on one server until [`Crowd::stop`].
pub(crate) struct Crowd {
    stop: Arc<AtomicBool>,
    shoppers: Vec<JoinHandle<Tally>>,
}

/// What the crowd did.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) requests: usize,
    /// Requests answered otherwise than expected (an error page).
    pub(crate) failures: Vec<String>,
    /// Requests that got no answer at all (the connection refused or cut).
    pub(crate) lost: Vec<String>,
    /// Checkouts the server acknowledged, with the buyer's cookies.
    pub(crate) orders: Vec<Acknowledged>,
    /// Checkouts whose confirmation got no answer: never acknowledged.
    pub(crate) unanswered: usize,
}

pub(crate) struct Acknowledged {
    pub(crate) buyer: reqwest::Client,
    /// The confirmation page the server sent the buyer to.
    pub(crate) done: String,
}

impl Crowd {
    /// `shoppers` shoppers on `base`, buying `listing` one at a time.
    pub(crate) fn start(base: &str, shoppers: usize, listing: i64) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let shoppers = (0..shoppers)
            .map(|_| {
                let (base, stop) = (base.to_owned(), stop.clone());
                tokio::spawn(async move {
                    let browsing = client(false);
                    let mut tally = Tally::default();
                    while !stop.load(Ordering::Relaxed) {
                        for path in ["/".to_owned(), format!("/listing/{listing}")] {
                            tally.requests += 1;
                            if let Err(failure) = get(&browsing, &base, &path).await {
                                tally.note(failure);
                            }
                        }
                        buy(&base, listing, &mut tally).await;
                    }
                    tally
                })
            })
            .collect();
        Self { stop, shoppers }
    }

    /// Lets each shopper finish what it is doing, and adds up.
    pub(crate) async fn stop(self) -> Tally {
        self.stop.store(true, Ordering::Relaxed);
        let mut all = Tally::default();
        for shopper in self.shoppers {
            let tally = shopper.await.unwrap();
            all.requests += tally.requests;
            all.failures.extend(tally.failures);
            all.lost.extend(tally.lost);
            all.orders.extend(tally.orders);
            all.unanswered += tally.unanswered;
        }
        all
    }
}

impl Tally {
    fn note(&mut self, failure: Failure) {
        if failure.answered { self.failures.push(failure.what) } else { self.lost.push(failure.what) }
    }
}

/// A request that went wrong, and whether the server answered it at all.
struct Failure {
    answered: bool,
    what: String,
}

fn lost(what: String) -> Failure {
    Failure { answered: false, what }
}

fn answered(what: String) -> Failure {
    Failure { answered: true, what }
}

fn client(cookies: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(cookies)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// GETs `path`, expecting 200; returns the body.
async fn get(client: &reqwest::Client, base: &str, path: &str) -> Result<String, Failure> {
    let answer = client.get(format!("{base}{path}")).send().await.map_err(|e| lost(format!("GET {path}: {e:#}")))?;
    let status = answer.status();
    let body = answer.text().await.map_err(|e| lost(format!("GET {path}: {e:#}")))?;
    if status == StatusCode::OK { Ok(body) } else { Err(answered(format!("GET {path}: {status}"))) }
}

/// Posts a form, expecting a redirect; returns where to.
async fn post(client: &reqwest::Client, base: &str, path: &str, fields: &[(&str, &str)]) -> Result<String, Failure> {
    let answer = client
        .post(format!("{base}{path}"))
        .header("origin", base)
        .form(fields)
        .send()
        .await
        .map_err(|e| lost(format!("POST {path}: {e:#}")))?;
    let status = answer.status();
    match answer.headers().get("location").and_then(|l| l.to_str().ok()) {
        Some(location) if status.is_redirection() => Ok(location.to_owned()),
        _ => Err(answered(format!("POST {path}: {status}"))),
    }
}

/// One checkout by a new buyer: listing page, cart, address, review, confirm.
async fn buy(base: &str, listing: i64, tally: &mut Tally) {
    let buyer = client(true);
    let steps = async {
        let page = get(&buyer, base, &format!("/listing/{listing}")).await?;
        let seen = between(&page, r#"name="seen" value=""#, "\"").first().copied().unwrap_or_default().to_owned();
        let fields = [("listing", listing.to_string()), ("quantity", "1".to_owned()), ("seen", seen)];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post(&buyer, base, "/cart", &fields).await?;
        let form = get(&buyer, base, "/checkout").await?;
        let csrf = between(&form, r#"name="csrf" value=""#, "\"").first().copied().unwrap_or_default().to_owned();
        let mut address = vec![("csrf", csrf.as_str())];
        address.extend_from_slice(&crate::checkout::ADDRESS);
        post(&buyer, base, "/checkout", &address).await?;
        get(&buyer, base, "/checkout/review").await
    };
    tally.requests += 5;
    let review = match steps.await {
        Ok(review) => review,
        Err(failure) => {
            tally.note(failure);
            return;
        }
    };
    let fields = confirm_fields(&review);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    tally.requests += 1;
    match post(&buyer, base, "/checkout/confirm", &fields).await {
        Ok(done) => tally.orders.push(Acknowledged { buyer, done }),
        Err(failure) => {
            if !failure.answered {
                tally.unanswered += 1;
            }
            tally.note(failure);
        }
    }
}

/// Whether an acknowledged order's confirmation shows on `base`.
pub(crate) async fn present(order: &Acknowledged, base: &str) -> Result<(), String> {
    let page = get(&order.buyer, base, &order.done).await.map_err(|failure| failure.what)?;
    if page.contains("Merci pour votre commande") {
        Ok(())
    } else {
        Err(format!("{}: no order on the page", order.done))
    }
}
