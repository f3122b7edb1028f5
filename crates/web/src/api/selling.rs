//! The seller's API: their shop, their listings and their photos; and a
//! buyer's favourites. The same rules as the `/sell` pages: a caller only
//! ever reaches their own shop and listings, and anyone else's id is a 404.

use super::caller::Caller;
use super::schema::{ListingDto, ListingSummary, ShopSummary};
use crate::error::{ApiError, Error, ErrorBody};
use crate::forms::ApiJson;
use crate::params::Params;
use crate::sell::{own_listing, own_shop};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use echoppe_domain::{
    FieldErrors, Invalid, ListingDetail, ListingDraft, ListingFields, ListingId, ListingState, PageNumber, PageSize,
    PriceField, ShopDraft, ShopFields, Timestamp,
};
use echoppe_media::UploadError;
use echoppe_storage::{MAX_LISTING_PHOTOS, PhotoAppend};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A listing as its seller sees it: everything buyers see, plus its state.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SellerListingDto {
    /// `draft`, `active`, `sold_out` or `inactive`.
    #[schema(example = "draft")]
    state: &'static str,
    #[serde(flatten)]
    listing: ListingDto,
}

fn seller_listing(state: &AppState, listing: &ListingDetail) -> SellerListingDto {
    SellerListingDto {
        state: listing.state.as_str(),
        listing: ListingDto::new(listing, &state.taxonomy.path(listing.category)),
    }
}

/// The listing `id` of the caller's shop; 404 for anyone else's.
async fn callers_listing(state: &AppState, caller: &Caller, id: &str) -> Result<ListingDetail, Error> {
    let shop = own_shop(state, &caller.account).await?;
    own_listing(state, &shop, id).await
}

async fn reload(state: &AppState, id: ListingId) -> Result<SellerListingDto, Error> {
    let listing = state.db.listing(id).await?.ok_or(Error::NotFound)?;
    Ok(seller_listing(state, &listing))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShopBody {
    #[schema(example = "L'Atelier de Margaux")]
    name: String,
    /// Derived from the name when left out.
    #[schema(example = "atelier-margaux")]
    #[serde(default)]
    slug: String,
    #[serde(default)]
    description: String,
    #[schema(example = "Nantes, France")]
    #[serde(default)]
    location: String,
    /// What the shop charges to ship one order, in cents (default 490).
    #[schema(example = 490)]
    #[serde(default)]
    shipping_cents: Option<i64>,
}

impl ShopBody {
    fn draft(&self) -> Result<ShopDraft, Error> {
        let fields = ShopFields {
            name: &self.name,
            slug: &self.slug,
            description: &self.description,
            location: &self.location,
            shipping: self.shipping_cents.map(PriceField::Cents),
        };
        ShopDraft::parse(&fields).map_err(Error::InvalidFields)
    }
}

fn slug_taken() -> Error {
    Error::InvalidFields(crate::sell::slug_taken())
}

/// Opens the caller's shop (one per account).
#[utoipa::path(
    post,
    path = "/shop",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    request_body = ShopBody,
    responses(
        (status = CREATED, body = ShopSummary),
        (status = CONFLICT, description = "The caller already has a shop", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A field is wrong, or the slug is taken", body = ErrorBody),
        (status = UNAUTHORIZED, body = ErrorBody),
    )
)]
pub(crate) async fn open_shop(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ShopBody>,
) -> Result<Response, ApiError> {
    let draft = body.draft()?;
    match crate::sell::open_shop(&state, &caller.account, draft, body.slug.trim().is_empty()).await {
        Ok(_) => {}
        Err(echoppe_storage::Error::Conflict { field: "owner" }) => {
            return Err(Error::Conflict("ce compte a déjà une boutique : modifiez-la avec PUT /api/v1/shop").into());
        }
        Err(echoppe_storage::Error::Conflict { .. }) => return Err(slug_taken().into()),
        Err(other) => return Err(Error::from(other).into()),
    }
    let shop = own_shop(&state, &caller.account).await?;
    Ok((StatusCode::CREATED, Json(ShopSummary::from(&shop))).into_response())
}

/// Rewrites the caller's shop description.
#[utoipa::path(
    put,
    path = "/shop",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    request_body = ShopBody,
    responses(
        (status = OK, body = ShopSummary),
        (status = NOT_FOUND, description = "The caller has no shop", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, body = ErrorBody),
    )
)]
pub(crate) async fn edit_shop(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ShopBody>,
) -> Result<Json<ShopSummary>, ApiError> {
    let shop = own_shop(&state, &caller.account).await?;
    let draft = body.draft()?;
    match state.db.update_shop(shop.id, &draft).await {
        Ok(()) => {}
        Err(echoppe_storage::Error::Conflict { .. }) => return Err(slug_taken().into()),
        Err(other) => return Err(Error::from(other).into()),
    }
    Ok(Json(ShopSummary::from(&own_shop(&state, &caller.account).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HolidayBody {
    on_holiday: bool,
}

/// Puts the caller's shop on holiday (its listings leave the lists and
/// search, and stay reachable) or brings it back.
#[utoipa::path(
    put,
    path = "/shop/holiday",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    request_body = HolidayBody,
    responses((status = NO_CONTENT), (status = NOT_FOUND, body = ErrorBody))
)]
pub(crate) async fn holiday(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<HolidayBody>,
) -> Result<StatusCode, ApiError> {
    let shop = own_shop(&state, &caller.account).await?;
    state.db.set_shop_holiday(shop.id, body.on_holiday).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SellerListingPage {
    listings: Vec<SellerListingSummary>,
    /// Listings of the shop in every state.
    total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SellerListingSummary {
    #[schema(example = "active")]
    state: &'static str,
    #[serde(flatten)]
    listing: ListingSummary,
}

/// Every listing of the caller's shop, drafts and withdrawn ones included,
/// most recently changed first.
#[utoipa::path(
    get,
    path = "/shop/listings",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("page" = Option<u32>, Query, description = "Page of 24, from 1")),
    responses((status = OK, body = SellerListingPage), (status = NOT_FOUND, body = ErrorBody))
)]
pub(crate) async fn shop_listings(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> Result<Json<SellerListingPage>, ApiError> {
    let shop = own_shop(&state, &caller.account).await?;
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let size = PageSize::DEFAULT;
    let cards = state.db.shop_listings_for_seller(shop.id, page.offset(size), size.get()).await?;
    let total = state.db.count_shop_listings_for_seller(shop.id).await?;
    let listings = cards
        .iter()
        .map(|card| SellerListingSummary { state: card.state.as_str(), listing: ListingSummary::from(card) })
        .collect();
    Ok(Json(SellerListingPage { listings, total }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListingBody {
    #[schema(example = "Collier « Lune » en laiton doré")]
    title: String,
    #[serde(default)]
    description: String,
    /// A category slug.
    #[schema(example = "colliers")]
    category: String,
    /// Euro cents.
    #[schema(example = 3490)]
    price_cents: i64,
    #[schema(example = 3)]
    quantity: i64,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    materials: Vec<String>,
}

impl ListingBody {
    fn draft(&self, state: &AppState) -> Result<ListingDraft, Error> {
        let quantity = self.quantity.to_string();
        let fields = ListingFields {
            title: &self.title,
            description: &self.description,
            category: &self.category,
            price: Some(PriceField::Cents(self.price_cents)),
            quantity: &quantity,
            tags: self.tags.iter().map(String::as_str).collect(),
            materials: self.materials.iter().map(String::as_str).collect(),
        };
        ListingDraft::parse(&fields, &state.taxonomy).map_err(Error::InvalidFields)
    }
}

/// Creates a listing in the caller's shop, as a draft.
#[utoipa::path(
    post,
    path = "/shop/listings",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    request_body = ListingBody,
    responses(
        (status = CREATED, body = SellerListingDto),
        (status = UNPROCESSABLE_ENTITY, description = "Fields are wrong; `fields` says which and why", body = ErrorBody),
        (status = NOT_FOUND, description = "The caller has no shop", body = ErrorBody),
    )
)]
pub(crate) async fn create_listing(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ListingBody>,
) -> Result<Response, ApiError> {
    let shop = own_shop(&state, &caller.account).await?;
    let draft = body.draft(&state)?;
    let id = state.db.create_listing(shop.id, &draft, ListingState::Draft, Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(reload(&state, id).await?)).into_response())
}

/// One of the caller's listings, in any state.
#[utoipa::path(
    get,
    path = "/shop/listings/{id}",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses((status = OK, body = SellerListingDto), (status = NOT_FOUND, body = ErrorBody))
)]
pub(crate) async fn own_listing_detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SellerListingDto>, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    Ok(Json(seller_listing(&state, &listing)))
}

/// Rewrites one of the caller's listings (every field; the state follows the stock).
#[utoipa::path(
    put,
    path = "/shop/listings/{id}",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    request_body = ListingBody,
    responses(
        (status = OK, body = SellerListingDto),
        (status = UNPROCESSABLE_ENTITY, body = ErrorBody),
        (status = NOT_FOUND, body = ErrorBody),
    )
)]
pub(crate) async fn update_listing(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ListingBody>,
) -> Result<Json<SellerListingDto>, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    let draft = body.draft(&state)?;
    let next = listing.state.with_stock(draft.quantity);
    state.db.update_listing(listing.id, &draft, next, Timestamp::now()).await?;
    Ok(Json(reload(&state, listing.id).await?))
}

/// Deletes one of the caller's listings.
#[utoipa::path(
    delete,
    path = "/shop/listings/{id}",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses((status = NO_CONTENT), (status = NOT_FOUND, body = ErrorBody))
)]
pub(crate) async fn delete_listing(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    state.db.delete_listing(listing.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts a listing on sale (it needs a photo).
#[utoipa::path(
    post,
    path = "/shop/listings/{id}/publish",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses(
        (status = OK, body = SellerListingDto),
        (status = UNPROCESSABLE_ENTITY, description = "The listing has no photo yet", body = ErrorBody),
        (status = NOT_FOUND, body = ErrorBody),
    )
)]
pub(crate) async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SellerListingDto>, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    let next = listing.published_state().map_err(|why| Error::InvalidFields(FieldErrors::single("photos", why)))?;
    state.db.set_listing_state(listing.id, next, Timestamp::now()).await?;
    Ok(Json(reload(&state, listing.id).await?))
}

/// Takes a listing off sale; it can be published again.
#[utoipa::path(
    post,
    path = "/shop/listings/{id}/deactivate",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses((status = OK, body = SellerListingDto), (status = NOT_FOUND, body = ErrorBody))
)]
pub(crate) async fn deactivate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SellerListingDto>, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    state.db.set_listing_state(listing.id, ListingState::Inactive, Timestamp::now()).await?;
    Ok(Json(reload(&state, listing.id).await?))
}

/// Adds a photo after the listing's others. The body is the image itself
/// (JPEG, PNG or WebP, recognised from its bytes).
#[utoipa::path(
    post,
    path = "/shop/listings/{id}/photos",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The photo's bytes"),
    responses(
        (status = CREATED, body = SellerListingDto),
        (status = UNPROCESSABLE_ENTITY, description = "Not a usable photo, or ten already; the message says why", body = ErrorBody),
        (status = PAYLOAD_TOO_LARGE, body = ErrorBody),
        (status = NOT_FOUND, body = ErrorBody),
    )
)]
pub(crate) async fn add_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    let refuse = |message: String| Error::InvalidFields(FieldErrors::single("photo", Invalid::new(message)));
    let full = || refuse(format!("une annonce a {MAX_LISTING_PHOTOS} photos au plus"));
    if listing.photos.len() >= MAX_LISTING_PHOTOS {
        return Err(full().into());
    }
    let _slot = state.upload_slot().await?;
    // The API's body limit is sized for JSON; a photo is read here, up to the
    // upload limit and no further.
    let bytes = axum::body::to_bytes(body, state.settings.uploads.max_bytes)
        .await
        .map_err(|_| Error::PayloadTooLarge("la photo dépasse la taille autorisée, ou son envoi a été interrompu"))?;
    let photo = match state.photos.accept_upload(bytes, &state.settings.uploads).await {
        Ok(photo) => photo,
        Err(UploadError::Refused(refusal)) => return Err(refuse(refusal.to_string()).into()),
        Err(UploadError::Media(error)) => return Err(Error::from(error).into()),
    };
    match state.db.append_listing_photo(listing.id, &photo, Timestamp::now()).await? {
        PhotoAppend::Added => Ok((StatusCode::CREATED, Json(reload(&state, listing.id).await?)).into_response()),
        PhotoAppend::AlreadyThere => Err(refuse("cette photo est déjà dans l'annonce".to_owned()).into()),
        PhotoAppend::Full => Err(full().into()),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhotoOrder {
    /// Keys of the listing's photos in their new order; the first is the
    /// cover, and photos left out are removed.
    keys: Vec<String>,
}

/// Reorders or removes a listing's photos.
#[utoipa::path(
    put,
    path = "/shop/listings/{id}/photos",
    tag = "selling",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    request_body = PhotoOrder,
    responses(
        (status = OK, body = SellerListingDto),
        (status = UNPROCESSABLE_ENTITY, description = "A key is not one of the listing's photos, or repeats", body = ErrorBody),
        (status = NOT_FOUND, body = ErrorBody),
    )
)]
pub(crate) async fn arrange_photos(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PhotoOrder>,
) -> Result<Json<SellerListingDto>, ApiError> {
    let listing = callers_listing(&state, &caller, &id).await?;
    let mut photos = Vec::with_capacity(body.keys.len());
    for key in &body.keys {
        let photo = listing.photos.iter().find(|p| p.key.as_str() == key).ok_or_else(|| {
            Error::InvalidFields(FieldErrors::single(
                "keys",
                Invalid::new(format!("« {key} » n'est pas une photo de cette annonce")),
            ))
        })?;
        if photos.contains(photo) {
            let repeated = Invalid::new(format!("« {key} » apparaît deux fois"));
            return Err(Error::InvalidFields(FieldErrors::single("keys", repeated)).into());
        }
        photos.push(photo.clone());
    }
    state.db.set_listing_photos(listing.id, &photos, Timestamp::now()).await?;
    Ok(Json(reload(&state, listing.id).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FavouriteList {
    listings: Vec<ListingSummary>,
    total: i64,
}

/// The caller's favourites that are still for sale, most recent first.
#[utoipa::path(
    get,
    path = "/favourites",
    tag = "favourites",
    security(("bearer" = []), ("session" = [])),
    params(("page" = Option<u32>, Query, description = "Page of 24, from 1")),
    responses((status = OK, body = FavouriteList), (status = UNAUTHORIZED, body = ErrorBody))
)]
pub(crate) async fn favourites(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> Result<Json<FavouriteList>, ApiError> {
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let size = PageSize::DEFAULT;
    let cards = state.db.favourites(caller.account.id, page.offset(size), size.get()).await?;
    let total = state.db.count_favourites(caller.account.id).await?;
    Ok(Json(FavouriteList { listings: cards.iter().map(ListingSummary::from).collect(), total }))
}

async fn public_listing(state: &AppState, id: &str) -> Result<ListingId, Error> {
    let id = ListingId::parse(id).map_err(|invalid| Error::bad("id", invalid))?;
    let listing = state.db.listing(id).await?.ok_or(Error::NotFound)?;
    if !listing.state.is_public() || listing.shop.suspended {
        return Err(Error::NotFound);
    }
    Ok(id)
}

/// Adds a listing to the caller's favourites (again is harmless).
#[utoipa::path(
    put,
    path = "/favourites/{id}",
    tag = "favourites",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses((status = NO_CONTENT), (status = NOT_FOUND, body = ErrorBody))
)]
pub(crate) async fn add_favourite(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = public_listing(&state, &id).await?;
    state.db.add_favourite(caller.account.id, id, Timestamp::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a listing from the caller's favourites (absent is harmless).
#[utoipa::path(
    delete,
    path = "/favourites/{id}",
    tag = "favourites",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "Listing id")),
    responses((status = NO_CONTENT), (status = BAD_REQUEST, body = ErrorBody))
)]
pub(crate) async fn remove_favourite(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = ListingId::parse(&id).map_err(|invalid| Error::bad("id", invalid))?;
    state.db.remove_favourite(caller.account.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
