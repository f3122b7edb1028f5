//! `/`: the storefront's front window.

use super::views::{CardView, Layout, category_url};
use crate::accounts::Visitor;
use crate::error::PageError;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use echoppe_domain::{ListingSort, Taxonomy};
use echoppe_storage::{ListingFilter, Window};
use futures_util::future::try_join_all;

/// Cards per row of a home section: one row on a desktop.
const PER_ROW: u32 = 4;

#[derive(Template)]
#[template(path = "home.html")]
struct HomeView {
    layout: Layout,
    sections: Vec<Section>,
}

/// One top-level category. No count here: counting every listing of every
/// category is a scan of the whole catalogue, the single most expensive thing
/// the home page did; category pages show their own count.
struct Section {
    name: String,
    url: String,
    loved: Vec<CardView>,
    newest: Vec<CardView>,
}

pub(crate) async fn show(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, PageError> {
    let taxonomy: &Taxonomy = &state.taxonomy;
    // Each section reads its two rows independently; the read pool runs them side by side.
    let sections = try_join_all(taxonomy.top_level().map(|top| {
        let filter = ListingFilter { categories: taxonomy.subtree(top.id), ..ListingFilter::default() };
        let db = &state.db;
        async move {
            let window = Window::Offset { offset: 0, limit: PER_ROW };
            let (loved, newest) = futures_util::try_join!(
                db.listings(&filter, ListingSort::Popular, &window),
                db.listings(&filter, ListingSort::Newest, &window),
            )?;
            Ok::<_, echoppe_storage::Error>(Section {
                name: top.name.clone(),
                url: category_url(top),
                loved: CardView::all(&loved.cards),
                newest: CardView::all(&newest.cards),
            })
        }
    }))
    .await?;

    let view = HomeView {
        layout: Layout::new(
            &state,
            "",
            "Bijoux, vêtements, décoration, art : des créations faites main par des artisans indépendants.",
            None,
        )
        .for_visitor(&visitor)
        .await?,
        sections,
    };
    Ok(Html(view.render()?))
}
