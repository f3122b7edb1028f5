//! The command line: one binary, one subcommand per job.

use crate::settings::{LogFormat, Settings};
use clap::{Args, Parser, Subcommand};
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "echoppe",
    version,
    about = "A marketplace for independent creators that survives the night of the broadcast."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a demo catalogue if the data directory is empty, then serve it
    /// (http://127.0.0.1:8080 by default).
    Demo(DemoArgs),
    /// Serve the marketplace.
    Serve(ServeArgs),
    /// Fill an empty database with a generated, deterministic catalogue.
    Seed(SeedArgs),
    /// Bring the database schema up to date, then exit.
    Migrate(StoreArgs),
    /// Copy a whole marketplace into another, empty database (any engine to
    /// any: the way from the embedded SQLite to PostgreSQL or MySQL), ids
    /// kept, then compare every table's rows. Photos are not in the
    /// database and stay where they are.
    Copy(CopyArgs),
    /// Rebuild the search index from the database, with a progress bar; a
    /// running server keeps searching the old index until the new one is
    /// complete, then switches to it.
    Reindex(StoreArgs),
    /// Make an existing account an administrator (who can suspend shops and
    /// see everyone's account).
    GrantAdmin(GrantAdminArgs),
    /// Fill a running server's caches before a broadcast: home, categories,
    /// the most popular listings and their photos, a search per category.
    Warm(crate::warm::WarmArgs),
    /// Show or pin a running node's mode (normal, busy, surge), as an
    /// administrator: `echoppe mode set surge --target URL --token TOKEN`.
    Mode(crate::mode::ModeArgs),
    /// Rehearse the broadcast against a running echoppe (a copy: it places
    /// real orders): visitors arrive as on the night, 2,000 → 36,000
    /// sessions by default; live progress, then report.json and
    /// report.html. Fails if an acknowledged order is missing or a
    /// threshold is crossed.
    Surge(echoppe_rehearsal::SurgeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CopyArgs {
    /// The marketplace's database now, e.g. sqlite:///var/lib/echoppe/echoppe.db
    #[arg(long, value_name = "URL")]
    pub from: String,

    /// An empty database to copy it into, e.g. postgres://echoppe:…@db/echoppe
    #[arg(long, value_name = "URL")]
    pub to: String,

    /// Log filter (tracing's EnvFilter syntax)
    #[arg(long, default_value = "info", value_name = "FILTER")]
    pub log: String,
}

#[derive(Debug, Clone, Args)]
pub struct GrantAdminArgs {
    #[command(flatten)]
    pub store: StoreArgs,

    /// E-mail address of the account (it must have signed up already)
    pub email: String,
}

/// Where the data lives. Every option is also an `ECHOPPE_*` variable and a key of
/// the config file (same name, underscores).
#[derive(Debug, Clone, Default, Args, Serialize)]
pub struct StoreArgs {
    /// TOML file with settings (keys as the long options, with underscores).
    #[arg(long, env = "ECHOPPE_CONFIG", value_name = "FILE")]
    #[serde(skip)]
    pub config: Option<PathBuf>,

    /// Data directory: database and photos [default: ./echoppe-data]
    #[arg(long, env = "ECHOPPE_DATA", value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,

    /// Database URL [default: sqlite://<data>/echoppe.db]
    #[arg(long, env = "ECHOPPE_DATABASE_URL", value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,

    /// A PostgreSQL read replica (streaming standby) of the database, for
    /// the reads that may be a little stale; repeat for several
    #[arg(long, env = "ECHOPPE_DATABASE_REPLICA_URL", value_delimiter = ',', value_name = "URL")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub database_replica_url: Vec<String>,

    /// Where photos are kept when not in the data directory: `s3://bucket/prefix`,
    /// a bucket every node of a cluster shares. Credentials and region come
    /// from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION
    #[arg(long, env = "ECHOPPE_MEDIA_URL", value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,

    /// The S3-compatible server of --media-url when it is not AWS
    /// (`http://127.0.0.1:9000`, `https://s3.fr-par.scw.cloud`)
    #[arg(long, env = "ECHOPPE_S3_ENDPOINT", value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_endpoint: Option<String>,

    /// The region of --media-url's bucket [default: AWS_REGION, or us-east-1]
    #[arg(long, env = "ECHOPPE_S3_REGION", value_name = "REGION")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_region: Option<String>,

    /// The access key id for --media-url [default: AWS_ACCESS_KEY_ID]
    #[arg(long, env = "ECHOPPE_S3_ACCESS_KEY_ID", value_name = "ID")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_access_key_id: Option<String>,

    /// Its secret (from the environment or the settings file rather than the
    /// command line, which other users of the machine can read)
    /// [default: AWS_SECRET_ACCESS_KEY]
    #[arg(long, env = "ECHOPPE_S3_SECRET_ACCESS_KEY", value_name = "SECRET", hide_env_values = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_secret_access_key: Option<String>,

    /// Redis shared by every node of a cluster (`redis://[:password@]host:port[/db]`):
    /// sessions, sign-in limits and the operators' switches go through it.
    /// Without it they are this node's own, which is right for one machine
    #[arg(long, env = "ECHOPPE_REDIS_URL", value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redis_url: Option<String>,

    /// Seconds a replica may lag and still be read (and a visitor who has
    /// just written reads from the primary) [default: 5]
    #[arg(long, env = "ECHOPPE_REPLICA_MAX_LAG", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_max_lag: Option<u64>,

    /// Connections of the database read pool [default: 8]
    #[arg(long, env = "ECHOPPE_DB_READ_CONNECTIONS", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_read_connections: Option<u32>,

    /// Seconds a request waits for a database connection [default: 5]
    #[arg(long, env = "ECHOPPE_DB_ACQUIRE_TIMEOUT", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_acquire_timeout: Option<u64>,

    /// MiB of the SQLite file each reader maps into memory; 0 reads with
    /// `pread` [default: 0]
    #[arg(long, env = "ECHOPPE_DB_SQLITE_MMAP_MB", value_name = "MIB")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_sqlite_mmap_mb: Option<u64>,

    /// Photo store directory [default: <data>/media]
    #[arg(long, env = "ECHOPPE_MEDIA_DIR", value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_dir: Option<String>,

    /// Search index directory [default: <data>/search]
    #[arg(long, env = "ECHOPPE_SEARCH_DIR", value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_dir: Option<String>,

    /// Memory for recently served photo variants, in MB [default: 128]
    #[arg(long, env = "ECHOPPE_MEDIA_CACHE_MB", value_name = "MB")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_cache_mb: Option<u64>,

    /// Log format [default: text]
    #[arg(long, env = "ECHOPPE_LOG_FORMAT", value_name = "FORMAT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,

    /// Log filter, e.g. `info` or `echoppe=debug,sqlx=warn` [default: info]
    #[arg(long, env = "ECHOPPE_LOG", value_name = "FILTER")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
}

/// How to serve.
#[derive(Debug, Clone, Default, Args, Serialize)]
pub struct ServeArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub store: StoreArgs,

    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "ECHOPPE_BIND", value_name = "ADDR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<SocketAddr>,

    /// Seconds /readyz says "draining" before the listener closes on shutdown [default: 0]
    #[arg(long, env = "ECHOPPE_DRAIN_DELAY", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain_delay: Option<u64>,

    /// Seconds in-flight requests get to finish on shutdown [default: 30]
    #[arg(long, env = "ECHOPPE_SHUTDOWN_GRACE", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shutdown_grace: Option<u64>,

    /// Most popular listings whose pages and photos are served once, on a
    /// private loopback port, before /readyz says ready; 0 is ready at once
    /// [default: 0]
    #[arg(long, env = "ECHOPPE_WARM_LISTINGS", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warm_listings: Option<usize>,

    /// Replace the server running on the same data directory without a
    /// failed request: take its listening socket, warm, become ready, then
    /// let it drain and exit. With none running, start as usual
    #[arg(long)]
    #[serde(skip)]
    pub take_over: bool,

    /// The site is served over HTTPS (by a proxy in front): session cookies get
    /// the Secure flag [default: false]
    #[arg(long, env = "ECHOPPE_HTTPS", value_name = "BOOL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub https: Option<bool>,

    /// A proxy in front adds the client's address to X-Forwarded-For; sign-in
    /// limits count by it. Only behind such a proxy [default: false]
    #[arg(long, env = "ECHOPPE_FORWARDED_FOR", value_name = "BOOL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_for: Option<bool>,

    /// Minutes an order awaiting payment holds its items [default: 30]
    #[arg(long, env = "ECHOPPE_PAY_WITHIN_MINUTES", value_name = "MINUTES")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_within_minutes: Option<u64>,

    /// Largest photo a seller may upload, in MB [default: 10]
    #[arg(long, env = "ECHOPPE_UPLOAD_MAX_MB", value_name = "MB")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_max_mb: Option<u64>,

    /// Largest photo a seller may upload, in megapixels [default: 40]
    #[arg(long, env = "ECHOPPE_UPLOAD_MAX_MEGAPIXELS", value_name = "MP")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_max_megapixels: Option<u64>,

    /// When checkout takes payment: `auto` (at checkout while the payment
    /// service has room, by a mailed link otherwise) or `always` later: every
    /// order is recorded with its items held, and paid through its link
    /// (mailed within --link-within-minutes) or from its page [default: auto]
    #[arg(long, env = "ECHOPPE_PAY_LATER", value_name = "WHEN")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_later: Option<crate::settings::PayLater>,

    /// Minutes within which buyers told to pay later get their payment link [default: 15]
    #[arg(long, env = "ECHOPPE_LINK_WITHIN_MINUTES", value_name = "MINUTES")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_within_minutes: Option<u64>,

    /// Simulated payment service: milliseconds per charge [default: 300]
    #[arg(long, env = "ECHOPPE_PAYMENT_LATENCY_MS", value_name = "MS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_latency_ms: Option<u64>,

    /// Simulated payment service: share of charges declined, 0 to 1 [default: 0.02]
    #[arg(long, env = "ECHOPPE_PAYMENT_FAILURE_RATE", value_name = "RATE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_failure_rate: Option<f64>,

    /// Simulated payment service: charges taken at once [default: 32]
    #[arg(long, env = "ECHOPPE_PAYMENT_CAPACITY", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_capacity: Option<usize>,

    /// The site's address as buyers reach it, for links in mail [default: http://<bind>]
    #[arg(long, env = "ECHOPPE_PUBLIC_URL", value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,

    /// Sender of the mail echoppe sends [default: echoppe <commandes@echoppe.invalid>]
    #[arg(long, env = "ECHOPPE_MAIL_FROM", value_name = "ADDRESS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_from: Option<String>,

    /// Who publishes the site, named by the legal notice (a person, or a
    /// company's name and legal form) [default: none: the pages say the site
    /// is a demonstration of echoppe, with no real sales]
    #[arg(long, env = "ECHOPPE_OPERATOR_NAME", value_name = "NAME")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator_name: Option<String>,

    /// The publisher's postal address (a company's registered office)
    /// [default: none: the legal notice says it is not given]
    #[arg(long, env = "ECHOPPE_OPERATOR_ADDRESS", value_name = "ADDRESS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator_address: Option<String>,

    /// The publisher's telephone number [default: none: the legal notice
    /// says it is not given]
    #[arg(long, env = "ECHOPPE_OPERATOR_PHONE", value_name = "NUMBER")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator_phone: Option<String>,

    /// The publisher's registration as it should read, e.g. "RCS Nantes 123
    /// 456 789, capital 1 000 €, TVA FR00123456789" [default: none: the legal
    /// notice says it is not given]
    #[arg(long, env = "ECHOPPE_OPERATOR_REGISTRATION", value_name = "TEXT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator_registration: Option<String>,

    /// The director of publication [default: none: the legal notice says it
    /// is not given]
    #[arg(long, env = "ECHOPPE_PUBLICATION_DIRECTOR", value_name = "NAME")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication_director: Option<String>,

    /// Who hosts the site: name, address, telephone [default: none: the
    /// legal notice says it is not given]
    #[arg(long, env = "ECHOPPE_HOSTING_PROVIDER", value_name = "TEXT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosting_provider: Option<String>,

    /// Where people write to the operator, shown on the help and legal pages
    /// [default: the address of --mail-from]
    #[arg(long, env = "ECHOPPE_CONTACT_EMAIL", value_name = "ADDRESS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,

    /// The token Prometheus sends to read /metrics (Authorization: Bearer
    /// TOKEN) [default: none: /metrics answers only to clients on this
    /// machine connecting directly]
    #[arg(long, env = "ECHOPPE_METRICS_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_token: Option<String>,

    /// SMTP server for mail (smtps://user:pass@host, smtp://host:587?tls=required);
    /// without it, mail is written to the mailbox directory
    #[arg(long, env = "ECHOPPE_SMTP_URL", value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_url: Option<String>,

    /// Seconds a client has to send a request's headers [default: 10]
    #[arg(long, env = "ECHOPPE_HEADER_TIMEOUT", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_timeout: Option<u64>,

    /// Seconds a client has to send a request's whole body [default: 60]
    #[arg(long, env = "ECHOPPE_BODY_TIMEOUT", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_timeout: Option<u64>,

    /// Seconds between two writes of the statistics (at most this much is
    /// lost in a crash); three times longer when busy, six times in surge
    /// [default: 5]
    #[arg(long, env = "ECHOPPE_STATS_FLUSH_SECONDS", value_name = "SECONDS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats_flush_seconds: Option<u64>,

    /// Connections open at once; beyond, new ones are closed [default: 20000]
    #[arg(long, env = "ECHOPPE_MAX_CONNECTIONS", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_connections: Option<usize>,

    /// Keep storefront pages rendered for anonymous visitors (`false` to
    /// measure what it is worth) [default: true]
    #[arg(long, env = "ECHOPPE_PAGE_CACHE", value_name = "BOOL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_cache: Option<bool>,

    /// Count what buyers do for the sellers' and operators' figures
    /// (`false` to measure what it costs) [default: true]
    #[arg(long, env = "ECHOPPE_STATISTICS", value_name = "BOOL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics: Option<bool>,

    /// Count listing views with the beacon script in buyers' browsers
    /// instead of on the server: for a CDN in front that keeps pages, whose
    /// hits the server never sees [default: false]
    #[arg(long, env = "ECHOPPE_VIEWS_COUNTED_IN_BROWSER", value_name = "BOOL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub views_counted_in_browser: Option<bool>,

    /// Memory for cached pages, in MB [default: 256]
    #[arg(long, env = "ECHOPPE_PAGE_CACHE_MB", value_name = "MB")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_cache_mb: Option<u64>,

    /// Hold requests at the door when the handlers are busy, by priority
    /// (`false` to measure what it is worth) [default: true]
    #[arg(long, env = "ECHOPPE_ADMISSION", value_name = "BOOL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admission: Option<bool>,

    /// Average handler latency the door's concurrency limit aims for, in ms [default: 50]
    #[arg(long, env = "ECHOPPE_LATENCY_TARGET_MS", value_name = "MS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_target_ms: Option<u64>,

    /// Fewest requests the door lets into the handlers at once, however
    /// slow they get [default: 8]
    #[arg(long, env = "ECHOPPE_CONCURRENCY_MIN", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency_min: Option<usize>,

    /// Most requests the door lets into the handlers at once, however
    /// quick they are [default: 1000]
    #[arg(long, env = "ECHOPPE_CONCURRENCY_MAX", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency_max: Option<usize>,

    /// Longest wait for a place at the door, in ms [default: 150]
    #[arg(long, env = "ECHOPPE_QUEUE_WAIT_MS", value_name = "MS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_wait_ms: Option<u64>,

    /// Requests per second one client (address) may keep sending, 0 for no
    /// limit; loopback clients are exempt [default: 30]
    #[arg(long, env = "ECHOPPE_CLIENT_RATE", value_name = "N")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_rate: Option<u32>,

    /// Hold this mode from start-up instead of choosing it from the load
    /// [default: auto]
    #[arg(long, env = "ECHOPPE_MODE", value_name = "MODE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<crate::settings::ModeChoice>,

    /// Directory mail is written to without SMTP [default: <data>/mailbox]
    #[arg(long, env = "ECHOPPE_MAILBOX_DIR", value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mailbox_dir: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub serve: ServeArgs,

    /// Shops in the demo catalogue
    #[arg(long, default_value_t = 60)]
    pub shops: u32,

    /// Listings in the demo catalogue
    #[arg(long, default_value_t = 3_000)]
    pub listings: u32,
}

#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub store: StoreArgs,

    /// Shops to create
    #[arg(long, default_value_t = 60)]
    pub shops: u32,

    /// Listings to create, spread over the shops
    #[arg(long, default_value_t = 3_000)]
    pub listings: u32,

    /// Most photos a listing gets: 1 to N shots of the same product
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=4))]
    pub photos_per_listing: u32,

    /// Distinct products painted (each in up to --photos-per-listing shots), shared
    /// between listings as content-addressed storage would; every kind of
    /// product the catalogue names gets at least one, so a small pool is
    /// exceeded [default: listings / 40, 24 to 240]
    #[arg(long, value_name = "N")]
    pub photo_pool: Option<u32>,

    /// Random seed: the same seed always gives the same catalogue
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

impl StoreArgs {
    /// The settings these arguments select: defaults, then the config file,
    /// then variables and flags (which clap has already merged, flags first).
    pub fn settings(&self) -> Result<Settings, Box<figment::Error>> {
        resolve(self.config.as_deref(), self)
    }
}

impl ServeArgs {
    pub fn settings(&self) -> Result<Settings, Box<figment::Error>> {
        resolve(self.store.config.as_deref(), self)
    }
}

fn resolve(file: Option<&std::path::Path>, overrides: &impl Serialize) -> Result<Settings, Box<figment::Error>> {
    let mut figment = Figment::from(Serialized::defaults(Settings::default()));
    if let Some(file) = file {
        // `file_exact` so a missing file is an error, not silently ignored.
        figment = figment.merge(Toml::file_exact(file));
    }
    figment.merge(Serialized::defaults(overrides)).extract().map_err(Box::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_states_the_real_defaults() {
        let defaults = Settings::default();
        let mut serve = Cli::command();
        let help = serve.find_subcommand_mut("serve").unwrap().render_long_help().to_string();
        for expected in [
            format!("[default: {}]", defaults.bind),
            format!("[default: {}]", defaults.db_read_connections),
            format!("[default: {}]", defaults.db_sqlite_mmap_mb),
            format!("[default: {}]", defaults.media_cache_mb),
            format!("[default: {}]", defaults.shutdown_grace),
            format!("[default: ./{}]", defaults.data.display()),
            format!("[default: {}]", defaults.log),
            format!("[default: {}]", defaults.upload_max_mb),
            format!("[default: {}]", defaults.upload_max_megapixels),
        ] {
            assert!(help.contains(&expected), "serve --help should say {expected}");
        }
        for variable in
            ["ECHOPPE_BIND", "ECHOPPE_DATA", "ECHOPPE_DATABASE_URL", "ECHOPPE_SHUTDOWN_GRACE", "ECHOPPE_CONFIG"]
        {
            assert!(help.contains(variable), "serve --help should name {variable}");
        }
    }

    #[test]
    fn later_sources_override_earlier_ones() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("echoppe.toml");
        std::fs::write(&file, "bind = \"127.0.0.1:9000\"\nmedia_cache_mb = 64\nshutdown_grace = 5\n").unwrap();
        let args = ServeArgs {
            store: StoreArgs { config: Some(file), media_cache_mb: Some(32), ..StoreArgs::default() },
            ..ServeArgs::default()
        };
        let settings = args.settings().unwrap();
        assert_eq!(settings.bind.port(), 9000, "from the file");
        assert_eq!(settings.shutdown_grace, 5, "from the file");
        assert_eq!(settings.media_cache_mb, 32, "the flag beats the file");
        assert_eq!(settings.db_read_connections, Settings::default().db_read_connections, "default");
    }

    #[test]
    fn bad_config_files_are_reported_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("echoppe.toml");
        std::fs::write(&file, "bnid = \"127.0.0.1:9000\"\n").unwrap();
        let err = StoreArgs { config: Some(file.clone()), ..StoreArgs::default() }.settings().unwrap_err().to_string();
        assert!(err.contains("bnid"), "{err}");
        std::fs::write(&file, "shutdown_grace = \"soon\"\n").unwrap();
        let err = StoreArgs { config: Some(file), ..StoreArgs::default() }.settings().unwrap_err().to_string();
        assert!(err.contains("shutdown_grace"), "{err}");
        let missing = StoreArgs { config: Some(dir.path().join("nope.toml")), ..StoreArgs::default() };
        assert!(missing.settings().is_err());
    }
}
