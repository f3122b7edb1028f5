//! `/signup`, `/login`, `/logout`: accounts, sessions, CSRF and sign-in limits.

use crate::browser::{Browser, PASSWORD, csrf_in};
use crate::helpers::{TestApp, escaped};
use reqwest::StatusCode;

#[tokio::test]
async fn sign_up_then_out_then_back_in() {
    let app = TestApp::spawn().await;
    let margaux = Browser::signed_up(&app, "Margaux@Example.fr", "Margaux").await;
    let home = margaux.page("/", StatusCode::OK).await;
    assert!(home.contains("Se déconnecter") && home.contains("Mes favoris"), "the header shows a signed-in person");

    margaux.submit("/", "/logout", &[]).await.redirects_to("/");
    let home = margaux.page("/", StatusCode::OK).await;
    assert!(home.contains("Se connecter") && !home.contains("Se déconnecter"));

    // The address is matched whatever its case.
    let answer = margaux.submit("/login", "/login", &[("email", "margaux@example.FR"), ("password", PASSWORD)]).await;
    answer.redirects_to("/");
    assert!(margaux.page("/favourites", StatusCode::OK).await.contains("Mes favoris"));
}

#[tokio::test]
async fn a_taken_address_shows_the_form_again_with_the_rest_kept() {
    let app = TestApp::spawn().await;
    Browser::signed_up(&app, "louis@example.fr", "Louis").await;
    let other = Browser::new(&app);
    let answer = other
        .submit(
            "/signup",
            "/signup",
            &[("email", "LOUIS@example.fr"), ("display_name", "Louis Bis"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("un compte existe déjà avec cette adresse"), "{}", answer.body);
    assert!(answer.body.contains(r#"value="Louis Bis""#), "the name typed is kept");
    assert!(answer.body.contains(r#"value="LOUIS@example.fr""#), "the address typed is kept");
    assert!(!answer.body.contains(PASSWORD), "the password is never sent back");
}

#[tokio::test]
async fn bad_sign_up_fields_are_named() {
    let app = TestApp::spawn().await;
    let visitor = Browser::new(&app);
    let long_name = "n".repeat(81);
    let answer = visitor
        .submit(
            "/signup",
            "/signup",
            &[("email", "pas-une-adresse"), ("display_name", &long_name), ("password", "court")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["il manque le @", "80 caractères", "au moins 8 caractères"] {
        assert!(answer.body.contains(message), "{message:?} in {}", answer.body);
    }
    assert_eq!(answer.body.matches("field--invalid").count(), 3);
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_throttled() {
    let app = TestApp::spawn().await;
    Browser::signed_up(&app, "ines@example.fr", "Inès").await;
    let guesser = Browser::new(&app);
    for attempt in 0..5 {
        let answer = guesser
            .submit("/login", "/login", &[("email", "ines@example.fr"), ("password", &format!("essai {attempt}"))])
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert!(answer.body.contains("E-mail ou mot de passe incorrect."));
    }
    let token = guesser.csrf("/login").await;
    let response = guesser
        .client
        .post(guesser.url("/login"))
        .form(&[("csrf", token.as_str()), ("email", "ines@example.fr"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits now");
    let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body = response.text().await.unwrap();
    assert!(body.contains("Trop de tentatives : réessayez dans"), "{body}");

    // Unknown addresses get the same answer as wrong passwords.
    let answer = Browser::new(&app)
        .submit("/login", "/login", &[("email", "personne@example.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body.contains("E-mail ou mot de passe incorrect."));
}

#[tokio::test]
async fn forms_without_the_right_token_are_refused() {
    let app = TestApp::spawn().await;
    let visitor = Browser::new(&app);
    let fields = [("email", "eve@example.fr"), ("display_name", "Ève"), ("password", PASSWORD)];
    assert_eq!(visitor.post("/signup", &fields).await.status, StatusCode::FORBIDDEN, "no token");
    visitor.csrf("/signup").await;
    let mut forged = vec![("csrf", "forged-token")];
    forged.extend_from_slice(&fields);
    let answer = visitor.post("/signup", &forged).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "a wrong token");
    assert!(answer.body.contains("ce formulaire a expiré ou ne vient pas de ce site"));

    // A token from another visitor's session does not work either.
    let signed_in = Browser::signed_up(&app, "alice@example.fr", "Alice").await;
    let other_token = csrf_in(&Browser::new(&app).page("/signup", StatusCode::OK).await);
    let answer = signed_in.post("/logout", &[("csrf", other_token.as_str())]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(signed_in.page("/", StatusCode::OK).await.contains("Se déconnecter"), "still signed in");
}

#[tokio::test]
async fn the_session_cookie_is_private_and_renewed_at_sign_in() {
    let app = TestApp::spawn().await;
    let browser = Browser::new(&app);
    let response = browser.client.get(browser.url("/login")).send().await.unwrap();
    let before = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(before.starts_with("echoppe_session="), "{before}");
    assert!(before.contains("HttpOnly") && before.contains("SameSite=Lax"), "{before}");
    assert!(!before.contains("Secure"), "plain HTTP here: no Secure flag");
    let token = csrf_in(&response.text().await.unwrap());

    let fields =
        [("csrf", token.as_str()), ("email", "zoe@example.fr"), ("display_name", "Zoé"), ("password", PASSWORD)];
    let response = browser.client.post(browser.url("/signup")).form(&fields).send().await.unwrap();
    let after = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    let id = |cookie: &str| cookie.split(';').next().unwrap().to_owned();
    assert_ne!(id(&before), id(&after), "signing in issues a new session id");

    let secure = TestApp::spawn_with(|s| s.https = true).await;
    let response = secure.client.get(secure.url("/login")).send().await.unwrap();
    assert!(response.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
}

#[tokio::test]
async fn browsing_anonymously_sets_no_cookie() {
    let app = TestApp::spawn().await;
    for path in ["/", "/c/bijoux", "/api/v1/listings"] {
        let response = app.get(path).await;
        assert!(response.headers().get("set-cookie").is_none(), "{path} sets no cookie");
    }
}

#[tokio::test]
async fn after_sign_in_only_local_pages_are_followed() {
    let app = TestApp::spawn().await;
    Browser::signed_up(&app, "paul@example.fr", "Paul").await;
    let browser = Browser::new(&app);
    let page = "/login?next=%2Fsell";
    let answer = browser
        .submit(page, "/login", &[("next", "//evil.example/"), ("email", "paul@example.fr"), ("password", PASSWORD)])
        .await;
    answer.redirects_to("/");
    let login = Browser::new(&app).page(page, StatusCode::OK).await;
    assert!(login.contains(r#"name="next" value="/sell""#), "the way back is carried by the form");
    assert!(login.contains(&escaped("/signup?next=%2Fsell")));
}

#[tokio::test]
async fn protected_pages_send_anonymous_visitors_to_sign_in() {
    let app = TestApp::spawn().await;
    let visitor = Browser::new(&app);
    for path in ["/sell", "/favourites", "/admin", "/sell/listings/new"] {
        let response = visitor.client.get(visitor.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let expected = format!("/login?next={}", path.replace('/', "%2F"));
        assert_eq!(response.headers()["location"], expected.as_str());
    }
}
