//! `/cart`, `/checkout`, `/orders`, `/sell/orders`: buying from several
//! shops as a visitor and as a buyer, the bad inputs on the way, paying
//! later, and the mail each step sends.

use crate::browser::{Answer, Browser};
use crate::helpers::{TestApp, between};
use reqwest::StatusCode;
use std::path::Path;
use std::time::{Duration, Instant};

pub(crate) const ADDRESS: [(&str, &str); 6] = [
    ("email", "ines@example.fr"),
    ("name", "Inès Martin"),
    ("line1", "12 rue des Lilas"),
    ("postcode", "44000"),
    ("city", "Nantes"),
    ("country", "FR"),
];

/// A mail from the mailbox: (to, subject, body).
pub(crate) type Mail = (String, String, String);

pub(crate) fn mailbox(data: &Path) -> Vec<Mail> {
    let Ok(files) = std::fs::read_dir(data.join("mailbox")) else { return Vec::new() };
    files
        .filter_map(|file| std::fs::read(file.ok()?.path()).ok())
        .filter_map(|bytes| {
            let message = mail_parser::MessageParser::default().parse(&bytes)?;
            let to = message.to()?.first()?.address()?.to_owned();
            Some((to, message.subject()?.to_owned(), message.body_text(0)?.into_owned()))
        })
        .collect()
}

/// Waits for a mail to `to` whose subject contains `subject`.
async fn mail_to(data: &Path, to: &str, subject: &str) -> Mail {
    let started = Instant::now();
    loop {
        if let Some(mail) = mailbox(data).into_iter().find(|(t, s, _)| t == to && s.contains(subject)) {
            return mail;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no mail to {to} about {subject:?}: {:?}", mailbox(data));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Fills in the address and confirms the review; returns the confirm answer.
pub(crate) async fn check_out(buyer: &Browser) -> Answer {
    buyer.submit("/checkout", "/checkout", &ADDRESS).await.redirects_to("/checkout/review");
    let review = buyer.page("/checkout/review", StatusCode::OK).await;
    buyer.confirm(&review).await
}

#[tokio::test]
async fn a_visitor_buys_from_two_shops_and_each_seller_is_told() {
    let app = TestApp::spawn().await;
    let atelier = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = atelier.published_listing("Bague Lune").await;
    let verre = Browser::seller(&app, "verre@example.fr", "Verre Soufflé").await;
    let vase = verre.published_listing("Vase bleu").await;

    let buyer = Browser::new(&app);
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("Votre panier est vide"));
    buyer.add_to_cart(ring, "2").await.redirects_to("/cart");
    buyer.add_to_cart(vase, "1").await.redirects_to("/cart");
    let cart = buyer.page("/cart", StatusCode::OK).await;
    for expected in ["Atelier Lune", "Verre Soufflé", "Bague Lune", "Vase bleu", "69,80", "34,90", "4,90", "114,50"] {
        assert!(cart.contains(expected), "the cart shows {expected}: {cart}");
    }

    // Every field checked on its own, nothing kept.
    let bad = buyer
        .submit(
            "/checkout",
            "/checkout",
            &[("email", "pas-une-adresse"), ("name", ""), ("postcode", "@@"), ("country", "JP")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "adresse e-mail valide",
        "nom du destinataire est obligatoire",
        "adresse est obligatoire",
        "pas un code postal",
        "la ville est obligatoire",
        "nous ne livrons pas",
    ] {
        assert!(bad.body.contains(message), "{message}: {}", bad.body);
    }

    let confirmed = check_out(&buyer).await;
    let done = confirmed.location.clone().expect("to the confirmation");
    assert!(done.starts_with("/checkout/done?key="), "{done}");
    let page = buyer.page(&done, StatusCode::OK).await;
    assert!(page.contains("Merci pour votre commande"), "{page}");
    assert_eq!(page.matches("order-status--paid").count(), 2, "one paid order per shop: {page}");
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("Votre panier est vide"));

    // Stock taken: 3 rings made, 2 sold.
    let db = app.db().await;
    let (left,): (i64,) =
        sqlx::query_as(app.sql("SELECT quantity FROM listings WHERE id = ?")).bind(ring).fetch_one(&db).await.unwrap();
    assert_eq!(left, 1);

    // The buyer's confirmation names both orders; each seller hears of theirs.
    let (_, subject, body) = mail_to(app.dir.path(), "ines@example.fr", "confirm").await;
    let numbers: Vec<String> = sqlx::query_as::<_, (String,)>(app.sql("SELECT number FROM orders ORDER BY id"))
        .fetch_all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|(n,)| n)
        .collect();
    assert_eq!(numbers.len(), 2);
    for number in &numbers {
        assert!(subject.contains(number.as_str()) && body.contains(number.as_str()), "{subject} {body}");
    }
    let (_, _, seller_mail) = mail_to(app.dir.path(), "lune@example.fr", "Nouvelle commande").await;
    assert!(seller_mail.contains("Bague Lune") && seller_mail.contains("12 rue des Lilas"), "{seller_mail}");
    assert!(!seller_mail.contains("Vase bleu"), "a seller hears only of their own order");
    mail_to(app.dir.path(), "verre@example.fr", "Nouvelle commande").await;

    // The link in the mail opens the order without an account; nothing else does.
    let link = body
        .lines()
        .find_map(|line| line.split_once("Suivre la commande : "))
        .map(|(_, url)| url.trim().to_owned())
        .unwrap();
    let path = link.trim_start_matches(&app.address).to_owned();
    let stranger = Browser::new(&app);
    assert!(stranger.page(&path, StatusCode::OK).await.contains("Historique"));
    let bare = path.split('?').next().unwrap();
    stranger.page(bare, StatusCode::NOT_FOUND).await;
    stranger.page(&format!("{bare}?key=not-the-key"), StatusCode::NOT_FOUND).await;
    stranger.page(&done.replace("key=", "key=x"), StatusCode::NOT_FOUND).await;

    // The seller ships with a tracking number; the buyer sees it.
    let order = format!("/sell/orders/{}", numbers[0]);
    assert!(atelier.page("/sell/orders", StatusCode::OK).await.contains(&numbers[0]));
    verre.page(&order, StatusCode::NOT_FOUND).await;
    atelier.submit(&order, &order, &[("action", "ship"), ("tracking", "<b>")]).await.redirects_to(&order);
    assert!(atelier.page(&order, StatusCode::OK).await.contains("numéro de suivi ne peut contenir"));
    let pigeon =
        atelier.submit(&order, &order, &[("action", "ship"), ("tracking", "6a1"), ("carrier", "pigeon")]).await;
    assert_eq!(pigeon.status, StatusCode::BAD_REQUEST, "an unknown carrier is named: {}", pigeon.body);
    assert!(pigeon.body.contains("pigeon"), "{}", pigeon.body);
    let shipped = [("action", "ship"), ("tracking", "6a12345"), ("carrier", "la-poste")];
    atelier.submit(&order, &order, &shipped).await.redirects_to(&order);
    atelier.submit(&order, &order, &shipped).await.redirects_to(&order);
    assert!(atelier.page(&order, StatusCode::OK).await.contains("Rien n&#39;a changé : la commande est expédiée"));
    let tracked = stranger.page(&path.replace(&numbers[1], &numbers[0]), StatusCode::OK).await;
    assert!(tracked.contains("6A12345") && tracked.contains("expédiée"), "{tracked}");
    let carrier_page = "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345";
    assert!(tracked.contains(&format!("href=\"{carrier_page}\"")), "the number links to La Poste's page: {tracked}");
    let (_, _, on_its_way) = mail_to(app.dir.path(), "ines@example.fr", "est en route").await;
    assert!(on_its_way.contains("6A12345") && on_its_way.contains(&numbers[0]), "{on_its_way}");
    assert!(on_its_way.contains(&format!("Suivre le colis : {carrier_page}")), "{on_its_way}");
}

#[tokio::test]
async fn a_buyer_cancels_an_order_not_yet_paid() {
    let app = TestApp::spawn_with(|s| s.payment_failure_rate = 1.0).await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "2").await.redirects_to("/cart");
    let done = check_out(&buyer).await.location.unwrap();
    let page = buyer.page(&done, StatusCode::OK).await;
    let order_url =
        between(&page, "<a href=\"/orders/", "\"").into_iter().find(|u| !u.contains("/pay")).unwrap().to_owned();
    let order = buyer.page(&format!("/orders/{order_url}"), StatusCode::OK).await;
    assert!(order.contains("Annuler ma commande"), "{order}");
    let number = order_url.split('?').next().unwrap();
    let key = order_url.split("key=").nth(1).unwrap();
    let action = format!("/orders/{number}/cancel");

    let stranger = Browser::new(&app);
    assert_eq!(stranger.post_from_site(&action, &[("key", "wrong")]).await.status, StatusCode::NOT_FOUND);
    let forged = stranger
        .client
        .post(stranger.url(&action))
        .header("origin", "https://ailleurs.example")
        .form(&[("key", key)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let db = app.db().await;
    let stock = || async {
        sqlx::query_as::<_, (i64,)>(app.sql("SELECT quantity FROM listings WHERE id = ?"))
            .bind(ring)
            .fetch_one(&db)
            .await
            .unwrap()
            .0
    };
    assert_eq!(stock().await, 1);

    let back = stranger.post_from_site(&action, &[("key", key)]).await.location.unwrap();
    assert!(stranger.page(&back, StatusCode::OK).await.contains("Commande annulée"));
    assert_eq!(stock().await, 3, "the rings are back on sale");
    let again = stranger.post_from_site(&action, &[("key", key)]).await.location.unwrap();
    assert!(stranger.page(&again, StatusCode::OK).await.contains("ne peut plus être annulée"));
}

#[tokio::test]
async fn a_double_click_places_one_checkout() {
    let app = TestApp::spawn().await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    buyer.submit("/checkout", "/checkout", &ADDRESS).await.redirects_to("/checkout/review");
    let review = buyer.page("/checkout/review", StatusCode::OK).await;
    let fields = crate::browser::confirm_fields(&review);
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (first, second) = tokio::join!(buyer.post("/checkout/confirm", &form), buyer.post("/checkout/confirm", &form));
    let third = buyer.post("/checkout/confirm", &form).await;
    let first = first.location.expect("first to a confirmation");
    assert_eq!(second.location.as_deref(), Some(first.as_str()), "the same confirmation");
    assert_eq!(third.location.as_deref(), Some(first.as_str()), "a retry later too");
    let (orders,): (i64,) =
        sqlx::query_as(app.sql("SELECT count(*) FROM orders")).fetch_one(&app.db().await).await.unwrap();
    assert_eq!(orders, 1);
}

#[tokio::test]
async fn a_buyers_cart_follows_them_and_their_orders_are_listed() {
    let app = TestApp::spawn().await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let other_shop = Browser::seller(&app, "soleil@example.fr", "Atelier Soleil").await;
    let earring = other_shop.published_listing("Boucles Soleil").await;

    // A visitor's cart joins the account they sign up with.
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    let signup = buyer
        .submit(
            "/signup",
            "/signup",
            &[("email", "paul@example.fr"), ("display_name", "Paul"), ("password", crate::browser::PASSWORD)],
        )
        .await;
    assert!(signup.status.is_redirection());
    buyer.add_to_cart(earring, "1").await.redirects_to("/cart");
    let cart = buyer.page("/cart", StatusCode::OK).await;
    assert!(cart.contains("Bague Lune") && cart.contains("Boucles Soleil"), "{cart}");
    // The address form starts from the account.
    assert!(buyer.page("/checkout", StatusCode::OK).await.contains("paul@example.fr"));
    let done = check_out(&buyer).await.location.unwrap();
    assert!(done.starts_with("/checkout/done"));
    let orders = buyer.page("/orders", StatusCode::OK).await;
    assert!(orders.contains("2 commandes") && orders.matches("payée").count() == 2, "{orders}");
    assert!(orders.contains("Atelier Lune") && orders.contains("Atelier Soleil"), "{orders}");
    let number = between(&orders, "<a href=\"/orders/", "\"")[0].to_owned();
    // The buyer's own order needs no key; someone else's account gets 404.
    let order = buyer.page(&format!("/orders/{number}"), StatusCode::OK).await;
    assert!(order.contains("Bague Lune") || order.contains("Boucles Soleil"), "{order}");
    let other = Browser::signed_up(&app, "other@example.fr", "Autre").await;
    other.page(&format!("/orders/{number}"), StatusCode::NOT_FOUND).await;
    other.page("/orders", StatusCode::OK).await;
    Browser::new(&app).get("/orders").await.0.is_redirection().then_some(()).expect("signing in first");
}

#[tokio::test]
async fn bad_cart_inputs_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await; // 3 in stock
    let buyer = Browser::new(&app);

    let forged = buyer
        .client
        .post(buyer.url("/cart"))
        .header("origin", "https://ailleurs.example")
        .form(&[("listing", ring.to_string().as_str()), ("quantity", "1"), ("seen", "3490")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "another site cannot fill a cart");

    for (quantity, message) in
        [("0", "au moins 1"), ("-2", "au moins 1"), ("abc", "pas un nombre entier"), ("1.5", "pas un nombre entier")]
    {
        let answer = buyer.add_to_cart(ring, quantity).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{quantity}");
        assert!(answer.body.contains(message), "{quantity}: {}", answer.body);
    }
    buyer.add_to_cart(ring, "4").await.redirects_to("/cart");
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("vous pouvez en commander 3 au plus"));
    buyer.add_to_cart(ring, "2").await.redirects_to("/cart");
    buyer.add_to_cart(ring, "2").await.redirects_to("/cart");
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("vous en avez déjà 2 dans le panier"));
    let stale =
        buyer.post_from_site("/cart", &[("listing", &ring.to_string()), ("quantity", "1"), ("seen", "100")]).await;
    assert!(stale.location.unwrap().starts_with("/listing/"), "back to the listing to see its price");

    // Updating a line: above the stock, zero, then fine.
    let line = format!("/cart/lines/{ring}");
    buyer.submit("/cart", &line, &[("action", "update"), ("quantity", "9")]).await.redirects_to("/cart");
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("il n&#39;en reste que 3"));
    buyer.submit("/cart", &line, &[("action", "update"), ("quantity", "0")]).await.redirects_to("/cart");
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("au moins 1"));

    // The seller changes the price: the cart shows it and asks again.
    let edit = format!("/sell/listings/{ring}");
    let fields = [
        ("title", "Bague Lune"),
        ("category", "colliers"),
        ("price", "39,00"),
        ("quantity", "3"),
        ("tags", "lune"),
        ("materials", "laiton"),
        ("description", "Fait main."),
    ];
    assert!(seller.submit(&edit, &edit, &fields).await.status.is_redirection());
    let cart = buyer.page("/cart", StatusCode::OK).await;
    assert!(cart.contains("Le prix a changé") && cart.contains("39,00"), "{cart}");
    assert!(!cart.contains("href=\"/checkout\""), "no checkout until the price is accepted");
    assert!(buyer.get("/checkout").await.0.is_redirection(), "back to the cart");
    buyer.submit("/cart", &line, &[("action", "accept_price")]).await.redirects_to("/cart");
    assert!(buyer.page("/cart", StatusCode::OK).await.contains("href=\"/checkout\""));

    // Withdrawn meanwhile: named in the cart, and checkout refuses.
    seller.submit(&edit, &format!("{edit}/deactivate"), &[]).await;
    let cart = buyer.page("/cart", StatusCode::OK).await;
    assert!(cart.contains("plus en vente"), "{cart}");
    let redirect = buyer.client.get(buyer.url("/checkout")).send().await.unwrap();
    assert_eq!(redirect.headers()["location"], "/cart");
    let (orders,): (i64,) =
        sqlx::query_as(app.sql("SELECT count(*) FROM orders")).fetch_one(&app.db().await).await.unwrap();
    assert_eq!(orders, 0, "never a half-created order");

    // An empty cart cannot be checked out.
    let empty = Browser::new(&app);
    let redirect = empty.client.get(empty.url("/checkout")).send().await.unwrap();
    assert_eq!(redirect.headers()["location"], "/cart");
    assert!(empty.page("/cart", StatusCode::OK).await.contains("Votre panier est vide"));
}

#[tokio::test]
async fn when_payments_are_saturated_the_order_is_kept_and_paid_later() {
    // A payment service that takes one charge at a time, slowly.
    let app = TestApp::spawn_with(|s| {
        s.payment_capacity = 1;
        s.payment_latency_ms = 1_500;
    })
    .await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let vase = seller.published_listing("Vase bleu").await;
    let first = Browser::new(&app);
    first.add_to_cart(ring, "1").await.redirects_to("/cart");
    let second = Browser::new(&app);
    second.add_to_cart(vase, "1").await.redirects_to("/cart");
    second.submit("/checkout", "/checkout", &ADDRESS).await;

    // The first buyer's payment holds the only slot while the second checks out.
    let paying = tokio::spawn(async move { check_out(&first).await });
    tokio::time::sleep(Duration::from_millis(400)).await;
    let started = Instant::now();
    let review = second.page("/checkout/review", StatusCode::OK).await;
    assert!(review.contains("lien de paiement par e-mail"), "the buyer is told before confirming");
    let done = second.confirm(&review).await.location.unwrap();
    assert!(started.elapsed() < Duration::from_millis(1_000), "checkout did not wait for the payment service");
    let page = second.page(&done, StatusCode::OK).await;
    assert!(page.contains("Votre commande est enregistrée") && page.contains("dans les 15 minutes"), "{page}");
    assert!(page.contains("en attente de paiement"), "{page}");
    assert!(paying.await.unwrap().location.is_some());

    // Once the service has room, the link goes out; it pays the order.
    let (_, _, body) = mail_to(app.dir.path(), "ines@example.fr", "Réglez votre commande").await;
    let link =
        body.lines().find_map(|line| line.split_once(" : http")).map(|(_, url)| format!("http{}", url.trim())).unwrap();
    let path = link.trim_start_matches(&app.address).to_owned();
    let stranger = Browser::new(&app);
    let pay = stranger.page(&path, StatusCode::OK).await;
    assert!(pay.contains("Payer") && pay.contains("réservés jusqu'au"), "{pay}");
    let key = between(&pay, r#"name="key" value=""#, "\"")[0].to_owned();
    let action = path.split('?').next().unwrap().to_owned();
    // Without the key, a stranger's post is refused.
    assert_eq!(stranger.post(&action, &[("key", "")]).await.status, StatusCode::FORBIDDEN);
    let forged = stranger
        .client
        .post(stranger.url(&action))
        .header("origin", "https://ailleurs.example")
        .form(&[("key", key.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "only our own pay page may post");
    let paid = stranger.post_from_site(&action, &[("key", &key)]).await;
    let order = paid.location.expect("to the order");
    assert!(stranger.page(&order, StatusCode::OK).await.contains("Paiement reçu"));
    // Paying twice charges nothing more.
    let again = stranger.post_from_site(&action, &[("key", &key)]).await;
    assert!(stranger.page(&again.location.unwrap(), StatusCode::OK).await.contains("déjà réglée"));
    mail_to(app.dir.path(), "lune@example.fr", "Nouvelle commande").await;
}

#[tokio::test]
async fn an_unpaid_order_past_its_deadline_cannot_be_paid() {
    // Every charge declined.
    let app = TestApp::spawn_with(|s| s.payment_failure_rate = 1.0).await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    let done = check_out(&buyer).await.location.unwrap();
    let page = buyer.page(&done, StatusCode::OK).await;
    assert!(page.contains("le paiement n&#39;est pas passé"), "{page}");
    let pay = between(&page, "href=\"/orders/", "\"")[0].to_owned();
    // Once the payment link went out (which gives a full window again),
    // the deadline passes before the expiry sweep comes by.
    mail_to(app.dir.path(), "ines@example.fr", "Réglez votre commande").await;
    let db = app.db().await;
    sqlx::query(app.sql("UPDATE orders SET pay_by = pay_by - 7200")).execute(&db).await.unwrap();
    let action = format!("/orders/{}", pay.split('?').next().unwrap());
    let key = pay.split("key=").nth(1).unwrap().to_owned();
    let answer = buyer.post_from_site(&action, &[("key", &key)]).await;
    let back = answer.location.expect("back to the order");
    let page = buyer.page(&back, StatusCode::OK).await;
    assert!(page.contains("délai de paiement"), "too late to pay: {page}");
    let (status,): (String,) =
        sqlx::query_as(app.sql("SELECT status FROM orders")).fetch_one(&app.db().await).await.unwrap();
    assert_eq!(status, "awaiting_payment", "the sweep expires it and gives the ring back");
}

#[tokio::test]
async fn confirming_places_what_the_review_showed() {
    let app = TestApp::spawn().await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let vase = seller.published_listing("Vase bleu").await;
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    buyer.submit("/checkout", "/checkout", &ADDRESS).await.redirects_to("/checkout/review");
    let old_review = buyer.page("/checkout/review", StatusCode::OK).await;
    // Another tab adds to the cart meanwhile.
    buyer.add_to_cart(vase, "1").await.redirects_to("/cart");
    buyer.confirm(&old_review).await.redirects_to("/checkout/review");
    let review = buyer.page("/checkout/review", StatusCode::OK).await;
    assert!(review.contains("a changé depuis ce récapitulatif") && review.contains("Vase bleu"), "{review}");
    let (orders,): (i64,) =
        sqlx::query_as(app.sql("SELECT count(*) FROM orders")).fetch_one(&app.db().await).await.unwrap();
    assert_eq!(orders, 0, "nothing placed from a stale review");
    assert!(buyer.confirm(&review).await.location.unwrap().starts_with("/checkout/done"));
}

/// The pay-later promise under `--pay-later always`: the review page and
/// the confirmation promise a link within the quarter of an hour, and it
/// comes (here within seconds: the payment service has room); it pays
/// every order of the checkout, and the pages and the mail name each one.
#[tokio::test]
async fn pay_later_always_sends_the_promised_link_and_it_pays_every_order() {
    let app = TestApp::spawn_with(|s| s.pay_later = echoppe::PayLater::Always).await;
    let atelier = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = atelier.published_listing("Bague Lune").await;
    let verre = Browser::seller(&app, "verre@example.fr", "Verre Soufflé").await;
    let vase = verre.published_listing("Vase bleu").await;
    let buyer = Browser::new(&app);
    buyer.add_to_cart(ring, "1").await.redirects_to("/cart");
    buyer.add_to_cart(vase, "1").await.redirects_to("/cart");
    buyer.submit("/checkout", "/checkout", &ADDRESS).await.redirects_to("/checkout/review");
    let review = buyer.page("/checkout/review", StatusCode::OK).await;
    assert!(review.contains("dans les 15 minutes") && !review.contains("très sollicité"), "{review}");
    let placed = Instant::now();
    let done = buyer.confirm(&review).await.location.unwrap();
    let page = buyer.page(&done, StatusCode::OK).await;
    assert!(page.contains("dans les 15 minutes") && page.contains("Régler maintenant"), "{page}");
    let numbers: Vec<String> =
        between(&page, "\">Commande ", "</a>").into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(numbers.len(), 2, "{page}");

    // The order's own page offers to pay: paying is not suspended.
    let order = between(&page, "<a href=\"/orders/", "\"").into_iter().find(|u| !u.contains("/pay")).unwrap();
    let order_page = buyer.page(&format!("/orders/{order}"), StatusCode::OK).await;
    assert!(order_page.contains("Régler ma commande") && !order_page.contains("suspendu"), "{order_page}");

    // The link comes, long before the promised quarter of an hour.
    let (_, subject, body) = mail_to(app.dir.path(), "ines@example.fr", "Réglez vos commandes").await;
    assert!(placed.elapsed() < Duration::from_secs(15 * 60));
    for number in &numbers {
        assert!(subject.contains(number.as_str()) && body.contains(number.as_str()), "{subject}: {body}");
    }
    let link =
        body.lines().find_map(|line| line.split_once(" : http")).map(|(_, url)| format!("http{}", url.trim())).unwrap();
    let path = link.trim_start_matches(&app.address).to_owned();
    let stranger = Browser::new(&app);
    let pay = stranger.page(&path, StatusCode::OK).await;
    assert!(pay.contains("Payer") && !pay.contains("suspendu"), "{pay}");
    let key = between(&pay, r#"name="key" value=""#, "\"")[0].to_owned();
    let action = path.split('?').next().unwrap().to_owned();
    let paid = stranger.post_from_site(&action, &[("key", &key)]).await.location.expect("to the orders paid");
    let landing = stranger.page(&paid, StatusCode::OK).await;
    for number in &numbers {
        assert!(landing.contains(&format!("Commande {number}")), "every order paid is shown: {landing}");
    }
    assert!(landing.contains("Paiement reçu pour les commandes") && landing.matches("payée").count() >= 2, "{landing}");
    let (paid_orders,): (i64,) = sqlx::query_as(app.sql("SELECT count(*) FROM orders WHERE status = 'paid'"))
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(paid_orders, 2);
}

/// A payment service that was too slow is left alone for a while: the
/// order page then says when paying will be possible instead of offering
/// a button that leads nowhere.
#[tokio::test]
async fn while_the_payment_service_rests_the_order_page_says_until_when() {
    // Slower than the 3 s after which the service is left alone.
    let app = TestApp::spawn_with(|s| s.payment_latency_ms = 3_200).await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;
    let ring = seller.published_listing("Bague Lune").await;
    let vase = seller.published_listing("Vase bleu").await;
    let first = Browser::new(&app);
    first.add_to_cart(ring, "1").await.redirects_to("/cart");
    check_out(&first).await;
    let second = Browser::new(&app);
    second.add_to_cart(vase, "1").await.redirects_to("/cart");
    let done = check_out(&second).await.location.unwrap();
    let page = second.page(&done, StatusCode::OK).await;
    assert!(page.contains("vous pourrez régler à partir de") && !page.contains("Régler maintenant"), "{page}");
    let order = between(&page, "<a href=\"/orders/", "\"")[0].to_owned();
    let order_page = second.page(&format!("/orders/{order}"), StatusCode::OK).await;
    assert!(
        order_page.contains("vous pourrez la régler à partir de") && !order_page.contains("Régler ma commande</a>"),
        "{order_page}"
    );
}
