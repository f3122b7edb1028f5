//! The marketplace's own vocabulary: the values echoppe passes between its parts.
//!
//! Everything here is plain data and parsing, with no I/O, so that the storage,
//! web and seed crates agree on what a price, a slug or a listing is. Values that
//! arrive from outside (a URL, a form, a file) are parsed into these newtypes at
//! the boundary; past it, the rest of the code can trust them.

mod account;
mod catalogue;
mod ids;
mod money;
mod orders;
mod paging;
mod photo;
mod selling;
mod slug;
mod timestamp;

pub use account::{Account, DisplayName, Email, Password, Role};
pub use catalogue::{Category, ListingCard, ListingDetail, ListingState, Shop, ShopCard, Taxonomy, listing_url};
pub use ids::{CategoryId, ListingId, ShopId, UserId};
pub use money::{Currency, Money, group_digits};
pub use orders::{AddressFields, Carrier, OrderNumber, OrderStatus, SHIPPING_COUNTRIES, ShippingAddress};
pub use paging::{ListingSort, PageNumber, PageSize, PriceRange, and_fr, capitalised, shorten};
pub use photo::{Photo, PhotoFormat, PhotoKey, PhotoVariant};
pub use selling::{FieldErrors, ListingDraft, ListingFields, PriceField, ShopDraft, ShopFields, form_text};
pub use slug::Slug;
pub use timestamp::Timestamp;

/// Why a value from outside was refused.
///
/// The message is written for the person who sent the value (in French, the
/// storefront's language) and never carries internal detail; the caller adds
/// which field or parameter it was about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
