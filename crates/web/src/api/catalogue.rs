//! Categories, listings and shops.

use super::schema::{
    CategoryNode, CategoryRef, CategoryTree, ListingDto, ListingList, ListingSummary, ShopDto, ShopSummary, SubCategory,
};
use crate::error::{ApiError, Error, ErrorBody};
use crate::params::Params;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use echoppe_domain::{ListingId, ListingSort, PageSize, PriceRange, Slug};
use echoppe_storage::{Cursor, ListingFilter, Window};

/// The category tree with listing counts.
#[utoipa::path(
    get,
    path = "/categories",
    tag = "catalogue",
    responses((status = OK, body = CategoryTree))
)]
pub(crate) async fn categories(State(state): State<AppState>) -> Result<Json<CategoryTree>, ApiError> {
    let counts = state.db.listing_counts_by_category(&[]).await?;
    let count = |id| counts.get(&id).copied().unwrap_or(0);
    let taxonomy = &state.taxonomy;
    let categories = taxonomy
        .top_level()
        .map(|top| {
            let children: Vec<SubCategory> = taxonomy
                .children(top.id)
                .map(|c| SubCategory { category: CategoryRef::from(c), listing_count: count(c.id) })
                .collect();
            CategoryNode {
                category: CategoryRef::from(top),
                listing_count: count(top.id) + children.iter().map(|c| c.listing_count).sum::<i64>(),
                children,
            }
        })
        .collect();
    Ok(Json(CategoryTree { categories }))
}

/// Listings buyers can see, filtered and sorted, with keyset pagination.
#[utoipa::path(
    get,
    path = "/listings",
    tag = "catalogue",
    params(
        ("category" = Option<String>, Query, description = "Category slug; includes its sub-categories", example = "bijoux"),
        ("shop" = Option<String>, Query, description = "Shop slug"),
        ("min_price" = Option<String>, Query, description = "Lowest price in euros, inclusive", example = "10"),
        ("max_price" = Option<String>, Query, description = "Highest price in euros, inclusive", example = "49.90"),
        ("sort" = Option<String>, Query, description = "`newest` (default), `price_asc`, `price_desc` or `popular`"),
        ("limit" = Option<u32>, Query, description = "Listings per page, 1 to 100 (default 24)"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
    ),
    responses(
        (status = OK, body = ListingList),
        (status = BAD_REQUEST, description = "A parameter is malformed or names nothing", body = ErrorBody),
    )
)]
pub(crate) async fn listings(State(state): State<AppState>, params: Params) -> Result<Json<ListingList>, ApiError> {
    let mut filter = ListingFilter::default();
    if let Some(slug) = params.text("category") {
        let category = state.taxonomy.by_slug(slug).ok_or_else(|| unknown("category", "catégorie", slug))?;
        filter.categories = state.taxonomy.subtree(category.id);
    }
    if let Some(slug) = params.text("shop") {
        let shop = match Slug::parse(slug) {
            Ok(slug) => state.db.shop_by_slug(&slug).await?.filter(|s| !s.suspended),
            Err(_) => None,
        };
        filter.shop = Some(shop.ok_or_else(|| unknown("shop", "boutique", slug))?.id);
    }
    filter.price = PriceRange::parse(params.text("min_price"), params.text("max_price"))
        .map_err(|(param, invalid)| Error::bad(param, invalid))?;
    let sort = params.parse("sort", ListingSort::parse)?.unwrap_or_default();
    let limit = params.parse("limit", PageSize::parse)?.unwrap_or(PageSize::DEFAULT);
    let after = params.parse("cursor", |text| Cursor::decode(text, sort))?;

    let page = state.db.listings(&filter, sort, &Window::After { after, limit: limit.get() }).await?;
    Ok(Json(ListingList {
        listings: page.cards.iter().map(ListingSummary::from).collect(),
        next_cursor: page.next.map(|cursor| cursor.encode()),
    }))
}

/// One listing.
#[utoipa::path(
    get,
    path = "/listings/{id}",
    tag = "catalogue",
    params(("id" = i64, Path, description = "Listing id")),
    responses(
        (status = OK, body = ListingDto),
        (status = BAD_REQUEST, description = "The id is not a positive integer", body = ErrorBody),
        (status = NOT_FOUND, description = "No listing buyers can see has this id", body = ErrorBody),
    )
)]
pub(crate) async fn listing(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ListingDto>, ApiError> {
    let id = ListingId::parse(&id).map_err(|invalid| Error::bad("id", invalid))?;
    let listing =
        state.db.listing(id).await?.filter(|l| l.state.is_public() && !l.shop.suspended).ok_or(Error::NotFound)?;
    let path = state.taxonomy.path(listing.category);
    Ok(Json(ListingDto::new(&listing, &path)))
}

/// A shop and its newest listings.
#[utoipa::path(
    get,
    path = "/shops/{slug}",
    tag = "catalogue",
    params(
        ("slug" = String, Path, description = "Shop slug", example = "atelier-margaux"),
        ("limit" = Option<u32>, Query, description = "Listings included, 1 to 100 (default 24)"),
    ),
    responses(
        (status = OK, body = ShopDto),
        (status = BAD_REQUEST, description = "A parameter is malformed", body = ErrorBody),
        (status = NOT_FOUND, description = "No shop has this slug", body = ErrorBody),
    )
)]
pub(crate) async fn shop(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Params,
) -> Result<Json<ShopDto>, ApiError> {
    let limit = params.parse("limit", PageSize::parse)?.unwrap_or(PageSize::DEFAULT);
    let slug = Slug::parse(&slug).map_err(|_| Error::NotFound)?;
    let shop = state.db.shop_by_slug(&slug).await?.filter(|s| !s.suspended).ok_or(Error::NotFound)?;
    let filter = ListingFilter { shop: Some(shop.id), ..ListingFilter::default() };
    let page =
        state.db.listings(&filter, ListingSort::Newest, &Window::After { after: None, limit: limit.get() }).await?;
    Ok(Json(ShopDto {
        summary: ShopSummary::from(&shop),
        description: shop.description,
        listings: page.cards.iter().map(ListingSummary::from).collect(),
        next_cursor: page.next.map(|cursor| cursor.encode()),
    }))
}

/// A filter naming something that does not exist is the client's mistake (400),
/// not a missing resource: the list itself exists.
fn unknown(param: &'static str, what: &str, value: &str) -> Error {
    let shown: String = value.chars().take(40).collect();
    Error::BadRequest { param, message: format!("aucune {what} ne s'appelle « {shown} »") }
}
