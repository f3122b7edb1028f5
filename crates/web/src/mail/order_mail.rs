//! The mail orders owe, sent by one background task per node.
//!
//! Four mails, each recorded on the order when sent (migrations 0006 and
//! 0007): the buyer's confirmation once the checkout's payment attempt is
//! over, the payment link for a checkout that ended unpaid — only while the
//! payment service has room, so links do not bring the crowd back to a
//! saturated service —, the seller's "new order" once an order is paid, and
//! the buyer's "on its way" once the seller has shipped it.
//! A failed send is retried on the next round; one refused for good (an
//! address the server rejects) is logged and not retried.

use super::MailError;
use crate::state::AppState;
use askama::Template;
use echoppe_domain::{OrderNumber, Timestamp};
use echoppe_storage::OrderRecord;
use std::time::Duration;

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
            url: format!("{public_url}{}", crate::orders::order_url(order)),
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
}

#[derive(Template)]
#[template(path = "mail/new_order.txt")]
struct NewOrder {
    site: String,
    order: MailOrder,
    seller_url: String,
    address: Vec<String>,
}

impl AppState {
    /// Sends what orders owe, every `every` or sooner when nudged, for the
    /// life of the server.
    pub async fn send_order_mail(self, every: Duration) {
        loop {
            if self.db.is_closed() {
                return;
            }
            if let Err(error) = self.order_mail_round().await
                && !self.db.is_closed()
            {
                tracing::warn!(%error, "sending order mail failed; will retry");
            }
            // Whichever comes first: a checkout that just ended, or the clock.
            let _ = tokio::time::timeout(every, self.mail_due.notified()).await;
        }
    }

    /// One round of each kind of mail; returns how many went out.
    pub(crate) async fn order_mail_round(&self) -> Result<usize, RoundError> {
        let now = Timestamp::now();
        let mut sent = 0;
        // Marked sent together at the end of each kind: one commit per round
        // rather than one per mail. A crash in between sends those again —
        // a duplicate mail, never a missing one.
        let confirmed = self.db.checkouts_to_confirm(now, SETTLE_SECONDS, PER_ROUND).await?;
        for checkout in &confirmed {
            let orders = self.db.checkout_orders(checkout).await?;
            if let Some(first) = orders.first() {
                let mail = Confirmation {
                    site: self.settings.site_name.clone(),
                    name: first.address.name.clone(),
                    paid: orders.iter().all(|o| o.paid_at.is_some()),
                    pay_later: orders.iter().any(|o| o.pay_later),
                    link_within: self.settings.link_within.as_secs() / 60,
                    address: first.address.label_lines(),
                    orders: orders.iter().map(|o| MailOrder::of(o, &self.settings.public_url)).collect(),
                };
                let numbers = orders.iter().map(|o| o.number.to_string()).collect::<Vec<_>>().join(", ");
                let subject = match (orders.len() > 1, mail.paid) {
                    (false, true) => format!("Commande {numbers} confirmée"),
                    (false, false) => format!("Commande {numbers} enregistrée"),
                    (true, true) => format!("Commandes {numbers} confirmées"),
                    (true, false) => format!("Commandes {numbers} enregistrées"),
                };
                if self.deliver(&first.email, &subject, mail.render()?).await? {
                    sent += 1;
                }
            }
        }
        if !confirmed.is_empty() {
            self.db.mark_buyers_told(&confirmed, now).await?;
        }
        if self.payments.accepting() {
            let owed = self.db.checkouts_owed_a_link(PER_ROUND).await?;
            let pay_by = Timestamp::from_unix(now.unix().saturating_add(secs(self.settings.pay_within)));
            for checkout in &owed {
                let orders = self.db.checkout_orders(checkout).await?;
                let due: Vec<&OrderRecord> =
                    orders.iter().filter(|o| o.status == echoppe_domain::OrderStatus::AwaitingPayment).collect();
                if let Some(first) = due.first() {
                    let total: i64 = due.iter().map(|o| o.total().cents()).sum();
                    let mail = PaymentLink {
                        site: self.settings.site_name.clone(),
                        name: first.address.name.clone(),
                        total: echoppe_domain::Money::new(total, first.total().currency())
                            .map(echoppe_domain::Money::format_fr)
                            .unwrap_or_default(),
                        pay_url: format!("{}{}", self.settings.public_url, crate::orders::pay_url(first)),
                        pay_by: crate::orders::clock_fr(pay_by),
                        orders: due.iter().map(|o| MailOrder::of(o, &self.settings.public_url)).collect(),
                    };
                    let subject = format!("Réglez votre commande {}", first.number);
                    if self.deliver(&first.email, &subject, mail.render()?).await? {
                        sent += 1;
                    }
                }
            }
            if !owed.is_empty() {
                self.db.mark_links_sent(&owed, pay_by, now).await?;
            }
        }
        let mut announced = Vec::new();
        for (number, seller) in self.db.orders_to_announce(PER_ROUND).await? {
            let Ok(number) = OrderNumber::parse(&number) else { continue };
            let Some(order) = self.db.order_by_number(&number).await? else { continue };
            let mail = NewOrder {
                site: self.settings.site_name.clone(),
                seller_url: format!("{}/sell/orders/{}", self.settings.public_url, order.number),
                address: order.address.label_lines(),
                order: MailOrder::of(&order, &self.settings.public_url),
            };
            let subject = format!("Nouvelle commande {} à expédier", order.number);
            if self.deliver(&seller, &subject, mail.render()?).await? {
                sent += 1;
            }
            announced.push(order.id);
        }
        if !announced.is_empty() {
            self.db.mark_sellers_told(&announced, now).await?;
        }
        let mut shipped = Vec::new();
        for number in self.db.orders_shipped_untold(PER_ROUND).await? {
            let Ok(number) = OrderNumber::parse(&number) else { continue };
            let Some(order) = self.db.order_by_number(&number).await? else { continue };
            let mail = Shipped {
                site: self.settings.site_name.clone(),
                name: order.address.name.clone(),
                tracking: order.tracking.clone(),
                order: MailOrder::of(&order, &self.settings.public_url),
            };
            let subject = format!("Votre commande {} est en route", order.number);
            if self.deliver(&order.email, &subject, mail.render()?).await? {
                sent += 1;
            }
            shipped.push(order.id);
        }
        if !shipped.is_empty() {
            self.db.mark_shipped_told(&shipped, now).await?;
        }
        Ok(sent)
    }

    /// Sends one mail. `Ok(false)`: refused for good, not to be retried;
    /// `Err`: to retry on the next round.
    async fn deliver(&self, to: &str, subject: &str, body: String) -> Result<bool, RoundError> {
        match self.mailer.send(to, subject, body).await {
            Ok(()) => Ok(true),
            Err(error) if error.is_permanent() => {
                tracing::warn!(%error, to, subject, "a mail was refused for good; not retried");
                Ok(false)
            }
            Err(error) => Err(error.into()),
        }
    }
}

/// Why a round stopped; what it had not sent is sent on the next one.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RoundError {
    #[error(transparent)]
    Storage(#[from] echoppe_storage::Error),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Mail(#[from] MailError),
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}
