//! `/search`: results with filters and facets, all in the URL so a search
//! can be shared, bookmarked and cached.

use crate::error::PageError;
use crate::params::Params;
use crate::search::{SearchRequest, run};
use crate::state::AppState;
use crate::views::{CardView, Layout, NavLink, Pagination, category_url, count_label, url_with};
use crate::visitor::Visitor;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use echoppe_domain::{Money, PageNumber, Taxonomy, group_digits};
use echoppe_search::{FacetCount, SearchQuery, SearchSort};

#[derive(Template)]
#[template(path = "search.html")]
struct SearchView {
    layout: Layout,
    q: String,
    notices: Vec<String>,
    heading: String,
    count: String,
    cards: Vec<CardView>,
    pagination: Option<Pagination>,
    sorts: Vec<SortOption>,
    min_price: String,
    max_price: String,
    /// Filters kept as hidden fields when the form changes sort or price.
    hidden: Vec<(&'static str, String)>,
    categories: Vec<FacetLink>,
    materials: Vec<FacetLink>,
    locations: Vec<FacetLink>,
    active: Vec<FacetLink>,
    correction: Option<FacetLink>,
    browse: Vec<NavLink>,
    searched: bool,
}

struct SortOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// A link that adds or removes one filter.
struct FacetLink {
    label: String,
    count: Option<String>,
    url: String,
}

/// The search as it stands in the URL, to make links that change one thing.
#[derive(Clone)]
struct Filters<'a> {
    q: String,
    category: Option<String>,
    min_price: Option<String>,
    max_price: Option<String>,
    materials: Vec<String>,
    location: Option<String>,
    sort: SearchSort,
    taxonomy: &'a Taxonomy,
}

impl Filters<'_> {
    fn url(&self) -> String {
        let mut params: Vec<(&str, Option<String>)> = vec![
            ("q", Some(self.q.clone()).filter(|q| !q.is_empty())),
            ("category", self.category.clone()),
            ("min_price", self.min_price.clone()),
            ("max_price", self.max_price.clone()),
        ];
        params.extend(self.materials.iter().map(|m| ("material", Some(m.clone()))));
        params.push(("location", self.location.clone()));
        params.push(("sort", (self.sort != SearchSort::Relevance).then(|| self.sort.as_str().to_owned())));
        url_with("/search", &params)
    }

    fn with(&self, change: impl FnOnce(&mut Self)) -> String {
        let mut next = self.clone();
        change(&mut next);
        next.url()
    }

    fn page_url(&self, page: u32) -> String {
        let base = self.url();
        if page <= 1 {
            return base;
        }
        let separator = if base.contains('?') { '&' } else { '?' };
        format!("{base}{separator}page={page}")
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    params: Params,
) -> Result<Response, PageError> {
    let request = SearchRequest::parse(&params, &state, false)?;
    let query = &request.query;
    let taxonomy = &state.taxonomy;
    let category_slug = query.category.and_then(|id| taxonomy.get(id)).map(|c| c.slug.to_string());

    // Nothing typed: browsing a category is what the category page is for.
    let nothing_typed = query.text.is_empty() && query.materials.is_empty() && query.location.is_none();
    if let (true, Some(slug)) = (nothing_typed, &category_slug) {
        let target = url_with(
            &format!("/c/{slug}"),
            &[
                ("min_price", params.text("min_price").map(str::to_owned)),
                ("max_price", params.text("max_price").map(str::to_owned)),
            ],
        );
        return Ok(Redirect::to(&target).into_response());
    }

    let filters = Filters {
        q: query.text.clone(),
        category: category_slug.clone(),
        min_price: params.text("min_price").map(str::to_owned),
        max_price: params.text("max_price").map(str::to_owned),
        materials: query.materials.clone(),
        location: query.location.clone(),
        sort: query.sort,
        taxonomy,
    };
    let searched = !query.text.is_empty() || category_slug.is_some() || !query.materials.is_empty();
    let results = if searched { Some(run(&state, query.clone()).await?) } else { None };
    let total = results.as_ref().map_or(0, |r| r.total);
    let last = PageNumber::last_for(i64::try_from(total).unwrap_or(i64::MAX), request.size);
    let cards = match &results {
        Some(results) => state.db.listing_cards(&results.ids).await?,
        None => Vec::new(),
    };

    let title = if query.text.is_empty() { "Recherche".to_owned() } else { format!("« {} »", query.text) };
    let mut layout =
        Layout::new(&state, &title, "Rechercher parmi les créations des artisans.", None).for_visitor(&visitor).await?;
    layout.search = query.text.clone();
    layout.canonical = Some(filters.page_url(request.page.get()));

    let facet_links =
        |counts: &[FacetCount], exact: bool, change: &dyn Fn(&mut Filters, &FacetCount)| -> Vec<FacetLink> {
            counts
                .iter()
                .map(|count| FacetLink {
                    label: count.label.clone(),
                    // Sampled counts on broad searches order the links but
                    // would mislead as numbers.
                    count: exact.then(|| group_digits(i64::try_from(count.count).unwrap_or(i64::MAX))),
                    url: filters.with(|f| change(f, count)),
                })
                .collect()
        };
    let (categories, materials, locations, correction) = match &results {
        Some(results) => (
            facet_links(&results.categories, true, &|f, c| f.category = Some(c.value.clone())),
            facet_links(
                &results.materials.iter().filter(|m| !query.materials.contains(&m.value)).cloned().collect::<Vec<_>>(),
                results.keyword_counts_exact,
                &|f, m| f.materials.push(m.value.clone()),
            ),
            if query.location.is_some() {
                Vec::new()
            } else {
                facet_links(&results.locations, results.keyword_counts_exact, &|f, l| {
                    f.location = Some(l.value.clone());
                })
            },
            results.correction.as_ref().map(|corrected| FacetLink {
                label: corrected.clone(),
                count: None,
                url: filters.with(|f| f.q.clone_from(corrected)),
            }),
        ),
        None => (Vec::new(), Vec::new(), Vec::new(), None),
    };
    let view = SearchView {
        heading: title,
        count: count_label(i64::try_from(total).unwrap_or(i64::MAX), "résultat", "résultats"),
        cards: CardView::all(&cards),
        pagination: Pagination::new(request.page.get(), last, |n| filters.page_url(n)),
        sorts: SearchSort::ALL
            .into_iter()
            .map(|sort| SortOption { value: sort.as_str(), label: sort.label_fr(), selected: sort == query.sort })
            .collect(),
        min_price: query
            .min_price_cents
            .and_then(|c| Money::euros(c).ok())
            .map(Money::format_field_fr)
            .unwrap_or_default(),
        max_price: query
            .max_price_cents
            .and_then(|c| Money::euros(c).ok())
            .map(Money::format_field_fr)
            .unwrap_or_default(),
        hidden: hidden_fields(&filters),
        categories,
        materials,
        locations,
        active: active_filters(&filters, query),
        correction,
        browse: taxonomy
            .top_level()
            .map(|c| NavLink { name: c.name.clone(), url: category_url(c), current: false })
            .collect(),
        searched,
        q: query.text.clone(),
        notices: request.notices,
        layout,
    };
    let mut response = Html(view.render().map_err(crate::error::Error::from)?).into_response();
    if searched {
        // For the statistics (kept with the page when it is cached).
        response.headers_mut().insert(crate::statistics::RESULTS_HEADER, total.into());
    }
    Ok(response)
}

fn hidden_fields(filters: &Filters<'_>) -> Vec<(&'static str, String)> {
    let mut hidden = Vec::new();
    if let Some(category) = &filters.category {
        hidden.push(("category", category.clone()));
    }
    hidden.extend(filters.materials.iter().map(|m| ("material", m.clone())));
    if let Some(location) = &filters.location {
        hidden.push(("location", location.clone()));
    }
    hidden
}

/// The filters in force, each with a link that removes it.
fn active_filters(filters: &Filters<'_>, query: &SearchQuery) -> Vec<FacetLink> {
    let mut active = Vec::new();
    if let Some(id) = query.category {
        let path = filters.taxonomy.path(id);
        let label = path.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" › ");
        // Removing a sub-category widens to its parent, then to everything.
        let parent = path.len().checked_sub(2).and_then(|i| path.get(i)).map(|c| c.slug.to_string());
        active.push(FacetLink { label, count: None, url: filters.with(|f| f.category = parent) });
    }
    for material in &filters.materials {
        let label = format!("Matériau : {material}");
        active.push(FacetLink { label, count: None, url: filters.with(|f| f.materials.retain(|m| m != material)) });
    }
    if let Some(town) = &filters.location {
        active.push(FacetLink {
            label: format!("Lieu : {town}"),
            count: None,
            url: filters.with(|f| f.location = None),
        });
    }
    if filters.min_price.is_some() || filters.max_price.is_some() {
        active.push(FacetLink {
            label: "Prix".to_owned(),
            count: None,
            url: filters.with(|f| {
                f.min_price = None;
                f.max_price = None;
            }),
        });
    }
    active
}
