//! `/sell/...`: opening a shop, writing listings, uploading photos.

use crate::browser::{Browser, jpeg};
use crate::helpers::{TestApp, escaped};
use reqwest::StatusCode;

fn originals(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map_or(0, |entries| entries.flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum())
    }
    count(&app.dir.path().join("media/originals"))
}

#[tokio::test]
async fn a_maker_signs_up_opens_a_shop_and_sells() {
    let app = TestApp::spawn().await;
    let maker = Browser::signed_up(&app, "margaux@example.fr", "Margaux").await;
    // No shop yet: the dashboard offers to open one.
    let response = maker.client.get(maker.url("/sell")).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/sell/shop/new");

    let answer = maker
        .submit(
            "/sell/shop/new",
            "/sell/shop/new",
            &[("name", "L'Atelier de Margaux"), ("location", "Nantes"), ("description", "Bijoux en laiton.")],
        )
        .await;
    answer.redirects_to("/sell");
    let dashboard = maker.page("/sell", StatusCode::OK).await;
    assert!(dashboard.contains("Votre boutique est ouverte"), "a word of welcome, once");
    assert!(!maker.page("/sell", StatusCode::OK).await.contains("Votre boutique est ouverte"));

    let id = maker.create_listing("Collier Lune en laiton").await;
    let page = format!("/sell/listings/{id}");
    let edit = maker.page(&page, StatusCode::OK).await;
    assert!(edit.contains("Brouillon enregistré") && edit.contains("brouillon"));
    assert_eq!(app.get(&format!("/listing/{id}")).await.status(), StatusCode::NOT_FOUND, "drafts are not public");

    // Publishing without a photo is refused with a reason.
    let answer = maker.submit(&page, &format!("{page}/publish"), &[]).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("Ajoutez au moins une photo avant de publier"));

    let answer =
        maker.upload(&page, &format!("{page}/photos"), "photos", vec![("a.jpg", jpeg(10)), ("b.jpg", jpeg(20))]).await;
    answer.redirects_to(&page);
    assert!(maker.page(&page, StatusCode::OK).await.contains("2 photo(s) ajoutée(s)."));
    maker.submit(&page, &format!("{page}/publish"), &[]).await.redirects_to(&page);

    let public = app.page(&format!("/listing/{id}"), StatusCode::OK).await;
    assert!(public.contains("Collier Lune en laiton") && public.contains("34,90\u{a0}€"));
    assert!(public.contains("L&#39;Atelier de Margaux"), "the shop card names the shop");
    assert!(public.contains("Livraison : 4,90\u{a0}€"), "and what it charges to ship");
    let category = app.page("/c/colliers", StatusCode::OK).await;
    assert!(category.contains("Collier Lune en laiton"), "newest first in its category");
    let shop = app.page("/shop/l-atelier-de-margaux", StatusCode::OK).await;
    assert!(shop.contains("Collier Lune en laiton") && shop.contains("Bijoux en laiton."));
    let api = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    assert_eq!(api["photos"].as_array().unwrap().len(), 2);

    // The second photo becomes the cover.
    let second = api["photos"][1]["key"].as_str().unwrap().to_owned();
    let answer = maker.submit(&page, &format!("{page}/photos/arrange"), &[("key", &second), ("action", "cover")]).await;
    answer.redirects_to(&page);
    let api = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    assert_eq!(api["photos"][0]["key"], second.as_str());

    // Edits show at once; withdrawing hides it; deleting removes it.
    let answer = maker
        .submit(
            &page,
            &page,
            &[("title", "Collier Soleil"), ("category", "colliers"), ("price", "40"), ("quantity", "0")],
        )
        .await;
    answer.redirects_to(&page);
    let public = app.page(&format!("/listing/{id}"), StatusCode::OK).await;
    assert!(public.contains("Collier Soleil") && public.contains("Épuisé"), "no stock left: sold out");
    maker.submit(&page, &format!("{page}/deactivate"), &[]).await.redirects_to(&page);
    assert_eq!(app.get(&format!("/listing/{id}")).await.status(), StatusCode::NOT_FOUND);
    maker.submit(&page, &format!("{page}/delete"), &[]).await.redirects_to("/sell");
    assert_eq!(maker.get(&page).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_listing_fields_are_refused_field_by_field() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "lea@example.fr", "Léa Céramique").await;
    let long_title = "t".repeat(141);
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("title", "   "), ("category", "colliers"), ("price", "10"), ("quantity", "1")], "le titre est obligatoire"),
        (&[("title", &long_title), ("category", "colliers"), ("price", "10"), ("quantity", "1")], "140 caractères"),
        (
            &[("title", "Vase"), ("category", "colliers"), ("price", "-5"), ("quantity", "1")],
            "le prix ne peut pas être négatif",
        ),
        (
            &[("title", "Vase"), ("category", "colliers"), ("price", "10"), ("quantity", "-2")],
            "la quantité ne peut pas être négative",
        ),
        (
            &[("title", "Vase"), ("category", "fusees"), ("price", "10"), ("quantity", "1")],
            "la catégorie « fusees » n&#39;existe pas",
        ),
    ];
    for (fields, message) in cases {
        let answer = maker.submit("/sell/listings/new", "/sell/listings", fields).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(answer.body.contains(message), "{message:?} for {fields:?}");
        assert!(answer.body.contains("Rien n'a été enregistré"));
    }
    // What was typed is kept.
    let answer = maker
        .submit(
            "/sell/listings/new",
            "/sell/listings",
            &[
                ("title", "Vase bleu"),
                ("category", "colliers"),
                ("price", "douze"),
                ("quantity", "1"),
                ("tags", "bleu, grès"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains(r#"value="Vase bleu""#) && answer.body.contains(r#"value="bleu, grès""#));
    assert!(answer.body.contains(r#"value="colliers" selected"#));
    let dashboard = maker.page("/sell", StatusCode::OK).await;
    assert!(dashboard.contains("Aucune création pour l'instant"), "nothing was written");
}

#[tokio::test]
async fn a_taken_shop_address_shows_the_form_again() {
    let app = TestApp::spawn().await;
    Browser::seller(&app, "a@example.fr", "Atelier Bleu").await;
    let other = Browser::signed_up(&app, "b@example.fr", "Bertrand").await;
    let answer = other
        .submit(
            "/sell/shop/new",
            "/sell/shop/new",
            &[("name", "Atelier Bleu"), ("slug", "atelier-bleu"), ("location", "Lille"), ("description", "Tissage.")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "an address asked for and taken");
    assert!(answer.body.contains("cette adresse de boutique est déjà prise"));
    assert!(answer.body.contains(r#"value="Lille""#) && answer.body.contains("Tissage."));
    // Left empty, the address derived from the name gets a free suffix.
    let answer = other.submit("/sell/shop/new", "/sell/shop/new", &[("name", "Atelier Bleu"), ("slug", "")]).await;
    answer.redirects_to("/sell");
    assert!(app.page("/shop/atelier-bleu-2", StatusCode::OK).await.contains("Bertrand"));
}

#[tokio::test]
async fn markup_in_seller_text_is_shown_as_text_everywhere() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "x@example.fr", "<b>Boutique</b> & Cie").await;
    let title = "<script>alert('x')</script> Collier";
    let id = maker.published_listing(title).await;
    let buyer = Browser::signed_up(&app, "y@example.fr", "<img src=x onerror=alert(1)>").await;
    buyer.submit(&format!("/listing/{id}"), &format!("/listing/{id}/favourite"), &[("action", "add")]).await;

    let shop_slug = "b-boutique-b-cie";
    let pages = [
        (&maker, format!("/listing/{id}")),
        (&maker, "/c/colliers".to_owned()),
        (&maker, "/c/bijoux".to_owned()),
        (&maker, format!("/shop/{shop_slug}")),
        (&maker, "/sell".to_owned()),
        (&maker, format!("/sell/listings/{id}")),
        (&buyer, "/favourites".to_owned()),
    ];
    for (browser, path) in pages {
        let html = browser.page(&path, StatusCode::OK).await;
        assert!(!html.contains("<script>alert"), "{path} must not carry a live script");
        assert!(html.contains(&escaped(title)), "{path} shows the title as text");
    }
    let header = buyer.page("/", StatusCode::OK).await;
    assert!(!header.contains("<img src=x"), "display names are escaped too");
    let shop = app.page(&format!("/shop/{shop_slug}"), StatusCode::OK).await;
    assert!(shop.contains("&#60;b&#62;Boutique&#60;/b&#62; &#38; Cie"));
}

#[tokio::test]
async fn bad_photos_are_refused_with_a_reason_and_nothing_is_kept() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "p@example.fr", "Photos Test").await;
    let id = maker.create_listing("Bague").await;
    let page = format!("/sell/listings/{id}");
    let before = originals(&app);

    let mut truncated = jpeg(3);
    truncated.truncate(truncated.len() / 3);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("notes.txt", b"ceci n'est pas une photo".to_vec(), "n&#39;est pas une photo JPEG, PNG ou WebP"),
        ("photo.jpg", b"%PDF-1.7 un document".to_vec(), "n&#39;est pas une photo JPEG, PNG ou WebP"),
        ("coupee.jpg", truncated, "illisible ou incomplète"),
        ("bombe.png", huge_png(50_000, 50_000), "50000 × 50000 pixels"),
        ("lourde.jpg", vec![0xFF; 11 * 1024 * 1024], "le maximum est 10 Mo"),
    ];
    for (name, bytes, reason) in cases {
        let answer = maker.upload(&page, &format!("{page}/photos"), "photos", vec![(name, bytes)]).await;
        answer.redirects_to(&page);
        let edit = maker.page(&page, StatusCode::OK).await;
        assert!(edit.contains(&escaped(&format!("« {name} » a été refusée"))), "{name} is named");
        assert!(edit.contains(reason), "{name}: {reason:?}");
    }
    assert_eq!(originals(&app), before, "nothing half-written or refused stays in the store");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK, "the server is still up");

    // A good photo next to a bad one: the good one is kept, the bad one named;
    // the same photo again is not added twice.
    let files = vec![("bonne.jpg", jpeg(4)), ("mauvaise.gif", b"GIF89a....".to_vec()), ("encore.jpg", jpeg(4))];
    maker.upload(&page, &format!("{page}/photos"), "photos", files).await.redirects_to(&page);
    let edit = maker.page(&page, StatusCode::OK).await;
    assert!(edit.contains("1 photo(s) ajoutée(s).") && edit.contains("mauvaise.gif"));
    assert!(edit.contains("« encore.jpg » est déjà dans l&#39;annonce."), "{edit}");
    assert!(edit.contains("Photos (1/10)"));
    assert_eq!(originals(&app), before + 1);
    // Reloading the page after an upload uploads nothing again.
    assert!(maker.page(&page, StatusCode::OK).await.contains("Photos (1/10)"));
}

#[tokio::test]
async fn a_listing_holds_ten_photos_at_most() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "dix@example.fr", "Dix Photos").await;
    let id = maker.create_listing("Tableau").await;
    let page = format!("/sell/listings/{id}");
    let files: Vec<_> = (0..12).map(|n| ("p.jpg", jpeg(100 + n))).collect();
    maker.upload(&page, &format!("{page}/photos"), "photos", files).await.redirects_to(&page);
    let edit = maker.page(&page, StatusCode::OK).await;
    assert!(edit.contains("10 photo(s) ajoutée(s).") && edit.contains("2 photo(s) non ajoutée(s)"));
    assert!(edit.contains("Photos (10/10)"));
    assert!(!edit.contains("Ajouter des photos"), "no upload form once full");
}

#[tokio::test]
async fn a_shop_on_holiday_leaves_the_lists_but_stays_reachable() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "v@example.fr", "Vacances").await;
    let id = maker.published_listing("Broche hirondelle").await;
    assert!(app.page("/c/colliers", StatusCode::OK).await.contains("Broche hirondelle"));
    maker.submit("/sell", "/sell/shop/holiday", &[("on_holiday", "on")]).await.redirects_to("/sell");
    assert!(!app.page("/c/colliers", StatusCode::OK).await.contains("Broche hirondelle"));
    let listing = app.page(&format!("/listing/{id}"), StatusCode::OK).await;
    assert!(listing.contains("La boutique est en vacances"));
    assert!(app.page("/shop/vacances", StatusCode::OK).await.contains("Broche hirondelle"));
    maker.submit("/sell", "/sell/shop/holiday", &[("on_holiday", "off")]).await.redirects_to("/sell");
    assert!(app.page("/c/colliers", StatusCode::OK).await.contains("Broche hirondelle"));
}

#[tokio::test]
async fn the_shop_gets_an_avatar() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "av@example.fr", "Avatar").await;
    maker
        .upload("/sell/shop", "/sell/shop/avatar", "avatar", vec![("moi.jpg", jpeg(7))])
        .await
        .redirects_to("/sell/shop");
    let shop = app.page("/shop/avatar", StatusCode::OK).await;
    assert!(shop.contains(r#"<div class="shop-head__avatar"><img src="/media/"#), "{shop}");
    let answer = maker.upload("/sell/shop", "/sell/shop/avatar", "avatar", vec![("moi.txt", b"texte".to_vec())]).await;
    answer.redirects_to("/sell/shop");
    assert!(maker.page("/sell/shop", StatusCode::OK).await.contains("« moi.txt » a été refusée"));
}

/// A valid PNG header announcing `width` × `height` pixels with almost no data:
/// what a decompression bomb looks like before it is decoded.
fn huge_png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[tokio::test]
async fn malformed_upload_requests_are_refused_in_words() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "m@example.fr", "Malformé").await;
    let id = maker.create_listing("Broche").await;
    let action = format!("/sell/listings/{id}/photos");
    // Not a multipart form at all.
    let answer = maker.post(&action, &[("csrf", "x")]).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("formulaire de fichiers (multipart/form-data)"), "{}", answer.body);
    // A "token" of a megabyte is not buffered, and not a token.
    let form = reqwest::multipart::Form::new()
        .text("csrf", "x".repeat(1 << 20))
        .part("photos", reqwest::multipart::Part::bytes(jpeg(1)).file_name("a.jpg"));
    let response = maker.client.post(maker.url(&action)).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // A file sent before the token is refused before it is read.
    let token = maker.csrf(&format!("/sell/listings/{id}")).await;
    let form = reqwest::multipart::Form::new()
        .part("photos", reqwest::multipart::Part::bytes(jpeg(1)).file_name("a.jpg"))
        .text("csrf", token);
    let response = maker.client.post(maker.url(&action)).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(maker.page(&format!("/sell/listings/{id}"), StatusCode::OK).await.contains("Photos (0/10)"));
}
