//! `/listing/{id}` (a trailing `-{slug}` is allowed): one creation.

use crate::error::{Error, PageError};
use crate::state::AppState;
use crate::views::{CardView, Crumb, Layout, PictureView, availability, category_url, count_label, paragraphs};
use crate::visitor::{Visitor, login_url};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use echoppe_domain::{ListingId, ListingSort, ListingState, PhotoFormat, PhotoVariant, group_digits};
use echoppe_storage::{ListingFilter, Window};

/// How many other creations of the shop the page suggests.
const MORE_FROM_SHOP: u32 = 8;
/// The gallery's main image fills the left column on desktops, the screen on phones.
const GALLERY_SIZES: &str = "(max-width: 900px) 100vw, 680px";
const THUMB_SIZES: &str = "72px";

#[derive(Template)]
#[template(path = "listing.html")]
struct ListingView {
    layout: Layout,
    /// For the statistics beacon's views.
    id: i64,
    /// The beacon counts every view of this page, not only the ones the
    /// browser showed from its cache.
    views_counted_in_browser: bool,
    breadcrumb: Vec<Crumb>,
    title: String,
    price: String,
    stock: String,
    sold_out: bool,
    favourites: Option<String>,
    photos: Vec<PictureView>,
    thumbs: Vec<PictureView>,
    description: Vec<String>,
    tags: Vec<String>,
    materials: Vec<String>,
    shop: ShopBox,
    published: String,
    more: Vec<CardView>,
    heart: Heart,
    /// The shop's owner looking at their own listing gets a link to edit it.
    edit_url: Option<String>,
    on_holiday: bool,
    buy: Option<BuyBox>,
}

/// "Add to cart". The form posts the price shown, so a price changed
/// meanwhile is noticed. Anonymous pages carry no token (they are the same
/// for everyone); the cart accepts their posts by origin.
struct BuyBox {
    listing: i64,
    price_cents: i64,
    max: i64,
    csrf: String,
}

/// The favourite button: a form for signed-in people, a way to sign in for others.
enum Heart {
    SignIn { url: String },
    Toggle { csrf: String, action_url: String, favourite: bool },
}

struct ShopBox {
    shipping: String,
    name: String,
    url: String,
    location: String,
    owner: String,
    since: i32,
    listings: String,
}

/// Takes the id from `123` or `123-bague-en-argent`.
fn listing_id(segment: &str) -> Option<ListingId> {
    let digits = segment.split_once('-').map_or(segment, |(id, _)| id);
    ListingId::parse(digits).ok()
}

pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(segment): Path<String>,
) -> Result<axum::response::Response, PageError> {
    let id = listing_id(&segment).ok_or(Error::NotFound)?;
    let listing = state.db.listing(id).await?.ok_or(Error::NotFound)?;
    let shop_id = listing.shop.id;
    // Drafts, withdrawn listings and those of a suspended shop do not exist as
    // far as buyers are concerned.
    if !listing.state.is_public() || listing.shop.suspended {
        return Err(Error::NotFound.into());
    }
    let heart = match &visitor.account {
        Some(account) => Heart::Toggle {
            csrf: visitor.csrf_token().await?,
            action_url: format!("/listing/{id}/favourite"),
            favourite: state.db.is_favourite(account.id, id).await?,
        },
        None => Heart::SignIn { url: login_url(&listing.url()) },
    };
    let edit_url = visitor
        .account
        .as_ref()
        .filter(|account| account.id == listing.shop.owner)
        .map(|_| format!("/sell/listings/{id}"));
    let more = state
        .db
        .listings(
            &ListingFilter { shop: Some(listing.shop.id), exclude: Some(id), ..ListingFilter::default() },
            ListingSort::Newest,
            &Window::Offset { offset: 0, limit: MORE_FROM_SHOP },
        )
        .await?;

    let taxonomy = &state.taxonomy;
    let path = taxonomy.path(listing.category);
    let mut breadcrumb = vec![Crumb { name: "Accueil".into(), url: "/".into() }];
    breadcrumb.extend(path.iter().map(|c| Crumb { name: c.name.clone(), url: category_url(c) }));

    let summary: String = listing.description.chars().take(155).collect();
    let root = path.first().map(|c| c.slug.as_str());
    let mut layout = Layout::new(&state, &listing.title, &summary, root).for_visitor(&visitor).await?;
    layout.canonical = Some(listing.url());
    layout.image = listing.photos.first().map(|p| p.url(PhotoVariant { width: 680, format: PhotoFormat::Jpeg }));

    let sold_out = listing.state == ListingState::SoldOut || listing.quantity <= 0;
    let stock = if sold_out {
        "Épuisé — cette création n'est plus disponible pour le moment".to_owned()
    } else {
        match availability(listing.quantity) {
            Some(scarce) => scarce.to_owned(),
            None => format!("En stock ({} disponibles)", listing.quantity),
        }
    };
    let buy = if sold_out || listing.shop.on_holiday {
        None
    } else {
        Some(BuyBox {
            listing: id.get(),
            price_cents: listing.price.cents(),
            max: listing.quantity.min(crate::cart::MAX_QUANTITY),
            csrf: if visitor.account.is_some() { visitor.csrf_token().await? } else { String::new() },
        })
    };
    let view = ListingView {
        id: id.get(),
        views_counted_in_browser: state.settings.views_counted_in_browser,
        buy,
        layout,
        breadcrumb,
        price: listing.price.format_fr(),
        stock,
        sold_out,
        favourites: match listing.favourite_count {
            ..=0 => None,
            1 => Some("1 personne l'a dans ses favoris".to_owned()),
            n => Some(format!("{} personnes l'ont dans leurs favoris", group_digits(n))),
        },
        photos: listing
            .photos
            .iter()
            .enumerate()
            .map(|(i, p)| PictureView::new(p, &format!("{} — photo {}", listing.title, i + 1), 680, GALLERY_SIZES))
            .collect(),
        thumbs: listing.photos.iter().map(|p| PictureView::new(p, "", 170, THUMB_SIZES)).collect(),
        description: paragraphs(&listing.description),
        tags: listing.tags,
        materials: listing.materials,
        shop: ShopBox {
            shipping: shipping_label(listing.shop.shipping),
            url: listing.shop.url(),
            name: listing.shop.name,
            location: listing.shop.location,
            owner: listing.shop.owner_name,
            since: listing.shop.created_at.year(),
            listings: count_label(listing.shop.listing_count, "création", "créations"),
        },
        published: listing.created_at.format_fr(),
        title: listing.title,
        more: CardView::all(&more.cards),
        heart,
        edit_url,
        on_holiday: listing.shop.on_holiday,
    };
    let mut response = axum::response::IntoResponse::into_response(Html(view.render()?));
    // For the statistics' census (kept with the page when it is cached): it
    // then needs no lookup to know whose listing was seen.
    response.headers_mut().insert(crate::statistics::SHOP_HEADER, shop_id.get().into());
    Ok(response)
}

/// "Livraison : 4,90 €", or free.
fn shipping_label(shipping: echoppe_domain::Money) -> String {
    if shipping.cents() == 0 { "Livraison offerte".to_owned() } else { format!("Livraison : {}", shipping.format_fr()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_first_segment_part() {
        assert_eq!(listing_id("42").map(ListingId::get), Some(42));
        assert_eq!(listing_id("42-bague-en-argent").map(ListingId::get), Some(42));
        for bad in ["", "-42", "bague-42", "4x2-bague", "0"] {
            assert!(listing_id(bad).is_none(), "{bad:?}");
        }
    }
}
