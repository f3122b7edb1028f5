//! The index on disk, how it is built, and how it follows the database.
//!
//! Layout: `<dir>/index-<millis>/` holds one tantivy index; `<dir>/CURRENT`
//! names the one in use. A rebuild writes a new directory and then replaces
//! `CURRENT` (write and rename: atomic), so the old index serves until the
//! new one is complete. Each index records, in its commit payload, the
//! change-feed position it has applied; after a switch the follower resumes
//! from the new index's position.

use crate::SearchError;
use crate::analysis;
use crate::document::DocumentBuilder;
use crate::facets::ColumnCache;
use crate::schema::Fields;
use echoppe_domain::{ListingId, Taxonomy, Timestamp};
use echoppe_storage::{Database, FeedPosition};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

const CURRENT: &str = "CURRENT";
/// Documents read from the database per batch when building.
const BUILD_BATCH: u32 = 5_000;
/// Changes applied per commit when following.
const FOLLOW_BATCH: u32 = 2_000;
/// The follower's writer: small, single-threaded — it indexes a handful of
/// listings at a time.
const FOLLOW_WRITER_BYTES: usize = 32 * 1024 * 1024;
/// The builder's writer: a thread per core, a bigger buffer, fewer segments.
const BUILD_WRITER_BYTES_PER_THREAD: usize = 128 * 1024 * 1024;

/// The index in use, cheap to clone; searches go through it.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    dir: PathBuf,
    taxonomy: Arc<Taxonomy>,
    current: RwLock<Current>,
    columns: ColumnCache,
}

#[derive(Clone)]
struct Current {
    name: String,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for Current {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Current").field("name", &self.name).finish_non_exhaustive()
    }
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub documents: u64,
    pub elapsed: Duration,
    pub bytes: u64,
    pub directory: PathBuf,
}

impl SearchIndex {
    /// Opens the index `CURRENT` names under `dir`, building one first (and
    /// waiting for it) if there is none: for tools and tests.
    pub async fn open_or_build(dir: &Path, db: &Database, taxonomy: Arc<Taxonomy>) -> Result<Self, SearchError> {
        if current_name(dir)?.is_none() {
            tracing::info!(dir = %dir.display(), "no search index yet: building one");
            let report = build(dir, db, &taxonomy, &|_, _| {}).await?;
            tracing::info!(documents = report.documents, elapsed = ?report.elapsed, "search index built");
        }
        let name = current_name(dir)?.ok_or_else(|| SearchError::Missing(dir.display().to_string()))?;
        let current = open_current(dir, &name)?;
        remove_others(dir, &name);
        Ok(Self {
            shared: Arc::new(Shared {
                dir: dir.to_path_buf(),
                taxonomy,
                current: RwLock::new(current),
                columns: ColumnCache::default(),
            }),
        })
    }

    /// Opens the index `CURRENT` names under `dir` at once, for a server. If
    /// there is none yet (a first start, or an upgrade from before search),
    /// an empty one serves right away while the complete one is built in the
    /// background; the follower switches to it when it is ready. Pages do not
    /// wait for search.
    pub async fn open_serving(dir: &Path, db: &Database, taxonomy: Arc<Taxonomy>) -> Result<Self, SearchError> {
        if current_name(dir)?.is_none() {
            let empty = create_empty(dir, db.feed_position().await?)?;
            set_current(dir, &empty)?;
            let (dir, db, taxonomy) = (dir.to_path_buf(), db.clone(), taxonomy.clone());
            tokio::spawn(async move {
                tracing::info!(dir = %dir.display(), "no search index yet: building one; search answers when it is done");
                match build(&dir, &db, &taxonomy, &|_, _| {}).await {
                    Ok(report) => {
                        tracing::info!(documents = report.documents, elapsed = ?report.elapsed, "search index built");
                    }
                    Err(error) => tracing::error!(%error, "building the search index failed; run echoppe reindex"),
                }
            });
        }
        Self::open_or_build(dir, db, taxonomy).await
    }

    /// A point-in-time view of the index, and its fields.
    pub(crate) fn searcher(&self) -> (Searcher, Fields) {
        let current = self.current();
        (current.reader.searcher(), current.fields)
    }

    pub(crate) fn taxonomy(&self) -> &Taxonomy {
        &self.shared.taxonomy
    }

    pub(crate) fn columns(&self) -> &ColumnCache {
        &self.shared.columns
    }

    fn current(&self) -> Current {
        // A poisoned lock means a panic while swapping indexes; the value
        // inside is still a whole index.
        self.shared.current.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn replace(&self, next: Current) {
        *self.shared.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = next;
    }

    /// Follows the database's change feed for the life of the server: every
    /// `every()` (asked again each time: the server looks less often when
    /// busy), the listings changed since the last look are read again and
    /// their documents replaced or removed, then the index is committed and
    /// searches see the result. Also picks up an index rebuilt by
    /// `echoppe reindex` and switches to it.
    pub async fn follow(self, db: Database, every: impl Fn() -> Duration + Send) {
        let mut follower = None;
        let mut waiting = false;
        loop {
            tokio::time::sleep(every()).await;
            if db.is_closed() {
                return;
            }
            match self.catch_up(&db, follower.take()).await {
                Ok(next) => follower = Some(next),
                // The server this one is taking over from still writes the
                // index: searches read its commits meanwhile, and the writer
                // is free once it has left.
                Err(SearchError::Index(tantivy::TantivyError::LockFailure(..))) => {
                    if !waiting {
                        tracing::info!(
                            "another server on this data directory writes the search index; following once it leaves"
                        );
                    }
                    waiting = true;
                    continue;
                }
                Err(error) => tracing::warn!(%error, "updating the search index failed; will retry"),
            }
            waiting = false;
        }
    }

    /// Applies every pending change; returns the follower to use next time.
    pub async fn catch_up(&self, db: &Database, follower: Option<Follower>) -> Result<Follower, SearchError> {
        let dir = &self.shared.dir;
        let named = current_name(dir)?.ok_or_else(|| SearchError::Missing(dir.display().to_string()))?;
        let mut follower = match follower {
            Some(follower) if follower.name == named => follower,
            _ => {
                let current = self.current();
                if current.name != named {
                    tracing::info!(index = %named, "switching to the rebuilt search index");
                    self.replace(open_current(dir, &named)?);
                }
                // Dropping the old follower released its writer's lock first.
                let follower = Follower::new(&self.current())?;
                remove_others(dir, &named);
                follower
            }
        };
        let start = db.feed_start().await?;
        if start.0 > follower.position.0 + 1 {
            // Changes this index never saw were pruned from the feed.
            tracing::warn!(position = follower.position.0, oldest = start.0, "search index fell behind the feed");
            drop(follower);
            build(dir, db, &self.shared.taxonomy, &|_, _| {}).await?;
            return Box::pin(self.catch_up(db, None)).await;
        }
        loop {
            let (ids, reached) = db.changes_after(follower.position, FOLLOW_BATCH).await?;
            if ids.is_empty() {
                return Ok(follower);
            }
            let started = Instant::now();
            let documents = db.search_documents_for(&ids).await?;
            let taxonomy = self.shared.taxonomy.clone();
            let count = ids.len();
            follower = tokio::task::spawn_blocking(move || follower.apply(&ids, &documents, reached, &taxonomy))
                .await
                .map_err(|e| SearchError::Task(e.to_string()))??;
            tracing::debug!(listings = count, elapsed = ?started.elapsed(), "search index updated");
            metrics::counter!("echoppe_search_updates_total").increment(count as u64);
            if count < FOLLOW_BATCH as usize {
                return Ok(follower);
            }
        }
    }
}

/// The writer side of the index in use, and how far into the feed it is.
pub struct Follower {
    name: String,
    writer: IndexWriter,
    reader: IndexReader,
    fields: Fields,
    position: FeedPosition,
}

impl std::fmt::Debug for Follower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Follower").field("name", &self.name).field("position", &self.position).finish_non_exhaustive()
    }
}

impl Follower {
    fn new(current: &Current) -> Result<Self, SearchError> {
        let writer = current.index.writer_with_num_threads(1, FOLLOW_WRITER_BYTES)?;
        let position = applied_position(&current.index)?;
        Ok(Self {
            name: current.name.clone(),
            writer,
            reader: current.reader.clone(),
            fields: current.fields,
            position,
        })
    }

    /// Replaces the documents of `ids` by `documents` (those still
    /// searchable), commits with the new feed position, and makes the change
    /// visible. CPU and disk work: runs on a blocking thread.
    fn apply(
        mut self,
        ids: &[ListingId],
        documents: &[echoppe_storage::SearchDocument],
        reached: FeedPosition,
        taxonomy: &Taxonomy,
    ) -> Result<Self, SearchError> {
        for id in ids {
            self.writer.delete_term(Term::from_field_u64(self.fields.id, u64::try_from(id.get()).unwrap_or(0)));
        }
        let mut builder = DocumentBuilder::new(self.fields, taxonomy);
        for document in documents {
            self.writer.add_document(builder.build(document))?;
        }
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&payload(reached));
        commit.commit()?;
        self.reader.reload()?;
        self.position = reached;
        Ok(self)
    }
}

/// Builds a complete index from the database into a new directory under
/// `dir`, then makes it current. `progress(done, total)` is called as
/// documents are added. The index in use (if any) keeps serving meanwhile.
pub async fn build(
    dir: &Path,
    db: &Database,
    taxonomy: &Taxonomy,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<BuildReport, SearchError> {
    let started = Instant::now();
    // The position is read before the documents: changes made while reading
    // are then applied again by the follower, which is harmless.
    let position = db.feed_position().await?;
    let total = db.count_searchable().await?;
    let (name, path, index) = new_index(dir)?;
    let fields = Fields::of(&index.schema())?;
    let threads = std::thread::available_parallelism().map_or(2, usize::from).clamp(1, 4);
    let writer: Arc<IndexWriter> =
        Arc::new(index.writer_with_num_threads(threads, threads * BUILD_WRITER_BYTES_PER_THREAD)?);

    let mut after = 0;
    let mut done = 0_u64;
    let mut pending: Option<tokio::task::JoinHandle<Result<(), SearchError>>> = None;
    loop {
        let batch = db.search_documents(after, BUILD_BATCH).await?;
        // The previous batch is being added while this one was read.
        if let Some(adding) = pending.take() {
            adding.await.map_err(|e| SearchError::Task(e.to_string()))??;
        }
        let Some(last) = batch.last() else { break };
        after = last.id.get();
        done += batch.len() as u64;
        let writer = writer.clone();
        let taxonomy = taxonomy.clone();
        pending = Some(tokio::task::spawn_blocking(move || {
            let mut builder = DocumentBuilder::new(fields, &taxonomy);
            for document in &batch {
                writer.add_document(builder.build(document))?;
            }
            Ok(())
        }));
        progress(done.min(total), total);
    }
    let mut writer =
        Arc::try_unwrap(writer).map_err(|_| SearchError::Task("the index writer is still shared".into()))?;
    let merged_index = index.clone();
    let committed = tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload(position));
        commit.commit()?;
        // One segment: every search then walks one posting list per term
        // and harvests facets once, instead of once per segment.
        let segments = merged_index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        Ok(())
    });
    committed.await.map_err(|e| SearchError::Task(e.to_string()))??;
    set_current(dir, &name)?;
    Ok(BuildReport { documents: done, elapsed: started.elapsed(), bytes: size_of_dir(&path), directory: path })
}

/// An index with no documents, already at feed position `position`.
fn create_empty(dir: &Path, position: FeedPosition) -> Result<String, SearchError> {
    let (name, _, index) = new_index(dir)?;
    let mut writer: IndexWriter = index.writer_with_num_threads(1, FOLLOW_WRITER_BYTES)?;
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&payload(position));
    commit.commit()?;
    Ok(name)
}

/// A new, empty index in its own directory under `dir`, named after the time
/// and never after an existing one: a server starting with no index creates
/// an empty one and starts a build within the same millisecond.
fn new_index(dir: &Path) -> Result<(String, PathBuf, Index), SearchError> {
    std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(dir.display().to_string(), e))?;
    let mut millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    loop {
        let name = format!("index-{millis}");
        let path = dir.join(&name);
        match std::fs::create_dir(&path) {
            Ok(()) => {
                let (schema, _) = Fields::schema();
                let index = Index::create_in_dir(&path, schema)?;
                analysis::register(&index);
                return Ok((name, path, index));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => millis += 1,
            Err(error) => return Err(SearchError::Io(path.display().to_string(), error)),
        }
    }
}

fn open_current(dir: &Path, name: &str) -> Result<Current, SearchError> {
    let path = dir.join(name);
    let directory =
        MmapDirectory::open(&path).map_err(|e| SearchError::Open(path.display().to_string(), e.to_string()))?;
    let index = Index::open(directory)?;
    analysis::register(&index);
    let fields = Fields::of(&index.schema())?;
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    Ok(Current { name: name.to_owned(), index, reader, fields })
}

fn payload(position: FeedPosition) -> String {
    format!("feed={}", position.0)
}

fn applied_position(index: &Index) -> Result<FeedPosition, SearchError> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| p.strip_prefix("feed="))
        .and_then(|n| n.parse().ok())
        .map_or(FeedPosition::default(), FeedPosition))
}

fn current_name(dir: &Path) -> Result<Option<String>, SearchError> {
    match std::fs::read_to_string(dir.join(CURRENT)) {
        Ok(name) => Ok(Some(name.trim().to_owned()).filter(|n| !n.is_empty() && dir.join(n).is_dir())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(SearchError::Io(dir.join(CURRENT).display().to_string(), error)),
    }
}

/// Points `CURRENT` at `name`: written aside, then renamed over, so a reader
/// sees the old name or the new one, never half of one.
fn set_current(dir: &Path, name: &str) -> Result<(), SearchError> {
    let aside = dir.join(format!("{CURRENT}.{name}"));
    std::fs::write(&aside, name).map_err(|e| SearchError::Io(aside.display().to_string(), e))?;
    std::fs::rename(&aside, dir.join(CURRENT)).map_err(|e| SearchError::Io(dir.join(CURRENT).display().to_string(), e))
}

/// Deletes the index directories other than `keep`: earlier builds, or a
/// build that was interrupted. Only the process that follows the index does
/// this, once it has switched.
fn remove_others(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("index-") && name != keep {
            // A build still writing its directory is younger than a minute;
            // leave it alone.
            let young = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified.elapsed().unwrap_or_default() < Duration::from_secs(60));
            if !young && let Err(error) = std::fs::remove_dir_all(entry.path()) {
                tracing::warn!(%error, index = %name, "could not remove an old search index");
            }
        }
    }
}

fn size_of_dir(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

/// Keeps the change feed from growing forever: changes older than `keep`
/// are dropped. A node whose index is older than that rebuilds.
pub async fn prune_feed(db: &Database, keep: Duration) -> Result<u64, SearchError> {
    let before = Timestamp::from_unix(Timestamp::now().unix() - i64::try_from(keep.as_secs()).unwrap_or(i64::MAX));
    Ok(db.prune_changes(before).await?)
}
