//! `/search` and `/suggest`.

use super::schema::ListingSummary;
use crate::error::{ApiError, ErrorBody};
use crate::params::Params;
use crate::search::{SearchRequest, run};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use echoppe_search::FacetCount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResponse {
    /// Listings matching, all pages together.
    total: u64,
    listings: Vec<ListingSummary>,
    facets: Facets,
    /// When nothing matched: the query with unknown words corrected.
    correction: Option<String>,
    /// Things changed in the request, such as a query cut to 200 characters.
    notices: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Facets {
    /// Sub-categories of the `category` filter (top-level categories without one).
    categories: Vec<FacetValue>,
    materials: Vec<FacetValue>,
    locations: Vec<FacetValue>,
    /// Whether material and location counts cover every result. On broad
    /// searches they are counted over the first results only: their order
    /// is meaningful, their numbers are a sample.
    keyword_counts_exact: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FacetValue {
    /// What to pass back as the filter's value.
    #[schema(example = "laiton")]
    value: String,
    #[schema(example = "Laiton")]
    label: String,
    count: u64,
}

fn values(counts: &[FacetCount]) -> Vec<FacetValue> {
    counts.iter().map(|c| FacetValue { value: c.value.clone(), label: c.label.clone(), count: c.count }).collect()
}

/// Full-text search over listings, with filters and facets.
#[utoipa::path(
    get,
    path = "/search",
    tag = "catalogue",
    params(
        ("q" = Option<String>, Query, description = "Words to search; typos tolerated in words of 5+ letters", example = "collier lune"),
        ("category" = Option<String>, Query, description = "Category slug; includes its sub-categories"),
        ("min_price" = Option<String>, Query, description = "Lowest price in euros, inclusive"),
        ("max_price" = Option<String>, Query, description = "Highest price in euros, inclusive"),
        ("material" = Option<Vec<String>>, Query, description = "A material (repeat for several); from `facets.materials`"),
        ("location" = Option<String>, Query, description = "The shop's town; from `facets.locations`"),
        ("sort" = Option<String>, Query, description = "`relevance` (default), `price_asc`, `price_desc` or `newest`"),
        ("page" = Option<u32>, Query, description = "Page, from 1"),
        ("limit" = Option<u32>, Query, description = "Listings per page, 1 to 100 (default 24)"),
    ),
    responses(
        (status = OK, body = SearchResponse),
        (status = BAD_REQUEST, description = "A parameter is malformed, or names a category, material or town no listing has", body = ErrorBody),
    )
)]
pub(crate) async fn search(State(state): State<AppState>, params: Params) -> Result<Json<SearchResponse>, ApiError> {
    let request = SearchRequest::parse(&params, &state, true)?;
    let results = run(&state, request.query).await?;
    let cards = state.db.listing_cards(&results.ids).await?;
    Ok(Json(SearchResponse {
        total: results.total,
        listings: cards.iter().map(ListingSummary::from).collect(),
        facets: Facets {
            categories: values(&results.categories),
            materials: values(&results.materials),
            locations: values(&results.locations),
            keyword_counts_exact: results.keyword_counts_exact,
        },
        correction: results.correction.clone(),
        notices: request.notices,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SuggestResponse {
    suggestions: Vec<SuggestionDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SuggestionDto {
    #[schema(example = "collier lune")]
    text: String,
    /// Where the suggestion leads: a search, or a category page.
    #[schema(example = "/search?q=collier+lune")]
    url: String,
}

/// Completions of what is being typed: categories, tags and words used by
/// listings, most used first. Meant for every key press.
#[utoipa::path(
    get,
    path = "/suggest",
    tag = "catalogue",
    params(("q" = Option<String>, Query, description = "What has been typed so far", example = "coll")),
    responses((status = OK, body = SuggestResponse))
)]
pub(crate) async fn suggest(State(state): State<AppState>, params: Params) -> Result<Json<SuggestResponse>, ApiError> {
    let typed: String = params.text("q").unwrap_or_default().chars().take(echoppe_search::MAX_QUERY_CHARS).collect();
    let found = state.search.suggest(&typed, 8).await.map_err(|e| crate::error::Error::Search(e.to_string()))?;
    let suggestions = found
        .into_iter()
        .map(|s| SuggestionDto {
            url: match &s.category {
                Some(slug) => format!("/c/{slug}"),
                None => crate::views::url_with("/search", &[("q", Some(s.text.clone()))]),
            },
            text: s.text,
        })
        .collect();
    Ok(Json(SuggestResponse { suggestions }))
}
