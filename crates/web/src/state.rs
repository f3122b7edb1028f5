//! What every handler can reach.

use echoppe_domain::Taxonomy;
use echoppe_media::PhotoStore;
use echoppe_storage::Database;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Settings of the web layer itself.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// The site's public name, shown in titles.
    pub site_name: String,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self { site_name: "echoppe".to_owned() }
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
        Ok(Self { db, photos, taxonomy, readiness, settings: Arc::new(settings) })
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
