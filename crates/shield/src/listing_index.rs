//! Which stored pages show which listings, so that a change to a listing
//! forgets exactly those pages; and which listings changed while a page
//! was rendering, so that a render that may have read a listing before its
//! change is not kept.
//!
//! The second part is asked of every render: the change feed forgets a few
//! listings every 200 ms in a surge (each order moves stock), and a render
//! takes tens of milliseconds then. Refusing every render that overlapped
//! *any* change would keep few of them (the next visitor renders again);
//! refusing those that show a changed listing keeps the others.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

/// How many feed rounds pass between two prunings of the index (at the
/// feed's 200 ms, once a minute).
pub(super) const PRUNE_EVERY_ROUNDS: u64 = 300;

/// The most listings a page is noted as showing (a grid holds 24).
const MAX_LINKED: usize = 200;

/// When a render started, as the index counts time: in listings forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Moment(u64);

#[derive(Debug, Default)]
pub(super) struct ListingIndex(Mutex<Index>);

#[derive(Debug, Default)]
struct Index {
    /// The keys of the stored pages that show each listing.
    pages: HashMap<i64, HashSet<String>>,
    /// How many times a listing was forgotten, ever.
    forgets: u64,
    /// The count at which each listing was last forgotten, since `pruned`.
    forgotten_at: HashMap<i64, u64>,
    /// The count at the last pruning: a render that started before it
    /// cannot be checked listing by listing, and is kept only if nothing at
    /// all was forgotten since it started.
    pruned: u64,
}

impl Index {
    fn changed_since(&self, started: Moment, shown: &[i64]) -> bool {
        let Moment(started) = started;
        if self.forgets == started {
            return false;
        }
        if started < self.pruned {
            return true;
        }
        shown.iter().any(|id| self.forgotten_at.get(id).is_some_and(|at| *at > started))
    }
}

impl ListingIndex {
    fn index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Now, for a render about to start.
    pub(super) fn now(&self) -> Moment {
        Moment(self.index().forgets)
    }

    /// Notes that `listing` changed; returns the keys of the stored pages
    /// that show it, for the caller to drop.
    pub(super) fn forget(&self, listing: i64) -> HashSet<String> {
        let mut index = self.index();
        index.forgets += 1;
        let now = index.forgets;
        index.forgotten_at.insert(listing, now);
        index.pages.remove(&listing).unwrap_or_default()
    }

    /// Keeps the page rendered from `started` at `key`, showing `shown`,
    /// unless one of those listings changed since: `store` runs (and the
    /// page is noted under each listing) with the index held, so a change
    /// noted after this call finds the page, and one noted before it
    /// stops it. Returns whether the page was kept.
    pub(super) fn keep_unless_changed(&self, key: &str, shown: &[i64], started: Moment, store: impl FnOnce()) -> bool {
        let mut index = self.index();
        if index.changed_since(started, shown) {
            return false;
        }
        store();
        for id in shown {
            index.pages.entry(*id).or_default().insert(key.to_owned());
        }
        true
    }

    /// Drops the pages no longer stored (evicted or expired), so the index
    /// stays the size of the cache, and the change times no render still
    /// under way can need — renders take seconds at most, and a render
    /// that started before this is checked conservatively.
    pub(super) fn prune(&self, still_stored: impl Fn(&str) -> bool) {
        let mut index = self.index();
        index.pages.retain(|_, pages| {
            pages.retain(|key| still_stored(key));
            !pages.is_empty()
        });
        index.forgotten_at.clear();
        index.pruned = index.forgets;
    }
}

/// The listings the page at `key` shows: itself, for a listing's page, and
/// every listing it links to (the cards of a home, category, shop or search
/// page) — a new price or title shows in the lists as on the listing's own
/// page.
pub(super) fn shown_listings(key: &str, body: &[u8]) -> Vec<i64> {
    listing_of(key).into_iter().chain(linked_listings(body)).collect()
}

/// The listing a key shows: `/listing/42` or `/listing/42-bague`.
fn listing_of(key: &str) -> Option<i64> {
    let rest = key.strip_prefix("/listing/")?;
    let digits: &str = rest.split(['-', '?', '/']).next()?;
    digits.parse().ok()
}

/// The listings a page links to (`href="/listing/42-…"`).
fn linked_listings(body: &[u8]) -> impl Iterator<Item = i64> + '_ {
    const LINK: &[u8] = b"href=\"/listing/";
    body.windows(LINK.len())
        .enumerate()
        .filter(|(_, window)| *window == LINK)
        .filter_map(move |(at, _)| {
            let digits = &body[at + LINK.len()..];
            let end = digits.iter().position(|b| !b.is_ascii_digit()).unwrap_or(digits.len());
            std::str::from_utf8(&digits[..end]).ok()?.parse().ok()
        })
        .take(MAX_LINKED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_pages_are_known_by_their_id() {
        assert_eq!(listing_of("/listing/42"), Some(42));
        assert_eq!(listing_of("/listing/42-bague-lune"), Some(42));
        assert_eq!(listing_of("/listing/42?x=1"), Some(42));
        assert_eq!(listing_of("/shop/42"), None);
        assert_eq!(listing_of("/listing/bague"), None);
    }

    #[test]
    fn the_listings_a_page_links_to_are_found() {
        let page = br#"<a href="/listing/42-bague">x</a><a href="/listing/7">y</a><a href="/shop/3">z</a><a href="/listing/">"#;
        assert_eq!(linked_listings(page).collect::<Vec<_>>(), [42, 7]);
        assert_eq!(shown_listings("/listing/9-vase", page), [9, 42, 7]);
    }

    #[test]
    fn a_render_is_refused_only_if_a_listing_it_shows_changed_meanwhile() {
        let index = ListingIndex::default();
        let started = index.now();
        assert!(index.forget(5).is_empty(), "no page showed it yet");
        let mut stored = Vec::new();
        assert!(index.keep_unless_changed("/c/vases", &[1, 2], started, || stored.push("/c/vases")));
        assert!(!index.keep_unless_changed("/c/bagues", &[4, 5], started, || stored.push("/c/bagues")));
        assert_eq!(stored, ["/c/vases"], "only the page showing no changed listing was kept");

        let later = index.now();
        assert!(index.keep_unless_changed("/c/bagues", &[4, 5], later, || ()), "started after the change");
        assert_eq!(index.forget(2), HashSet::from(["/c/vases".to_owned()]));
        assert!(index.forget(2).is_empty(), "a page is forgotten once");
    }

    #[test]
    fn after_a_pruning_older_renders_are_checked_conservatively() {
        let index = ListingIndex::default();
        let started = index.now();
        index.forget(5);
        index.prune(|_| true);
        assert!(!index.keep_unless_changed("/c/vases", &[1], started, || ()), "the change times before it are gone");
        assert!(index.keep_unless_changed("/c/vases", &[1], index.now(), || ()));
        index.prune(|key| key != "/c/vases");
        assert!(index.forget(1).is_empty(), "evicted pages leave the index");
    }
}
