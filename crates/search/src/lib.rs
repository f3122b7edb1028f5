//! Search: an embedded full-text index of the listings buyers can find.
//!
//! One tantivy index per node, on local disk, built from the database and
//! then kept up to date by following the database's change feed (migration
//! 0004's triggers): a listing created, edited, sold out, withdrawn, or whose
//! shop is renamed, away or suspended is reflected within a second, with no
//! rebuild. `echoppe reindex` builds a fresh index beside the one serving
//! and switches to it when complete.

mod analysis;
mod document;
mod facets;
mod index;
mod query;
mod schema;
mod suggest;

pub use index::{BuildReport, Follower, SearchIndex, build, prune_feed};
pub use query::{FacetCount, MAX_QUERY_CHARS, SearchQuery, SearchResults, SearchSort};
pub use suggest::Suggestion;

/// What can go wrong in search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index files at {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("cannot open the search index at {0}: {1}")]
    Open(String, String),
    #[error("no search index at {0}")]
    Missing(String),
    #[error(transparent)]
    Database(#[from] echoppe_storage::Error),
    #[error("search task: {0}")]
    Task(String),
}
