//! Statistics: events counted where the server sees them and from beacons,
//! rolled up by listing, shop, day and search term, across flushes and
//! restarts; beacons' bad input.

use crate::browser::Browser;
use crate::checkout::check_out;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::header::{REFERER, USER_AGENT};
use serde_json::json;

/// Flushes only when the server stops, so a test knows when figures are written.
async fn counted_app() -> TestApp {
    TestApp::spawn_with(|s| s.stats_flush_seconds = 3600).await
}

async fn view(app: &TestApp, listing: i64, agent: &str, referer: Option<&str>) {
    let mut request = app.client.get(app.url(&format!("/listing/{listing}"))).header(USER_AGENT, agent);
    if let Some(referer) = referer {
        request = request.header(REFERER, app.url(referer));
    }
    assert_eq!(request.send().await.expect("request").status(), StatusCode::OK);
}

/// A shop's figures for today: views, bot views, favourites, cart
/// additions, orders, revenue, visits, visitors.
async fn shop_today(app: &TestApp, listing: i64) -> (i64, i64, i64, i64, i64, i64, i64, i64) {
    sqlx::query_as(app.sql(
        "SELECT views, bot_views, favourites, cart_adds, orders, revenue_cents, visits, visitors FROM shop_stats_daily \
         WHERE shop_id = (SELECT shop_id FROM listings WHERE id = ?) AND day = ?",
    ))
    .bind(listing)
    .bind(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 / 86_400)
    .fetch_one(&app.db().await)
    .await
    .expect("the shop's figures for today")
}

#[tokio::test]
async fn what_buyers_do_rolls_up_by_listing_shop_and_search_term() {
    let mut app = counted_app().await;
    let maker = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = maker.published_listing("Bague Lune").await;
    // Search follows the catalogue within a second (the API's searches are
    // not counted: they are not a buyer's).
    let started = std::time::Instant::now();
    while app.json("/api/v1/search?q=bague%20lune", StatusCode::OK).await["total"] == 0 {
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the new listing was never found");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Two people (two browsers) and a robot look at the ring.
    view(&app, ring, "Firefox Alice", None).await;
    view(&app, ring, "Firefox Alice", None).await;
    view(&app, ring, "Safari Bruno", None).await;
    view(&app, ring, "Googlebot/2.1", None).await;
    // A search, and the ring opened from its results.
    assert_eq!(app.get("/search?q=Bague%20%20LUNE").await.status(), StatusCode::OK);
    assert_eq!(app.get("/search?q=zzqqxx").await.status(), StatusCode::OK);
    view(&app, ring, "Safari Bruno", Some("/search?q=bague+lune")).await;

    // Loved, put in a cart twice over and bought: the buyer sees the page
    // twice (to love it, to buy it).
    let buyer = Browser::signed_up(&app, "bea@example.fr", "Bea").await;
    let page = format!("/listing/{ring}");
    buyer.submit(&page, &format!("{page}/favourite"), &[("action", "add")]).await;
    buyer.add_to_cart(ring, "2").await.redirects_to("/cart");
    // The address form reloaded is still the one checkout.
    buyer.page("/checkout", StatusCode::OK).await;
    buyer.page("/checkout", StatusCode::OK).await;
    check_out(&buyer).await;

    app.begin_shutdown();
    app.stopped().await.expect("a clean stop");
    let (views, bots, favourites, cart_adds, orders, revenue, visits, visitors) = shop_today(&app, ring).await;
    assert_eq!((views, bots), (6, 1), "people's views, and the robot's apart");
    assert_eq!((favourites, cart_adds, orders, revenue), (1, 1, 1, 2 * 3490));
    assert_eq!(visitors, 3, "Alice, Bruno and the buyer");
    assert!(visits >= 3, "each visitor's hour on the shop is a visit: {visits}");

    let db = app.db().await;
    let (checkouts,): (i64,) =
        sqlx::query_as(app.sql_summing("SELECT SUM(checkouts) FROM shop_stats_daily")).fetch_one(&db).await.unwrap();
    assert_eq!(checkouts, 1, "the buyer went to checkout once, however many times the form was shown");
    let (listing_views, units, listing_revenue): (i64, i64, i64) = sqlx::query_as(app.sql_summing(
        "SELECT SUM(views), SUM(units), SUM(revenue_cents) FROM listing_stats_hourly WHERE listing_id = ?",
    ))
    .bind(ring)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((listing_views, units, listing_revenue), (6, 2, 6980));
    let terms: Vec<(String, i64, i64)> =
        sqlx::query_as(app.sql("SELECT term, searches, zero_results FROM search_terms_daily ORDER BY term"))
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(terms, [("bague lune".to_owned(), 1, 0), ("zzqqxx".to_owned(), 1, 1)]);
    let led: Vec<(String, i64)> =
        sqlx::query_as(app.sql("SELECT term, views FROM shop_search_terms_daily")).fetch_all(&db).await.unwrap();
    assert_eq!(led, [("bague lune".to_owned(), 1)]);
}

#[tokio::test]
async fn figures_add_up_across_flushes_and_restarts() {
    let mut app = counted_app().await;
    let listing = app.first_listing().await;
    for _ in 0..2 {
        view(&app, listing, "Firefox Alice", None).await;
    }
    app.restart().await;
    for _ in 0..3 {
        view(&app, listing, "Firefox Alice", None).await;
    }
    view(&app, listing, "Safari Bruno", None).await;
    app.begin_shutdown();
    app.stopped().await.expect("a clean stop");
    let (views, _, _, _, _, _, _, visitors) = shop_today(&app, listing).await;
    assert_eq!(views, 6, "both flushes added up");
    assert_eq!(visitors, 2, "Alice before and after the restart is one visitor: the sketches merged");
}

async fn beacons(app: &TestApp, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
    let response = app.client.post(app.url("/api/v1/events")).json(&body).send().await.expect("request");
    let status = response.status();
    (status, response.json().await.expect("a JSON answer"))
}

#[tokio::test]
async fn beacons_count_what_is_good_and_say_what_is_not() {
    let mut app = counted_app().await;
    let listing = app.first_listing().await;
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let (status, receipt) = beacons(
        &app,
        json!({"events": [
            {"type": "impression", "listing": listing},
            {"type": "view", "listing": listing, "at": now_ms - 60_000, "search": "Bague"},
            {"type": "teleport", "listing": listing},
            {"type": "view", "listing": 999_999_999},
            {"type": "view", "listing": -4},
            {"type": "view", "listing": listing, "at": now_ms - 3 * 86_400_000},
            {"type": "view", "listing": listing, "at": now_ms + 3_600_000},
            {"type": "view", "listing": listing, "colour": "red"},
            "view",
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{receipt}");
    assert_eq!(receipt["accepted"], 2);
    let reasons: Vec<(u64, String)> = receipt["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["reason"].as_str().unwrap().to_owned()))
        .collect();
    let expect = [
        (2, "type d'événement inconnu « teleport »"),
        (3, "l'annonce 999999999 n'existe pas"),
        (4, "« listing » doit être un identifiant"),
        (5, "trop ancien"),
        (6, "dans le futur"),
        (7, "champ inconnu « colour »"),
        (8, "un événement est un objet JSON"),
    ];
    assert_eq!(reasons.len(), expect.len(), "{reasons:?}");
    for ((index, reason), (want_index, want)) in reasons.iter().zip(expect) {
        assert_eq!(*index, want_index);
        assert!(reason.contains(want), "event {index}: {reason}");
    }

    // Nothing good at all, nothing at all, not a batch, too many, too big.
    let (status, receipt) = beacons(&app, json!({"events": [{"type": "view", "listing": 999_999_999}]})).await;
    assert_eq!((status, receipt["accepted"].as_u64()), (StatusCode::UNPROCESSABLE_ENTITY, Some(0)));
    let (status, error) = beacons(&app, json!({"events": []})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let (status, error) = beacons(&app, json!([1, 2])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["error"]["message"].as_str().unwrap().contains("events"), "{error}");
    let many: Vec<_> = (0..101).map(|_| json!({"type": "impression", "listing": listing})).collect();
    let (status, error) = beacons(&app, json!({ "events": many })).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{error}");
    let huge = json!({"events": [{"type": "view", "listing": listing, "search": "x".repeat(70_000)}]});
    let (status, error) = beacons(&app, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{error}");

    app.begin_shutdown();
    app.stopped().await.expect("a clean stop");
    let (impressions, views): (i64, i64) = sqlx::query_as(
        app.sql_summing("SELECT SUM(impressions), SUM(views) FROM listing_stats_daily WHERE listing_id = ?"),
    )
    .bind(listing)
    .fetch_one(&app.db().await)
    .await
    .unwrap();
    assert_eq!((impressions, views), (1, 1), "the two good events of the first batch, and nothing else");
}

#[tokio::test]
async fn a_seller_reads_their_figures_as_charts_and_as_csv() {
    let app = TestApp::spawn_with(|s| s.stats_flush_seconds = 1).await;
    let maker = Browser::seller(&app, "verre@example.fr", "Verre Soufflé").await;
    let vase = maker.published_listing("Vase bleu").await;
    view(&app, vase, "Firefox Alice", None).await;
    view(&app, vase, "Safari Bruno", None).await;

    // Written within a flush.
    let started = std::time::Instant::now();
    let page = loop {
        let page = maker.page("/sell/stats", StatusCode::OK).await;
        // The shop's and the listing's roll-ups are written by one flush but
        // in separate transactions: wait for both.
        if page.contains("<strong>2</strong>Vues") && page.contains("Vase bleu") {
            break page;
        }
        // Generous: a flush every second, but a loaded machine (CI runs the
        // suite on three engines at once) can take its time.
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the views never showed: {page}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    for expected in
        ["<svg", "Vues et visites", "Chiffre d'affaires", "Vase bleu", "30 jours", "/sell/stats.csv?period=30"]
    {
        assert!(page.contains(expected), "the dashboard shows {expected}");
    }
    let year = maker.page("/sell/stats?period=365", StatusCode::OK).await;
    assert!(year.contains("aria-current=\"page\">1 an<"), "the year is the period shown");
    let (status, body) = maker.get("/sell/stats?period=12").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("période de 7, 30 ou 365 jours"), "{body}");

    let csv = maker.page("/sell/stats.csv?period=7", StatusCode::OK).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 8, "a header and seven days: {csv}");
    assert!(lines[0].starts_with("date,vues,visites,visiteurs"));
    assert!(lines[7].contains(",2,") && lines[7].ends_with(",0"), "today: two views, not sampled: {}", lines[7]);

    // The same figures through the API, for the shop's owner only.
    let (slug,): (String,) = sqlx::query_as(app.sql("SELECT slug FROM shops WHERE name = 'Verre Soufflé'"))
        .fetch_one(&app.db().await)
        .await
        .expect("the shop");
    let api = format!("/api/v1/shops/{slug}/stats?period=7");
    let (status, body) = maker.get(&api).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let stats: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((stats["totals"]["views"].as_u64(), stats["days"].as_array().map(Vec::len)), (Some(2), Some(7)));
    assert_eq!(stats["top_listings"][0]["id"].as_i64(), Some(vase));
    let rival = Browser::seller(&app, "rival@example.fr", "Atelier Rival").await;
    assert_eq!(rival.get(&api).await.0, StatusCode::FORBIDDEN, "another seller's figures");
    assert_eq!(app.get(&api).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(maker.get("/api/v1/shops/nobody-here/stats").await.0, StatusCode::NOT_FOUND);
    assert_eq!(maker.get(&format!("/api/v1/shops/{slug}/stats?period=8")).await.0, StatusCode::BAD_REQUEST);

    // Someone signed out is asked to sign in; someone without a shop is sent to open one.
    let anonymous = app.get("/sell/stats").await;
    assert!(anonymous.status().is_redirection());
    let buyer = Browser::signed_up(&app, "bea@example.fr", "Bea").await;
    let (status, _) = buyer.get("/sell/stats").await;
    assert!(status.is_redirection() || status == StatusCode::NOT_FOUND, "{status}");
}

/// One definition of conversion on the seller's dashboard: the shop's
/// total and each listing's row agree, and the page says what it is.
#[tokio::test]
async fn the_conversion_is_one_measure_for_the_shop_and_its_listings() {
    let app = TestApp::spawn_with(|s| s.stats_flush_seconds = 1).await;
    let maker = Browser::seller(&app, "verre@example.fr", "Verre Soufflé").await;
    let vase = maker.published_listing("Vase bleu").await;
    view(&app, vase, "Firefox Alice", None).await;
    // The buyer sees the page once, to put the vase in the cart, and buys it.
    let buyer = Browser::new(&app);
    buyer.add_to_cart(vase, "1").await.redirects_to("/cart");
    check_out(&buyer).await;
    let started = std::time::Instant::now();
    let page = loop {
        let page = maker.page("/sell/stats", StatusCode::OK).await;
        if page.contains("<strong>1</strong>Commandes") && page.contains("<strong>2</strong>Vues") {
            break page;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(8), "the order never showed: {page}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(page.contains("<strong>50,0 %</strong>Conversion"), "one order for two views: {page}");
    assert!(page.contains("data-label=\"Conversion\">50,0 %"), "the listing's row says the same: {page}");
    assert!(page.contains("commandes pour 100 vues"), "and the page says what it measures");
}

#[tokio::test]
async fn operators_watch_the_night_live() {
    let app = TestApp::spawn().await;
    let operator = Browser::signed_up(&app, "nuit@example.fr", "Opératrice").await;
    assert_eq!(operator.get("/admin/live").await.0, StatusCode::FORBIDDEN, "administrators only");
    app.make_admin("nuit@example.fr").await;
    for _ in 0..20 {
        assert_eq!(app.get("/").await.status(), StatusCode::OK);
    }
    // The figures cover the seconds already closed.
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let page = operator.page("/admin/live", StatusCode::OK).await;
    for expected in [
        "Mode : <strong>normal</strong>",
        "Requêtes par seconde",
        "Temps de réponse, médiane",
        "Commandes en attente du lien de paiement",
        "<svg",
        "/static/live.",
        "id=\"live-pause\"",
        "chart-tone-good",
    ] {
        assert!(page.contains(expected), "the live page shows {expected}: {page}");
    }
    assert!(!page.contains("http-equiv=\"refresh\""), "no meta refresh: a script refreshes the figures in place");
    let requests: u64 = page
        .split("<strong>")
        .nth(2)
        .and_then(|rest| rest.split("</strong>").next())
        .and_then(|n| n.replace(['\u{202f}', ' '], "").parse().ok())
        .expect("requests per second on the page");
    assert!(requests >= 1, "twenty requests in the last seconds: {requests}/s");
    assert!(app.get("/admin/live").await.status().is_redirection(), "signed out: asked to sign in");
}

/// A headless Chromium, or `None` with the reason printed: CI installs one
/// and sets `ECHOPPE_REQUIRE_CHROMIUM`, so there a missing browser fails.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| std::process::Command::new(name).arg("--version").output().is_ok_and(|out| out.status.success()));
    if found.is_none() {
        assert!(std::env::var_os("ECHOPPE_REQUIRE_CHROMIUM").is_none(), "CI must have Chromium for this test");
        eprintln!("skipping: no Chromium here (CI installs it)");
    }
    found
}

/// The page as a headless Chromium leaves it, its scripts run: a window
/// tall enough for every card to be in sight at once, and virtual time
/// that runs the beacon's five-second flush without waiting for it.
async fn shown_in_chromium(browser: &'static str, url: String) -> String {
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new(browser)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,6000"])
            .args(["--virtual-time-budget=8000", "--dump-dom", &url])
            .output()
    })
    .await
    .unwrap()
    .expect("run Chromium");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    String::from_utf8_lossy(&status.stdout).into_owned()
}

#[tokio::test]
async fn a_real_browser_sends_impressions_with_the_beacon_script() {
    let Some(browser) = chromium() else { return };
    let mut app = counted_app().await;
    let shown = shown_in_chromium(browser, app.url("/c/bijoux")).await.matches("data-listing=").count();
    assert!(shown > 0, "the category shows cards");
    app.begin_shutdown();
    app.stopped().await.expect("a clean stop");
    let (impressions,): (i64,) = sqlx::query_as(app.sql_summing("SELECT SUM(impressions) FROM listing_stats_daily"))
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(impressions, shown as i64, "each card seen counted once");
}

#[tokio::test]
async fn behind_a_cdn_the_browser_counts_every_view_and_the_server_none() {
    let Some(browser) = chromium() else { return };
    let mut app = TestApp::spawn_with(|s| {
        s.stats_flush_seconds = 3600;
        s.views_counted_in_browser = true;
    })
    .await;
    let maker = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = maker.published_listing("Bague Lune").await;
    // A client without the script (or a CDN filling its cache): not a view.
    view(&app, ring, "curl/8.5", None).await;
    let dom = shown_in_chromium(browser, app.url(&format!("/listing/{ring}"))).await;
    assert!(dom.contains("data-count-view"), "the page asks the script to count its view");
    app.begin_shutdown();
    app.stopped().await.expect("a clean stop");
    let (views,): (i64,) =
        sqlx::query_as(app.sql_summing("SELECT SUM(views) FROM listing_stats_daily WHERE listing_id = ?"))
            .bind(ring)
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(views, 1, "the browser's view, counted once");
}
