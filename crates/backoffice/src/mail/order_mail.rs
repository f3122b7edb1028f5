//! The mail orders owe, sent by one background task per node (one node of
//! a cluster at a time, under a lease).
//!
//! Four mails, each recorded on the order when sent (migrations 0006 and
//! 0007): the buyer's confirmation once the checkout's payment attempt is
//! over, the payment link for a checkout that ended unpaid — only while the
//! payment service has room, so links do not bring the crowd back to a
//! saturated service —, the seller's "new order" once an order is paid, and
//! the buyer's "on its way" once the seller has shipped it.
//! A failed send is retried on the next round; one refused for good (an
//! address the server rejects) is logged and not retried.

use super::Mailer;
use crate::links::{order_url, pay_url};
use crate::payments::Payments;
use askama::Template;
use echoppe_domain::{Money, OrderNumber, Timestamp, and_fr};
use echoppe_storage::{Database, OrderRecord};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The lease that makes one node of a cluster the one that sends order
/// mail: two nodes reading the same unsent mails would both send them.
const MAIL_LEASE: &str = "order_mail";
/// How long a round's lease lasts; renewed before each kind of mail. A
/// node that dies mid-round lets it run out: another sends what it had
/// not marked yet, within this time.
const MAIL_LEASE_LENGTH: Duration = Duration::from_secs(15);

/// Mails of each kind sent per round at most.
const PER_ROUND: u32 = 50;
/// How long a checkout's payment attempt may take before its confirmation
/// goes out anyway (the server may have stopped in the middle of it).
const SETTLE_SECONDS: i64 = 60;

struct MailItem {
    quantity: i64,
    title: String,
    price: String,
}

struct MailOrder {
    number: String,
    shop: String,
    items: Vec<MailItem>,
    shipping: String,
    total: String,
    url: String,
}

impl MailOrder {
    fn of(order: &OrderRecord, public_url: &str) -> Self {
        Self {
            number: order.number.to_string(),
            shop: order.shop_name.clone(),
            items: order
                .items
                .iter()
                .map(|item| MailItem {
                    quantity: item.quantity,
                    title: item.title.clone(),
                    price: item.unit_price.format_fr(),
                })
                .collect(),
            shipping: order.shipping.format_fr(),
            total: order.total().format_fr(),
            url: format!("{public_url}{}", order_url(order)),
        }
    }
}

#[derive(Template)]
#[template(path = "mail/confirmation.txt")]
struct Confirmation {
    site: String,
    name: String,
    orders: Vec<MailOrder>,
    paid: bool,
    pay_later: bool,
    link_within: u64,
    address: Vec<String>,
}

#[derive(Template)]
#[template(path = "mail/payment_link.txt")]
struct PaymentLink {
    site: String,
    name: String,
    orders: Vec<MailOrder>,
    total: String,
    pay_url: String,
    pay_by: String,
}

#[derive(Template)]
#[template(path = "mail/shipped.txt")]
struct Shipped {
    site: String,
    name: String,
    order: MailOrder,
    tracking: Option<String>,
    /// The carrier's tracking page, when the seller named the carrier.
    tracking_url: Option<String>,
}

#[derive(Template)]
#[template(path = "mail/new_order.txt")]
struct NewOrder {
    site: String,
    order: MailOrder,
    seller_url: String,
    address: Vec<String>,
}

/// What the mail says of the site and of its promises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailedSite {
    /// The site's public name.
    pub site_name: String,
    /// The site's address as buyers reach it, for the links (no trailing slash).
    pub public_url: String,
    /// How long an order awaiting payment holds its items.
    pub pay_within: Duration,
    /// Within how long buyers told to pay later get their payment link.
    pub link_within: Duration,
}

/// The mail orders owe, and the task that sends it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct OrderMail {
    db: Database,
    mailer: Mailer,
    payments: Payments,
    settings: Arc<MailedSite>,
    /// This node, as the mail lease names its holder.
    node: Arc<str>,
    /// Wakes the task when a checkout ended, so its confirmation does not
    /// wait for the next round.
    due: Arc<Notify>,
}

impl OrderMail {
    pub fn new(db: Database, mailer: Mailer, payments: Payments, settings: MailedSite, node: Arc<str>) -> Self {
        Self { db, mailer, payments, settings: Arc::new(settings), node, due: Arc::new(Notify::new()) }
    }

    /// Where mail is written when there is no SMTP server.
    pub fn mailbox(&self) -> Option<&std::path::PathBuf> {
        self.mailer.mailbox()
    }

    /// A checkout just ended: the next round starts now.
    pub fn nudge(&self) {
        self.due.notify_one();
    }

    /// Sends what orders owe, every `every` or sooner when nudged, for the
    /// life of the server.
    pub async fn send_order_mail(self, every: Duration) {
        loop {
            if self.db.is_closed() {
                return;
            }
            match self.holding_mail_lease().await {
                // Another node sends the mail while its lease runs.
                Ok(false) => {}
                Ok(true) => {
                    if let Err(error) = self.order_mail_round().await
                        && !self.db.is_closed()
                    {
                        tracing::warn!(%error, "sending order mail failed; will retry");
                    }
                }
                Err(error) => tracing::warn!(%error, "the order mail lease cannot be read; will retry"),
            }
            // Whichever comes first: a checkout that just ended, or the clock.
            let _ = tokio::time::timeout(every, self.due.notified()).await;
        }
    }

    /// One round of each kind of mail; returns how many went out.
    ///
    /// What was dealt with is marked together at the end of each kind: one
    /// commit per round rather than one per mail. A crash in between sends
    /// those again — a duplicate mail, never a missing one. A mail the
    /// server refuses for now is left for the next round while the others
    /// go; after a few such refusals in a round (the server is down) the
    /// round stops.
    ///
    /// Each kind starts only while this node still holds the mail lease
    /// (renewed then), so a round that outlasts it never overlaps another
    /// node's.
    pub async fn order_mail_round(&self) -> Result<usize, echoppe_storage::Error> {
        let now = Timestamp::now();
        let mut round = Round::default();
        let confirmed = self.confirm_checkouts(&mut round, now).await?;
        if !confirmed.is_empty() {
            self.db.mark_buyers_told(&confirmed, now).await?;
        }
        if !self.holding_mail_lease().await? {
            return Ok(round.sent);
        }
        self.link_round(&mut round, now).await?;
        if !self.holding_mail_lease().await? {
            return Ok(round.sent);
        }
        let announced = self.announce_orders(&mut round).await?;
        if !announced.is_empty() {
            self.db.mark_sellers_told(&announced, now).await?;
        }
        if !self.holding_mail_lease().await? {
            return Ok(round.sent);
        }
        let shipped = self.announce_shipments(&mut round).await?;
        if !shipped.is_empty() {
            self.db.mark_shipped_told(&shipped, now).await?;
        }
        Ok(round.sent)
    }

    /// Takes or renews this node's lease on sending order mail.
    async fn holding_mail_lease(&self) -> Result<bool, echoppe_storage::Error> {
        self.db.hold_lease(MAIL_LEASE, &self.node, MAIL_LEASE_LENGTH).await
    }

    /// Confirmations to buyers; returns the checkouts dealt with.
    async fn confirm_checkouts(
        &self,
        round: &mut Round,
        now: Timestamp,
    ) -> Result<Vec<String>, echoppe_storage::Error> {
        let mut done = Vec::new();
        for checkout in self.db.checkouts_to_confirm(now, SETTLE_SECONDS, PER_ROUND).await? {
            if round.stopped() {
                break;
            }
            let orders = self.db.checkout_orders(&checkout).await?;
            let Some(first) = orders.first() else {
                done.push(checkout);
                continue;
            };
            let mail = Confirmation {
                site: self.settings.site_name.clone(),
                name: first.address.name.clone(),
                paid: orders.iter().all(|o| o.paid_at.is_some()),
                pay_later: orders.iter().any(|o| o.pay_later),
                link_within: self.settings.link_within.as_secs() / 60,
                address: first.address.label_lines(),
                orders: orders.iter().map(|o| MailOrder::of(o, &self.settings.public_url)).collect(),
            };
            let numbers = and_fr(&orders.iter().map(|o| o.number.to_string()).collect::<Vec<_>>());
            let subject = match (orders.len() > 1, mail.paid) {
                (false, true) => format!("Commande {numbers} confirmée"),
                (false, false) => format!("Commande {numbers} enregistrée"),
                (true, true) => format!("Commandes {numbers} confirmées"),
                (true, false) => format!("Commandes {numbers} enregistrées"),
            };
            if self.deliver(round, &first.email, &subject, mail.render()).await == Delivery::Done {
                done.push(checkout);
            }
        }
        Ok(done)
    }

    /// Payment links: a batch, oldest first, while the payment service has
    /// room for them; and whatever its state, every link whose promised
    /// time (`link_within` from the checkout, said on the pages and in the
    /// confirmation) is three quarters gone. The promise is kept even when
    /// the service is saturated: the link then leads to a page that says
    /// when paying will be possible, and the service takes the payments at
    /// its own pace.
    async fn link_round(&self, round: &mut Round, now: Timestamp) -> Result<(), echoppe_storage::Error> {
        let pay_by = now.after(self.settings.pay_within);
        let running_out = now.before(self.settings.link_within * 3 / 4);
        let mut placed_before = if self.payments.accepting() { None } else { Some(running_out) };
        for _ in 0..LINK_BATCHES {
            if round.stopped() {
                break;
            }
            let linked = self.send_payment_links(round, pay_by, placed_before).await?;
            if linked.is_empty() {
                break;
            }
            self.db.mark_links_sent(&linked, pay_by, now).await?;
            // After the free batch, only links running out are worth more.
            placed_before = Some(running_out);
        }
        Ok(())
    }

    /// Payment links for checkouts that ended unpaid (placed before
    /// `placed_before`, if given); returns those dealt with.
    async fn send_payment_links(
        &self,
        round: &mut Round,
        pay_by: Timestamp,
        placed_before: Option<Timestamp>,
    ) -> Result<Vec<String>, echoppe_storage::Error> {
        let mut done = Vec::new();
        for checkout in self.db.checkouts_owed_a_link(PER_ROUND, placed_before).await? {
            if round.stopped() {
                break;
            }
            let orders = self.db.checkout_orders(&checkout).await?;
            let due: Vec<&OrderRecord> =
                orders.iter().filter(|o| o.status == echoppe_domain::OrderStatus::AwaitingPayment).collect();
            let Some(first) = due.first() else {
                done.push(checkout);
                continue;
            };
            let total: i64 = due.iter().map(|o| o.total().cents()).sum();
            let mail = PaymentLink {
                site: self.settings.site_name.clone(),
                name: first.address.name.clone(),
                total: Money::euros(total.clamp(0, Money::MAX_CENTS)).map(Money::format_fr).unwrap_or_default(),
                pay_url: format!("{}{}", self.settings.public_url, pay_url(first)),
                pay_by: pay_by.format_fr_time(),
                orders: due.iter().map(|o| MailOrder::of(o, &self.settings.public_url)).collect(),
            };
            let numbers: Vec<String> = due.iter().map(|o| o.number.to_string()).collect();
            let subject = if numbers.len() > 1 {
                format!("Réglez vos commandes {}", and_fr(&numbers))
            } else {
                format!("Réglez votre commande {}", first.number)
            };
            if self.deliver(round, &first.email, &subject, mail.render()).await == Delivery::Done {
                done.push(checkout);
            }
        }
        Ok(done)
    }

    /// "New order" to the sellers of paid orders; returns the orders dealt with.
    async fn announce_orders(&self, round: &mut Round) -> Result<Vec<i64>, echoppe_storage::Error> {
        let mut done = Vec::new();
        for (number, seller) in self.db.orders_to_announce(PER_ROUND).await? {
            if round.stopped() {
                break;
            }
            let Ok(number) = OrderNumber::parse(&number) else { continue };
            let Some(order) = self.db.order_by_number(&number).await? else { continue };
            let mail = NewOrder {
                site: self.settings.site_name.clone(),
                seller_url: format!("{}{}", self.settings.public_url, crate::links::seller_order_url(&order)),
                address: order.address.label_lines(),
                order: MailOrder::of(&order, &self.settings.public_url),
            };
            let subject = format!("Nouvelle commande {} à expédier", order.number);
            if self.deliver(round, &seller, &subject, mail.render()).await == Delivery::Done {
                done.push(order.id);
            }
        }
        Ok(done)
    }

    /// "On its way" to the buyers of shipped orders; returns the orders dealt with.
    async fn announce_shipments(&self, round: &mut Round) -> Result<Vec<i64>, echoppe_storage::Error> {
        let mut done = Vec::new();
        for number in self.db.orders_shipped_untold(PER_ROUND).await? {
            if round.stopped() {
                break;
            }
            let Ok(number) = OrderNumber::parse(&number) else { continue };
            let Some(order) = self.db.order_by_number(&number).await? else { continue };
            let mail = Shipped {
                site: self.settings.site_name.clone(),
                name: order.address.name.clone(),
                tracking: order.tracking.clone(),
                tracking_url: order
                    .carrier
                    .zip(order.tracking.as_deref())
                    .and_then(|(carrier, code)| carrier.tracking_url(code)),
                order: MailOrder::of(&order, &self.settings.public_url),
            };
            let subject = format!("Votre commande {} est en route", order.number);
            if self.deliver(round, &order.email, &subject, mail.render()).await == Delivery::Done {
                done.push(order.id);
            }
        }
        Ok(done)
    }

    /// Sends one mail. Refused for good (or unwritable), it is done with —
    /// logged, not retried; refused for now, it is left for the next round.
    async fn deliver(
        &self,
        round: &mut Round,
        to: &str,
        subject: &str,
        body: Result<String, askama::Error>,
    ) -> Delivery {
        let body = match body {
            Ok(body) => body,
            Err(error) => {
                tracing::error!(%error, subject, "a mail could not be written; not retried");
                return Delivery::Done;
            }
        };
        match self.mailer.send(to, subject, body).await {
            Ok(()) => {
                round.sent += 1;
                Delivery::Done
            }
            Err(error) if error.is_permanent() => {
                tracing::warn!(%error, to, subject, "a mail was refused for good; not retried");
                Delivery::Done
            }
            Err(error) => {
                round.failures += 1;
                tracing::warn!(%error, to, subject, "a mail could not be sent; will retry");
                Delivery::Retry
            }
        }
    }
}

/// Batches of links a round sends at most when many run out at once
/// (after a surge of pay-later orders): 1,000 links, then the other mails.
const LINK_BATCHES: usize = 20;

/// Refusals for now after which a round stops: the mail server is down,
/// and trying every mail again would only slow the next round.
const FAILURES_PER_ROUND: usize = 3;

#[derive(Debug, Default)]
struct Round {
    sent: usize,
    failures: usize,
}

impl Round {
    fn stopped(&self) -> bool {
        self.failures >= FAILURES_PER_ROUND
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Done,
    Retry,
}
