//! `/admin`: seeing everyone's account and suspending a shop.

use crate::browser::Browser;
use crate::helpers::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn an_admin_suspends_a_shop_and_its_listings_disappear() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "maker@example.fr", "Boutique Douteuse").await;
    let id = maker.published_listing("Contrefaçon").await;
    let admin = Browser::signed_up(&app, "admin@example.fr", "Admin").await;
    app.make_admin("admin@example.fr").await;

    let people = admin.page("/admin", StatusCode::OK).await;
    assert!(people.contains("maker@example.fr") && people.contains("Boutique Douteuse"));
    assert!(people.contains("Administration"), "the header links to the admin pages");
    let (shop,): (i64,) = sqlx::query_as(app.sql("SELECT id FROM shops WHERE slug = 'boutique-douteuse'"))
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    let standing = format!("/admin/shops/{shop}/standing");

    admin.submit("/admin", &standing, &[("action", "suspend")]).await.redirects_to("/admin");
    assert!(admin.page("/admin", StatusCode::OK).await.contains("est suspendue"));
    assert_eq!(app.get(&format!("/listing/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/shop/boutique-douteuse").await.status(), StatusCode::NOT_FOUND);
    assert!(!app.page("/c/colliers", StatusCode::OK).await.contains("Contrefaçon"));
    assert_eq!(app.get(&format!("/api/v1/listings/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert!(maker.page("/sell", StatusCode::OK).await.contains("Votre boutique est suspendue"));

    admin.submit("/admin", &standing, &[("action", "reinstate")]).await.redirects_to("/admin");
    assert_eq!(app.get(&format!("/listing/{id}")).await.status(), StatusCode::OK);
    assert!(app.page("/c/colliers", StatusCode::OK).await.contains("Contrefaçon"));

    let answer = admin.submit("/admin", &standing, &[("action", "explode")]).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = admin.submit("/admin", "/admin/shops/99999/standing", &[("action", "suspend")]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn grant_admin_makes_the_first_administrator() {
    let app = TestApp::spawn().await;
    let person = Browser::signed_up(&app, "chef@example.fr", "Cheffe").await;
    assert_eq!(person.get("/admin").await.0, StatusCode::FORBIDDEN);
    let grant = |email: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_echoppe"))
            .args(["grant-admin", email, "--data"])
            .arg(app.dir.path())
            .args(["--database-url", &app.database_url()])
            .env_remove("ECHOPPE_CONFIG")
            .env("ECHOPPE_LOG", "warn")
            .output()
            .expect("run echoppe grant-admin")
    };
    let unknown = grant("personne@example.fr");
    assert!(!unknown.status.success());
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains("no account has the address personne@example.fr"), "{message}");
    let malformed = grant("pas-une-adresse");
    assert!(!malformed.status.success());

    assert!(grant("Chef@Example.fr").status.success());
    assert_eq!(person.get("/admin").await.0, StatusCode::OK, "the role is read on every request");
}

#[tokio::test]
async fn operators_switch_payments_to_later_and_read_the_mail() {
    let app = TestApp::spawn().await;
    let admin = Browser::signed_up(&app, "admin@example.fr", "Admin").await;
    app.make_admin("admin@example.fr").await;
    let buyer = Browser::signed_up(&app, "ines@example.fr", "Inès").await;
    buyer.page("/admin/payments", StatusCode::FORBIDDEN).await;
    buyer.page("/admin/mail", StatusCode::FORBIDDEN).await;

    assert!(admin.page("/admin/payments", StatusCode::OK).await.contains("pris à la commande"));
    admin.submit("/admin/payments", "/admin/payments", &[("pay_later", "on")]).await.redirects_to("/admin/payments");
    assert!(admin.page("/admin/payments", StatusCode::OK).await.contains("réglage de l&#39;équipe"));
    let bad = admin.submit("/admin/payments", "/admin/payments", &[("pay_later", "maybe")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // A checkout now records the order and promises a link.
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    buyer
        .submit(
            "/checkout",
            "/checkout",
            &[
                ("email", "ines@example.fr"),
                ("name", "Inès"),
                ("line1", "1 rue Haute"),
                ("postcode", "44000"),
                ("city", "Nantes"),
                ("country", "FR"),
            ],
        )
        .await
        .redirects_to("/checkout/review");
    let review = buyer.page("/checkout/review", StatusCode::OK).await;
    assert!(review.contains("Confirmer la commande"), "no payment attempted: {review}");
    let done = buyer.confirm(&review).await.location.unwrap();
    assert!(buyer.page(&done, StatusCode::OK).await.contains("en attente de paiement"));

    // The operator reads what was sent; names that are not messages are 404.
    let started = std::time::Instant::now();
    let mail = loop {
        let mail = admin.page("/admin/mail", StatusCode::OK).await;
        if mail.contains("ines@example.fr") || started.elapsed() > std::time::Duration::from_secs(10) {
            break mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(mail.contains("ines@example.fr"), "the confirmation is listed: {mail}");
    // The confirmation (the payment link goes out at once too, under "pay later").
    let message = crate::helpers::between(&mail, "href=\"/admin/mail/", "</a>")
        .into_iter()
        .find(|row| row.contains("enregistrée"))
        .and_then(|row| row.split('"').next())
        .expect("the confirmation is listed")
        .to_owned();
    let shown = admin.page(&format!("/admin/mail/{message}"), StatusCode::OK).await;
    assert!(shown.contains("lien de paiement") && shown.contains("Bague Lune"), "{shown}");
    admin.page("/admin/mail/..%2Fechoppe.db", StatusCode::NOT_FOUND).await;
    admin.page("/admin/mail/0000", StatusCode::NOT_FOUND).await;
    admin.submit("/admin/payments", "/admin/payments", &[("pay_later", "off")]).await.redirects_to("/admin/payments");
}
