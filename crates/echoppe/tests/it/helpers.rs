//! Starting the real application for a test.
//!
//! A small catalogue is seeded once per test binary into a template directory;
//! each test copies it into its own temporary data directory (a few MB), so
//! tests are isolated and start in milliseconds.

use echoppe::cli::StoreArgs;
use echoppe::{Application, Settings, Stores};
use echoppe_seed::SeedPlan;
use echoppe_storage::{Backend, Database};
use reqwest::StatusCode;
use sqlx::{AnyPool, Connection as _, Executor as _, SqlStr};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The catalogue every test sees: small, but with every category, several
/// pages in the big ones, drafts, sold-out and withdrawn listings.
pub(crate) fn test_plan() -> SeedPlan {
    let mut plan = SeedPlan::new(8, 400, 7);
    plan.photo_pool = 12;
    plan.photo_width = 480;
    plan
}

pub(crate) fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        // Under Cargo's scratch directory for tests rather than /tmp, so nothing
        // outlives `cargo clean`; copies left by earlier runs are cleared first.
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let dir = scratch.join(format!("test-catalogue-{}", std::process::id()));
        if let Ok(entries) = std::fs::read_dir(scratch) {
            for entry in entries.flatten() {
                let stale = entry.file_name().to_string_lossy().starts_with("test-catalogue-")
                    && entry.metadata().and_then(|m| m.modified()).is_ok_and(|modified| {
                        modified.elapsed().unwrap_or_default() > std::time::Duration::from_secs(3600)
                    });
                if stale {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        // Tests each run their own runtime; seeding gets one of its own on a
        // separate thread so it never nests inside a test's.
        drop_stale_databases(engine());
        std::thread::spawn(move || {
            let _ = std::fs::remove_dir_all(&dir);
            let runtime = tokio::runtime::Runtime::new().expect("runtime");
            runtime.block_on(async {
                let settings = settings_for(&dir);
                let stores = Stores::open(&settings).await.expect("open template stores");
                echoppe_seed::seed(&stores.db, &stores.photos, &test_plan(), &indicatif::ProgressBar::hidden())
                    .await
                    .expect("seed the template");
                // Built once here and copied with the rest, rather than by
                // every test's server at start-up.
                let taxonomy = stores.db.taxonomy().await.expect("taxonomy");
                echoppe_search::build(&settings.search_dir(), &stores.db, &taxonomy, &|_, _| {})
                    .await
                    .expect("build the template's search index");
                stores.db.close().await;
            });
            dir
        })
        .join()
        .expect("seeding thread")
    })
}

pub(crate) fn settings_for(data: &Path) -> Settings {
    let mut settings =
        StoreArgs { data: Some(data.to_path_buf()), ..StoreArgs::default() }.settings().expect("settings");
    settings.bind = "127.0.0.1:0".parse().expect("address");
    settings.shutdown_grace = 5;
    // Payments that always go through at once, unless a test says otherwise.
    settings.payment_latency_ms = 0;
    settings.payment_failure_rate = 0.0;
    // Tests read pages right after changing them; the page cache has tests
    // of its own (`shield.rs`) that turn it on.
    settings.page_cache = false;
    settings
}

/// The engine this run of the suite uses: SQLite, unless
/// `ECHOPPE_TEST_ENGINE` names `postgres` or `mysql` (engines.rs runs the
/// suite again that way), whose server `ECHOPPE_TEST_POSTGRES_URL` or
/// `ECHOPPE_TEST_MYSQL_URL` points at.
pub(crate) fn engine() -> Backend {
    match std::env::var("ECHOPPE_TEST_ENGINE").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("mysql") => Backend::MySql,
        _ => Backend::Sqlite,
    }
}

/// The server of a test engine, from its variable.
pub(crate) fn server_url(engine: Backend) -> Option<String> {
    let variable = match engine {
        Backend::Postgres => "ECHOPPE_TEST_POSTGRES_URL",
        Backend::MySql => "ECHOPPE_TEST_MYSQL_URL",
        Backend::Sqlite => return None,
    };
    std::env::var(variable).ok().filter(|url| !url.is_empty())
}

/// `url` with its database name replaced by `name`.
pub(crate) fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a server URL ends with /database");
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// A new database on the test engine's server holding a copy of the
/// template's catalogue (ids kept, so the copied search index and photos
/// match it), made with `echoppe copy`'s own code. Databases of earlier
/// runs are dropped when the suite starts.
async fn server_database(engine: Backend, template_db: &Path) -> String {
    let url = empty_database(engine).await;
    let from = open_database(format!("sqlite://{}?mode=ro", template_db.display())).await;
    let to = open_database(url.clone()).await;
    from.copy_into(&to, &|_, _| {}).await.expect("copy the test catalogue");
    from.close().await;
    to.close().await;
    url
}

/// A storage handle on `url`, for tests that copy or compare databases.
pub(crate) async fn open_database(url: String) -> Database {
    let settings = echoppe_storage::DatabaseSettings {
        url,
        read_connections: 2,
        acquire_timeout: std::time::Duration::from_secs(10),
        ..Default::default()
    };
    Database::open(&settings).await.expect("open a database")
}

/// A new, empty database on the test engine's server, for this process.
pub(crate) async fn empty_database(engine: Backend) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let server = server_url(engine).unwrap_or_else(|| panic!("ECHOPPE_TEST_ENGINE={engine:?} needs the server's URL"));
    let name = format!("echoppe_it_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&server).await.expect("connect to the test database server");
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.expect("create the test database");
    admin.close().await.ok();
    with_database(&server, &name)
}

/// Drops the test databases of runs that are over (their process is gone).
fn drop_stale_databases(engine: Backend) {
    let Some(server) = server_url(engine) else { return };
    let list = match engine {
        Backend::Postgres => "SELECT datname FROM pg_database WHERE datname LIKE 'echoppe_it_%'",
        _ => "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'echoppe_it_%'",
    };
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async {
            sqlx::any::install_default_drivers();
            let Ok(mut admin) = sqlx::AnyConnection::connect(&server).await else { return };
            let names: Vec<(String,)> = sqlx::query_as(list).fetch_all(&mut admin).await.unwrap_or_default();
            for (name,) in names {
                let pid = name.split('_').nth(2).unwrap_or_default();
                if !Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}"))).await;
                }
            }
        });
    })
    .join()
    .expect("dropping old test databases");
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A running echoppe on a free port, over its own copy of the test catalogue.
pub(crate) struct TestApp {
    pub(crate) address: String,
    pub(crate) client: reqwest::Client,
    pub(crate) dir: TempDir,
    settings: Settings,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

/// The tests' HTTP client: redirects are for the test to follow, and a
/// request gets an answer within two minutes (a debug build resizing a
/// large photo takes seconds) or fails, so that a server that stopped
/// answering fails its test instead of hanging the whole run.
pub(crate) fn client() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(std::time::Duration::from_secs(120))
}

impl TestApp {
    pub(crate) async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app after `adjust` has changed its settings.
    pub(crate) async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(template(), dir.path());
        let mut settings = settings_for(dir.path());
        // ECHOPPE_TEST_LOG=warn shows the servers' logs (with --nocapture).
        if let Ok(filter) = std::env::var("ECHOPPE_TEST_LOG") {
            settings.log = filter;
            echoppe::telemetry::init(&settings);
        }
        let engine = engine();
        if engine != Backend::Sqlite {
            settings.database_url = server_database(engine, &dir.path().join("echoppe.db")).await;
        }
        adjust(&mut settings);
        let (address, shutdown, server) = Self::start(&settings).await;
        let client = client().build().expect("client");
        Self { address, client, dir, settings, shutdown: Some(shutdown), server: Some(server) }
    }

    async fn start(settings: &Settings) -> (String, oneshot::Sender<()>, JoinHandle<std::io::Result<()>>) {
        let app = Application::build(settings).await.expect("build the application");
        let address = format!("http://{}", app.local_addr());
        let (shutdown, stop) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run(async {
            let _ = stop.await;
        }));
        (address, shutdown, server)
    }

    /// Another node of this one's cluster: the same database and shared
    /// store, a data folder of its own (search index, photos), a port of
    /// its own.
    pub(crate) async fn another_node(&self) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(template(), dir.path());
        let mut settings = self.settings.clone();
        settings.data = dir.path().to_path_buf();
        let (address, shutdown, server) = Self::start(&settings).await;
        let client = client().build().expect("client");
        Self { address, client, dir, settings, shutdown: Some(shutdown), server: Some(server) }
    }

    /// Stops the server gracefully and starts it again over the same data
    /// (on a new port).
    pub(crate) async fn restart(&mut self) {
        self.begin_shutdown();
        self.stopped().await.expect("a clean stop");
        let (address, shutdown, server) = Self::start(&self.settings).await;
        self.address = address;
        self.shutdown = Some(shutdown);
        self.server = Some(server);
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub(crate) async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// GETs a page, asserting the status, and returns its body.
    pub(crate) async fn page(&self, path: &str, status: StatusCode) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        response.text().await.expect("body")
    }

    /// GETs JSON, asserting the status.
    pub(crate) async fn json(&self, path: &str, status: StatusCode) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        response.json().await.expect("json body")
    }

    /// This app's database URL (the SQLite file, or the test engine's database).
    pub(crate) fn database_url(&self) -> String {
        self.settings.database_url()
    }

    /// A direct connection to this app's database, to find what to ask
    /// for or to change what a test needs changed; statements through
    /// [`TestApp::sql`].
    pub(crate) async fn db(&self) -> AnyPool {
        sqlx::any::install_default_drivers();
        AnyPool::connect(&self.database_url()).await.expect("open the test database")
    }

    /// A statement written with `?` markers, in this app's engine's words.
    pub(crate) fn sql(&self, statement: &'static str) -> SqlStr {
        engine().sql(statement)
    }

    /// [`TestApp::sql`] for a statement whose `SUM(column)`s (no nested
    /// parentheses) are to be read back as integers on every engine.
    pub(crate) fn sql_summing(&self, statement: &str) -> SqlStr {
        let mut out = String::new();
        let mut rest = statement;
        while let Some(at) = rest.find("SUM(") {
            out.push_str(&rest[..at]);
            let inner = &rest[at + 4..];
            let end = inner.find(')').expect("SUM( … )");
            out.push_str(&engine().sum(&inner[..end]));
            rest = &inner[end + 1..];
        }
        out.push_str(rest);
        engine().assembled_sql(out)
    }

    /// The first listing the storefront shows (active, in an open shop).
    pub(crate) async fn first_listing(&self) -> i64 {
        let (id,): (i64,) = sqlx::query_as(
            self.sql("SELECT id FROM listings WHERE state = 'active' AND shop_listed = 1 ORDER BY id LIMIT 1"),
        )
        .fetch_one(&self.db().await)
        .await
        .expect("a listing to show");
        id
    }

    /// Makes the account with this address an administrator, as
    /// `echoppe grant-admin` does.
    pub(crate) async fn make_admin(&self, email: &str) {
        let db = self.db().await;
        sqlx::query(self.sql("UPDATE users SET role = 'admin' WHERE email = ?"))
            .bind(email.to_owned())
            .execute(&db)
            .await
            .expect("grant");
        db.close().await;
    }

    /// Starts the graceful shutdown.
    pub(crate) fn begin_shutdown(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }

    /// Waits until the server has stopped.
    pub(crate) async fn stopped(&mut self) -> std::io::Result<()> {
        match self.server.take() {
            Some(server) => server.await.expect("server task"),
            None => Ok(()),
        }
    }
}

/// The texts in `html` between `open` and the next `close`, in order: enough to
/// pick titles out of a page without an HTML parser.
pub(crate) fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open).skip(1).filter_map(|part| part.split(close).next()).collect()
}

/// HTML-escapes text the way the templates do, to look for it in a page.
pub(crate) fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

/// A TCP proxy to `upstream` that can be cut: closed, it drops every
/// connection it carries and every new one.
pub(crate) async fn cuttable_proxy(upstream: String) -> (String, tokio::sync::watch::Sender<bool>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (open, watching) = tokio::sync::watch::channel(true);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            if !*watching.borrow() {
                continue;
            }
            let (upstream, mut cut) = (upstream.clone(), watching.clone());
            tokio::spawn(async move {
                let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await else { return };
                tokio::select! {
                    _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                    _ = cut.wait_for(|open| !*open) => {}
                }
            });
        }
    });
    (address, open)
}

/// The Redis the cluster tests use (`ECHOPPE_TEST_REDIS_URL`, which
/// `deploy/test-databases.sh` sets), with its database number `db` (each
/// test its own, so one test's switches do not reach another's nodes).
/// Unset: `None`, after saying why the test skips — unless CI requires it.
pub(crate) fn redis_url(db: u8, test: &str) -> Option<String> {
    let Some(url) = std::env::var("ECHOPPE_TEST_REDIS_URL").ok().filter(|url| !url.is_empty()) else {
        assert!(
            std::env::var_os("ECHOPPE_REQUIRE_ENGINES").is_none(),
            "ECHOPPE_REQUIRE_ENGINES is set but ECHOPPE_TEST_REDIS_URL is not"
        );
        eprintln!("skipping {test}: ECHOPPE_TEST_REDIS_URL is not set (deploy/test-databases.sh sets it)");
        return None;
    };
    Some(format!("{}/{db}", url.trim_end_matches('/')))
}

/// `host:port` of a server URL.
pub(crate) fn host_and_port(url: &str) -> String {
    let authority = url.split_once("://").unwrap().1.split('/').next().unwrap();
    authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_owned()
}
