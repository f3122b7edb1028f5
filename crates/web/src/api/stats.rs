//! `/shops/{slug}/stats`: a shop's figures for its owner, the same as the
//! seller's dashboard shows, day by day.

use crate::api::caller::Caller;
use crate::error::{ApiError, Error, ErrorBody};
use crate::params::Params;
use crate::sell::stats::{Figures, Period};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use echoppe_domain::{Slug, Timestamp};
use serde::Serialize;
use utoipa::ToSchema;

const DAY: i64 = 86_400;

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShopStatsDto {
    #[schema(example = "atelier-margaux")]
    shop: String,
    /// 7, 30 or 365.
    period_days: u32,
    totals: TotalsDto,
    /// One per day (UTC), oldest first.
    days: Vec<DayDto>,
    /// The listings most looked at, most first (at most 10).
    top_listings: Vec<ListingStatsDto>,
    /// The searches whose results led buyers to the shop (at most 10).
    top_searches: Vec<SearchDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TotalsDto {
    views: u64,
    /// A visit is a visitor's hour on the shop.
    visits: u64,
    /// Distinct visitors over the period (estimated, about 1.6% error).
    visitors: u64,
    favourites: u64,
    cart_adds: u64,
    orders: u64,
    revenue_cents: i64,
    /// Orders per hundred views of the shop's listings (robots apart), the
    /// same measure as each listing's on the dashboard; absent without views.
    conversion_percent: Option<f64>,
    /// Some browser figures of the period were sampled or dropped (the site
    /// was in busy or surge mode); orders and favourites never are.
    sampled: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DayDto {
    #[schema(example = "2026-12-02")]
    date: String,
    views: u64,
    visits: u64,
    visitors: u64,
    favourites: u64,
    cart_adds: u64,
    orders: u64,
    revenue_cents: i64,
    /// Views by robots, counted apart.
    bot_views: u64,
    sampled: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListingStatsDto {
    id: i64,
    /// Absent once the listing is deleted.
    title: Option<String>,
    views: u64,
    favourites: u64,
    orders: u64,
    revenue_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchDto {
    term: String,
    views: u64,
}

/// A shop's statistics, for its owner.
#[utoipa::path(
    get,
    path = "/shops/{slug}/stats",
    tag = "statistics",
    security(("bearer" = []), ("session" = [])),
    params(
        ("slug" = String, Path, description = "The shop's slug"),
        ("period" = Option<u32>, Query, description = "Days: 7, 30 (default) or 365"),
    ),
    responses(
        (status = OK, body = ShopStatsDto),
        (status = BAD_REQUEST, description = "A period other than 7, 30 or 365", body = ErrorBody),
        (status = UNAUTHORIZED, body = ErrorBody),
        (status = FORBIDDEN, description = "Another seller's shop", body = ErrorBody),
        (status = NOT_FOUND, description = "No shop has this slug", body = ErrorBody),
    )
)]
pub(crate) async fn shop_stats(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    params: Params,
) -> Result<Json<ShopStatsDto>, ApiError> {
    let period = Period::from_params(&params)?;
    let slug = Slug::parse(&slug).map_err(|_| Error::NotFound)?;
    let shop = state.db.shop_by_slug(&slug).await?.ok_or(Error::NotFound)?;
    if shop.owner != caller.account.id {
        return Err(Error::Forbidden("seul le vendeur de cette boutique voit ses statistiques").into());
    }
    let figures = Figures::of(&state, shop.id, period).await?;
    let visits = figures.total(|d| d.visits);
    let views = figures.total(|d| d.tally.views);
    let orders = figures.total(|d| d.tally.orders);
    let totals = TotalsDto {
        views,
        visits,
        visitors: figures.visitors,
        favourites: figures.total(|d| d.tally.favourites),
        cart_adds: figures.total(|d| d.tally.cart_adds),
        orders,
        revenue_cents: figures.revenue_cents(),
        conversion_percent: crate::sell::stats::conversion_percent(orders, views),
        sampled: !figures.sampled_days.is_empty(),
    };
    let days = figures
        .days
        .iter()
        .map(|d| DayDto {
            date: Timestamp::from_unix(d.day * DAY).iso_date(),
            views: d.tally.views,
            visits: d.visits,
            visitors: d.visitors,
            favourites: d.tally.favourites,
            cart_adds: d.tally.cart_adds,
            orders: d.tally.orders,
            revenue_cents: d.tally.revenue_cents,
            bot_views: d.tally.bot_views,
            sampled: figures.sampled(d.day),
        })
        .collect();
    Ok(Json(ShopStatsDto {
        shop: shop.slug.to_string(),
        period_days: period.days(),
        totals,
        days,
        top_listings: figures
            .listings
            .iter()
            .map(|l| ListingStatsDto {
                id: l.listing.get(),
                title: l.title.clone(),
                views: l.tally.views,
                favourites: l.tally.favourites,
                orders: l.tally.orders,
                revenue_cents: l.tally.revenue_cents,
            })
            .collect(),
        top_searches: figures.terms.iter().map(|t| SearchDto { term: t.term.clone(), views: t.views }).collect(),
    }))
}
