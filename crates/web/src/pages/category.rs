//! `/c/{slug}`: the listings of a category and everything below it.

use crate::error::{Error, PageError};
use crate::params::Params;
use crate::state::AppState;
use crate::views::{CardView, Crumb, Layout, Pagination, category_url, count_label, url_with};
use crate::visitor::Visitor;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use echoppe_domain::{Category, ListingSort, Money, PageNumber, PageSize, PriceRange, group_digits};
use echoppe_storage::{ListingFilter, Window};

#[derive(Template)]
#[template(path = "category.html")]
struct CategoryView {
    layout: Layout,
    breadcrumb: Vec<Crumb>,
    name: String,
    count: String,
    chips: Vec<Chip>,
    action: String,
    sorts: Vec<SortOption>,
    min_price: String,
    max_price: String,
    filtered: bool,
    cards: Vec<CardView>,
    pagination: Option<Pagination>,
}

/// A link to a neighbouring category, with its count.
pub(crate) struct Chip {
    name: String,
    url: String,
    count: String,
    current: bool,
}

pub(crate) struct SortOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
    params: Params,
) -> Result<Html<String>, PageError> {
    let taxonomy = &state.taxonomy;
    let category = taxonomy.by_slug(&slug).ok_or(Error::NotFound)?;
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let sort = params.parse("sort", ListingSort::parse)?.unwrap_or_default();
    let price = PriceRange::parse(params.text("min_price"), params.text("max_price"))
        .map_err(|(param, invalid)| Error::bad(param, invalid))?;

    let filter = ListingFilter { categories: taxonomy.subtree(category.id), price, ..ListingFilter::default() };
    let size = PageSize::DEFAULT;
    let window = Window::Offset { offset: page.offset(size), limit: size.get() };
    // The neighbours shown as chips: a top-level category's children, or a
    // sub-category's siblings.
    let neighbours: Vec<&Category> = match category.parent {
        None => taxonomy.children(category.id).collect(),
        Some(parent) => taxonomy.children(parent).collect(),
    };
    // One GROUP BY gives the chips' counts and, without a price filter, the
    // total too (the sum over the category's subtree): counting is the most
    // expensive part of this page, so it is done once.
    let subtree = &filter.categories;
    let mut counted: Vec<_> = neighbours.iter().map(|c| c.id).chain(subtree.iter().copied()).collect();
    counted.sort_unstable();
    counted.dedup();
    let (listings, counts) = futures_util::try_join!(
        state.db.listings(&filter, sort, &window),
        state.db.listing_counts_by_category(&counted),
    )?;
    let total = if price.is_empty() {
        subtree.iter().filter_map(|id| counts.get(id)).sum()
    } else {
        state.db.count_listings(&filter).await?
    };
    let last = PageNumber::last_for(total, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }

    let base = category_url(category);
    let keep = |page: Option<u32>| {
        url_with(
            &base,
            &[
                ("sort", (sort != ListingSort::default()).then(|| sort.as_str().to_owned())),
                ("min_price", price.min.map(Money::format_plain)),
                ("max_price", price.max.map(Money::format_plain)),
                ("page", page.filter(|&n| n > 1).map(|n| n.to_string())),
            ],
        )
    };
    let root = taxonomy.root_of(category.id).map(|c| c.slug.as_str().to_owned());
    let mut title = category.name.clone();
    if page.get() > 1 {
        title.push_str(&format!(" – page {}", page.get()));
    }
    let mut layout = Layout::new(
        &state,
        &title,
        &format!(
            "{} faits main par des créateurs indépendants : {}.",
            category.name,
            count_label(total, "création", "créations")
        ),
        root.as_deref(),
    )
    .for_visitor(&visitor)
    .await?;
    layout.canonical = Some(keep(Some(page.get())));

    let mut breadcrumb = vec![Crumb { name: "Accueil".into(), url: "/".into() }];
    breadcrumb.extend(taxonomy.path(category.id).iter().map(|c| Crumb { name: c.name.clone(), url: category_url(c) }));

    let view = CategoryView {
        layout,
        breadcrumb,
        name: category.name.clone(),
        count: count_label(total, "création", "créations"),
        chips: neighbours
            .iter()
            .map(|c| Chip {
                name: c.name.clone(),
                url: category_url(c),
                count: group_digits(counts.get(&c.id).copied().unwrap_or(0)),
                current: c.id == category.id,
            })
            .collect(),
        action: base.clone(),
        sorts: ListingSort::ALL
            .iter()
            .map(|&s| SortOption { value: s.as_str(), label: s.label_fr(), selected: s == sort })
            .collect(),
        min_price: price.min.map(Money::format_field_fr).unwrap_or_default(),
        max_price: price.max.map(Money::format_field_fr).unwrap_or_default(),
        filtered: !price.is_empty(),
        cards: CardView::all(&listings.cards),
        pagination: Pagination::new(page.get(), last, |n| keep(Some(n))),
    };
    Ok(Html(view.render()?))
}
