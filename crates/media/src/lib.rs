//! The photo store.
//!
//! Originals are content-addressed (their key is derived from their bytes) and
//! kept in an object store: a local directory on one machine, S3-compatible
//! storage when scaled out. The resized variants pages ask for are produced on
//! first request, once however many requests ask at the same moment, written
//! back next to the original and kept in a bounded in-memory cache.
//!
//! A seller's upload is checked, stripped of its metadata and re-encoded
//! before it becomes an original ([`PhotoStore::accept_upload`]).

mod photo_store;
mod upload;
mod variant;

pub use photo_store::{PhotoStore, PhotoStoreSettings, S3Settings, VariantSource};
pub use upload::{UploadError, UploadLimits, UploadRefusal};
pub use variant::{encode_jpeg, render_variant};

/// What can go wrong storing or serving a photo.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is not a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    #[error("the image cannot be read: {0}")]
    Unreadable(String),
    #[error("encoding a variant failed: {0}")]
    Encode(String),
    #[error("cannot serve the variant: {0}")]
    Variant(String),
    #[error("photo store: {0}")]
    Store(#[from] object_store::Error),
    #[error("the photo store {url} cannot be used: {why}")]
    Remote { url: String, why: String },
    #[error("cannot prepare the photo directory {path}: {source}")]
    Directory {
        path: String,
        #[source]
        source: std::io::Error,
    },
}
