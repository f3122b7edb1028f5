//! What every handler can reach.

use crate::accounts::{DatabaseSessions, LoginThrottle, PasswordHasher};
use echoppe_domain::Taxonomy;
use echoppe_media::{PhotoStore, UploadLimits};
use echoppe_storage::Database;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
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
}

impl Default for WebSettings {
    fn default() -> Self {
        Self { site_name: "echoppe".to_owned(), https: false, uploads: UploadLimits::default() }
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
}

impl AppState {
    /// Loads what the handlers need from the database.
    pub async fn load(
        db: Database,
        photos: PhotoStore,
        readiness: Readiness,
        settings: WebSettings,
    ) -> Result<Self, echoppe_storage::Error> {
        let taxonomy = Arc::new(db.taxonomy().await?);
        Ok(Self {
            db,
            photos,
            taxonomy,
            readiness,
            settings: Arc::new(settings),
            hasher: PasswordHasher::new(),
            throttle: LoginThrottle::new(),
        })
    }

    /// Periodic clean-up, run for the life of the server: expired sessions
    /// leave the database, idle sign-in counters leave memory.
    pub async fn housekeeping(self, every: Duration) {
        let sessions = DatabaseSessions::new(self.db.clone());
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if let Err(error) = sessions.delete_expired().await {
                tracing::warn!(%error, "removing expired sessions failed; will retry");
            }
            self.throttle.forget_idle();
        }
    }
}

/// Whether this process should be sent traffic. Cleared when a shutdown starts,
/// so a load balancer polling `/readyz` stops routing here while in-flight
/// requests finish.
#[derive(Debug, Clone)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    pub fn new() -> Self {
        Self(Arc::new(AtomicBool::new(true)))
    }

    pub fn is_ready(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Starts draining: `/readyz` answers 503 from now on.
    pub fn drain(&self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

impl Default for Readiness {
    fn default() -> Self {
        Self::new()
    }
}
