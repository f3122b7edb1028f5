//! The trust pages: help and contact, terms of sale, legal notice, personal
//! data and cookies, returns and withdrawal — linked from every page's
//! footer and from checkout, true to this installation's settings.

use crate::browser::Browser;
use crate::checkout::ADDRESS;
use crate::helpers::TestApp;
use reqwest::StatusCode;

const PAGES: [(&str, &str); 5] = [
    ("/aide", "Aide et contact"),
    ("/conditions-generales", "Conditions générales de vente et d'utilisation"),
    ("/mentions-legales", "Mentions légales"),
    ("/confidentialite", "Données personnelles et cookies"),
    ("/retours", "Retours et droit de rétractation"),
];

#[tokio::test]
async fn every_page_links_the_trust_pages_and_each_says_what_it_must() {
    let app = TestApp::spawn().await;
    let home = app.page("/", StatusCode::OK).await;
    for (path, heading) in PAGES {
        assert!(home.contains(&format!("href=\"{path}\"")), "the footer links {path}");
        let page = app.page(path, StatusCode::OK).await;
        assert!(page.contains(&format!("<h1>{heading}</h1>")), "{path}: {page}");
        // Every page says this is a demonstration when nobody is named.
        assert!(page.contains("démonstration"), "{path} says it is a demonstration");
    }
    let returns = app.page("/retours", StatusCode::OK).await;
    for expected in ["14 jours", "L221-18", "sur mesure", "L221-28", "Annuler ma commande"] {
        assert!(returns.contains(expected), "the returns page says {expected}");
    }
    let privacy = app.page("/confidentialite", StatusCode::OK).await;
    for expected in ["echoppe_session", "deux heures", "14 jours", "31 jours", "CNIL", "Argon2"] {
        assert!(privacy.contains(expected), "the privacy page says {expected}");
    }
    let notice = app.page("/mentions-legales", StatusCode::OK).await;
    assert!(notice.contains("pas encore renseigné") && notice.contains("l&#39;hébergeur"), "{notice}");
    assert!(notice.contains("adresse de démonstration, que personne ne lit"), "the default contact reaches nobody");
}

#[tokio::test]
async fn the_legal_notice_names_the_operator_it_is_given() {
    let app = TestApp::spawn_with(|s| {
        s.operator_name = "Atelier Durand SARL".to_owned();
        s.operator_address = "3 rue des Olivettes, 44000 Nantes".to_owned();
        s.operator_phone = "02 40 00 00 00".to_owned();
        s.operator_registration = "RCS Nantes 123 456 789".to_owned();
        s.publication_director = "Claire Durand".to_owned();
        s.hosting_provider = "Hébergeur SAS, 1 rue du Serveur, 75000 Paris".to_owned();
        s.contact_email = "aide@atelier-durand.fr".to_owned();
    })
    .await;
    let notice = app.page("/mentions-legales", StatusCode::OK).await;
    for expected in
        ["Atelier Durand SARL", "3 rue des Olivettes", "RCS Nantes 123 456 789", "Claire Durand", "Hébergeur SAS"]
    {
        assert!(notice.contains(expected), "the legal notice names {expected}: {notice}");
    }
    assert!(!notice.contains("pas encore renseigné"), "nothing missing: {notice}");
    assert!(notice.contains("mailto:aide@atelier-durand.fr") && !notice.contains("que personne ne lit"));
    let help = app.page("/aide", StatusCode::OK).await;
    assert!(!help.contains("démonstration du logiciel"), "a named operator runs a real shop");
}

#[tokio::test]
async fn checkout_links_the_terms_and_the_returns_policy() {
    let app = TestApp::spawn().await;
    let ring = app.first_listing().await;
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    buyer.submit("/checkout", "/checkout", &ADDRESS).await.redirects_to("/checkout/review");
    let review = buyer.page("/checkout/review", StatusCode::OK).await;
    for link in ["href=\"/conditions-generales\"", "href=\"/retours\"", "href=\"/confidentialite\""] {
        assert!(review.contains(link), "the review links {link}");
    }
}

#[tokio::test]
async fn the_trust_pages_are_served_in_surge() {
    let app = TestApp::spawn_with(|s| s.mode = echoppe::settings::ModeChoice::Surge).await;
    for (path, _) in PAGES {
        assert_eq!(app.get(path).await.status(), StatusCode::OK, "{path} is a page like the others, not shed");
    }
}

#[tokio::test]
async fn the_pages_quote_this_installation_s_settings() {
    let app = TestApp::spawn_with(|s| {
        s.pay_within_minutes = 45;
        s.link_within_minutes = 20;
        s.mail_from = "Atelier <ventes@atelier-durand.fr>".to_owned();
    })
    .await;
    let help = app.page("/aide", StatusCode::OK).await;
    assert!(help.contains("pendant 45 minutes") && help.contains("dans les 20 minutes"), "{help}");
    assert!(help.contains("mailto:ventes@atelier-durand.fr"), "the contact is mail_from's address by default");
    assert!(help.contains("les e-mails ne partent pas"), "without SMTP, mail stays in the server's mailbox");
    let privacy = app.page("/confidentialite", StatusCode::OK).await;
    assert!(privacy.contains("n'est pas réservé aux connexions chiffrées"), "no --https: no Secure flag");
    // The lifetime the page states is the cookie's own.
    let login = app.get("/login").await;
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("echoppe_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(cookie.contains(&format!("Max-Age={}", 14 * 24 * 3600)), "{cookie}");
    assert!(privacy.contains("au plus 14 jours"));
    // Browsing sets no cookie, as the page says.
    assert!(app.get("/retours").await.headers().get("set-cookie").is_none());
}
