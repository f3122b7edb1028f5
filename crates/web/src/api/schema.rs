//! The API's JSON shapes. Separate from the domain types on purpose: the API
//! is a contract with outside programs and changes only deliberately.

use echoppe_domain::{Category, ListingCard, ListingDetail, ListingState, Money, Photo, PhotoVariant, Shop};
use serde::Serialize;
use utoipa::ToSchema;

/// An amount of money: integer cents and an ISO 4217 currency code.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Price {
    #[schema(example = 4500)]
    amount_cents: i64,
    #[schema(example = "EUR")]
    currency: String,
    /// Formatted for French readers.
    #[schema(example = "45,00 €")]
    display: String,
}

impl From<Money> for Price {
    fn from(money: Money) -> Self {
        Self { amount_cents: money.cents(), currency: money.currency().to_string(), display: money.format_fr() }
    }
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Availability {
    Active,
    SoldOut,
}

impl From<ListingState> for Availability {
    /// Only public listings reach the API, so anything else reads as sold out.
    fn from(state: ListingState) -> Self {
        match state {
            ListingState::Active => Self::Active,
            ListingState::SoldOut | ListingState::Draft | ListingState::Inactive => Self::SoldOut,
        }
    }
}

/// A photo with the URLs of its variants.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PhotoDto {
    key: String,
    width: u32,
    height: u32,
    variants: Vec<PhotoVariantDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PhotoVariantDto {
    width: u32,
    #[schema(example = "webp")]
    format: &'static str,
    #[schema(example = "/media/0123456789abcdef0123456789abcdef/340.webp")]
    url: String,
}

impl From<&Photo> for PhotoDto {
    fn from(photo: &Photo) -> Self {
        let variants = PhotoVariant::all()
            .map(|variant| PhotoVariantDto {
                width: variant.width.min(photo.width),
                format: variant.format.extension(),
                url: photo.url(variant),
            })
            .collect();
        Self { key: photo.key.to_string(), width: photo.width, height: photo.height, variants }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShopRef {
    slug: String,
    name: String,
    url: String,
}

/// A listing as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListingSummary {
    id: i64,
    title: String,
    /// The storefront page of the listing.
    url: String,
    price: Price,
    availability: Availability,
    quantity: i64,
    shop: ShopRef,
    cover: Option<PhotoDto>,
    /// RFC 3339, UTC.
    created_at: String,
}

impl From<&ListingCard> for ListingSummary {
    fn from(card: &ListingCard) -> Self {
        Self {
            id: card.id.get(),
            title: card.title.clone(),
            url: card.url(),
            price: card.price.into(),
            availability: card.state.into(),
            quantity: card.quantity,
            shop: ShopRef {
                slug: card.shop.slug.to_string(),
                name: card.shop.name.clone(),
                url: format!("/shop/{}", card.shop.slug),
            },
            cover: card.cover.as_ref().map(PhotoDto::from),
            created_at: card.created_at.rfc3339(),
        }
    }
}

/// One page of listings. Pass `next_cursor` back as `cursor` for the next page.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListingList {
    pub listings: Vec<ListingSummary>,
    /// Absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CategoryRef {
    slug: String,
    name: String,
    url: String,
}

impl From<&Category> for CategoryRef {
    fn from(category: &Category) -> Self {
        Self { slug: category.slug.to_string(), name: category.name.clone(), url: format!("/c/{}", category.slug) }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShopSummary {
    slug: String,
    name: String,
    url: String,
    location: String,
    owner_name: String,
    created_at: String,
    /// Listings buyers can see.
    listing_count: i64,
    /// What the shop charges to ship one order.
    shipping: Price,
}

impl From<&Shop> for ShopSummary {
    fn from(shop: &Shop) -> Self {
        Self {
            slug: shop.slug.to_string(),
            name: shop.name.clone(),
            url: shop.url(),
            location: shop.location.clone(),
            owner_name: shop.owner_name.clone(),
            created_at: shop.created_at.rfc3339(),
            listing_count: shop.listing_count,
            shipping: shop.shipping.into(),
        }
    }
}

/// Everything about one listing.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListingDto {
    id: i64,
    title: String,
    url: String,
    description: String,
    price: Price,
    availability: Availability,
    quantity: i64,
    /// From the top-level category down to the listing's own.
    category_path: Vec<CategoryRef>,
    tags: Vec<String>,
    materials: Vec<String>,
    /// In display order; the first is the cover.
    photos: Vec<PhotoDto>,
    favourite_count: i64,
    shop: ShopSummary,
    created_at: String,
    updated_at: String,
}

impl ListingDto {
    pub(crate) fn new(listing: &ListingDetail, category_path: &[&Category]) -> Self {
        Self {
            id: listing.id.get(),
            title: listing.title.clone(),
            url: listing.url(),
            description: listing.description.clone(),
            price: listing.price.into(),
            availability: listing.state.into(),
            quantity: listing.quantity,
            category_path: category_path.iter().map(|c| CategoryRef::from(*c)).collect(),
            tags: listing.tags.clone(),
            materials: listing.materials.clone(),
            photos: listing.photos.iter().map(PhotoDto::from).collect(),
            favourite_count: listing.favourite_count,
            shop: ShopSummary::from(&listing.shop),
            created_at: listing.created_at.rfc3339(),
            updated_at: listing.updated_at.rfc3339(),
        }
    }
}

/// A shop and the first page of its listings.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShopDto {
    #[serde(flatten)]
    pub summary: ShopSummary,
    pub description: String,
    pub listings: Vec<ListingSummary>,
    /// Continue with `GET /api/v1/listings?shop={slug}&cursor={next_cursor}`.
    pub next_cursor: Option<String>,
}

/// A top-level category and its sub-categories, with listing counts.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CategoryNode {
    #[serde(flatten)]
    pub category: CategoryRef,
    /// Listings buyers can see in this category and below.
    pub listing_count: i64,
    pub children: Vec<SubCategory>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SubCategory {
    #[serde(flatten)]
    pub category: CategoryRef,
    pub listing_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CategoryTree {
    pub categories: Vec<CategoryNode>,
}
