//! Favourites: the heart on a listing and "my favourites".

use crate::browser::Browser;
use crate::helpers::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn a_buyer_keeps_and_drops_favourites() {
    let app = TestApp::spawn().await;
    let maker = Browser::seller(&app, "m@example.fr", "Coeur").await;
    let id = maker.published_listing("Lampe en papier").await;
    let page = format!("/listing/{id}");

    let anonymous = app.page(&page, StatusCode::OK).await;
    assert!(anonymous.contains(&format!("/login?next=%2Flisting%2F{id}")), "anonymous visitors are asked to sign in");

    let buyer = Browser::signed_up(&app, "b@example.fr", "Bea").await;
    assert!(buyer.page("/favourites", StatusCode::OK).await.contains("Aucun favori"));
    let answer = buyer.submit(&page, &format!("{page}/favourite"), &[("action", "add")]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(answer.location.unwrap().starts_with(&page));
    let listing = buyer.page(&page, StatusCode::OK).await;
    assert!(listing.contains("Dans mes favoris") && listing.contains("1 personne l&#39;a dans ses favoris"));
    // Adding twice counts once.
    buyer.submit(&page, &format!("{page}/favourite"), &[("action", "add")]).await;
    let favourites = buyer.page("/favourites", StatusCode::OK).await;
    assert!(favourites.contains("Lampe en papier") && favourites.contains("1 création"));

    buyer.submit(&page, &format!("{page}/favourite"), &[("action", "remove")]).await;
    assert!(buyer.page("/favourites", StatusCode::OK).await.contains("Aucun favori"));

    let answer = buyer.submit(&page, &format!("{page}/favourite"), &[("action", "steal")]).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = buyer.submit(&page, "/listing/999999999/favourite", &[("action", "add")]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(buyer.post(&format!("{page}/favourite"), &[("action", "add")]).await.status, StatusCode::FORBIDDEN);
}
