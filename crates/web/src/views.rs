//! View models: what templates show, already formatted. Templates stay free of
//! logic; everything here is plain data and unit-testable.

use crate::assets;
use crate::error::Error;
use crate::state::AppState;
use crate::visitor::Visitor;
use echoppe_domain::{Category, ListingCard, Photo, PhotoFormat, PhotoVariant, group_digits};

/// What the layout around every page needs.
#[derive(Debug)]
pub(crate) struct Layout {
    pub title: String,
    pub description: String,
    pub canonical: Option<String>,
    pub image: Option<String>,
    pub nav: Vec<NavLink>,
    pub stylesheet: String,
    /// The statistics beacon's script.
    pub beacon: String,
    /// A script of the page's own, besides the beacon (the operators' live
    /// page refreshes its figures with one).
    pub script: Option<String>,
    pub icon: String,
    pub site_name: String,
    /// The signed-in person's links in the header; `None` shows "sign in".
    pub account: Option<AccountNav>,
    /// What the header's search box shows (the current search, on its page).
    pub search: String,
    /// The platform is in surge mode: a discreet line says why payment may
    /// come by mail. (Cached pages are rendered again when this changes.)
    pub surge: bool,
}

/// The header's links for a signed-in person.
#[derive(Debug)]
pub(crate) struct AccountNav {
    pub name: String,
    /// For the sign-out form.
    pub csrf: String,
    pub admin: bool,
}

#[derive(Debug)]
pub(crate) struct NavLink {
    pub name: String,
    pub url: String,
    pub current: bool,
}

impl Layout {
    /// A layout whose title reads "`title` · echoppe"; the top-level category
    /// `current` (a slug) is highlighted in the menu.
    pub(crate) fn new(state: &AppState, title: &str, description: &str, current: Option<&str>) -> Self {
        let site = &state.settings.site_name;
        Self {
            title: if title.is_empty() { site.clone() } else { format!("{title} · {site}") },
            description: description.to_owned(),
            canonical: None,
            image: None,
            nav: state
                .taxonomy
                .top_level()
                .map(|c| NavLink {
                    name: c.name.clone(),
                    url: category_url(c),
                    current: current == Some(c.slug.as_str()),
                })
                .collect(),
            stylesheet: assets::stylesheet_url(),
            beacon: assets::beacon_url(),
            script: None,
            icon: assets::icon_url(),
            site_name: site.clone(),
            account: None,
            search: String::new(),
            surge: state.modes.current() == echoppe_shield::Mode::Surge,
        }
    }

    /// The same layout with the header showing who is signed in. Pages that
    /// call this vary per person; the anonymous version stays the same for all.
    pub(crate) async fn for_visitor(mut self, visitor: &Visitor) -> Result<Self, Error> {
        if let Some(account) = &visitor.account {
            self.account = Some(AccountNav {
                name: account.display_name.clone(),
                csrf: visitor.csrf_token().await?,
                admin: account.is_admin(),
            });
        }
        Ok(self)
    }
}

pub(crate) fn category_url(category: &Category) -> String {
    format!("/c/{}", category.slug)
}

/// A breadcrumb step.
#[derive(Debug)]
pub(crate) struct Crumb {
    pub name: String,
    pub url: String,
}

/// A responsive `<picture>`: WebP for browsers that take it, JPEG otherwise.
#[derive(Debug)]
pub(crate) struct PictureView {
    pub src: String,
    pub webp_srcset: String,
    pub jpeg_srcset: String,
    pub sizes: &'static str,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

impl PictureView {
    /// `default_width` is the variant old browsers get; `sizes` tells the others
    /// how wide the image is drawn so they pick from the srcset.
    pub(crate) fn new(photo: &Photo, alt: &str, default_width: u32, sizes: &'static str) -> Self {
        let default = PhotoVariant { width: default_width, format: PhotoFormat::Jpeg };
        Self {
            src: photo.url(default),
            webp_srcset: photo.srcset(PhotoFormat::WebP),
            jpeg_srcset: photo.srcset(PhotoFormat::Jpeg),
            sizes,
            width: default_width.min(photo.width),
            height: photo.scaled_height(default_width),
            alt: alt.to_owned(),
        }
    }
}

/// How wide a thumbnail is drawn beside a cart line or an order's item.
pub(crate) const THUMBNAIL_SIZES: &str = "64px";

/// How wide a card's photo is drawn: two columns on phones, up to four on desktops.
const CARD_SIZES: &str = "(max-width: 640px) 50vw, (max-width: 1100px) 33vw, 270px";

/// A listing in a grid.
#[derive(Debug)]
pub(crate) struct CardView {
    /// For the statistics beacon's impressions.
    pub id: i64,
    pub url: String,
    pub title: String,
    pub price: String,
    pub shop_name: String,
    pub shop_url: String,
    pub availability: Option<&'static str>,
    pub picture: Option<PictureView>,
}

impl CardView {
    pub(crate) fn new(card: &ListingCard) -> Self {
        Self {
            id: card.id.get(),
            url: card.url(),
            title: card.title.clone(),
            price: card.price.format_fr(),
            shop_name: card.shop.name.clone(),
            shop_url: format!("/shop/{}", card.shop.slug),
            availability: availability(card.quantity),
            // The photo is inside the link beside the title, which names the
            // same thing: an empty alt keeps screen readers from reading the
            // title twice per card.
            picture: card.cover.as_ref().map(|photo| PictureView::new(photo, "", 340, CARD_SIZES)),
        }
    }

    pub(crate) fn all(cards: &[ListingCard]) -> Vec<Self> {
        cards.iter().map(Self::new).collect()
    }
}

/// A word about stock when it matters to a buyer: sold out, or nearly.
pub(crate) fn availability(quantity: i64) -> Option<&'static str> {
    match quantity {
        ..=0 => Some("Épuisé"),
        1 => Some("Dernier exemplaire"),
        2..=3 => Some("Plus que quelques exemplaires"),
        _ => None,
    }
}

/// `0 création`, `1 création`, `1 234 créations`: French uses the singular for 0 and 1.
pub(crate) fn count_label(n: i64, singular: &str, plural: &str) -> String {
    format!("{} {}", group_digits(n), if n <= 1 { singular } else { plural })
}

/// Splits text written by a seller into paragraphs at blank lines.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// Numbered pagination with the current page's neighbours and the ends.
#[derive(Debug)]
pub(crate) struct Pagination {
    pub previous: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

#[derive(Debug)]
pub(crate) struct PageLink {
    /// `None` draws an ellipsis.
    pub number: Option<u32>,
    pub url: String,
    pub current: bool,
}

impl Pagination {
    /// `url_of(n)` gives the URL of page `n`. `None` when everything fits on one page.
    pub(crate) fn new(current: u32, last: u32, url_of: impl Fn(u32) -> String) -> Option<Self> {
        if last <= 1 {
            return None;
        }
        let mut links = Vec::new();
        let mut previous_shown = 0;
        for n in 1..=last {
            let near = n.abs_diff(current) <= 2;
            if n == 1 || n == last || near {
                if previous_shown != 0 && n > previous_shown + 1 {
                    links.push(PageLink { number: None, url: String::new(), current: false });
                }
                links.push(PageLink { number: Some(n), url: url_of(n), current: n == current });
                previous_shown = n;
            }
        }
        Some(Self {
            previous: (current > 1).then(|| url_of(current - 1)),
            next: (current < last).then(|| url_of(current + 1)),
            links,
        })
    }
}

/// Builds `path?key=value&…` from the parameters that are set, in order.
pub(crate) fn url_with(path: &str, params: &[(&str, Option<String>)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (key, value) in params {
        if let Some(value) = value {
            query.append_pair(key, value);
            any = true;
        }
    }
    if any { format!("{path}?{}", query.finish()) } else { path.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count_label(1, "création", "créations"), "1 création");
        assert_eq!(count_label(0, "création", "créations"), "0 création");
        assert_eq!(count_label(2, "création", "créations"), "2 créations");
    }

    #[test]
    fn pagination_shows_ends_neighbours_and_gaps() {
        let p = Pagination::new(10, 40, |n| format!("?page={n}")).unwrap();
        let numbers: Vec<_> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(40)]);
        assert_eq!(p.previous.as_deref(), Some("?page=9"));
        assert_eq!(p.next.as_deref(), Some("?page=11"));
        assert!(p.links.iter().any(|l| l.current && l.number == Some(10)));
        assert!(Pagination::new(1, 1, |n| n.to_string()).is_none());
        let first = Pagination::new(1, 3, |n| n.to_string()).unwrap();
        assert!(first.previous.is_none() && first.next.is_some());
    }

    #[test]
    fn urls_keep_only_set_parameters() {
        assert_eq!(url_with("/c/bijoux", &[("sort", None), ("page", None)]), "/c/bijoux");
        assert_eq!(
            url_with("/c/bijoux", &[("sort", Some("price_asc".into())), ("min_price", Some("10,5".into()))]),
            "/c/bijoux?sort=price_asc&min_price=10%2C5"
        );
    }

    #[test]
    fn stock_words() {
        assert_eq!(availability(0), Some("Épuisé"));
        assert_eq!(availability(1), Some("Dernier exemplaire"));
        assert_eq!(availability(12), None);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs("Un.\n\n\n\nDeux\nsuite.\n\n  "), ["Un.", "Deux\nsuite."]);
    }
}
