//! The storefront pages: `/`, `/c/{slug}`, `/listing/{id}`, `/shop/{slug}`, and
//! what happens with addresses that lead nowhere.

use crate::helpers::{TestApp, between, escaped};
use reqwest::StatusCode;
use serde_json::Value;

/// A public listing picked through the API: (id, title, storefront URL).
async fn some_listing(app: &TestApp, query: &str) -> Value {
    let list = app.json(&format!("/api/v1/listings?limit=1&{query}"), StatusCode::OK).await;
    list["listings"][0].clone()
}

#[tokio::test]
async fn home_shows_every_category_as_a_tile_and_a_row_of_favourites() {
    let app = TestApp::spawn().await;
    let html = app.page("/", StatusCode::OK).await;
    let tree = app.json("/api/v1/categories", StatusCode::OK).await;
    for top in tree["categories"].as_array().unwrap() {
        assert!(html.contains(&escaped(top["name"].as_str().unwrap())), "home names {}", top["name"]);
        assert!(html.contains(&format!("href=\"{}\"", top["url"].as_str().unwrap())));
    }
    let loved = some_listing(&app, "category=bijoux&sort=popular").await;
    assert!(html.contains(&escaped(loved["title"].as_str().unwrap())), "the most loved jewel is on the home page");
    // A storefront to scan: one row of four per category, and a tile each.
    let sections = tree["categories"].as_array().unwrap().len();
    assert!(html.matches("class=\"card\"").count() <= 4 * sections, "one row per category");
    assert_eq!(html.matches("class=\"tile\"").count(), sections, "a tile per category");
    assert!(html.contains("Voir plus<span class=\"visually-hidden\"> : Bijoux</span>"), "and a link to see more");
    assert!(html.contains("<html lang=\"fr\">"));
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("style-src 'self'"), "{csp}");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let compressed = app.client.get(app.url("/")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br", "pages are compressed for clients that ask");
    // Prices in euros, French typography.
    assert!(html.contains("\u{a0}€"));
}

#[tokio::test]
async fn the_stylesheet_is_served_and_cached_forever() {
    let app = TestApp::spawn().await;
    let html = app.page("/", StatusCode::OK).await;
    let css = between(&html, "<link rel=\"stylesheet\" href=\"", "\"")[0];
    let response = app.get(css).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(response.text().await.unwrap().contains(".card"));
    assert_eq!(app.get("/static/echoppe.0000000000.css").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_category_lists_its_newest_listings_with_pagination() {
    let app = TestApp::spawn().await;
    let tree = app.json("/api/v1/categories", StatusCode::OK).await;
    let bijoux = tree["categories"].as_array().unwrap().iter().find(|c| c["slug"] == "bijoux").unwrap();
    let total = bijoux["listing_count"].as_i64().unwrap();
    assert!(total > 24, "the test catalogue has several pages of jewellery ({total})");

    let html = app.page("/c/bijoux", StatusCode::OK).await;
    assert!(html.contains("<h1>Bijoux</h1>"));
    assert!(html.contains(&format!("{total} créations")), "the count is shown");
    let titles = between(&html, "<h3 class=\"card__title\">", "</h3>");
    assert_eq!(titles.len(), 24, "a full first page");
    let newest = some_listing(&app, "category=bijoux").await;
    assert_eq!(titles[0], escaped(newest["title"].as_str().unwrap()), "newest first");
    for sub in bijoux["children"].as_array().unwrap() {
        assert!(html.contains(&format!("href=\"{}\"", sub["url"].as_str().unwrap())), "chip for {}", sub["slug"]);
    }
    assert!(html.contains("href=\"/c/bijoux?page=2\" rel=\"next\""));

    let last_page = (total + 23) / 24;
    let last = app.page(&format!("/c/bijoux?page={last_page}"), StatusCode::OK).await;
    let remaining = between(&last, "<h3 class=\"card__title\">", "</h3>").len() as i64;
    assert_eq!(remaining, total - 24 * (last_page - 1));
    assert!(!last.contains("rel=\"next\""));
}

#[tokio::test]
async fn a_sub_category_has_a_breadcrumb_and_its_siblings() {
    let app = TestApp::spawn().await;
    let html = app.page("/c/bagues", StatusCode::OK).await;
    assert!(html.contains("<h1>Bagues</h1>"));
    assert!(html.contains("<a href=\"/c/bijoux\">Bijoux</a>"), "breadcrumb up to the top-level category");
    assert!(html.contains("href=\"/c/colliers\""), "siblings as chips");
    assert!(html.contains("href=\"/c/bagues\" aria-current=\"page\""));
}

#[tokio::test]
async fn categories_sort_and_filter_by_price() {
    let app = TestApp::spawn().await;
    let cheapest = some_listing(&app, "category=maison&sort=price_asc").await;
    let html = app.page("/c/maison?sort=price_asc", StatusCode::OK).await;
    assert_eq!(between(&html, "<h3 class=\"card__title\">", "</h3>")[0], escaped(cheapest["title"].as_str().unwrap()));
    assert!(html.contains("<option value=\"price_asc\" selected>"));

    let filtered = app.page("/c/maison?min_price=20&max_price=60,5", StatusCode::OK).await;
    let prices = between(&filtered, "<span class=\"price\">", "</span>");
    assert!(!prices.is_empty());
    for price in prices {
        let euros: f64 = price.trim_end_matches("\u{a0}€").replace('\u{202f}', "").replace(',', ".").parse().unwrap();
        assert!((20.0..=60.5).contains(&euros), "{price} is within the filter");
    }
    assert!(filtered.contains("value=\"60,50\""), "the filter is kept in the form, in French");
    let expected: i64 = sqlx::query_scalar(app.sql(
        "SELECT count(*) FROM listings l JOIN categories c ON c.id = l.category_id \
         WHERE l.state IN ('active', 'sold_out') AND c.parent_id = (SELECT id FROM categories WHERE slug = 'maison') \
         AND l.price_cents BETWEEN 2000 AND 6050",
    ))
    .fetch_one(&app.db().await)
    .await
    .unwrap();
    let label = if expected > 1 { "créations" } else { "création" };
    assert!(
        filtered.contains(&format!("<p class=\"page-head__count\">{expected} {label}</p>")),
        "the count follows the filter"
    );
    assert!(filtered.contains("Effacer les filtres"));
}

#[tokio::test]
async fn a_listing_page_shows_everything_a_buyer_needs() {
    let app = TestApp::spawn().await;
    let summary = some_listing(&app, "sort=popular").await;
    let id = summary["id"].as_i64().unwrap();
    let listing = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    let url = listing["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("/listing/{id}-")));

    let html = app.page(url, StatusCode::OK).await;
    assert!(
        html.contains(&format!("<h1 class=\"listing__title\">{}</h1>", escaped(listing["title"].as_str().unwrap())))
    );
    assert!(html.contains(&escaped(listing["price"]["display"].as_str().unwrap())));
    assert!(html.contains(&escaped(listing["shop"]["name"].as_str().unwrap())));
    assert!(html.contains(&format!("href=\"{}\"", listing["shop"]["url"].as_str().unwrap())));
    let first_paragraph = listing["description"].as_str().unwrap().split("\n\n").next().unwrap();
    assert!(html.contains(&escaped(first_paragraph)), "the description is shown");
    for tag in listing["tags"].as_array().unwrap() {
        assert!(html.contains(&format!("<li>{}</li>", escaped(tag.as_str().unwrap()))));
    }
    let photo = &listing["photos"][0];
    assert!(html.contains(&format!("/media/{}/680.jpg", photo["key"].as_str().unwrap())), "gallery photo");
    assert!(html.contains("srcset=\"/media/"), "responsive images");
    assert!(html.contains("dans leurs favoris"), "the most loved listing shows its favourites");
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert!(html.contains("Plus de créations de"), "more from this shop");

    // The bare id works too, and so does an outdated slug.
    assert_eq!(app.get(&format!("/listing/{id}")).await.status(), StatusCode::OK);
    assert_eq!(app.get(&format!("/listing/{id}-old-title")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sold_out_listings_say_so_and_hidden_ones_do_not_exist() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    let sold_out: i64 = sqlx::query_scalar(app.sql("SELECT id FROM listings WHERE state = 'sold_out' LIMIT 1"))
        .fetch_one(&db)
        .await
        .unwrap();
    let html = app.page(&format!("/listing/{sold_out}"), StatusCode::OK).await;
    assert!(html.contains("Épuisé"));
    for state in ["draft", "inactive"] {
        let id: i64 = sqlx::query_scalar(app.sql("SELECT id FROM listings WHERE state = ? LIMIT 1"))
            .bind(state)
            .fetch_one(&db)
            .await
            .unwrap();
        let html = app.page(&format!("/listing/{id}"), StatusCode::NOT_FOUND).await;
        assert!(html.contains(&escaped("Cette page n'existe pas")), "a {state} listing is a 404");
        app.json(&format!("/api/v1/listings/{id}"), StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn a_shop_page_shows_the_shop_and_its_listings() {
    let app = TestApp::spawn().await;
    let listing = some_listing(&app, "").await;
    let slug = listing["shop"]["slug"].as_str().unwrap();
    let shop = app.json(&format!("/api/v1/shops/{slug}?limit=100"), StatusCode::OK).await;
    let html = app.page(&format!("/shop/{slug}"), StatusCode::OK).await;
    assert!(html.contains(&format!("<h1>{}</h1>", escaped(shop["name"].as_str().unwrap()))));
    assert!(html.contains(&escaped(shop["location"].as_str().unwrap())));
    let count = shop["listing_count"].as_i64().unwrap();
    let shown = between(&html, "<h3 class=\"card__title\">", "</h3>");
    assert_eq!(shown.len() as i64, count.min(24));
    assert_eq!(shown[0], escaped(shop["listings"][0]["title"].as_str().unwrap()));
}

#[tokio::test]
async fn unknown_addresses_get_a_friendly_404_page() {
    let app = TestApp::spawn().await;
    for path in [
        "/listing/99999999",
        "/listing/abc",
        "/listing/-4",
        "/listing/0",
        "/shop/boutique-qui-n-existe-pas",
        "/shop/NOT_A_SLUG",
        "/c/categorie-inconnue",
        "/c/bijoux?page=400",
        "/page/qui/n/existe/pas",
    ] {
        let html = app.page(path, StatusCode::NOT_FOUND).await;
        assert!(html.contains(&escaped("Cette page n'existe pas")), "{path}");
        assert!(html.contains("Retour à l'accueil"), "{path}");
        assert!(html.contains("href=\"/c/bijoux\""), "{path}: the 404 page offers the categories");
    }
}

#[tokio::test]
async fn malformed_parameters_get_a_400_that_names_them() {
    let app = TestApp::spawn().await;
    for (query, parameter, detail) in [
        ("page=-1", "page", "entier positif"),
        ("page=0", "page", "entre 1 et 400"),
        ("page=abc", "page", "« abc »"),
        ("page=401", "page", "entre 1 et 400"),
        ("page=99999999999999999999", "page", "entier positif"),
        ("sort=cheapest", "sort", "price_asc"),
        ("min_price=abc", "min_price", "« abc »"),
        ("max_price=-3", "max_price", "« -3 »"),
        ("min_price=50&max_price=10", "max_price", "inférieur"),
    ] {
        let html = app.page(&format!("/c/bijoux?{query}"), StatusCode::BAD_REQUEST).await;
        assert!(html.contains(&escaped(&format!("Le paramètre « {parameter} »"))), "{query}");
        assert!(html.contains(&escaped(detail)), "{query} explains: {detail}");
    }
    let html = app.page("/shop/any-shop?page=nope", StatusCode::BAD_REQUEST).await;
    assert!(html.contains(&escaped("Le paramètre « page »")), "parameters are checked before the shop is looked up");
}
