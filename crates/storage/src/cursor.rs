//! Keyset pagination cursors for the API.
//!
//! A cursor is the sort key and id of the last row a client saw. Continuing
//! "after" it costs one index seek however deep the client has paged, unlike an
//! OFFSET, and stays stable when listings are added at the top. It is opaque to
//! clients (URL-safe base64) so its layout can change.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use echoppe_domain::{Invalid, ListingSort};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub sort: ListingSort,
    /// The value of the sort column in the last row seen.
    pub key: i64,
    /// The id of the last row seen, breaking ties between equal keys.
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}:{}", self.sort.as_str(), self.key, self.id))
    }

    /// Reads a cursor a client sent back, refusing one made for another order.
    pub fn decode(text: &str, sort: ListingSort) -> Result<Self, Invalid> {
        let malformed = || Invalid::new("curseur illisible : reprenez la pagination depuis le début");
        // Real cursors are short; refusing long input bounds the work done on garbage.
        if text.len() > 100 {
            return Err(malformed());
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| malformed())?;
        let text = String::from_utf8(bytes).map_err(|_| malformed())?;
        let mut parts = text.splitn(3, ':');
        let (Some(sort_name), Some(key), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(malformed());
        };
        let cursor_sort = ListingSort::parse(sort_name).map_err(|_| malformed())?;
        if cursor_sort != sort {
            return Err(Invalid::new(format!(
                "ce curseur a été créé pour le tri « {} », pas « {} »",
                cursor_sort.as_str(),
                sort.as_str()
            )));
        }
        Ok(Self { sort, key: key.parse().map_err(|_| malformed())?, id: id.parse().map_err(|_| malformed())? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let cursor = Cursor { sort: ListingSort::PriceDesc, key: 4_500, id: 1_234 };
        assert_eq!(Cursor::decode(&cursor.encode(), ListingSort::PriceDesc), Ok(cursor));
    }

    #[test]
    fn refuses_garbage_and_other_sorts() {
        let cursor = Cursor { sort: ListingSort::Newest, key: 1, id: 2 }.encode();
        assert!(Cursor::decode(&cursor, ListingSort::PriceAsc).unwrap_err().0.contains("newest"));
        for bad in ["", "!!!", "bmV3ZXN0", "bmV3ZXN0Ong6eQ", &"A".repeat(500)] {
            assert!(Cursor::decode(bad, ListingSort::Newest).is_err(), "{bad:?}");
        }
    }
}
