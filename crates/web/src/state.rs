//! What every handler can reach.

use crate::accounts::{DatabaseSessions, LoginThrottle, PasswordHasher};
use crate::mail::{MailSettings, Mailer};
use crate::payments::{PaymentSettings, Payments};
use crate::search::SearchCache;
use echoppe_domain::{Taxonomy, Timestamp};
use echoppe_media::{PhotoStore, UploadLimits};
use echoppe_search::SearchIndex;
use echoppe_storage::Database;
use echoppe_storage::{FeedPosition, GroupCommit, OrderDesk};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// How long a stored photo nothing refers to is kept: far longer than the
/// moment between storing an upload and writing the row that uses it.
const PHOTO_GRACE: Duration = Duration::from_secs(3600);

/// How long changes stay in the feed search follows: a node down for longer
/// rebuilds its index when it comes back.
const FEED_KEPT: Duration = Duration::from_secs(24 * 3600);

/// Hours of listings' hourly statistics kept: the dashboards read days;
/// hours serve a look at the last weeks, and 200,000 listings' hours would
/// otherwise grow by millions of rows a day.
const STATISTICS_HOURS_KEPT: i64 = 31 * 24;

/// Upload requests read at the same time; the others wait their turn.
const UPLOADS_AT_ONCE: usize = 4;
/// The lease of the shared clean-up, and how much longer than a round it
/// lasts: the holder renews it every round, a dead holder's runs out.
const HOUSEKEEPING_LEASE: &str = "housekeeping";
const HOUSEKEEPING_SLACK: Duration = Duration::from_secs(60);
use tower_sessions::ExpiredDeletion as _;

/// Settings of the web layer itself.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// The site's public name, shown in titles.
    pub site_name: String,
    /// The site is served over HTTPS (usually by a proxy in front): the
    /// session cookie is then marked `Secure` and never sent in clear.
    pub https: bool,
    /// What one uploaded photo may weigh and measure.
    pub uploads: UploadLimits,
    /// A proxy in front adds the client's address to `X-Forwarded-For` (and
    /// the site's name to `X-Forwarded-Host`): the sign-in limits count by
    /// that address instead of the proxy's, and forms are checked against
    /// that name. Only set
    /// it behind such a proxy, or clients could pick their own address.
    pub forwarded_for: bool,
    /// How long an order awaiting payment holds its items.
    pub pay_within: Duration,
    /// What buyers told to pay later are promised: a payment link within
    /// this time. Their items are held for it on top of `pay_within`.
    pub link_within: Duration,
    /// The site's address as buyers reach it, for the links in mail
    /// (`https://echoppe.example`, no trailing slash).
    pub public_url: String,
    /// Who publishes the site, as the legal notice names them: a person's
    /// name, or a company's name and legal form. `None`: the trust pages say
    /// the site is a demonstration of echoppe, with no real sales.
    pub operator_name: Option<String>,
    /// The publisher's postal address (a company's registered office).
    pub operator_address: Option<String>,
    /// The publisher's telephone number.
    pub operator_phone: Option<String>,
    /// The publisher's registration, as it should read: RCS or RM number,
    /// share capital, VAT number.
    pub operator_registration: Option<String>,
    /// The director of publication named by the legal notice.
    pub publication_director: Option<String>,
    /// Who hosts the site: name, address, telephone.
    pub hosting_provider: Option<String>,
    /// Where buyers, sellers and anyone else write to the operator: the
    /// site has no messaging, so every request the pages cannot answer
    /// with a button (a withdrawal, a deleted account) comes here.
    pub contact_email: String,
    /// The token `/metrics` asks for (`Authorization: Bearer …`); without
    /// one, `/metrics` answers only to clients on this machine.
    pub metrics_token: Option<String>,
    pub payments: PaymentSettings,
    pub mail: MailSettings,
    pub page_cache: echoppe_shield::PageCacheSettings,
    pub admission: echoppe_shield::AdmissionSettings,
    /// The census counts what is served (off only to measure its cost:
    /// views, searches and the live page's figures then stay at zero).
    pub statistics: bool,
    /// Listing views are counted by the beacon script in the browser, not
    /// by the census: behind a CDN that keeps pages, the server sees only
    /// its misses.
    pub views_counted_in_browser: bool,
    /// A mode to hold from start-up, whatever the signals say.
    pub pinned_mode: Option<echoppe_shield::Mode>,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            site_name: "echoppe".to_owned(),
            https: false,
            uploads: UploadLimits::default(),
            forwarded_for: false,
            pay_within: Duration::from_secs(30 * 60),
            link_within: Duration::from_secs(15 * 60),
            public_url: "http://127.0.0.1:8080".to_owned(),
            operator_name: None,
            operator_address: None,
            operator_phone: None,
            operator_registration: None,
            publication_director: None,
            hosting_provider: None,
            contact_email: "commandes@echoppe.invalid".to_owned(),
            metrics_token: None,
            payments: PaymentSettings::default(),
            page_cache: echoppe_shield::PageCacheSettings::default(),
            admission: echoppe_shield::AdmissionSettings::default(),
            statistics: true,
            views_counted_in_browser: false,
            pinned_mode: None,
            mail: MailSettings {
                from: "echoppe <commandes@echoppe.invalid>".to_owned(),
                smtp_url: None,
                mailbox: std::env::temp_dir().join("echoppe-mailbox"),
            },
        }
    }
}

/// Shared state, cheap to clone (everything inside is reference-counted).
#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) db: Database,
    pub(crate) photos: PhotoStore,
    /// The category tree, read once at start-up: it only changes with a migration.
    pub(crate) taxonomy: Arc<Taxonomy>,
    pub(crate) readiness: Readiness,
    pub(crate) settings: Arc<WebSettings>,
    pub(crate) hasher: PasswordHasher,
    pub(crate) throttle: LoginThrottle,
    pub(crate) search: SearchIndex,
    pub(crate) search_cache: SearchCache,
    /// The one writer of orders.
    pub(crate) orders: OrderDesk,
    pub(crate) payments: Payments,
    pub(crate) mailer: Mailer,
    /// Storefront pages as anonymous visitors see them.
    pub(crate) page_cache: echoppe_shield::PageCache,
    /// The door in front of the handlers.
    pub(crate) admission: echoppe_shield::AdmissionController,
    /// The node's mode: normal, busy or surge.
    pub(crate) modes: echoppe_shield::Modes,
    /// What buyers do, tallied until the next flush.
    pub(crate) statistics: crate::statistics::Statistics,
    /// What the node served over the last minute, for the live page.
    pub(crate) live: crate::statistics::live::Live,
    /// Wakes the mail task when a checkout ended, so its confirmation does
    /// not wait for the next round.
    pub(crate) mail_due: Arc<Notify>,
    /// Upload requests being read at once. Each holds up to one photo in
    /// memory (the size limit) while it is checked; bounding how many run
    /// together bounds that memory whatever the number of sellers.
    uploads: Arc<Semaphore>,
    /// The Redis the cluster's nodes share, if any: sessions, sign-in
    /// limits and the operators' switches go through it.
    pub(crate) shared: Option<crate::cluster::SharedStore>,
    /// This node among the cluster's, as the leases name their holder: the
    /// process id for whoever reads the table, and a random part so that a
    /// restarted node (perhaps with the same pid) is another holder.
    pub(crate) node: Arc<str>,
}

impl AppState {
    /// The state over stores already opened; starts the order desk's task.
    /// Fails when the mail settings are unusable (a malformed sender or
    /// SMTP address), with what was wrong.
    pub fn new(
        db: Database,
        photos: PhotoStore,
        taxonomy: Arc<Taxonomy>,
        search: SearchIndex,
        readiness: Readiness,
        settings: WebSettings,
    ) -> Result<Self, String> {
        let orders = OrderDesk::start(db.clone(), GroupCommit::default());
        let mailer = Mailer::new(&settings.mail)?;
        let modes = echoppe_shield::Modes::new(settings.pinned_mode);
        Ok(Self {
            payments: Payments::simulated(settings.payments, modes.clone()),
            page_cache: echoppe_shield::PageCache::new(settings.page_cache, modes.clone()),
            admission: echoppe_shield::AdmissionController::new(
                settings.admission,
                modes.clone(),
                settings.forwarded_for,
            ),
            modes,
            statistics: crate::statistics::Statistics::new(db.clone()),
            live: crate::statistics::live::Live::default(),
            mailer,
            mail_due: Arc::new(Notify::new()),
            db,
            photos,
            taxonomy,
            readiness,
            settings: Arc::new(settings),
            hasher: PasswordHasher::new(),
            throttle: LoginThrottle::new(),
            orders,
            search,
            search_cache: SearchCache::new(),
            uploads: Arc::new(Semaphore::new(UPLOADS_AT_ONCE)),
            shared: None,
            node: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()).into(),
        })
    }

    /// Shares sessions, sign-in limits and the operators' switches with the
    /// other nodes through `store` (before the router is built).
    #[must_use]
    pub fn sharing_through(mut self, store: crate::cluster::SharedStore) -> Self {
        self.throttle = LoginThrottle::shared(store.clone());
        self.shared = Some(store);
        self
    }

    /// Applies the operators' switches as other nodes change them, for the
    /// life of the server.
    pub async fn follow_switches(self) {
        crate::switches::follow(self).await;
    }

    /// Waits for a turn to read an upload; the turn ends when the slot is dropped.
    pub(crate) async fn upload_slot(&self) -> Result<OwnedSemaphorePermit, crate::error::Error> {
        // The semaphore is never closed, so this only waits.
        self.uploads
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| crate::error::Error::Internal("the upload semaphore is closed"))
    }

    /// Periodic clean-up, run for the life of the server: idle sign-in
    /// counters leave this node's memory; and, by one node of a cluster at
    /// a time (the `housekeeping` lease, held from one round to the next so
    /// another takes over if this one dies), expired sessions leave the
    /// database, photos nothing refers to leave the photo store, and the
    /// change feed, old carts, idempotency keys and hourly statistics are
    /// pruned.
    pub async fn housekeeping(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if self.db.is_closed() {
                return;
            }
            self.throttle.forget_idle();
            match self.db.hold_lease(HOUSEKEEPING_LEASE, &self.node, every + HOUSEKEEPING_SLACK).await {
                Ok(true) => self.clean_up().await,
                Ok(false) => tracing::debug!("another node does the housekeeping"),
                Err(error) => tracing::warn!(%error, "taking the housekeeping lease failed; will retry"),
            }
        }
    }

    /// One round of the shared clean-up; each part retried next round if it fails.
    async fn clean_up(&self) {
        if let Err(error) = DatabaseSessions::new(self.db.clone()).delete_expired().await {
            tracing::warn!(%error, "removing expired sessions failed; will retry");
        }
        if let Err(error) = self.sweep_photos().await {
            tracing::warn!(%error, "sweeping unused photos failed; will retry");
        }
        if let Err(error) = echoppe_search::prune_feed(&self.db, FEED_KEPT).await {
            tracing::warn!(%error, "pruning the change feed failed; will retry");
        }
        if let Err(error) = self.forget_stale_checkout_data().await {
            tracing::warn!(%error, "forgetting old carts and idempotency keys failed; will retry");
        }
        let hour = Timestamp::now().unix().div_euclid(3600);
        if let Err(error) = self.db.prune_statistics(hour, STATISTICS_HOURS_KEPT).await {
            tracing::warn!(%error, "pruning old hourly statistics failed; will retry");
        }
    }

    /// Keeps the search index following the catalogue's changes for the
    /// life of the server: every `every` normally, five times less often
    /// when busy and ten times less in surge. Each look that finds changes
    /// commits a segment (merges follow), and on a busy night the changes
    /// are mostly stock going down with each order: the crowd needs the
    /// CPU more than a sold-out listing needs to leave the results a second
    /// sooner. Listing pages follow the feed on their own, as often in
    /// every mode, so an edit still shows on its page within a second.
    pub async fn follow_catalogue_in_search(self, every: Duration) {
        let modes = self.modes.clone();
        let pace = move || modes.current().stretched(every, 5, 10);
        self.search.clone().follow(self.db.clone(), pace).await;
    }

    /// Forgets the cached pages of listings as they change, for the life of
    /// the server.
    pub async fn forget_changed_pages(self, every: Duration) {
        let mut position = self.db.feed_position().await.unwrap_or(FeedPosition(0));
        loop {
            tokio::time::sleep(every).await;
            if self.db.is_closed() {
                return;
            }
            match self.db.changes_after(position, 1000).await {
                Ok((ids, reached)) => {
                    self.page_cache.forget_listings(ids.into_iter().map(echoppe_domain::ListingId::get));
                    position = reached;
                }
                Err(error) => tracing::warn!(%error, "reading the change feed for the page cache failed; will retry"),
            }
        }
    }

    /// Writes the statistics counted, every `every` normally, three times
    /// less often when busy and six times less in surge, for the life of
    /// the server. Each flush writes a row per listing and per shop seen
    /// since the last one, and in a crowd nearly every shop is seen every
    /// few seconds: flushing less often writes the same counts in fewer
    /// rows, for a few more seconds at risk on a crash.
    pub async fn keep_statistics(self, every: Duration) {
        let modes = self.modes.clone();
        let pace = move || modes.current().stretched(every, 3, 6);
        self.statistics.clone().keep_flushing(pace).await;
    }

    /// Writes the statistics counted since the last flush: the server's
    /// last act before it closes the database, so a graceful stop loses
    /// none.
    pub async fn flush_statistics(&self) {
        if let Err(error) = self.statistics.flush().await {
            tracing::warn!(%error, "writing the last statistics failed; they are lost");
        }
    }

    /// Chooses the node's mode from the door's signals, and closes the live
    /// figures' second, every second, for the life of the server.
    pub async fn watch_load(self) {
        tokio::join!(
            echoppe_shield::watch(self.admission.clone(), self.modes.clone()),
            self.live.clone().keep_ticking()
        );
    }

    /// Visitors' carts outlive their session by a day at most, and
    /// idempotency keys are kept a day: retries come within minutes.
    async fn forget_stale_checkout_data(&self) -> Result<(), echoppe_storage::Error> {
        let day_ago = Timestamp::now().before(Duration::from_secs(24 * 3600));
        let carts = self.db.forget_visitor_carts(day_ago).await?;
        let keys = self.db.forget_idempotency_keys(day_ago).await?;
        if carts + keys > 0 {
            tracing::info!(cart_lines = carts, idempotency_keys = keys, "old carts and idempotency keys forgotten");
        }
        Ok(())
    }

    /// Expires, every `every`, the orders whose payment did not come in time,
    /// putting their items back on sale.
    pub async fn expire_unpaid_orders(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if self.db.is_closed() {
                return;
            }
            match self.db.expire_unpaid(Timestamp::now(), 500).await {
                Ok(0) => {}
                Ok(expired) => tracing::info!(expired, "unpaid orders expired; their items are back on sale"),
                Err(error) => tracing::warn!(%error, "expiring unpaid orders failed; will retry"),
            }
        }
    }

    /// Deletes photos no listing or shop uses, an hour after they were stored.
    pub(crate) async fn sweep_photos(&self) -> Result<usize, crate::error::Error> {
        // The keys in use are read first: a photo stored after this read is
        // younger than the grace period, so it is kept.
        let in_use = self.db.photo_keys_in_use().await?;
        let deleted = self.photos.sweep_unused(&in_use, PHOTO_GRACE).await?;
        if deleted > 0 {
            tracing::info!(deleted, "unused photos removed from the store");
        }
        Ok(deleted)
    }
}

/// Whether this process should be sent traffic: not while it warms its
/// caches at start, and not once a shutdown starts, so a load balancer
/// polling `/readyz` sends nothing to a cold node and stops routing to a
/// leaving one while its in-flight requests finish.
#[derive(Debug, Clone)]
pub struct Readiness(Arc<AtomicU8>);

const WARMING: u8 = 0;
const SERVING: u8 = 1;
const DRAINING: u8 = 2;

impl Readiness {
    /// Ready at once.
    pub fn new() -> Self {
        Self(Arc::new(AtomicU8::new(SERVING)))
    }

    /// Not ready until [`Readiness::serve`]: the node warms first.
    pub fn warming() -> Self {
        Self(Arc::new(AtomicU8::new(WARMING)))
    }

    pub fn is_ready(&self) -> bool {
        self.0.load(Ordering::Relaxed) == SERVING
    }

    /// What `/readyz` calls the node's state.
    pub fn state(&self) -> &'static str {
        match self.0.load(Ordering::Relaxed) {
            WARMING => "warming",
            SERVING => "serving",
            _ => "draining",
        }
    }

    /// Warm: ready for traffic, unless a shutdown already started.
    pub fn serve(&self) {
        let _ = self.0.compare_exchange(WARMING, SERVING, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// Starts draining: `/readyz` answers 503 from now on.
    pub fn drain(&self) {
        self.0.store(DRAINING, Ordering::Relaxed);
    }
}

impl Default for Readiness {
    fn default() -> Self {
        Self::new()
    }
}
