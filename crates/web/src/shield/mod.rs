//! The shield: what keeps the storefront fast when a broadcast sends a
//! crowd. Today: the page cache ([`page_cache`]) with coalesced renders
//! ([`single_flight`]) and pre-compressed bodies ([`encoding`]). Admission
//! control and modes follow (issue 6).

mod encoding;
pub(crate) mod page_cache;
mod single_flight;

pub use page_cache::PageCacheSettings;
pub use page_cache::Shield;
pub(crate) use page_cache::{PageCache, ShieldLayer};
