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
    let db =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", app.dir.path().join("echoppe.db").display())).await.unwrap();
    sqlx::query("UPDATE users SET role = 'admin' WHERE email = 'admin@example.fr'").execute(&db).await.unwrap();

    let people = admin.page("/admin", StatusCode::OK).await;
    assert!(people.contains("maker@example.fr") && people.contains("Boutique Douteuse"));
    assert!(people.contains("Administration"), "the header links to the admin pages");
    let (shop,): (i64,) =
        sqlx::query_as("SELECT id FROM shops WHERE slug = 'boutique-douteuse'").fetch_one(&db).await.unwrap();
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
