//! The seller's dashboard and listing pages: create, edit, publish,
//! withdraw, delete.

use super::{CategoryGroup, Seller, category_groups, own_listing};
use crate::error::{Error, PageError};
use crate::forms::{CsrfOnly, PageForm};
use crate::params::Params;
use crate::state::AppState;
use crate::views::{Layout, Pagination, PictureView, count_label, url_with};
use crate::visitor::Notice;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use echoppe_domain::{
    FieldErrors, ListingDetail, ListingDraft, ListingFields, ListingState, PageNumber, PageSize, PriceField, Timestamp,
    capitalised,
};
use echoppe_storage::MAX_LISTING_PHOTOS;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sell/dashboard.html")]
struct DashboardView {
    layout: Layout,
    csrf: String,
    notices: Vec<Notice>,
    shop_name: String,
    shop_url: String,
    on_holiday: bool,
    suspended: bool,
    count: String,
    rows: Vec<DashboardRow>,
    pagination: Option<Pagination>,
}

struct DashboardRow {
    edit_url: String,
    public_url: Option<String>,
    title: String,
    price: String,
    quantity: i64,
    state: &'static str,
    active: bool,
    thumb: Option<String>,
}

pub(crate) async fn dashboard(
    State(state): State<AppState>,
    seller: Seller,
    params: Params,
) -> Result<Response, PageError> {
    let Seller { signed_in, shop } = seller;
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let total = state.db.count_shop_listings_for_seller(shop.id).await?;
    let size = PageSize::DEFAULT;
    let last = PageNumber::last_for(total, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }
    let cards = state.db.shop_listings_for_seller(shop.id, page.offset(size), size.get()).await?;
    let visitor = &signed_in.visitor;
    let view = DashboardView {
        layout: Layout::new(&state, "Ma boutique", "Vos créations et votre boutique.", None)
            .for_visitor(visitor)
            .await?,
        csrf: visitor.csrf_token().await?,
        notices: visitor.take_flash().await?,
        shop_url: shop.url(),
        shop_name: shop.name,
        on_holiday: shop.on_holiday,
        suspended: shop.suspended,
        count: count_label(total, "création", "créations"),
        rows: cards
            .iter()
            .map(|card| DashboardRow {
                edit_url: format!("/sell/listings/{}", card.id),
                public_url: card.state.is_public().then(|| card.url()),
                title: card.title.clone(),
                price: card.price.format_fr(),
                quantity: card.quantity,
                state: card.state.label_fr(),
                active: card.state == ListingState::Active,
                thumb: card.cover.as_ref().map(|photo| PictureView::new(photo, "", 170, "56px").src),
            })
            .collect(),
        pagination: Pagination::new(page.get(), last, |n| {
            url_with("/sell", &[("page", (n > 1).then(|| n.to_string()))])
        }),
    };
    Ok(Html(view.render()?).into_response())
}

#[derive(Template)]
#[template(path = "sell/listing_form.html")]
struct ListingFormView {
    layout: Layout,
    csrf: String,
    heading: String,
    action: String,
    form: ListingForm,
    categories: Vec<CategoryGroup>,
    errors: FieldErrors,
    notices: Vec<Notice>,
    /// Only when editing an existing listing.
    existing: Option<ExistingListing>,
}

struct ExistingListing {
    id: i64,
    state: &'static str,
    public_url: Option<String>,
    can_publish: bool,
    can_deactivate: bool,
    photos: Vec<PhotoTile>,
    room: usize,
    max_photos: usize,
    max_mb: usize,
}

struct PhotoTile {
    key: String,
    src: String,
    first: bool,
    last: bool,
}

/// The listing form's fields as typed, kept to show them again.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListingForm {
    csrf: String,
    title: String,
    description: String,
    category: String,
    price: String,
    quantity: String,
    /// Comma-separated.
    tags: String,
    /// Comma-separated.
    materials: String,
}

impl ListingForm {
    fn of(listing: &ListingDetail, state: &AppState) -> Self {
        Self {
            csrf: String::new(),
            title: listing.title.clone(),
            description: listing.description.clone(),
            category: state.taxonomy.get(listing.category).map(|c| c.slug.to_string()).unwrap_or_default(),
            price: listing.price.format_field_fr(),
            quantity: listing.quantity.to_string(),
            tags: listing.tags.join(", "),
            materials: listing.materials.join(", "),
        }
    }

    fn parse(&self, state: &AppState) -> Result<ListingDraft, FieldErrors> {
        let fields = ListingFields {
            title: &self.title,
            description: &self.description,
            category: &self.category,
            price: Some(PriceField::Typed(&self.price)),
            quantity: &self.quantity,
            tags: self.tags.split(',').collect(),
            materials: self.materials.split(',').collect(),
        };
        ListingDraft::parse(&fields, &state.taxonomy)
    }
}

pub(crate) async fn new_form(State(state): State<AppState>, seller: Seller) -> Result<Response, PageError> {
    let form = ListingForm { quantity: "1".to_owned(), ..ListingForm::default() };
    Ok(render_new(&state, &seller, form, FieldErrors::new(), StatusCode::OK).await?)
}

async fn render_new(
    state: &AppState,
    seller: &Seller,
    form: ListingForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, Error> {
    let visitor = &seller.signed_in.visitor;
    let view = ListingFormView {
        layout: Layout::new(state, "Nouvelle création", "Décrivez votre création.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        heading: "Nouvelle création".to_owned(),
        action: "/sell/listings".to_owned(),
        categories: category_groups(&state.taxonomy, &form.category),
        form,
        errors,
        notices: Vec::new(),
        existing: None,
    };
    Ok((status, Html(view.render()?)).into_response())
}

pub(crate) async fn create(
    State(state): State<AppState>,
    seller: Seller,
    PageForm(form): PageForm<ListingForm>,
) -> Result<Response, PageError> {
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let draft = match form.parse(&state) {
        Ok(draft) => draft,
        Err(errors) => {
            return Ok(render_new(&state, &seller, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await?);
        }
    };
    let id = state.db.create_listing(seller.shop.id, &draft, ListingState::Draft, Timestamp::now()).await?;
    tracing::info!(listing = %id, shop = %seller.shop.id, "listing created");
    visitor.flash_ok("Brouillon enregistré. Ajoutez des photos, puis publiez-le.").await?;
    Ok(Redirect::to(&format!("/sell/listings/{id}")).into_response())
}

/// What the edit page shows besides the listing itself.
pub(crate) struct EditPage {
    listing: ListingDetail,
    form: Option<ListingForm>,
    errors: FieldErrors,
    notices: Vec<Notice>,
    status: StatusCode,
}

impl EditPage {
    pub(crate) fn of(listing: ListingDetail) -> Self {
        Self { listing, form: None, errors: FieldErrors::new(), notices: Vec::new(), status: StatusCode::OK }
    }

    pub(crate) fn with_notices(mut self, notices: Vec<String>) -> Self {
        self.notices.extend(notices.into_iter().map(Notice::info));
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }
}

pub(crate) async fn render_edit(state: &AppState, seller: &Seller, page: EditPage) -> Result<Response, Error> {
    let visitor = &seller.signed_in.visitor;
    let listing = &page.listing;
    let form = page.form.unwrap_or_else(|| ListingForm::of(listing, state));
    let count = listing.photos.len();
    let existing = ExistingListing {
        id: listing.id.get(),
        state: listing.state.label_fr(),
        public_url: listing.state.is_public().then(|| listing.url()),
        can_publish: matches!(listing.state, ListingState::Draft | ListingState::Inactive),
        can_deactivate: listing.state.is_public(),
        photos: listing
            .photos
            .iter()
            .enumerate()
            .map(|(i, photo)| PhotoTile {
                key: photo.key.to_string(),
                src: PictureView::new(photo, "", 340, "150px").src,
                first: i == 0,
                last: i + 1 == count,
            })
            .collect(),
        room: MAX_LISTING_PHOTOS.saturating_sub(count),
        max_photos: MAX_LISTING_PHOTOS,
        max_mb: state.settings.uploads.max_bytes / (1024 * 1024),
    };
    let mut notices = visitor.take_flash().await?;
    notices.extend(page.notices);
    let view = ListingFormView {
        layout: Layout::new(state, &listing.title, "Modifier la création.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        heading: listing.title.clone(),
        action: format!("/sell/listings/{}", listing.id),
        categories: category_groups(&state.taxonomy, &form.category),
        form,
        errors: page.errors,
        notices,
        existing: Some(existing),
    };
    Ok((page.status, Html(view.render()?)).into_response())
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let listing = own_listing(&state, &seller.shop, &id).await?;
    Ok(render_edit(&state, &seller, EditPage::of(listing)).await?)
}

pub(crate) async fn update(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
    PageForm(form): PageForm<ListingForm>,
) -> Result<Response, PageError> {
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let listing = own_listing(&state, &seller.shop, &id).await?;
    let draft = match form.parse(&state) {
        Ok(draft) => draft,
        Err(errors) => {
            let page = EditPage {
                listing,
                form: Some(form),
                errors,
                notices: Vec::new(),
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            return Ok(render_edit(&state, &seller, page).await?);
        }
    };
    // Stock decides between active and sold out; drafts stay drafts.
    let next = listing.state.with_stock(draft.quantity);
    state.db.update_listing(listing.id, &draft, next, Timestamp::now()).await?;
    visitor.flash_ok("Modifications enregistrées.").await?;
    Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response())
}

/// What every one-button form on a listing starts with: the seller, their
/// token checked, and the listing, which must be theirs.
async fn button(state: &AppState, seller: &Seller, id: &str, form: &CsrfOnly) -> Result<ListingDetail, Error> {
    seller.signed_in.visitor.verify_csrf(&form.csrf).await?;
    own_listing(state, &seller.shop, id).await
}

pub(crate) async fn publish(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let listing = button(&state, &seller, &id, &form).await?;
    let visitor = &seller.signed_in.visitor;
    let next = match listing.published_state() {
        Ok(next) => next,
        Err(why) => {
            let notice = format!("{}.", capitalised(&why.0));
            let page = EditPage::of(listing).with_notices(vec![notice]).with_status(StatusCode::UNPROCESSABLE_ENTITY);
            return Ok(render_edit(&state, &seller, page).await?);
        }
    };
    state.db.set_listing_state(listing.id, next, Timestamp::now()).await?;
    visitor.flash_ok("Publiée ! Votre création est en vente.").await?;
    Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response())
}

pub(crate) async fn deactivate(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let listing = button(&state, &seller, &id, &form).await?;
    let visitor = &seller.signed_in.visitor;
    state.db.set_listing_state(listing.id, ListingState::Inactive, Timestamp::now()).await?;
    visitor.flash_ok("Retirée de la vente. Vous pouvez la republier quand vous voulez.").await?;
    Ok(Redirect::to(&format!("/sell/listings/{}", listing.id)).into_response())
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    seller: Seller,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let listing = button(&state, &seller, &id, &form).await?;
    let visitor = &seller.signed_in.visitor;
    state.db.delete_listing(listing.id).await?;
    tracing::info!(listing = %listing.id, "listing deleted");
    visitor.flash_ok(format!("« {} » est supprimée.", listing.title)).await?;
    Ok(Redirect::to("/sell").into_response())
}
