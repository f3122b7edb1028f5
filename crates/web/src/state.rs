//! What every handler can reach.

use crate::accounts::password::PasswordHasher;
use crate::accounts::throttle::LoginThrottle;
use crate::search_cache::SearchCache;
use echoppe_backoffice::{
    BackOffice, BackOfficeSettings, MailSettings, MailedSite, PaymentSettings, Premises, SharedStore,
};
use echoppe_domain::Taxonomy;
use echoppe_media::{PhotoStore, UploadLimits};
use echoppe_search::SearchIndex;
use echoppe_storage::Database;
use echoppe_storage::{GroupCommit, OrderDesk};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Upload requests read at the same time; the others wait their turn.
const UPLOADS_AT_ONCE: usize = 4;

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
    /// Storefront pages as anonymous visitors see them.
    pub(crate) page_cache: echoppe_shield::PageCache,
    /// The door in front of the handlers.
    pub(crate) admission: echoppe_shield::AdmissionController,
    /// The node's mode: normal, busy or surge.
    pub(crate) modes: echoppe_shield::Modes,
    /// What the node served over the last minute, for the live page.
    pub(crate) live: crate::live::Live,
    /// Upload requests being read at once. Each holds up to one photo in
    /// memory (the size limit) while it is checked; bounding how many run
    /// together bounds that memory whatever the number of sellers.
    uploads: Arc<Semaphore>,
    /// Payments, order mail, statistics, the operators' switches and the
    /// store the cluster's nodes share.
    pub(crate) back_office: BackOffice,
}

impl AppState {
    /// The state over stores already opened; starts the order desk's task.
    /// With `shared`, sessions, sign-in limits and the operators' switches
    /// go through the Redis the cluster's nodes share. Fails when the mail
    /// settings are unusable (a malformed sender or SMTP address), with
    /// what was wrong.
    pub fn new(
        db: Database,
        photos: PhotoStore,
        taxonomy: Arc<Taxonomy>,
        search: SearchIndex,
        readiness: Readiness,
        settings: WebSettings,
        shared: Option<SharedStore>,
    ) -> Result<Self, String> {
        let modes = echoppe_shield::Modes::new(settings.pinned_mode);
        let page_cache = echoppe_shield::PageCache::new(settings.page_cache, modes.clone());
        let premises = Premises {
            db: db.clone(),
            photos: photos.clone(),
            search: search.clone(),
            modes: modes.clone(),
            page_cache: page_cache.clone(),
        };
        let office = BackOfficeSettings {
            mail: settings.mail.clone(),
            payments: settings.payments,
            site: MailedSite {
                site_name: settings.site_name.clone(),
                public_url: settings.public_url.clone(),
                pay_within: settings.pay_within,
                link_within: settings.link_within,
            },
        };
        let throttle = match &shared {
            Some(store) => LoginThrottle::shared(store.clone()),
            None => LoginThrottle::new(),
        };
        Ok(Self {
            back_office: BackOffice::new(premises, office, shared)?,
            orders: OrderDesk::start(db.clone(), GroupCommit::default()),
            admission: echoppe_shield::AdmissionController::new(
                settings.admission,
                modes.clone(),
                settings.forwarded_for,
            ),
            page_cache,
            modes,
            live: crate::live::Live::default(),
            db,
            photos,
            taxonomy,
            readiness,
            settings: Arc::new(settings),
            hasher: PasswordHasher::new(),
            throttle,
            search,
            search_cache: SearchCache::new(),
            uploads: Arc::new(Semaphore::new(UPLOADS_AT_ONCE)),
        })
    }

    /// The back office, whose tasks the server starts.
    pub fn back_office(&self) -> &BackOffice {
        &self.back_office
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

    /// Lets this node's idle sign-in counters go, every `every`, for the
    /// life of the server.
    pub async fn forget_idle_sign_ins(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if self.db.is_closed() {
                return;
            }
            self.throttle.forget_idle();
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
