//! Building and running the server.
//!
//! [`Application::build`] does everything that can fail at start-up — check the
//! data directory, open and migrate the database, open the photo store, bind
//! the listener — before serving a single request, so a misconfiguration is
//! reported at once and by name. It binds first-thing-last to the configured
//! address, which may be port 0: tests start the real application on a free port.

use crate::hand_over::{ControlPoint, Successor};
use crate::settings::Settings;
use echoppe_media::PhotoStore;
use echoppe_search::SearchIndex;
use echoppe_storage::Database;
use echoppe_web::{AppState, Readiness, SharedStore};
use std::future::Future;
use std::net::SocketAddr;
use std::os::fd::{AsFd as _, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;

/// How often expired sessions and idle sign-in counters are cleared.
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(600);
/// How often the mail task looks for mail orders owe, when no checkout nudged it.
const MAIL_EVERY: Duration = Duration::from_secs(5);

/// Why echoppe could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the data directory {path} cannot be used: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] echoppe_storage::Error),
    #[error(transparent)]
    Photos(#[from] echoppe_media::MediaError),
    #[error(transparent)]
    Search(#[from] echoppe_search::SearchError),
    #[error("mail cannot be sent: {0}")]
    Mail(String),
    #[error("the shared store cannot be used: {0}")]
    SharedStore(String),
    #[error(transparent)]
    HandOver(#[from] crate::hand_over::HandOverError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// Creates the data directory if needed and proves it writable, so that a
/// read-only mount fails here with its path rather than later inside SQLite.
pub fn prepare_data_dir(path: &Path) -> Result<(), StartError> {
    let fail = |source| StartError::DataDir { path: path.to_path_buf(), source };
    std::fs::create_dir_all(path).map_err(fail)?;
    let probe = path.join(format!(".echoppe-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    Ok(())
}

/// The database and the photo store, opened and ready.
#[derive(Debug, Clone)]
pub struct Stores {
    pub db: Database,
    pub photos: PhotoStore,
}

/// How often the search index reads the change feed: well inside the
/// one-second freshness promised for search (in normal mode; busy and surge
/// look less often) — and the page cache, in every mode.
const SEARCH_FOLLOW_EVERY: Duration = Duration::from_millis(200);

impl Stores {
    /// Opens both stores and brings the schema up to date.
    pub async fn open(settings: &Settings) -> Result<Self, StartError> {
        prepare_data_dir(&settings.data)?;
        // The photo store first: a bucket that cannot be used stops the
        // start before the database is touched.
        let photos = if settings.media_url.is_empty() {
            PhotoStore::local(&settings.photos())?
        } else {
            PhotoStore::s3(&settings.media_url, &settings.s3(), settings.photos().cache_bytes).await?
        };
        let db = Database::open(&settings.database()).await?;
        db.migrate().await?;
        Ok(Self { db, photos })
    }
}

/// A bound, ready-to-run server.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    app: echoppe_web::App,
    state: AppState,
    readiness: Readiness,
    db: Database,
    drain_delay: Duration,
    grace: Duration,
    limits: crate::front_door::ConnectionLimits,
    warm_listings: usize,
    data: PathBuf,
    control: Control,
}

/// How a later `--take-over` will find this server.
#[derive(Debug)]
enum Control {
    /// Its own control socket, listening since the start.
    Own(ControlPoint),
    /// The socket came from a running server, told to leave once this one
    /// is ready; this one's control socket replaces that one's then.
    Replacing(Successor),
}

/// Why the server stops.
enum Leaving {
    /// SIGTERM or Ctrl-C: behind a balancer, which must see `/readyz` fail first.
    Signal,
    /// A newer server on this machine took the listening socket over and
    /// is ready: no balancer to wait for.
    TakenOver,
}

impl Application {
    pub async fn build(settings: &Settings) -> Result<Self, StartError> {
        let stores = Stores::open(settings).await?;
        Self::with_stores(settings, stores).await
    }

    /// Builds on stores already opened (`demo` seeds them first).
    pub async fn with_stores(settings: &Settings, stores: Stores) -> Result<Self, StartError> {
        Self::replacing(settings, stores, None).await
    }

    /// Builds on stores already opened, serving on the listening socket a
    /// running server handed over when there is one (`--take-over`).
    pub async fn replacing(
        settings: &Settings,
        stores: Stores,
        successor: Option<Successor>,
    ) -> Result<Self, StartError> {
        echoppe_web::install_metrics_recorder();
        let readiness = if settings.warm_listings > 0 { Readiness::warming() } else { Readiness::new() };
        let taxonomy = Arc::new(stores.db.taxonomy().await?);
        let search = SearchIndex::open_serving(&settings.search_dir(), &stores.db, taxonomy.clone()).await?;
        let (listener, control) = match successor {
            Some(successor) => {
                let bind_error = |source| StartError::Bind { address: settings.bind, source };
                let inherited = successor.listener.try_clone().map_err(bind_error)?;
                inherited.set_nonblocking(true).map_err(bind_error)?;
                let listener = TcpListener::from_std(inherited).map_err(bind_error)?;
                crate::hand_over::check_address(listener.local_addr().map_err(bind_error)?, settings.bind)?;
                (listener, Control::Replacing(successor))
            }
            None => {
                crate::hand_over::check_alone(&settings.data)?;
                let listener = TcpListener::bind(settings.bind)
                    .await
                    .map_err(|source| StartError::Bind { address: settings.bind, source })?;
                let control = ControlPoint::open(&settings.data, listening_socket(&listener)?)?;
                (listener, Control::Own(control))
            }
        };
        let mut web = settings.web();
        if settings.public_url.is_empty() {
            // Links in mail name the address actually bound (its real port).
            if let Ok(address) = listener.local_addr() {
                web.public_url = format!("http://{address}");
            }
        }
        // Before the router: a node that cannot reach what the others share
        // never starts, so it never reports ready.
        let shared = if settings.redis_url.is_empty() {
            None
        } else {
            let store = SharedStore::connect(&settings.redis_url).await.map_err(StartError::SharedStore)?;
            tracing::info!(redis = store.location(), "sessions, sign-in limits and switches shared through Redis");
            Some(store)
        };
        let state = AppState::new(stores.db.clone(), stores.photos, taxonomy, search, readiness.clone(), web, shared)
            .map_err(StartError::Mail)?;
        let office = state.back_office();
        tokio::spawn(office.clone().follow_switches());
        tokio::spawn(office.clone().housekeeping(HOUSEKEEPING_EVERY));
        tokio::spawn(office.clone().send_order_mail(MAIL_EVERY));
        tokio::spawn(office.clone().follow_catalogue_in_search(SEARCH_FOLLOW_EVERY));
        tokio::spawn(office.clone().forget_changed_pages(SEARCH_FOLLOW_EVERY));
        tokio::spawn(office.clone().expire_unpaid_orders(Duration::from_secs(30)));
        tokio::spawn(office.clone().keep_statistics(Duration::from_secs(settings.stats_flush_seconds.max(1))));
        tokio::spawn(state.clone().watch_load());
        tokio::spawn(state.clone().forget_idle_sign_ins(HOUSEKEEPING_EVERY));
        Ok(Self {
            listener,
            app: echoppe_web::app(state.clone()),
            state,
            readiness,
            db: stores.db,
            drain_delay: Duration::from_secs(settings.drain_delay),
            grace: Duration::from_secs(settings.shutdown_grace),
            limits: crate::front_door::ConnectionLimits {
                header_timeout: Duration::from_secs(settings.header_timeout.max(1)),
                body_timeout: Duration::from_secs(settings.body_timeout.max(1)),
                max_head_bytes: 64 * 1024,
                max_connections: settings.max_connections,
            },
            warm_listings: settings.warm_listings,
            data: settings.data.clone(),
            control,
        })
    }

    /// The address actually bound (the real port when the settings said 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Serves until `shutdown` completes or a newer server takes over, then
    /// drains. Warms first when asked to, and reports ready only then.
    /// Stopping on `shutdown`: `/readyz` turns 503 for the drain delay (a
    /// balancer stops sending), the listener closes, and in-flight requests
    /// get the grace period to finish. Taken over: no delay, the newer
    /// server already accepts from the same socket. Returns once the server
    /// has stopped and the database is closed cleanly.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let Self { listener, app, state, readiness, db, drain_delay, grace, limits, warm_listings, data, control } =
            self;
        let socket = listening_socket(&listener).map_err(std::io::Error::other)?;
        let closing = Arc::new(AtomicBool::new(false));
        let (taken_over, handed) = tokio::sync::oneshot::channel::<()>();
        // Once the listener closes, the control point lets go of its handle
        // on the socket too, so that the port stops taking connections.
        let (left, leaving) = tokio::sync::watch::channel(false);
        let stop = {
            let (readiness, closing) = (readiness.clone(), closing.clone());
            async move {
                let leaving = tokio::select! {
                    () = shutdown => Leaving::Signal,
                    Ok(()) = handed => Leaving::TakenOver,
                };
                readiness.drain();
                closing.store(true, Ordering::Relaxed);
                match leaving {
                    Leaving::Signal => {
                        tracing::info!(drain_delay = drain_delay.as_secs(), "shutting down: draining");
                        tokio::time::sleep(drain_delay).await;
                    }
                    Leaving::TakenOver => tracing::info!("taken over by a newer server: draining"),
                }
                let _ = left.send(true);
                tracing::info!(grace = grace.as_secs(), "listener closed; finishing in-flight requests");
            }
        };
        let serving = crate::front_door::serve(listener, app.clone(), limits, closing, stop, grace);
        tokio::pin!(serving);
        let preparing = async {
            if warm_listings > 0
                && let Err(error) = crate::warm::privately(app, limits, warm_listings).await
            {
                tracing::warn!(error = format!("{error:#}"), "warming at start failed; ready all the same");
            }
            readiness.serve();
            match control {
                Control::Own(point) => Ok(point),
                Control::Replacing(successor) => successor.ready(&data, socket),
            }
        };
        // The control socket's file lives as long as the server.
        let mut _control_file = None;
        tokio::select! {
            () = &mut serving => {}
            point = preparing => {
                match point {
                    Ok(point) => {
                        let (asked, file) = point.serve(leaving);
                        _control_file = Some(file);
                        tokio::spawn(async move {
                            if asked.await.is_ok() {
                                let _ = taken_over.send(());
                            }
                        });
                    }
                    Err(error) => tracing::error!(%error, "this server cannot be taken over later"),
                }
                tracing::info!("ready");
                serving.await;
            }
        }
        state.back_office().flush_statistics().await;
        db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// A second handle on the listening socket, for a successor to be given.
fn listening_socket(listener: &TcpListener) -> Result<OwnedFd, crate::hand_over::HandOverError> {
    listener.as_fd().try_clone_to_owned().map_err(|source| crate::hand_over::HandOverError::Socket {
        path: PathBuf::from("(the listening socket)"),
        source,
    })
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM (what service managers and
/// Kubernetes send).
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
