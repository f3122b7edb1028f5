//! `/shop/{slug}`: a creator's shop and its creations.

use crate::error::{Error, PageError};
use crate::params::Params;
use crate::state::AppState;
use crate::views::{CardView, Layout, Pagination, PictureView, count_label, paragraphs, url_with};
use crate::visitor::Visitor;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use echoppe_domain::{ListingSort, PageNumber, PageSize, Slug};
use echoppe_storage::{ListingFilter, Window};

#[derive(Template)]
#[template(path = "shop.html")]
struct ShopView {
    layout: Layout,
    name: String,
    location: String,
    owner: String,
    since: i32,
    count: String,
    description: Vec<String>,
    cards: Vec<CardView>,
    pagination: Option<Pagination>,
    avatar: Option<PictureView>,
    initial: String,
    on_holiday: bool,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
    params: Params,
) -> Result<Html<String>, PageError> {
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let slug = Slug::parse(&slug).map_err(|_| Error::NotFound)?;
    let shop = state.db.shop_by_slug(&slug).await?.filter(|shop| !shop.suspended).ok_or(Error::NotFound)?;
    let size = PageSize::DEFAULT;
    let last = PageNumber::last_for(shop.listing_count, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }
    let listings = state
        .db
        .listings(
            &ListingFilter { shop: Some(shop.id), ..ListingFilter::default() },
            ListingSort::Newest,
            &Window::Offset { offset: page.offset(size), limit: size.get() },
        )
        .await?;

    let url = shop.url();
    let page_url = |n: u32| url_with(&url, &[("page", (n > 1).then(|| n.to_string()))]);
    let summary: String = shop.description.chars().take(155).collect();
    let mut layout = Layout::new(&state, &shop.name, &summary, None).for_visitor(&visitor).await?;
    layout.canonical = Some(page_url(page.get()));
    let view = ShopView {
        layout,
        count: count_label(shop.listing_count, "création", "créations"),
        description: paragraphs(&shop.description),
        since: shop.created_at.year(),
        avatar: shop.avatar.as_ref().map(|photo| PictureView::new(photo, &shop.name, 170, "76px")),
        initial: shop.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default(),
        on_holiday: shop.on_holiday,
        name: shop.name,
        location: shop.location,
        owner: shop.owner_name,
        cards: CardView::all(&listings.cards),
        pagination: Pagination::new(page.get(), last, page_url),
    };
    Ok(Html(view.render()?))
}
