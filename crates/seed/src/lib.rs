//! `echoppe seed`: a deterministic, French-flavoured demo catalogue.
//!
//! The same plan and seed always give the same catalogue, byte for byte, photo
//! keys included: shops, listings and favourites come from seeded ChaCha
//! streams, and photos are painted procedurally from those seeds (a pool of a
//! few hundred products in several shots each, shared between listings as
//! content-addressed storage would). A listing's photos show what its title
//! names: the product noun picks the motif (`motif.rs`).

mod generator;
mod motif;
mod painter;
mod pool;
mod vocabulary;

use echoppe_domain::{Taxonomy, Timestamp};
use echoppe_media::PhotoStore;
use echoppe_storage::Database;
use indicatif::ProgressBar;
use std::time::{Duration, Instant};

pub use generator::Generator;
pub use pool::{MAX_SHOTS, PhotoPool};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedPlan {
    pub shops: u32,
    pub listings: u32,
    /// Each listing gets between 1 and this many photos, all of one product
    /// (at most [`MAX_SHOTS`]).
    pub photos_per_listing: u32,
    /// Distinct products painted, each in `photos_per_listing` shots, shared
    /// between listings in proportion to what they sell. Every kind of product
    /// the listings sell gets at least one, even past this number, and none
    /// gets more products than it has listings.
    pub photo_pool: u32,
    /// Width of the painted originals; heights vary with the aspect ratio.
    pub photo_width: u32,
    pub seed: u64,
    /// The catalogue's "today": dates are spread over the years before it. Fixed
    /// rather than the clock's, so a seed gives the same catalogue any day.
    pub as_of: Timestamp,
}

impl SeedPlan {
    /// The seed `echoppe demo` uses.
    pub const DEMO_SEED: u64 = 2026;

    /// 2026-11-01T00:00:00Z.
    pub const DEFAULT_AS_OF: Timestamp = Timestamp::from_unix(1_793_491_200);

    /// A plan with the usual photo settings for this many shops and listings.
    pub fn new(shops: u32, listings: u32, seed: u64) -> Self {
        Self {
            shops,
            listings,
            photos_per_listing: 4,
            photo_pool: Self::default_pool(listings),
            photo_width: 1280,
            seed,
            as_of: Self::DEFAULT_AS_OF,
        }
    }

    /// A couple of hundred products (about a thousand photos) for a big
    /// catalogue, fewer for a small one so the demo starts in seconds (the pool
    /// still paints one product of each kind the listings sell).
    pub fn default_pool(listings: u32) -> u32 {
        (listings / 40).clamp(24, 240)
    }
}

/// What a seed run wrote.
#[derive(Debug, Clone)]
pub struct SeedReport {
    pub shops: u32,
    pub listings: u32,
    pub photos: u32,
    pub favourites: u64,
    /// Time spent painting and storing the photo pool.
    pub painting: Duration,
    /// Time spent generating and writing shops, listings and favourites.
    pub writing: Duration,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the database already holds a catalogue; seed only fills an empty one (use a new --data directory)")]
    NotEmpty,
    #[error("the plan asks for {0}")]
    Plan(&'static str),
    #[error(transparent)]
    Database(#[from] echoppe_storage::Error),
    #[error(transparent)]
    Photos(#[from] echoppe_media::MediaError),
    #[error("a seeding task failed: {0}")]
    Task(String),
}

/// Fills an empty database and photo store according to `plan`, showing
/// progress on `progress` (hidden when not on a terminal).
pub async fn seed(
    db: &Database,
    photos: &PhotoStore,
    plan: &SeedPlan,
    progress: &ProgressBar,
) -> Result<SeedReport, SeedError> {
    if plan.shops == 0 {
        return Err(SeedError::Plan("no shop at all: ask for at least one with --shops"));
    }
    if plan.photo_pool == 0 {
        return Err(SeedError::Plan("an empty photo pool: ask for at least one photo"));
    }
    if !db.catalogue_is_empty().await? {
        return Err(SeedError::NotEmpty);
    }
    let started = Instant::now();
    let taxonomy = db.taxonomy().await?;

    // What the listings will sell decides what is painted, and how much of each.
    let demand = {
        let (plan, taxonomy) = (plan.clone(), taxonomy.clone());
        tokio::task::spawn_blocking(move || Generator::demand(&plan, &taxonomy))
            .await
            .map_err(|e| SeedError::Task(e.to_string()))?
    };
    let products = pool::share_out(plan.photo_pool, &demand);
    let shots = plan.photos_per_listing.clamp(1, MAX_SHOTS);
    let painted = products.iter().sum::<u32>() * shots;
    progress.set_length(u64::from(painted));
    progress.set_position(0);
    progress.set_message("painting photos");
    let pool = PhotoPool::paint(plan, &products, photos, progress).await?;
    let painting = started.elapsed();

    progress.set_length(u64::from(plan.listings));
    progress.set_position(0);
    progress.set_message("writing listings");
    let favourites = write_catalogue(db, plan, taxonomy, pool, progress).await?;
    let writing = started.elapsed() - painting;

    progress.set_message("analysing");
    db.optimize().await?;
    progress.finish_with_message("done");
    Ok(SeedReport {
        shops: plan.shops,
        listings: plan.listings,
        photos: painted,
        favourites,
        painting,
        writing,
        elapsed: started.elapsed(),
    })
}

/// Generates batches on a blocking thread while the database writes the
/// previous one: on two cores, text generation and SQLite overlap.
async fn write_catalogue(
    db: &Database,
    plan: &SeedPlan,
    taxonomy: Taxonomy,
    pool: PhotoPool,
    progress: &ProgressBar,
) -> Result<u64, SeedError> {
    let (batches, mut incoming) = tokio::sync::mpsc::channel(2);
    let plan = plan.clone();
    let producer = tokio::task::spawn_blocking(move || {
        let mut generator = Generator::new(&plan, &taxonomy, &pool);
        if batches.blocking_send(generator.people_and_shops()).is_err() {
            return;
        }
        while let Some(batch) = generator.next_listings(BATCH) {
            if batches.blocking_send(batch).is_err() {
                return;
            }
        }
    });
    let mut favourites = 0;
    while let Some(batch) = incoming.recv().await {
        let listings = batch.listings.len() as u64;
        favourites += batch.favourites.len() as u64;
        db.import(batch).await?;
        progress.inc(listings);
    }
    producer.await.map_err(|e| SeedError::Task(e.to_string()))?;
    Ok(favourites)
}

/// Listings per transaction: large enough that commits are rare, small enough
/// that progress moves and memory stays flat.
const BATCH: usize = 2_000;
