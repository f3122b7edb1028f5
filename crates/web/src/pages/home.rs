//! `/`: the storefront's front window, short enough to scan: the
//! categories as tiles, then one row of favourites per category with a
//! link to see more (two rows per category made the page 8,900 px long on a
//! desktop and 13,300 px on a phone).

use crate::error::PageError;
use crate::state::AppState;
use crate::views::{CardView, Layout, PictureView, category_url};
use crate::visitor::Visitor;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use echoppe_domain::{ListingSort, Taxonomy};
use echoppe_storage::{ListingFilter, Window};
use futures_util::future::try_join_all;

/// Cards per row of a home section: one row on a desktop (a phone shows
/// the first two).
const PER_ROW: u32 = 4;

/// How wide a category tile's photo is drawn: a strip on phones, five across on desktops.
const TILE_SIZES: &str = "(max-width: 700px) 132px, 220px";

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
    /// The tile's photo: the cover of the category's favourite.
    tile: Option<PictureView>,
    loved: Vec<CardView>,
}

pub(crate) async fn show(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, PageError> {
    let taxonomy: &Taxonomy = &state.taxonomy;
    // Each section reads its row independently; the read pool runs them side by side.
    let sections = try_join_all(taxonomy.top_level().map(|top| {
        let filter = ListingFilter { categories: taxonomy.subtree(top.id), ..ListingFilter::default() };
        let db = &state.db;
        async move {
            let window = Window::Offset { offset: 0, limit: PER_ROW };
            let loved = db.listings(&filter, ListingSort::Popular, &window).await?;
            Ok::<_, echoppe_storage::Error>(Section {
                name: top.name.clone(),
                url: category_url(top),
                tile: loved
                    .cards
                    .iter()
                    .find_map(|card| card.cover.as_ref())
                    .map(|photo| PictureView::new(photo, "", 340, TILE_SIZES)),
                loved: CardView::all(&loved.cards),
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
