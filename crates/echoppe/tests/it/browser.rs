//! A person using the site through a browser: a cookie jar, forms posted
//! with the CSRF token read from the page they came from, no redirects
//! followed (so tests see where the site sends them).

use crate::helpers::{TestApp, between};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

pub(crate) struct Browser {
    pub(crate) client: reqwest::Client,
    base: String,
}

/// What a posted form gave back.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) location: Option<String>,
    pub(crate) body: String,
}

impl Answer {
    #[track_caller]
    pub(crate) fn redirects_to(&self, path: &str) {
        assert!(self.status.is_redirection(), "expected a redirect to {path}, got {}: {}", self.status, self.body);
        assert_eq!(self.location.as_deref(), Some(path));
    }
}

pub(crate) const PASSWORD: &str = "un mot de passe solide";

/// A server a browser can visit: in-process or a process of its own.
pub(crate) trait Site {
    fn address(&self) -> &str;
}

impl Site for TestApp {
    fn address(&self) -> &str {
        &self.address
    }
}

impl Site for crate::process::ServeProcess {
    fn address(&self) -> &str {
        &self.address
    }
}

impl Browser {
    pub(crate) fn new(app: &impl Site) -> Self {
        let client = crate::helpers::client().cookie_store(true).build().expect("client");
        Self { client, base: app.address().to_owned() }
    }

    /// The same person (the same cookies) on another node of the cluster.
    pub(crate) fn on(&self, app: &impl Site) -> Self {
        Self { client: self.client.clone(), base: app.address().to_owned() }
    }

    /// A new account, signed in.
    pub(crate) async fn signed_up(app: &impl Site, email: &str, name: &str) -> Self {
        let browser = Self::new(app);
        let answer = browser
            .submit("/signup", "/signup", &[("email", email), ("display_name", name), ("password", PASSWORD)])
            .await;
        answer.redirects_to("/");
        browser
    }

    /// A new account with an open shop.
    pub(crate) async fn seller(app: &impl Site, email: &str, shop: &str) -> Self {
        let browser = Self::signed_up(app, email, "Créatrice").await;
        let answer =
            browser.submit("/sell/shop/new", "/sell/shop/new", &[("name", shop), ("location", "Nantes")]).await;
        answer.redirects_to("/sell");
        browser
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self.client.get(self.url(path)).send().await.expect("request");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// GETs a page, asserting the status.
    pub(crate) async fn page(&self, path: &str, status: StatusCode) -> String {
        let (got, body) = self.get(path).await;
        assert_eq!(got, status, "GET {path}: {body}");
        body
    }

    /// The CSRF token of the forms on `path`.
    pub(crate) async fn csrf(&self, path: &str) -> String {
        let (status, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path} for its form: {body}");
        csrf_in(&body)
    }

    /// Fills in a form found on `page` and posts it to `action`.
    pub(crate) async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Answer {
        let token = self.csrf(page).await;
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Posts exactly `fields` (no token added).
    pub(crate) async fn post(&self, action: &str, fields: &[(&str, &str)]) -> Answer {
        let response = self.client.post(self.url(action)).form(fields).send().await.expect("post");
        answer(response).await
    }

    /// Posts a form from one of the site's pages without a token, as the
    /// anonymous listing page's "add to cart" does: the browser's `Origin`
    /// says where it comes from.
    pub(crate) async fn post_from_site(&self, action: &str, fields: &[(&str, &str)]) -> Answer {
        let response =
            self.client.post(self.url(action)).header("origin", &self.base).form(fields).send().await.expect("post");
        answer(response).await
    }

    /// "Add to cart" from a listing page, at the price it shows.
    pub(crate) async fn add_to_cart(&self, listing: i64, quantity: &str) -> Answer {
        let page = self.page(&format!("/listing/{listing}"), StatusCode::OK).await;
        let seen = between(&page, r#"name="seen" value=""#, "\"").first().expect("an add-to-cart form").to_string();
        self.post_from_site("/cart", &[("listing", &listing.to_string()), ("quantity", quantity), ("seen", &seen)])
            .await
    }

    /// Posts the review page's "confirm" form, as shown in `review`.
    pub(crate) async fn confirm(&self, review: &str) -> Answer {
        let fields = confirm_fields(review);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.post("/checkout/confirm", &fields).await
    }

    /// Posts files (field `field`) with the page's CSRF token first, as the forms do.
    pub(crate) async fn upload(&self, page: &str, action: &str, field: &str, files: Vec<(&str, Vec<u8>)>) -> Answer {
        let token = self.csrf(page).await;
        let mut form = Form::new().text("csrf", token);
        for (name, bytes) in files {
            form = form.part(field.to_owned(), Part::bytes(bytes).file_name(name.to_owned()));
        }
        let response = self.client.post(self.url(action)).multipart(form).send().await.expect("upload");
        answer(response).await
    }

    /// Creates a listing through the form and returns its id.
    pub(crate) async fn create_listing(&self, title: &str) -> i64 {
        let answer = self.submit("/sell/listings/new", "/sell/listings", &listing_fields(title, "34,90", "3")).await;
        assert!(answer.status.is_redirection(), "creating a listing: {} {}", answer.status, answer.body);
        let location = answer.location.expect("location");
        location.trim_start_matches("/sell/listings/").parse().expect("listing id in the redirect")
    }

    /// A listing with one photo, published.
    /// Saves listing `id`'s form with a new title, price and quantity (the
    /// rest as `create_listing` wrote it).
    pub(crate) async fn edit_listing(&self, id: i64, title: &str, price: &str, quantity: &str) {
        let page = format!("/sell/listings/{id}");
        let answer = self.submit(&page, &page, &listing_fields(title, price, quantity)).await;
        assert!(answer.status.is_redirection(), "editing listing {id}: {} {}", answer.status, answer.body);
    }

    pub(crate) async fn published_listing(&self, title: &str) -> i64 {
        let id = self.create_listing(title).await;
        let page = format!("/sell/listings/{id}");
        self.upload(&page, &format!("{page}/photos"), "photos", vec![("photo.jpg", jpeg(1))]).await.redirects_to(&page);
        self.submit(&page, &format!("{page}/publish"), &[]).await.redirects_to(&page);
        id
    }
}

/// A listing form's fields, as the tests' sellers fill it in.
fn listing_fields<'a>(title: &'a str, price: &'a str, quantity: &'a str) -> [(&'static str, &'a str); 7] {
    [
        ("title", title),
        ("category", "colliers"),
        ("price", price),
        ("quantity", quantity),
        ("tags", "lune, cadeau"),
        ("materials", "laiton"),
        ("description", "Fait main à Nantes."),
    ]
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
    Answer { status, location, body: response.text().await.expect("body") }
}

/// The hidden fields of the review page's "confirm" form.
pub(crate) fn confirm_fields(review: &str) -> Vec<(&'static str, String)> {
    ["token", "shown"]
        .into_iter()
        .map(|name| (name, between(review, &format!(r#"name="{name}" value=""#), "\"")[0].to_owned()))
        .chain([("csrf", csrf_in(review))])
        .collect()
}

/// The value of the first `csrf` hidden field in `html`.
pub(crate) fn csrf_in(html: &str) -> String {
    between(html, r#"name="csrf" value=""#, "\"").first().expect("a CSRF field on the page").to_string()
}

/// A small JPEG whose colour depends on `seed`, so each is a different photo.
pub(crate) fn jpeg(seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([seed, u8::try_from(x * 3).unwrap_or(0), u8::try_from(y * 5).unwrap_or(0)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg).expect("encode");
    out.into_inner()
}
