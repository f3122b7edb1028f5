//! The work behind the counter: what every node does besides answering
//! requests, and the services the handlers call that know nothing of HTTP.
//!
//! - [`payments`]: taking payment for a checkout, or deciding not to try
//!   (*order now, pay later*);
//! - [`mail`]: the mail orders owe, sent by one node at a time under a lease;
//! - [`statistics`]: what buyers do, tallied in memory and flushed to the
//!   roll-up tables;
//! - [`housekeeping`]: the clean-up rounds (under a lease), the expiry of
//!   unpaid orders, and the followers of the change feed (search index,
//!   page cache);
//! - [`switches`] and [`shared_store`]: the operators' switches, the same
//!   on every node through the Redis a cluster shares.
//!
//! The web layer holds a [`BackOffice`] in its state and calls it; the
//! `echoppe` binary starts its tasks. Nothing here imports the web layer.

pub mod housekeeping;
pub mod links;
pub mod mail;
pub mod payments;
pub mod shared_store;
pub mod statistics;
pub mod switches;

pub use mail::{MailSettings, MailedSite, Mailer, OrderMail};
pub use payments::{PaymentSettings, Payments, SimulatedPayments};
pub use shared_store::{KEY_PREFIX, SharedStore};
pub use statistics::Statistics;
pub use switches::{SharedStoreAway, Switches};

use echoppe_media::PhotoStore;
use echoppe_search::SearchIndex;
use echoppe_shield::{Modes, PageCache};
use echoppe_storage::Database;
use std::sync::Arc;

/// What the back office is set up with.
#[derive(Debug, Clone)]
pub struct BackOfficeSettings {
    pub mail: MailSettings,
    pub payments: PaymentSettings,
    /// What mail says of the site.
    pub site: MailedSite,
}

/// The stores the back office works on, opened by the caller.
#[derive(Debug, Clone)]
pub struct Premises {
    pub db: Database,
    pub photos: PhotoStore,
    pub search: SearchIndex,
    /// The node's mode, which paces the background work and decides
    /// whether checkout waits on payment.
    pub modes: Modes,
    /// The storefront pages kept, forgotten as their listings change.
    pub page_cache: PageCache,
}

/// The back office of one node. Cheap to clone (everything inside is
/// reference-counted).
#[derive(Debug, Clone)]
pub struct BackOffice {
    db: Database,
    photos: PhotoStore,
    search: SearchIndex,
    modes: Modes,
    page_cache: PageCache,
    /// This node among the cluster's, as the leases name their holder: the
    /// process id for whoever reads the table, and a random part so that a
    /// restarted node (perhaps with the same pid) is another holder.
    node: Arc<str>,
    pub payments: Payments,
    pub order_mail: OrderMail,
    pub statistics: Statistics,
    pub switches: Switches,
    /// The Redis the cluster's nodes share, if any.
    pub shared: Option<SharedStore>,
}

impl BackOffice {
    /// Sets the back office up over `premises`. Fails when the mail
    /// settings are unusable (a malformed sender or SMTP address), with
    /// what was wrong.
    pub fn new(premises: Premises, settings: BackOfficeSettings, shared: Option<SharedStore>) -> Result<Self, String> {
        let Premises { db, photos, search, modes, page_cache } = premises;
        let node: Arc<str> = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()).into();
        let payments = Payments::simulated(settings.payments, modes.clone());
        let mailer = Mailer::new(&settings.mail)?;
        Ok(Self {
            order_mail: OrderMail::new(db.clone(), mailer, payments.clone(), settings.site, node.clone()),
            statistics: Statistics::new(db.clone()),
            switches: Switches::new(modes.clone(), payments.clone(), shared.clone()),
            payments,
            shared,
            node,
            db,
            photos,
            search,
            modes,
            page_cache,
        })
    }

    /// Applies the operators' switches as other nodes change them, for the
    /// life of the server.
    pub async fn follow_switches(self) {
        self.switches.follow().await;
    }

    /// Sends what orders owe, every `every` or sooner when a checkout
    /// ends, for the life of the server.
    pub async fn send_order_mail(self, every: std::time::Duration) {
        self.order_mail.send_order_mail(every).await;
    }
}
