#![expect(clippy::unwrap_used, reason = "a panic is how a test reports failure")]

//! Placing orders through the order desk against a real SQLite file.

mod common;

use common::fresh;
use echoppe_domain::{Carrier, OrderStatus};
use echoppe_domain::{
    CategoryId, Currency, Email, ListingId, ListingState, Money, OrderNumber, ShippingAddress, ShopId, Slug, Timestamp,
    UserId,
};
use echoppe_storage::{
    CheckoutOutcome, CheckoutRefusal, Claim, Database, GroupCommit, ImportBatch, NewCheckout, NewListing, NewShop,
    NewUser, OrderDesk, OrderLine, Settlement, StatusChange,
};

const NOW: Timestamp = Timestamp::from_unix(1_780_000_000);

/// Shop 1 sells listings 1 (3 in stock, 25 €) and 2 (1 in stock, 40 €);
/// shop 2 sells listing 3 (10 in stock, 12 €); listing 4 is a draft.
async fn catalogue(db: &Database) {
    let user = |id: i64| NewUser {
        id: UserId::new(id),
        email: format!("maker{id}@example.test"),
        display_name: format!("Maker {id}"),
        role: "seller",
        created_at: NOW,
    };
    let shop = |id: i64| NewShop {
        id: ShopId::new(id),
        owner: UserId::new(id),
        slug: Slug::parse(&format!("shop-{id}")).unwrap(),
        name: format!("Shop {id}"),
        description: String::new(),
        location: "Nantes".into(),
        created_at: NOW,
    };
    let listing = |id: i64, shop: i64, euros: i64, quantity: i64, state: ListingState| NewListing {
        id: ListingId::new(id),
        shop: ShopId::new(shop),
        category: CategoryId::new(101),
        title: format!("Article {id}"),
        description: String::new(),
        price: Money::euros(euros * 100).unwrap(),
        quantity,
        state,
        tags: vec![],
        materials: vec![],
        photos: vec![],
        created_at: NOW,
        updated_at: NOW,
    };
    let batch = ImportBatch {
        users: vec![user(1), user(2)],
        shops: vec![shop(1), shop(2)],
        listings: vec![
            listing(1, 1, 25, 3, ListingState::Active),
            listing(2, 1, 40, 1, ListingState::Active),
            listing(3, 2, 12, 10, ListingState::Active),
            listing(4, 2, 9, 5, ListingState::Draft),
        ],
        favourites: vec![],
    };
    db.import(batch).await.unwrap();
}

fn line(listing: i64, quantity: i64, euros: i64) -> OrderLine {
    OrderLine {
        listing: ListingId::new(listing),
        quantity,
        unit_price: Money::new(euros * 100, Currency::EUR).unwrap(),
    }
}

fn checkout(id: &str, lines: Vec<OrderLine>) -> NewCheckout {
    NewCheckout {
        checkout_id: id.to_owned(),
        idempotency: None,
        buyer: None,
        email: Email::parse("ines@example.fr").unwrap(),
        address: ShippingAddress {
            name: "Inès Martin".into(),
            line1: "12 rue des Lilas".into(),
            line2: String::new(),
            postcode: "44000".into(),
            city: "Nantes".into(),
            country: "FR".into(),
        },
        lines,
        pay_by: Timestamp::from_unix(NOW.unix() + 3600),
        pay_later: false,
        charging_until: None,
        now: NOW,
    }
}

async fn stock(db: &Database, id: i64) -> (i64, ListingState) {
    let listing = db.listing(ListingId::new(id)).await.unwrap().unwrap();
    (listing.quantity, listing.state)
}

#[tokio::test]
async fn a_checkout_makes_one_order_per_shop_and_takes_the_stock() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let outcome = desk.place(checkout("c1", vec![line(1, 2, 25), line(2, 1, 40), line(3, 1, 12)])).await.unwrap();
    let CheckoutOutcome::Placed(orders) = outcome else { panic!("{outcome:?}") };
    assert_eq!(orders.len(), 2, "one order per shop");
    assert_eq!(orders[0].shop, ShopId::new(1));
    assert_eq!(orders[0].items.cents(), 2 * 2500 + 4000);
    assert_eq!(orders[0].shipping.cents(), 490);
    assert_eq!(orders[1].items.cents(), 1200);
    assert!(OrderNumber::parse(orders[0].number.as_str()).is_ok());
    assert_ne!(orders[0].number, orders[1].number);
    assert!(db.order_is_recorded(orders[0].id).await.unwrap());
    assert_eq!(stock(&db, 1).await, (1, ListingState::Active));
    assert_eq!(stock(&db, 2).await, (0, ListingState::SoldOut), "the last one sold: sold out");
}

#[tokio::test]
async fn refused_checkouts_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let cases = [
        (vec![], CheckoutRefusal::EmptyCart),
        (vec![line(3, 1, 12), line(4, 1, 9)], CheckoutRefusal::Unavailable { listing: ListingId::new(4) }),
        (vec![line(3, 1, 12), line(99, 1, 9)], CheckoutRefusal::Unavailable { listing: ListingId::new(99) }),
        (vec![line(3, 0, 12)], CheckoutRefusal::Unavailable { listing: ListingId::new(3) }),
        (
            vec![line(3, 1, 12), line(1, 1, 20)],
            CheckoutRefusal::PriceChanged {
                listing: ListingId::new(1),
                title: "Article 1".into(),
                now: Money::euros(2500).unwrap(),
            },
        ),
        (
            vec![line(3, 1, 12), line(1, 4, 25)],
            CheckoutRefusal::OutOfStock { listing: ListingId::new(1), title: "Article 1".into(), available: 3 },
        ),
    ];
    for (lines, refusal) in cases {
        let outcome = desk.place(checkout("refused", lines)).await.unwrap();
        assert_eq!(outcome, CheckoutOutcome::Refused(refusal));
    }
    assert_eq!(db.count_orders().await.unwrap(), 0);
    assert_eq!(stock(&db, 3).await.0, 10, "the first line's stock was given back");
}

#[tokio::test]
async fn the_same_key_gives_the_same_orders_and_another_body_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let with_key = |id: &str, hash: &str, lines| NewCheckout {
        idempotency: Some(("key-1".to_owned(), hash.to_owned())),
        ..checkout(id, lines)
    };
    let CheckoutOutcome::Placed(first) = desk.place(with_key("a", "h1", vec![line(3, 2, 12)])).await.unwrap() else {
        panic!()
    };
    let again = desk.place(with_key("b", "h1", vec![line(3, 2, 12)])).await.unwrap();
    assert_eq!(again, CheckoutOutcome::Replayed { checkout_id: "a".into(), orders: first });
    let other = desk.place(with_key("c", "h2", vec![line(3, 1, 12)])).await.unwrap();
    assert_eq!(other, CheckoutOutcome::Refused(CheckoutRefusal::KeyReused));
    assert_eq!(db.count_orders().await.unwrap(), 1);
    assert_eq!(stock(&db, 3).await.0, 8, "taken once");
}

#[tokio::test]
async fn the_last_items_are_sold_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let attempts = (0..40).map(|n| {
        let desk = desk.clone();
        tokio::spawn(async move { desk.place(checkout(&format!("race-{n}"), vec![line(1, 1, 25)])).await.unwrap() })
    });
    let mut placed = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            CheckoutOutcome::Placed(_) => placed += 1,
            CheckoutOutcome::Refused(CheckoutRefusal::OutOfStock { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(placed, 3, "three in stock, three sold");
    assert_eq!(stock(&db, 1).await, (0, ListingState::SoldOut));
    assert_eq!(db.count_orders().await.unwrap(), 3);
}

#[tokio::test]
async fn unpaid_orders_expire_and_give_their_items_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let CheckoutOutcome::Placed(orders) =
        desk.place(checkout("unpaid", vec![line(2, 1, 40), line(1, 2, 25)])).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(stock(&db, 2).await, (0, ListingState::SoldOut));
    assert_eq!(db.expire_unpaid(NOW, 100).await.unwrap(), 0, "not due yet");
    let later = Timestamp::from_unix(NOW.unix() + 3601);
    assert_eq!(db.expire_unpaid(later, 100).await.unwrap(), 1);
    assert_eq!(db.order_status(orders[0].id).await.unwrap(), Some(OrderStatus::Expired));
    assert_eq!(stock(&db, 2).await, (1, ListingState::Active), "back on sale");
    assert_eq!(stock(&db, 1).await.0, 3);
    assert_eq!(db.expire_unpaid(later, 100).await.unwrap(), 0, "expired once");
}

#[tokio::test]
async fn carts_keep_lines_show_changes_and_merge_at_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let visitor = "s:abc";
    let buyer = echoppe_storage::cart_of_user(UserId::new(2));
    db.set_cart_line(visitor, ListingId::new(1), 2, Money::euros(2500).unwrap(), NOW).await.unwrap();
    db.set_cart_line(visitor, ListingId::new(3), 1, Money::euros(1000).unwrap(), NOW).await.unwrap();
    db.set_cart_line(&buyer, ListingId::new(1), 1, Money::euros(2500).unwrap(), NOW).await.unwrap();

    let lines = db.cart(visitor).await.unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0].shop, lines[1].shop), (ShopId::new(1), ShopId::new(2)), "grouped by shop");
    assert_eq!(lines[1].seen.cents(), 1000);
    assert_eq!(lines[1].price.cents(), 1200, "the price changed since it was put in the cart");
    assert!(lines[0].sellable && lines[0].available == 3);

    db.merge_carts(visitor, &buyer).await.unwrap();
    assert!(db.cart(visitor).await.unwrap().is_empty());
    let merged = db.cart(&buyer).await.unwrap();
    assert_eq!(merged.iter().map(|l| (l.listing.get(), l.quantity)).collect::<Vec<_>>(), [(1, 3), (3, 1)]);

    db.set_cart_line(&buyer, ListingId::new(3), 0, Money::euros(1200).unwrap(), NOW).await.unwrap();
    assert_eq!(db.cart(&buyer).await.unwrap().len(), 1, "quantity 0 removes the line");
    db.clear_cart(&buyer).await.unwrap();
    assert!(db.cart(&buyer).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_order_is_paid_shipped_and_delivered_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let outcome = desk.place(checkout("c1", vec![line(1, 1, 25), line(3, 2, 12)])).await.unwrap();
    let CheckoutOutcome::Placed(placed) = outcome else { panic!("{outcome:?}") };

    // One charge covers the checkout: both orders, items and shipping.
    let hold = Timestamp::from_unix(NOW.unix() + 60);
    let Claim::Ready(claim) = db.claim_for_payment("c1", NOW, hold).await.unwrap() else { panic!("claimed") };
    assert_eq!(db.claim_for_payment("c1", NOW, hold).await.unwrap(), Claim::AlreadyCharging, "one charge at a time");
    assert_eq!(claim.orders.len(), 2);
    assert_eq!(claim.total_cents, 2500 + 490 + 2 * 1200 + 490);
    assert_eq!(db.mark_paid(&claim, "sim_1", NOW).await.unwrap(), 2);
    assert_eq!(db.mark_paid(&claim, "sim_1", NOW).await.unwrap(), 0, "paid once");
    assert_eq!(db.claim_for_payment("c1", NOW, NOW).await.unwrap(), Claim::NothingDue, "nothing left to pay");

    let id = placed[0].id;
    assert_eq!(db.mark_delivered(id, NOW).await.unwrap(), StatusChange::NotAllowed(OrderStatus::Paid));
    assert_eq!(db.mark_shipped(id, Some("6A123"), Some(Carrier::LaPoste), NOW).await.unwrap(), StatusChange::Done);
    assert_eq!(db.mark_shipped(id, None, None, NOW).await.unwrap(), StatusChange::NotAllowed(OrderStatus::Shipped));
    assert_eq!(db.cancel_unpaid(id, "", NOW).await.unwrap(), StatusChange::NotAllowed(OrderStatus::Shipped));
    assert_eq!(db.mark_delivered(id, NOW).await.unwrap(), StatusChange::Done);
    assert_eq!(db.mark_delivered(999, NOW).await.unwrap(), StatusChange::NotFound);

    let order = db.order_by_number(&placed[0].number).await.unwrap().unwrap();
    assert_eq!(order.status, OrderStatus::Delivered);
    assert_eq!(order.tracking.as_deref(), Some("6A123"));
    assert_eq!(order.carrier, Some(Carrier::LaPoste));
    let steps: Vec<_> = order.history.iter().map(|event| event.status).collect();
    assert_eq!(steps, [OrderStatus::Paid, OrderStatus::Shipped, OrderStatus::Delivered]);
    assert_eq!(order.items.len(), 1);
    assert_eq!(db.checkout_orders("c1").await.unwrap().len(), 2);
}

#[tokio::test]
async fn what_orders_owe_in_mail_is_found_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    desk.place(checkout("paid", vec![line(1, 1, 25)])).await.unwrap();
    desk.place(NewCheckout { pay_later: true, ..checkout("later", vec![line(3, 1, 12)]) }).await.unwrap();
    desk.place(checkout("trying", vec![line(3, 1, 12)])).await.unwrap();
    let Claim::Ready(claim) = db.claim_for_payment("paid", NOW, NOW).await.unwrap() else { panic!("claimed") };
    db.mark_paid(&claim, "sim_1", NOW).await.unwrap();

    // Confirmations: the paid one and the pay-later one now; the one still
    // trying to pay only once its attempt has had time to settle.
    let mut due = db.checkouts_to_confirm(NOW, 60, 10).await.unwrap();
    due.sort();
    assert_eq!(due, ["later", "paid"]);
    let settled = db.checkouts_to_confirm(Timestamp::from_unix(NOW.unix() + 61), 60, 10).await.unwrap();
    assert_eq!(settled.len(), 3);
    db.mark_buyers_told(&["paid".to_owned()], NOW).await.unwrap();
    assert!(!db.checkouts_to_confirm(NOW, 60, 10).await.unwrap().contains(&"paid".to_owned()));

    // A link for the pay-later one, once; it then holds its items a while longer.
    assert_eq!(db.checkouts_owed_a_link(10, None).await.unwrap(), ["later"]);
    // Only those placed before a time, for links whose promise runs out.
    assert!(db.checkouts_owed_a_link(10, Some(NOW)).await.unwrap().is_empty());
    assert_eq!(db.checkouts_owed_a_link(10, Some(Timestamp::from_unix(NOW.unix() + 1))).await.unwrap(), ["later"]);
    let until = Timestamp::from_unix(NOW.unix() + 7200);
    db.mark_links_sent(&["later".to_owned()], until, NOW).await.unwrap();
    assert!(db.checkouts_owed_a_link(10, None).await.unwrap().is_empty());
    let later = db.checkout_orders("later").await.unwrap();
    assert_eq!(later[0].pay_by, Some(until));
    assert_eq!(later[0].link_sent_at, Some(NOW));

    // Sellers hear of paid orders only, once.
    let announce = db.orders_to_announce(10).await.unwrap();
    assert_eq!(announce.len(), 1);
    assert_eq!(announce[0].1, "maker1@example.test");
    let paid = db.checkout_orders("paid").await.unwrap();
    db.mark_sellers_told(&[paid[0].id], NOW).await.unwrap();
    assert!(db.orders_to_announce(10).await.unwrap().is_empty());

    // Cancelling an unpaid order gives its items back at once.
    let before = stock(&db, 3).await.0;
    assert_eq!(db.cancel_unpaid(later[0].id, "annulée", NOW).await.unwrap(), StatusChange::Done);
    assert_eq!(stock(&db, 3).await.0, before + 1);
}

#[tokio::test]
async fn an_order_waiting_for_its_payment_link_is_not_expired_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let placed = desk.place(NewCheckout { pay_later: true, ..checkout("later", vec![line(3, 1, 12)]) }).await.unwrap();
    let CheckoutOutcome::Placed(orders) = placed else { panic!("{placed:?}") };
    let past_deadline = Timestamp::from_unix(NOW.unix() + 7200);
    assert_eq!(db.expire_unpaid(past_deadline, 10).await.unwrap(), 0, "no link yet: it waits");
    db.mark_links_sent(&["later".to_owned()], Timestamp::from_unix(NOW.unix() + 3600), NOW).await.unwrap();
    assert_eq!(db.expire_unpaid(past_deadline, 10).await.unwrap(), 1, "the link went out and its time passed");
    assert_eq!(db.order_status(orders[0].id).await.unwrap(), Some(OrderStatus::Expired));

    // However long payments stay switched off, a day is the most it waits.
    desk.place(NewCheckout { pay_later: true, ..checkout("later-2", vec![line(3, 1, 12)]) }).await.unwrap();
    assert_eq!(db.expire_unpaid(Timestamp::from_unix(NOW.unix() + 24 * 3600 + 1), 10).await.unwrap(), 1);
}

#[tokio::test]
async fn how_paying_went_is_written_through_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let CheckoutOutcome::Placed(paid) = desk.place(checkout("paid", vec![line(1, 1, 25)])).await.unwrap() else {
        panic!("placed")
    };
    let CheckoutOutcome::Placed(unpaid) = desk.place(checkout("unpaid", vec![line(3, 1, 12)])).await.unwrap() else {
        panic!("placed")
    };
    let reference = "sim_1".to_owned();
    let paying = desk.settle(Settlement::Paid { orders: vec![paid[0].id], reference, at: NOW });
    let hold_until = Timestamp::from_unix(NOW.unix() + 7200);
    let deferring = desk.settle(Settlement::Deferred { checkout_id: "unpaid".to_owned(), at: NOW, hold_until });
    let (paying, deferring) = tokio::join!(paying, deferring);
    paying.unwrap();
    deferring.unwrap();
    assert_eq!(db.order_status(paid[0].id).await.unwrap(), Some(OrderStatus::Paid));
    let unpaid = db.order_by_number(&unpaid[0].number).await.unwrap().unwrap();
    assert_eq!(
        (unpaid.status, unpaid.pay_later, unpaid.pay_by),
        (OrderStatus::AwaitingPayment, true, Some(hold_until))
    );
}

#[tokio::test]
async fn an_order_being_charged_is_neither_cancelled_nor_expired() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh(dir.path()).await;
    catalogue(&db).await;
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let charging = NewCheckout {
        charging_until: Some(Timestamp::from_unix(NOW.unix() + 70)),
        ..checkout("c", vec![line(1, 1, 25)])
    };
    let CheckoutOutcome::Placed(orders) = desk.place(charging).await.unwrap() else { panic!("placed") };
    let id = orders[0].id;
    assert_eq!(db.cancel_unpaid(id, "", NOW).await.unwrap(), StatusChange::PaymentUnderway);
    assert_eq!(db.claim_for_payment("c", NOW, NOW).await.unwrap(), Claim::AlreadyCharging);
    let past_deadline = Timestamp::from_unix(NOW.unix() + 3601);
    assert_eq!(db.expire_unpaid(Timestamp::from_unix(NOW.unix() + 60), 10).await.unwrap(), 0);
    // Once the charge's time is over, the usual rules again.
    assert_eq!(db.expire_unpaid(past_deadline, 10).await.unwrap(), 1);

    // A payment put off does not revive an order past its deadline.
    let CheckoutOutcome::Placed(late) = desk.place(checkout("late", vec![line(3, 1, 12)])).await.unwrap() else {
        panic!()
    };
    let after_deadline = Timestamp::from_unix(NOW.unix() + 4000);
    db.defer_payment("late", after_deadline, Timestamp::from_unix(NOW.unix() + 9000)).await.unwrap();
    let late = db.order_by_number(&late[0].number).await.unwrap().unwrap();
    assert_eq!(late.pay_by, Some(Timestamp::from_unix(NOW.unix() + 3600)), "not extended");
}
