//! Search for the web layer: reading a search from the URL (shared by the
//! page and the API), and running it through the results cache
//! ([`crate::search_cache`]).

use crate::error::Error;
use crate::params::Params;
use crate::state::AppState;
use echoppe_domain::{Money, PageNumber, PageSize, PriceRange, shorten};
use echoppe_search::{MAX_QUERY_CHARS, SearchQuery, SearchResults, SearchSort};
use std::sync::Arc;

/// Runs `query`, or answers from the cache.
pub(crate) async fn run(state: &AppState, query: SearchQuery) -> Result<Arc<SearchResults>, Error> {
    state.search_cache.run(&state.search, query).await.map_err(|error| Error::Search(error.to_string()))
}

/// A search read from the URL, with what the visitor should be told about it.
#[derive(Debug)]
pub(crate) struct SearchRequest {
    pub(crate) query: SearchQuery,
    pub(crate) page: PageNumber,
    pub(crate) size: PageSize,
    /// Things ignored or changed: shown on the page; in the API, a 400 instead
    /// (see `strict`).
    pub(crate) notices: Vec<String>,
}

impl SearchRequest {
    /// Reads `q`, `category`, `min_price`, `max_price`, `material` (repeated),
    /// `location`, `sort`, `page` and `limit`. Malformed values are 400s;
    /// values that are well-formed but unknown (a category or material no
    /// listing has) are ignored with a notice, or, when `strict` (the API),
    /// a 400.
    pub(crate) fn parse(params: &Params, state: &AppState, strict: bool) -> Result<Self, Error> {
        let mut query = SearchQuery::default();
        let mut notices = Vec::new();
        if query.set_text(params.text("q").unwrap_or_default()) {
            notices.push(format!("Votre recherche a été raccourcie à {MAX_QUERY_CHARS} caractères."));
        }
        let mut unknown = |param: &'static str, what: &str, value: &str| -> Result<(), Error> {
            if strict {
                return Err(Error::BadRequest {
                    param,
                    message: format!("{what} « {} » n'existe pas", shorten(value)),
                });
            }
            notices.push(format!("{what} « {} » n'existe pas : ce filtre est ignoré.", shorten(value)));
            Ok(())
        };
        if let Some(slug) = params.text("category") {
            match state.taxonomy.by_slug(slug) {
                Some(category) => query.category = Some(category.id),
                None => unknown("category", "La catégorie", slug)?,
            }
        }
        let price = PriceRange::parse(params.text("min_price"), params.text("max_price"))
            .map_err(|(param, invalid)| Error::bad(param, invalid))?;
        query.min_price_cents = price.min.map(Money::cents);
        query.max_price_cents = price.max.map(Money::cents);
        for material in params.all("material") {
            let folded = SearchQuery::keyword(material);
            if folded.is_empty() {
                continue;
            }
            if state.search.knows_material(&folded) {
                query.materials.push(folded);
            } else {
                unknown("material", "Le matériau", material)?;
            }
        }
        query.materials.sort();
        query.materials.dedup();
        if let Some(town) = params.text("location") {
            let folded = SearchQuery::town(town);
            if state.search.knows_location(&folded) {
                query.location = Some(folded);
            } else {
                unknown("location", "Le lieu", town)?;
            }
        }
        query.sort = params
            .parse("sort", |text| {
                SearchSort::parse(text).ok_or_else(|| {
                    echoppe_domain::Invalid::new(format!(
                        "« {} » n'est pas un tri possible (relevance, price_asc, price_desc ou newest)",
                        shorten(text)
                    ))
                })
            })?
            .unwrap_or_default();
        let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
        let size = params.parse("limit", PageSize::parse)?.unwrap_or(PageSize::DEFAULT);
        query.offset = page.offset(size);
        query.limit = size.get();
        Ok(Self { query, page, size, notices })
    }
}
