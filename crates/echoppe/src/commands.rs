//! One function per subcommand.

use crate::application::{Application, Stores, prepare_data_dir, shutdown_signal};
use crate::cli::{DemoArgs, GrantAdminArgs, SeedArgs, ServeArgs, StoreArgs};
use crate::settings::Settings;
use crate::telemetry;
use anyhow::Context;
use echoppe_seed::{SeedPlan, SeedReport};
use echoppe_storage::Database;
use indicatif::{ProgressBar, ProgressStyle};

/// `echoppe serve`.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = args.settings().context("reading the settings")?;
    telemetry::init(&settings);
    // Asked before the stores open: the running server must hand its
    // socket over now, or this one stops here.
    let successor = if args.take_over { crate::hand_over::take_over(&settings.data)? } else { None };
    if let Some(successor) = &successor {
        tracing::info!(pid = %successor.previous_pid, "listening socket taken from the running server; preparing");
    }
    let stores = Stores::open(&settings).await?;
    let app = Application::replacing(&settings, stores, successor).await?;
    tracing::info!("echoppe is serving on http://{}", app.local_addr());
    app.run(shutdown_signal()).await.context("serving")
}

/// `echoppe demo`: seed an empty data directory with a small catalogue, then serve.
pub async fn demo(args: DemoArgs) -> anyhow::Result<()> {
    let settings = args.serve.settings().context("reading the settings")?;
    telemetry::init(&settings);
    let stores = Stores::open(&settings).await?;
    if stores.db.catalogue_is_empty().await? {
        tracing::info!(shops = args.shops, listings = args.listings, "creating the demo catalogue");
        let plan = SeedPlan::new(args.shops, args.listings, SeedPlan::DEMO_SEED);
        let report = echoppe_seed::seed(&stores.db, &stores.photos, &plan, &progress_bar()).await?;
        log_report(&report);
        crate::demo_accounts::create(&stores.db).await?;
    } else {
        tracing::info!(data = %settings.data.display(), "the data directory already holds a catalogue; serving it");
    }
    let accounts = if crate::demo_accounts::exist(&stores.db).await? {
        Some(crate::demo_accounts::sellers_shop(&stores.db).await)
    } else {
        None
    };
    let app = Application::with_stores(&settings, stores).await?;
    let address = format!("http://{}", app.local_addr());
    tracing::info!("echoppe is serving on {address}");
    if let Some(shop) = accounts {
        crate::demo_accounts::print(&address, shop.as_deref());
    }
    app.run(shutdown_signal()).await.context("serving")
}

/// `echoppe seed`.
pub async fn seed(args: SeedArgs) -> anyhow::Result<()> {
    let settings = args.store.settings().context("reading the settings")?;
    telemetry::init(&settings);
    let stores = Stores::open(&settings).await?;
    let mut plan = SeedPlan::new(args.shops, args.listings, args.seed);
    plan.photos_per_listing = args.photos_per_listing;
    if let Some(pool) = args.photo_pool {
        plan.photo_pool = pool;
    }
    let report = echoppe_seed::seed(&stores.db, &stores.photos, &plan, &progress_bar()).await;
    stores.db.close().await;
    log_report(&report?);
    Ok(())
}

/// `echoppe migrate`.
pub async fn migrate(args: StoreArgs) -> anyhow::Result<()> {
    let settings: Settings = args.settings().context("reading the settings")?;
    telemetry::init(&settings);
    prepare_data_dir(&settings.data)?;
    let db = Database::open(&settings.database()).await?;
    db.migrate().await?;
    db.close().await;
    tracing::info!(database = db.location(), "the schema is up to date");
    Ok(())
}

/// `echoppe copy`.
pub async fn copy(args: crate::cli::CopyArgs) -> anyhow::Result<()> {
    let mut settings = StoreArgs::default().settings().context("reading the settings")?;
    settings.log = args.log;
    telemetry::init(&settings);
    let open = |url: &str| {
        let mut database = settings.database();
        database.url = url.to_owned();
        async move { Database::open(&database).await }
    };
    let from = open(&args.from).await.context("opening the database to copy from")?;
    let to = open(&args.to).await.context("opening the database to copy into")?;
    let bar = progress_bar();
    let total: u64 = from.row_counts().await?.iter().map(|(_, rows)| rows).sum();
    bar.set_length(total);
    let report = from
        .copy_into(&to, &|table, done| {
            bar.set_message(table.to_owned());
            bar.set_position(done);
        })
        .await;
    bar.finish_and_clear();
    from.close().await;
    to.close().await;
    let report = report.with_context(|| format!("copying {} into {}", from.location(), to.location()))?;
    for table in &report {
        tracing::info!(
            table = table.table,
            rows = table.rows,
            checksum = format!("{:016x}", table.checksum),
            "copied, same on both sides"
        );
    }
    let rows: u64 = report.iter().map(|t| t.rows).sum();
    tracing::info!(
        from = from.location(),
        to = to.location(),
        tables = report.len(),
        rows,
        "the marketplace was copied; photos stay in the photo store"
    );
    Ok(())
}

/// `echoppe reindex`.
pub async fn reindex(args: StoreArgs) -> anyhow::Result<()> {
    let settings = args.settings().context("reading the settings")?;
    telemetry::init(&settings);
    let stores = Stores::open(&settings).await?;
    let taxonomy = stores.db.taxonomy().await?;
    let bar = progress_bar();
    bar.set_message("indexing");
    let report = echoppe_search::build(&settings.search_dir(), &stores.db, &taxonomy, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await;
    bar.finish_and_clear();
    stores.db.close().await;
    let report = report?;
    tracing::info!(
        documents = report.documents,
        elapsed = format!("{:.1}s", report.elapsed.as_secs_f64()),
        megabytes = report.bytes / (1024 * 1024),
        index = %report.directory.display(),
        "search index rebuilt; a running server switches to it within a second"
    );
    Ok(())
}

/// `echoppe grant-admin EMAIL`.
pub async fn grant_admin(args: GrantAdminArgs) -> anyhow::Result<()> {
    let settings = args.store.settings().context("reading the settings")?;
    telemetry::init(&settings);
    let email = echoppe_domain::Email::parse(&args.email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let stores = Stores::open(&settings).await?;
    let found = stores.db.credentials(&email).await?;
    let outcome = match found {
        Some((account, _)) => {
            stores.db.set_role(account.id, echoppe_domain::Role::Admin).await?;
            tracing::info!(account = %email, "is now an administrator");
            Ok(())
        }
        None => Err(anyhow::anyhow!("no account has the address {email}: sign up first, then run this again")),
    };
    stores.db.close().await;
    outcome
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    // indicatif draws only on a terminal, so logs and CI output stay clean.
    if let Ok(style) = ProgressStyle::with_template("{msg:>16} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn log_report(report: &SeedReport) {
    tracing::info!(
        shops = report.shops,
        listings = report.listings,
        photos = report.photos,
        favourites = report.favourites,
        painting = format!("{:.1}s", report.painting.as_secs_f64()),
        writing = format!("{:.1}s", report.writing.as_secs_f64()),
        total = format!("{:.1}s", report.elapsed.as_secs_f64()),
        "catalogue seeded"
    );
}

/// `echoppe warm --target URL`.
pub async fn warm(args: crate::warm::WarmArgs) -> anyhow::Result<()> {
    telemetry::init(&Settings::default());
    crate::warm::warm(args).await
}

/// `echoppe surge --target URL`.
pub async fn surge(args: echoppe_rehearsal::SurgeArgs) -> anyhow::Result<()> {
    telemetry::init(&Settings::default());
    echoppe_rehearsal::run(args).await.map(drop)
}
