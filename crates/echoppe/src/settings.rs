//! Settings: built-in defaults, then a TOML file, then `ECHOPPE_*` environment
//! variables, then command-line flags, each overriding the one before.
//!
//! One flat namespace, the same name everywhere: the flag `--database-url`, the
//! variable `ECHOPPE_DATABASE_URL` and the file key `database_url` are one
//! setting. Flags and variables are declared together in [`crate::cli`], so
//! `echoppe serve --help` lists every setting with its variable.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Every setting of a running echoppe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where echoppe keeps its data: the SQLite database and the photo store.
    pub data: PathBuf,
    /// The address the HTTP server listens on.
    pub bind: SocketAddr,
    /// Database URL; empty means `sqlite://<data>/echoppe.db`.
    pub database_url: String,
    /// PostgreSQL read replicas of `database_url`.
    pub database_replica_url: Vec<String>,
    /// Where photos are kept: empty for the data directory, or
    /// `s3://bucket/prefix`.
    pub media_url: String,
    /// The S3-compatible server of `media_url`, when not AWS.
    pub s3_endpoint: String,
    /// Its region, access key id and secret; empty: the AWS variables.
    pub s3_region: String,
    pub s3_access_key_id: String,
    pub s3_secret_access_key: String,
    /// Redis shared by the cluster's nodes; empty means none (one machine).
    pub redis_url: String,
    /// Seconds a replica may lag and still be read; also how long a
    /// visitor who wrote reads from the primary.
    pub replica_max_lag: u64,
    /// Connections of the read pool.
    pub db_read_connections: u32,
    /// Seconds a request waits for a free database connection.
    pub db_acquire_timeout: u64,
    /// MiB of the SQLite file each reader maps (0: none).
    pub db_sqlite_mmap_mb: u64,
    /// Photo store directory; empty means `<data>/media`.
    pub media_dir: String,
    /// Search index directory; empty means `<data>/search`.
    pub search_dir: String,
    /// Megabytes of memory for recently served photo variants.
    pub media_cache_mb: u64,
    /// Seconds `/readyz` reports "draining" before the listener closes, so a load
    /// balancer stops sending traffic first.
    pub drain_delay: u64,
    /// Seconds in-flight requests get to finish once the listener has closed.
    pub shutdown_grace: u64,
    /// Most popular listings whose pages and photos a starting node serves
    /// itself (through a private loopback port) before it reports ready; 0
    /// reports ready at once.
    pub warm_listings: usize,
    /// Seconds a client has to send a request's headers (slow clients are
    /// cut off rather than holding a connection forever).
    pub header_timeout: u64,
    /// Seconds a client has to send a request's body, all of it (a photo
    /// upload from a phone fits; a client trickling bytes to hold a place
    /// at the door does not).
    pub body_timeout: u64,
    /// Seconds between two writes of the statistics tallied in memory: at
    /// most this much is lost if the server crashes.
    pub stats_flush_seconds: u64,
    /// Connections open at once; beyond, new ones are closed at once.
    pub max_connections: usize,
    /// The site is served over HTTPS (by a proxy in front): cookies get `Secure`.
    pub https: bool,
    /// A proxy in front adds the client's address to `X-Forwarded-For`.
    pub forwarded_for: bool,
    /// Minutes an order awaiting payment holds its items before it expires.
    pub pay_within_minutes: u64,
    /// Largest photo a seller may upload, in megabytes.
    pub upload_max_mb: u64,
    /// Largest photo a seller may upload, in megapixels (checked from the file's
    /// header, before decoding, so a decompression bomb costs nothing).
    pub upload_max_megapixels: u64,
    /// When checkout takes payment: at checkout when the payment service has
    /// room (`auto`), or always by a mailed link (`always`).
    pub pay_later: PayLater,
    /// Minutes within which buyers told to pay later get their payment link.
    pub link_within_minutes: u64,
    /// The simulated payment service's time per charge, in milliseconds.
    pub payment_latency_ms: u64,
    /// The simulated payment service's share of declined charges (0 to 1).
    pub payment_failure_rate: f64,
    /// Charges the simulated payment service takes at once.
    pub payment_capacity: usize,
    /// The site's address as buyers reach it, for links in mail; empty means
    /// `http://<bind>`.
    pub public_url: String,
    /// The sender of echoppe's mail.
    pub mail_from: String,
    /// Who publishes the site, for the legal notice; empty means the site
    /// says it is a demonstration of echoppe, with no real sales.
    pub operator_name: String,
    /// The publisher's postal address; empty means not given.
    pub operator_address: String,
    /// The publisher's telephone number; empty means not given.
    pub operator_phone: String,
    /// The publisher's registration (RCS or RM, capital, VAT); empty means not given.
    pub operator_registration: String,
    /// The director of publication; empty means not given.
    pub publication_director: String,
    /// Who hosts the site (name, address, telephone); empty means not given.
    pub hosting_provider: String,
    /// Where people write to the operator; empty means the address of `mail_from`.
    pub contact_email: String,
    /// The token `/metrics` asks for; empty means only this machine reads it.
    pub metrics_token: String,
    /// SMTP server URL; empty means mail goes to the mailbox directory.
    pub smtp_url: String,
    /// Where mail goes without SMTP; empty means `<data>/mailbox`.
    pub mailbox_dir: String,
    /// Storefront pages kept rendered for anonymous visitors.
    pub page_cache: bool,
    /// Memory for cached pages, in megabytes.
    pub page_cache_mb: u64,
    /// Statistics counted (views, searches, the live page's figures).
    pub statistics: bool,
    /// Listing views counted by the beacon script rather than the server.
    pub views_counted_in_browser: bool,
    /// The door in front of the handlers (admission control).
    pub admission: bool,
    /// The average handler latency the door's limit aims for.
    pub latency_target_ms: u64,
    /// The bounds of the door's concurrency limit.
    pub concurrency_min: usize,
    pub concurrency_max: usize,
    /// The longest wait for a place at the door.
    pub queue_wait_ms: u64,
    /// Requests per second one client may keep sending (0: no limit).
    pub client_rate: u32,
    /// The mode to hold, or `auto`.
    pub mode: ModeChoice,
    /// Log output: `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// Which log lines to keep, as a tracing filter (`info`, `echoppe=debug,sqlx=warn`...).
    pub log: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PayLater {
    /// At checkout while the payment service has room; by mail otherwise.
    Auto,
    /// Always by a mailed link (the operator's switch, from start-up).
    Always,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ModeChoice {
    /// Chosen from the load, with hysteresis.
    Auto,
    Normal,
    Busy,
    Surge,
}

impl ModeChoice {
    pub fn pinned(self) -> Option<echoppe_web::Mode> {
        match self {
            Self::Auto => None,
            Self::Normal => Some(echoppe_web::Mode::Normal),
            Self::Busy => Some(echoppe_web::Mode::Busy),
            Self::Surge => Some(echoppe_web::Mode::Surge),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data: PathBuf::from("echoppe-data"),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: String::new(),
            database_replica_url: Vec::new(),
            redis_url: String::new(),
            media_url: String::new(),
            s3_endpoint: String::new(),
            s3_region: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
            replica_max_lag: 5,
            // Reads on SQLite are CPU-bound on the connection's own thread: a few
            // per core keep both busy without thrashing.
            db_read_connections: 8,
            db_acquire_timeout: 5,
            db_sqlite_mmap_mb: 0,
            media_dir: String::new(),
            search_dir: String::new(),
            media_cache_mb: 128,
            drain_delay: 0,
            shutdown_grace: 30,
            warm_listings: 0,
            header_timeout: 10,
            body_timeout: 60,
            stats_flush_seconds: 5,
            max_connections: 20_000,
            https: false,
            forwarded_for: false,
            pay_within_minutes: 30,
            upload_max_mb: 10,
            upload_max_megapixels: 40,
            pay_later: PayLater::Auto,
            link_within_minutes: 15,
            payment_latency_ms: 300,
            payment_failure_rate: 0.02,
            payment_capacity: 32,
            public_url: String::new(),
            mail_from: "echoppe <commandes@echoppe.invalid>".to_owned(),
            operator_name: String::new(),
            operator_address: String::new(),
            operator_phone: String::new(),
            operator_registration: String::new(),
            publication_director: String::new(),
            hosting_provider: String::new(),
            contact_email: String::new(),
            metrics_token: String::new(),
            smtp_url: String::new(),
            mailbox_dir: String::new(),
            page_cache: true,
            page_cache_mb: 256,
            statistics: true,
            views_counted_in_browser: false,
            admission: true,
            latency_target_ms: 50,
            concurrency_min: 8,
            concurrency_max: 1000,
            queue_wait_ms: 150,
            client_rate: 30,
            mode: ModeChoice::Auto,
            log_format: LogFormat::Text,
            log: "info".to_owned(),
        }
    }
}

impl Settings {
    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data.join("echoppe.db").display())
        } else {
            self.database_url.clone()
        }
    }

    pub fn media_dir(&self) -> PathBuf {
        if self.media_dir.is_empty() { self.data.join("media") } else { PathBuf::from(&self.media_dir) }
    }

    pub fn search_dir(&self) -> PathBuf {
        if self.search_dir.is_empty() { self.data.join("search") } else { PathBuf::from(&self.search_dir) }
    }

    pub fn database(&self) -> echoppe_storage::DatabaseSettings {
        echoppe_storage::DatabaseSettings {
            url: self.database_url(),
            read_connections: self.db_read_connections,
            acquire_timeout: Duration::from_secs(self.db_acquire_timeout),
            sqlite_mmap_bytes: self.db_sqlite_mmap_mb.saturating_mul(1024 * 1024),
            replicas: self.database_replica_url.clone(),
            replica_max_lag: Duration::from_secs(self.replica_max_lag.max(1)),
        }
    }

    pub fn web(&self) -> echoppe_web::WebSettings {
        echoppe_web::WebSettings {
            https: self.https,
            forwarded_for: self.forwarded_for,
            pay_within: Duration::from_secs(self.pay_within_minutes.saturating_mul(60)),
            uploads: echoppe_media::UploadLimits {
                max_bytes: usize::try_from(self.upload_max_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX),
                max_pixels: self.upload_max_megapixels.saturating_mul(1_000_000),
            },
            link_within: Duration::from_secs(self.link_within_minutes.saturating_mul(60)),
            public_url: if self.public_url.is_empty() {
                format!("http://{}", self.bind)
            } else {
                self.public_url.trim_end_matches('/').to_owned()
            },
            operator_name: given(&self.operator_name),
            operator_address: given(&self.operator_address),
            operator_phone: given(&self.operator_phone),
            operator_registration: given(&self.operator_registration),
            publication_director: given(&self.publication_director),
            hosting_provider: given(&self.hosting_provider),
            contact_email: given(&self.contact_email).unwrap_or_else(|| address_of(&self.mail_from).to_owned()),
            metrics_token: given(&self.metrics_token),
            payments: echoppe_web::PaymentSettings {
                simulated: echoppe_web::SimulatedPayments {
                    latency: Duration::from_millis(self.payment_latency_ms),
                    failure_rate: self.payment_failure_rate.clamp(0.0, 1.0),
                    capacity: self.payment_capacity.max(1),
                },
                always_later: self.pay_later == PayLater::Always,
                ..echoppe_web::PaymentSettings::default()
            },
            mail: echoppe_web::MailSettings {
                from: self.mail_from.clone(),
                smtp_url: Some(self.smtp_url.clone()).filter(|url| !url.is_empty()),
                mailbox: if self.mailbox_dir.is_empty() {
                    self.data.join("mailbox")
                } else {
                    PathBuf::from(&self.mailbox_dir)
                },
            },
            statistics: self.statistics,
            views_counted_in_browser: self.views_counted_in_browser,
            page_cache: echoppe_web::PageCacheSettings {
                enabled: self.page_cache,
                capacity_bytes: self.page_cache_mb.saturating_mul(1024 * 1024),
                ..echoppe_web::PageCacheSettings::default()
            },
            admission: echoppe_web::AdmissionSettings {
                enabled: self.admission,
                limit: echoppe_web::LimitSettings {
                    target: Duration::from_millis(self.latency_target_ms.max(1)),
                    min: self.concurrency_min.max(1),
                    max: self.concurrency_max.max(self.concurrency_min).max(1),
                    ..echoppe_web::LimitSettings::default()
                },
                queue_wait: Duration::from_millis(self.queue_wait_ms),
                client_rate: self.client_rate,
            },
            pinned_mode: self.mode.pinned(),
            ..echoppe_web::WebSettings::default()
        }
    }

    /// The S3 settings of `media_url`.
    pub fn s3(&self) -> echoppe_media::S3Settings {
        echoppe_media::S3Settings {
            endpoint: given(&self.s3_endpoint),
            region: given(&self.s3_region),
            credentials: given(&self.s3_access_key_id).zip(given(&self.s3_secret_access_key)),
        }
    }

    pub fn photos(&self) -> echoppe_media::PhotoStoreSettings {
        echoppe_media::PhotoStoreSettings { dir: self.media_dir(), cache_bytes: self.media_cache_mb * 1024 * 1024 }
    }
}

/// A text setting the operator gave, trimmed; `None` when left empty.
fn given(text: &str) -> Option<String> {
    Some(text.trim()).filter(|text| !text.is_empty()).map(str::to_owned)
}

/// The address of a mailbox as mail headers write it: `commandes@x.fr` in
/// `echoppe <commandes@x.fr>`, or the whole text when it has no brackets.
fn address_of(mailbox: &str) -> &str {
    match mailbox.rsplit_once('<') {
        Some((_, rest)) => rest.split('>').next().unwrap_or(rest).trim(),
        None => mailbox.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operator_is_only_what_was_given() {
        let web = Settings::default().web();
        assert_eq!(web.operator_name, None, "no publisher is invented: the pages say it is a demonstration");
        assert_eq!(web.hosting_provider, None);
        assert_eq!(web.contact_email, "commandes@echoppe.invalid", "the contact is mail_from's address by default");
        let set = Settings {
            operator_name: "  Atelier Durand SARL ".to_owned(),
            operator_phone: "   ".to_owned(),
            mail_from: "Atelier <ventes@atelier-durand.fr>".to_owned(),
            ..Settings::default()
        };
        let web = set.web();
        assert_eq!(web.operator_name.as_deref(), Some("Atelier Durand SARL"));
        assert_eq!(web.operator_phone, None, "blank is not given");
        assert_eq!(web.contact_email, "ventes@atelier-durand.fr");
        let contact = Settings { contact_email: "aide@atelier-durand.fr".to_owned(), ..set };
        assert_eq!(contact.web().contact_email, "aide@atelier-durand.fr");
        assert_eq!(address_of("plain@example.fr"), "plain@example.fr");
    }
}
