//! The demo's ready-made accounts: a buyer with orders, a seller with a
//! shop and orders to ship, and an administrator — so that a newcomer sees
//! every side of the marketplace at once, without signing up three times
//! or running `grant-admin` from another terminal.
//!
//! They are made once, when `echoppe demo` creates its catalogue, and
//! printed every time it starts. Their password is printed too: this is a
//! demonstration on a local machine, and its mail goes to a local mailbox.

use anyhow::Context as _;
use echoppe_domain::{Email, Password, Role, ShippingAddress, ShopId, Timestamp, UserId};
use echoppe_storage::{CheckoutOutcome, Claim, Database, GroupCommit, NewAccount, NewCheckout, OrderDesk, OrderLine};
use std::io::Write as _;
use std::time::Duration;

/// The one password of the three accounts.
pub const PASSWORD: &str = "demo-echoppe";
pub const BUYER: &str = "acheteuse@demo.echoppe.test";
pub const SELLER: &str = "vendeuse@demo.echoppe.test";
pub const ADMIN: &str = "admin@demo.echoppe.test";

/// The seeded shop the demo seller takes over: the first one.
const SELLERS_SHOP: ShopId = ShopId::new(1);

/// Makes the three accounts (the catalogue was just seeded) and two orders
/// of the buyer's at the seller's shop: one paid, to ship, and one waiting
/// for its payment.
pub async fn create(db: &Database) -> anyhow::Result<()> {
    let password = Password::new_choice(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = echoppe_web::hash_password(&password).map_err(|e| anyhow::anyhow!("hashing the demo password: {e}"))?;
    let now = Timestamp::now();
    let email = |address: &str| Email::parse(address).map_err(|e| anyhow::anyhow!("{e}"));
    let buyer_email = email(BUYER)?;
    let buyer = db
        .create_account(&NewAccount {
            email: &buyer_email,
            display_name: "Inès (démo)",
            password_hash: &hash,
            role: Role::Buyer,
            created_at: now,
        })
        .await
        .context("creating the demo buyer")?;
    db.create_account(&NewAccount {
        email: &email(ADMIN)?,
        display_name: "Équipe (démo)",
        password_hash: &hash,
        role: Role::Admin,
        created_at: now,
    })
    .await
    .context("creating the demo administrator")?;
    let shop = db.shop(SELLERS_SHOP).await?.context("the demo catalogue has no shop")?;
    db.set_credentials(shop.owner, &email(SELLER)?, &hash).await.context("setting up the demo seller")?;
    place_orders(db, buyer, &buyer_email, SELLERS_SHOP, now).await
}

async fn place_orders(db: &Database, buyer: UserId, email: &Email, shop: ShopId, now: Timestamp) -> anyhow::Result<()> {
    let listings: Vec<_> = db
        .shop_listings_for_seller(shop, 0, 20)
        .await?
        .into_iter()
        .filter(|card| card.state.is_public() && card.quantity >= 2)
        .take(2)
        .collect();
    let desk = OrderDesk::start(db.clone(), GroupCommit::default());
    let address = ShippingAddress {
        name: "Inès Martin".to_owned(),
        line1: "12 rue des Lilas".to_owned(),
        line2: String::new(),
        postcode: "44000".to_owned(),
        city: "Nantes".to_owned(),
        country: "FR".to_owned(),
    };
    for (n, listing) in listings.iter().enumerate() {
        let checkout_id = format!("demo-checkout-{}-{}", n + 1, now.unix());
        let paid = n == 0;
        let outcome = desk
            .place(NewCheckout {
                checkout_id: checkout_id.clone(),
                idempotency: None,
                buyer: Some(buyer),
                email: email.clone(),
                address: address.clone(),
                lines: vec![OrderLine { listing: listing.id, quantity: 1, unit_price: listing.price }],
                pay_by: now.after(Duration::from_secs(24 * 3600)),
                pay_later: !paid,
                charging_until: None,
                now,
            })
            .await?;
        if !matches!(outcome, CheckoutOutcome::Placed(_)) {
            tracing::warn!(?outcome, "a demo order could not be placed; the demo goes on without it");
            continue;
        }
        if paid && let Claim::Ready(claim) = db.claim_for_payment(&checkout_id, now, now).await? {
            db.mark_paid(&claim, "demo", now).await?;
        }
    }
    Ok(())
}

/// Whether the demo accounts exist (a data directory made before they did
/// has none).
pub async fn exist(db: &Database) -> anyhow::Result<bool> {
    let buyer = Email::parse(BUYER).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(db.credentials(&buyer).await?.is_some())
}

/// Tells the newcomer how to sign in, on standard output.
pub fn print(address: &str, shop_name: Option<&str>) {
    let shop = shop_name.map(|name| format!("la boutique « {name} », ses ventes à expédier")).unwrap_or_default();
    let text = format!(
        "\nechoppe de démonstration : {address}\n\
         Comptes prêts à l'emploi (mot de passe : {PASSWORD}) :\n  \
         acheteuse       {BUYER:<30} ses commandes dans « Mes commandes »\n  \
         vendeuse        {SELLER:<30} {shop}\n  \
         administratrice {ADMIN:<30} {address}/admin et {address}/admin/live\n\
         Le courrier envoyé se lit dans {address}/admin/mail.\n"
    );
    let mut out = std::io::stdout().lock();
    // A closed standard output (piped to `head`) is no reason to stop the server.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The name of the demo seller's shop, to print.
pub async fn sellers_shop(db: &Database) -> Option<String> {
    db.shop(SELLERS_SHOP).await.ok().flatten().map(|shop| shop.name)
}
