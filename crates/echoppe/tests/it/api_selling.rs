//! The seller's and buyer's API: tokens, `/me`, the shop, listings, photos,
//! favourites; authentication, CSRF and ownership.

use crate::browser::{Browser, PASSWORD, jpeg};
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A signed-up account's API token.
async fn token(app: &TestApp, email: &str) -> String {
    Browser::signed_up(app, email, "Script").await;
    let response = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": email, "password": PASSWORD, "label": "tests"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["label"], "tests");
    body["token"].as_str().unwrap().to_owned()
}

struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self.app.client.request(method, self.app.url(path)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn photo(&self, listing: i64, bytes: Vec<u8>) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/v1/shop/listings/{listing}/photos")))
            .bearer_auth(&self.token)
            .header("content-type", "image/jpeg")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

fn listing_body(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Fait main.",
        "category": "colliers",
        "price_cents": 2990,
        "quantity": 2,
        "tags": ["lune"],
        "materials": ["laiton"]
    })
}

#[tokio::test]
async fn a_script_runs_a_shop_with_a_token() {
    let app = TestApp::spawn().await;
    let api = Api { app: &app, token: token(&app, "script@example.fr").await };
    use reqwest::Method;

    let (status, me) = api.send(Method::GET, "/api/v1/me", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "script@example.fr");
    assert_eq!(me["role"], "buyer");
    assert!(me["csrf_token"].is_null(), "no CSRF token for token calls");

    let (status, shop) =
        api.send(Method::POST, "/api/v1/shop", Some(json!({"name": "Atelier API", "location": "Lyon"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{shop}");
    assert_eq!(shop["slug"], "atelier-api");
    let (status, _) = api.send(Method::POST, "/api/v1/shop", Some(json!({"name": "Encore"}))).await;
    assert_eq!(status, StatusCode::CONFLICT, "one shop per account");

    let (status, listing) = api.send(Method::POST, "/api/v1/shop/listings", Some(listing_body("Collier API"))).await;
    assert_eq!(status, StatusCode::CREATED, "{listing}");
    assert_eq!(listing["state"], "draft");
    let id = listing["id"].as_i64().unwrap();
    let path = format!("/api/v1/shop/listings/{id}");

    let (status, error) = api.send(Method::POST, &format!("{path}/publish"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["error"]["fields"]["photos"].as_str().unwrap().contains("au moins une photo"));

    let (status, with_photo) = api.photo(id, jpeg(1)).await;
    assert_eq!(status, StatusCode::CREATED);
    api.photo(id, jpeg(2)).await;
    let (status, listing) = api.send(Method::POST, &format!("{path}/publish"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listing["state"], "active");
    assert_eq!(with_photo["photos"].as_array().unwrap().len(), 1);
    let public = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    assert_eq!(public["title"], "Collier API");

    let keys: Vec<Value> = listing["photos"].as_array().unwrap().iter().map(|p| p["key"].clone()).collect();
    let (status, arranged) =
        api.send(Method::PUT, &format!("{path}/photos"), Some(json!({"keys": [keys[1].clone()]}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(arranged["photos"].as_array().unwrap().len(), 1);
    assert_eq!(arranged["photos"][0]["key"], keys[1]);

    let mut edited = listing_body("Collier API v2");
    edited["quantity"] = json!(0);
    let (status, listing) = api.send(Method::PUT, &path, Some(edited)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listing["state"], "sold_out", "no stock: sold out");

    let (status, own) = api.send(Method::GET, "/api/v1/shop/listings", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own["total"], 1);
    let (status, listing) = api.send(Method::POST, &format!("{path}/deactivate"), None).await;
    assert_eq!((status, listing["state"].as_str()), (StatusCode::OK, Some("inactive")));
    assert_eq!(app.get(&format!("/api/v1/listings/{id}")).await.status(), StatusCode::NOT_FOUND);
    let (status, _) = api.send(Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.send(Method::GET, &path, None).await.0, StatusCode::NOT_FOUND);

    let (status, _) = api.send(Method::DELETE, "/api/v1/tokens/current", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.send(Method::GET, "/api/v1/me", None).await.0, StatusCode::UNAUTHORIZED, "revoked");
}

#[tokio::test]
async fn bad_bodies_get_per_field_errors() {
    let app = TestApp::spawn().await;
    let api = Api { app: &app, token: token(&app, "bad@example.fr").await };
    use reqwest::Method;
    api.send(Method::POST, "/api/v1/shop", Some(json!({"name": "Erreurs"}))).await;

    let body = json!({"title": " ", "category": "fusees", "price_cents": -1, "quantity": -3, "tags": ["x".repeat(41)]});
    let (status, error) = api.send(Method::POST, "/api/v1/shop/listings", Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["code"], "invalid_fields");
    let fields = &error["error"]["fields"];
    assert_eq!(fields["title"], "le titre est obligatoire");
    assert!(fields["category"].as_str().unwrap().contains("fusees"));
    assert_eq!(fields["price"], "le prix ne peut pas être négatif");
    assert_eq!(fields["quantity"], "la quantité ne peut pas être négative");
    assert!(fields["tags"].as_str().unwrap().contains("40 caractères"));

    let (status, error) =
        api.send(Method::POST, "/api/v1/shop/listings", Some(json!({"title": "A", "price_cents": "cher"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a body of the wrong shape is malformed");
    assert_eq!(error["error"]["field"], "body");
    assert!(error["error"]["message"].as_str().unwrap().contains("price_cents"), "{error}");
    let mut typo = listing_body("A");
    typo["prix"] = json!(3);
    let (status, error) = api.send(Method::POST, "/api/v1/shop/listings", Some(typo)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"]["message"].as_str().unwrap().contains("prix"), "{error}");
    let response =
        app.client.post(app.url("/api/v1/shop/listings")).bearer_auth(&api.token).body("{}").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "JSON without its content type");

    let (_, listing) = api.send(Method::POST, "/api/v1/shop/listings", Some(listing_body("Photo"))).await;
    let id = listing["id"].as_i64().unwrap();
    let (status, error) = api.photo(id, b"pas une image".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["error"]["fields"]["photo"].as_str().unwrap().contains("JPEG, PNG ou WebP"));
    let (status, _) = api.photo(id, vec![0; 11 * 1024 * 1024]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, error) =
        api.send(Method::PUT, &format!("/api/v1/shop/listings/{id}/photos"), Some(json!({"keys": ["nope"]}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["error"]["fields"]["keys"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn calls_need_a_valid_token_or_the_session_with_its_csrf_header() {
    let app = TestApp::spawn().await;
    let response = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let response = app.client.get(app.url("/api/v1/me")).bearer_auth("ech_made_up").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let wrong = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "nobody@example.fr", "password": "whatever1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    // The browser's session works for reads; writes need the CSRF header too.
    let browser = Browser::seller(&app, "web@example.fr", "Boutique Web").await;
    let me: Value = browser.client.get(browser.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["shop"]["slug"], "boutique-web");
    let csrf = me["csrf_token"].as_str().unwrap().to_owned();
    let create = |header: Option<&str>| {
        let mut request = browser.client.post(browser.url("/api/v1/shop/listings")).json(&listing_body("Par session"));
        if let Some(token) = header {
            request = request.header("x-csrf-token", token);
        }
        request.send()
    };
    assert_eq!(create(None).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(create(Some("forged")).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(create(Some(&csrf)).await.unwrap().status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_token_reaches_only_its_own_shop() {
    let app = TestApp::spawn().await;
    let alice = Browser::seller(&app, "alice@example.fr", "Alice API").await;
    let id = alice.published_listing("Bague d'Alice").await;
    let before = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    let bob = Api { app: &app, token: token(&app, "bob@example.fr").await };
    use reqwest::Method;
    bob.send(Method::POST, "/api/v1/shop", Some(json!({"name": "Bob API"}))).await;

    let path = format!("/api/v1/shop/listings/{id}");
    let key = before["photos"][0]["key"].clone();
    let attempts = [
        (Method::GET, path.clone(), None),
        (Method::PUT, path.clone(), Some(listing_body("Volée"))),
        (Method::DELETE, path.clone(), None),
        (Method::POST, format!("{path}/publish"), None),
        (Method::POST, format!("{path}/deactivate"), None),
        (Method::PUT, format!("{path}/photos"), Some(json!({"keys": [key]}))),
    ];
    for (method, url, body) in attempts {
        let (status, error) = bob.send(method.clone(), &url, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {url}");
        assert_eq!(error["error"]["code"], "not_found");
    }
    assert_eq!(bob.photo(id, jpeg(5)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await, before, "untouched");
}

#[tokio::test]
async fn favourites_through_the_api() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "maker@example.fr", "Fav").await;
    let id = maker.published_listing("Coussin").await;
    let api = Api { app: &app, token: token(&app, "fan@example.fr").await };
    use reqwest::Method;
    let path = format!("/api/v1/favourites/{id}");
    assert_eq!(api.send(Method::PUT, &path, None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.send(Method::PUT, &path, None).await.0, StatusCode::NO_CONTENT, "again is harmless");
    let (_, list) = api.send(Method::GET, "/api/v1/favourites", None).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["listings"][0]["title"], "Coussin");
    assert_eq!(app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await["favourite_count"], 1);
    assert_eq!(api.send(Method::DELETE, &path, None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.send(Method::GET, "/api/v1/favourites", None).await.1["total"], 0);
    assert_eq!(api.send(Method::PUT, "/api/v1/favourites/999999", None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.send(Method::PUT, "/api/v1/favourites/abc", None).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_buyers_cart_through_the_api_is_the_one_their_pages_show() {
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await; // 34,90 €, 3 in stock
    let api = Api { token: token(&app, "ines@example.fr").await, app: &app };
    let item = format!("/api/v1/cart/items/{ring}");

    let (status, empty) = api.send(Method::GET, "/api/v1/cart", None).await;
    assert_eq!((status, empty["ready"].as_bool()), (StatusCode::OK, Some(false)));
    for (body, field) in [
        (json!({"quantity": 0, "unit_price_cents": 3490}), "quantity"),
        (json!({"quantity": 4, "unit_price_cents": 3490}), "quantity"),
        (json!({"quantity": 1, "unit_price_cents": 100}), "unit_price_cents"),
    ] {
        let (status, error) = api.send(Method::PUT, &item, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error["error"]["fields"][field].is_string(), "{error}");
    }
    let (status, _) =
        api.send(Method::PUT, "/api/v1/cart/items/999999", Some(json!({"quantity": 1, "unit_price_cents": 1}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, cart) = api.send(Method::PUT, &item, Some(json!({"quantity": 2, "unit_price_cents": 3490}))).await;
    assert_eq!(status, StatusCode::OK, "{cart}");
    assert_eq!(cart["shops"][0]["lines"][0]["quantity"], 2);
    assert_eq!(cart["total_cents"], 2 * 3490 + 490);
    assert_eq!(cart["ready"], true);
    // Setting it again is the same cart, not more.
    let (_, again) = api.send(Method::PUT, &item, Some(json!({"quantity": 2, "unit_price_cents": 3490}))).await;
    assert_eq!(again, cart);

    // The same cart on the buyer's pages.
    let browser = Browser::new(&app);
    let signed_in = browser.submit("/login", "/login", &[("email", "ines@example.fr"), ("password", PASSWORD)]).await;
    assert!(signed_in.status.is_redirection());
    assert!(browser.page("/cart", StatusCode::OK).await.contains("Bague Lune"));

    let (status, _) = api.send(Method::DELETE, &item, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, cart) = api.send(Method::GET, "/api/v1/cart", None).await;
    assert_eq!(cart["shops"].as_array().map(Vec::len), Some(0));
    let (status, _) = app.client.get(app.url("/api/v1/cart")).send().await.map(|r| (r.status(), ())).unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
