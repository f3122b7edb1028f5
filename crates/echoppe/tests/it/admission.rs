//! The door in front of the handlers and the modes: what is turned away
//! when there is no room (and what never is), per-client limits, surge mode
//! chosen by the load or pinned by an operator (`/api/v1/admin/mode`,
//! `echoppe mode`), and what buyers see of it.

use crate::browser::{Browser, PASSWORD};
use crate::checkout::check_out;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::header::{RETRY_AFTER, USER_AGENT};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const BANNER: &str = "Grande affluence ce soir";

/// An API token for a new account, made an administrator if `admin`.
async fn token(app: &TestApp, email: &str, admin: bool) -> String {
    Browser::signed_up(app, email, "Opératrice").await;
    if admin {
        app.make_admin(email).await;
    }
    let response = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
}

async fn pin(app: &TestApp, token: &str, mode: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .put(app.url("/api/v1/admin/mode"))
        .bearer_auth(token)
        .json(&json!({"mode": mode}))
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

/// `echoppe mode …` against the app; (success, stdout + stderr).
async fn mode_command(app: &TestApp, args: &[&str], token: &str) -> (bool, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_echoppe"));
    command.arg("mode").args(args).args(["--target", &app.address, "--token", token]);
    // Blocking, so off the test's runtime: the server runs on it.
    let output = tokio::task::spawn_blocking(move || command.output().expect("run echoppe mode")).await.unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[tokio::test]
async fn an_operator_pins_surge_buyers_see_it_and_checkout_takes_orders_to_pay_later() {
    let app = TestApp::spawn_with(|s| s.page_cache = true).await;
    let admin = token(&app, "ops@example.fr", true).await;
    let seller = token(&app, "vendeuse@example.fr", false).await;
    let listing = format!("/listing/{}", app.first_listing().await);
    assert!(!app.page(&listing, StatusCode::OK).await.contains(BANNER));
    assert_eq!(app.get(&listing).await.headers()["x-cache"], "hit");

    // Only administrators, and only real modes.
    assert_eq!(pin(&app, &seller, "surge").await.0, StatusCode::FORBIDDEN);
    assert_eq!(pin(&app, "nope", "surge").await.0, StatusCode::UNAUTHORIZED);
    let (status, body) = pin(&app, &admin, "panic").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.to_string().contains("n'est pas un mode"), "{body}");
    let (status, body) = pin(&app, &admin, "surge").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((body["mode"].as_str(), body["pinned"].as_bool()), (Some("surge"), Some(true)));
    let ready = app.json("/readyz", StatusCode::OK).await;
    assert_eq!((ready["mode"].as_str(), ready["mode_pinned"].as_bool()), (Some("surge"), Some(true)), "{ready}");

    // The cached page is rendered again with the banner.
    let started = Instant::now();
    while !app.page(&listing, StatusCode::OK).await.contains(BANNER) {
        assert!(started.elapsed() < Duration::from_secs(3), "the cached page never got the banner");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The lowest classes are turned away before they cost anything.
    let bot = app.client.get(app.url("/shop/x")).header(USER_AGENT, "ExampleBot/1.0").send().await.unwrap();
    assert_eq!(bot.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(bot.headers()[RETRY_AFTER], "30");
    let deep = app.get("/search?q=bague&page=40").await;
    assert_eq!(deep.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(deep.text().await.unwrap().contains("Beaucoup de monde"), "a light page for people");
    assert_eq!(app.get("/search?q=bague").await.status(), StatusCode::OK, "ordinary searches still go through");

    // Checkout takes the order; payment comes later by link.
    let buyer = Browser::new(&app);
    buyer.add_to_cart(app.first_listing().await, "1").await.redirects_to("/cart");
    let done = check_out(&buyer).await.location.expect("to the confirmation");
    let page = buyer.page(&done, StatusCode::OK).await;
    assert!(page.contains("Votre commande est enregistrée") && page.contains("en attente de paiement"), "{page}");

    // The command line reads and releases the pin.
    let (ok, text) = mode_command(&app, &["show"], &admin).await;
    assert!(ok && text.contains("surge") && text.contains("held by an operator"), "{text}");
    let (ok, text) = mode_command(&app, &["set", "auto"], &admin).await;
    assert!(ok && text.contains("normal") && text.contains("chosen from the load"), "{text}");
    // With no subcommand, `echoppe mode` shows the mode.
    let (ok, text) = mode_command(&app, &[], &admin).await;
    assert!(ok && text.contains("normal") && text.contains("chosen from the load"), "{text}");
    let (ok, text) = mode_command(&app, &["set", "surge"], &seller).await;
    assert!(!ok && text.contains("not an administrator"), "{text}");
    let (ok, text) = mode_command(&app, &["show"], "").await;
    assert!(!ok && text.contains("token is needed"), "{text}");
    let mut elsewhere = std::process::Command::new(env!("CARGO_BIN_EXE_echoppe"));
    elsewhere.args(["mode", "show", "--target", "http://127.0.0.1:9", "--token", "x"]);
    let output = tokio::task::spawn_blocking(move || elsewhere.output().unwrap()).await.unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("is echoppe running there?"));
    assert_eq!(app.json("/readyz", StatusCode::OK).await["mode"], "normal");
}

#[tokio::test]
async fn with_no_room_the_door_turns_requests_away_but_never_checkout_and_goes_into_surge() {
    let app = TestApp::spawn_with(|s| {
        s.concurrency_min = 1;
        s.concurrency_max = 1;
        s.queue_wait_ms = 1;
    })
    .await;
    let started = Instant::now();
    let mut turned_away = 0;
    loop {
        let requests = (0..24).map(|i| {
            let (client, base) = (app.client.clone(), app.address.clone());
            // Searches (each a new one, so nothing is cached), and a buyer
            // on the way to the till.
            let path = if i % 6 == 0 { "/checkout".to_owned() } else { format!("/search?q=bague{i}-{}", fresh_word()) };
            async move { (path.clone(), client.get(format!("{base}{path}")).send().await.unwrap()) }
        });
        for (path, response) in futures_util::future::join_all(requests).await {
            if path == "/checkout" {
                assert_eq!(response.status(), StatusCode::SEE_OTHER, "checkout is never turned away");
            } else if response.status() == StatusCode::SERVICE_UNAVAILABLE {
                assert_eq!(response.headers()[RETRY_AFTER], "2");
                assert_eq!(response.headers()["cache-control"], "no-store");
                turned_away += 1;
            } else {
                assert_eq!(response.status(), StatusCode::OK, "{path}");
            }
        }
        let ready = app.json("/readyz", StatusCode::OK).await;
        if ready["mode"] == "surge" {
            assert_eq!(ready["mode_pinned"], false);
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "sustained shedding never led to surge: {ready}");
    }
    assert!(turned_away > 0);
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.lines().any(|l| l.starts_with("echoppe_admission_total")
            && l.contains("class=\"search\"")
            && l.contains("outcome=\"waited\"")),
        "refusals are counted by class and reason"
    );
    // (Its value is not checked: every app of this test binary shares the
    // one metrics recorder.)
    assert!(metrics.contains("echoppe_mode{mode=\"surge\"}"), "the mode is exported");
}

/// A word no earlier search used.
fn fresh_word() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("w{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[tokio::test]
async fn a_client_far_above_a_person_s_rate_is_slowed_and_others_are_not() {
    let app = TestApp::spawn_with(|s| {
        s.forwarded_for = true;
        s.client_rate = 2;
    })
    .await;
    let from = |address: &'static str| {
        let (client, url) = (app.client.clone(), app.url("/cart"));
        async move { client.get(url).header("x-forwarded-for", address).send().await.unwrap() }
    };
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(from("203.0.113.7").await.status());
    }
    assert!(statuses[..8].iter().all(|s| *s == StatusCode::OK), "a burst of four seconds' worth: {statuses:?}");
    let limited = from("203.0.113.7").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()[RETRY_AFTER], "10");
    assert_eq!(from("198.51.100.20").await.status(), StatusCode::OK, "another client is not affected");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_administrator_holds_a_mode_from_the_admin_page() {
    let app = TestApp::spawn().await;
    let visitor = Browser::signed_up(&app, "chef@example.fr", "Cheffe").await;
    assert_eq!(visitor.get("/admin/mode").await.0, StatusCode::FORBIDDEN);
    app.make_admin("chef@example.fr").await;
    let page = visitor.page("/admin/mode", StatusCode::OK).await;
    assert!(
        page.contains("Mode actuel : <strong>normal</strong>") && page.contains("choisi d'après la charge"),
        "{page}"
    );
    visitor.submit("/admin/mode", "/admin/mode", &[("mode", "busy")]).await.redirects_to("/admin/mode");
    let page = visitor.page("/admin/mode", StatusCode::OK).await;
    assert!(page.contains("<strong>chargé</strong>") && page.contains("maintenu par l'équipe"), "{page}");
    assert_eq!(app.json("/readyz", StatusCode::OK).await["mode"], "busy");
    let refused = visitor.submit("/admin/mode", "/admin/mode", &[("mode", "panique")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("panique"), "the page names what was wrong");
    visitor.submit("/admin/mode", "/admin/mode", &[("mode", "auto")]).await.redirects_to("/admin/mode");
    assert_eq!(app.json("/readyz", StatusCode::OK).await["mode"], "normal");
}

/// In surge the lowest classes are turned away, but not the site's icon:
/// every browser asks for it with its first page.
#[tokio::test]
async fn the_icon_and_robots_txt_are_served_even_in_surge() {
    let app = TestApp::spawn_with(|s| s.mode = echoppe::settings::ModeChoice::Surge).await;
    assert_eq!(app.json("/readyz", StatusCode::OK).await["mode"], "surge");
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/x-icon");
    let bytes = icon.bytes().await.unwrap();
    assert_eq!(&bytes[..4], [0, 0, 1, 0], "an ICO file");
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status(), StatusCode::OK);
    assert!(robots.text().await.unwrap().contains("Disallow: /checkout"));
    // A page a robot would read is still turned away in surge (class other).
    let bot = app.client.get(app.url("/")).header("user-agent", "Googlebot/2.1").send().await.unwrap();
    assert_eq!(bot.status(), StatusCode::SERVICE_UNAVAILABLE);
}
