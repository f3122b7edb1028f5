//! The catalogue as buyers see it: categories, shops and listings.

use crate::{CategoryId, Invalid, ListingId, Money, Photo, ShopId, Slug, Timestamp, UserId};
use std::collections::HashMap;

/// Where a listing is in its life. Only `Active` and `SoldOut` listings are shown
/// to buyers; a draft is the seller's work in progress, an inactive listing was
/// withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListingState {
    Draft,
    Active,
    SoldOut,
    Inactive,
}

impl ListingState {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        match text {
            "draft" => Ok(Self::Draft),
            "active" => Ok(Self::Active),
            "sold_out" => Ok(Self::SoldOut),
            "inactive" => Ok(Self::Inactive),
            other => Err(Invalid::new(format!("état d'annonce inconnu « {other} »"))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::SoldOut => "sold_out",
            Self::Inactive => "inactive",
        }
    }

    /// Whether buyers may see a listing in this state at all.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Active | Self::SoldOut)
    }

    /// The state a listing takes when its stock becomes `quantity`: an active
    /// listing with none left is sold out, a sold-out one restocked is active
    /// again; drafts and withdrawn listings stay as they are.
    pub fn with_stock(self, quantity: i64) -> Self {
        match self {
            Self::Active | Self::SoldOut if quantity == 0 => Self::SoldOut,
            Self::Active | Self::SoldOut => Self::Active,
            other => other,
        }
    }

    /// What the seller sees beside the listing.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Draft => "brouillon",
            Self::Active => "en vente",
            Self::SoldOut => "épuisée",
            Self::Inactive => "retirée",
        }
    }
}

/// A node of the category taxonomy: a top-level category (`parent` is `None`)
/// or one of its sub-categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: CategoryId,
    pub parent: Option<CategoryId>,
    pub slug: Slug,
    pub name: String,
    pub position: i64,
}

/// The whole category tree, small enough (a few dozen nodes) to be held in
/// memory and consulted without a query on every page.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    categories: Vec<Category>,
    by_id: HashMap<CategoryId, usize>,
    by_slug: HashMap<Slug, usize>,
}

impl Taxonomy {
    /// Builds the tree from its nodes, in any order; siblings are kept in `position` order.
    pub fn new(mut categories: Vec<Category>) -> Self {
        categories.sort_by_key(|c| (c.parent.is_some(), c.position, c.id));
        let by_id = categories.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let by_slug = categories.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect();
        Self { categories, by_id, by_slug }
    }

    pub fn all(&self) -> &[Category] {
        &self.categories
    }

    pub fn get(&self, id: CategoryId) -> Option<&Category> {
        self.by_id.get(&id).map(|&i| &self.categories[i])
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Category> {
        Slug::parse(slug).ok().and_then(|slug| self.by_slug.get(&slug)).map(|&i| &self.categories[i])
    }

    pub fn top_level(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(|c| c.parent.is_none())
    }

    pub fn children(&self, id: CategoryId) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(move |c| c.parent == Some(id))
    }

    /// The path from the top of the tree down to `id`, for breadcrumbs.
    pub fn path(&self, id: CategoryId) -> Vec<&Category> {
        let mut path = Vec::new();
        let mut next = self.get(id);
        // The depth bound guards against a cycle in hand-edited data.
        while let Some(category) = next.filter(|_| path.len() < 8) {
            path.push(category);
            next = category.parent.and_then(|parent| self.get(parent));
        }
        path.reverse();
        path
    }

    /// `id` and every category below it: what "listings in this category" covers.
    pub fn subtree(&self, id: CategoryId) -> Vec<CategoryId> {
        let mut ids = vec![id];
        let mut i = 0;
        while let Some(&current) = ids.get(i) {
            ids.extend(self.children(current).map(|c| c.id));
            i += 1;
        }
        ids
    }

    /// The top-level category `id` belongs to.
    pub fn root_of(&self, id: CategoryId) -> Option<&Category> {
        self.path(id).into_iter().next()
    }
}

/// A creator's shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shop {
    pub id: ShopId,
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub location: String,
    pub owner: UserId,
    pub owner_name: String,
    pub avatar: Option<Photo>,
    /// What the shop charges to ship one order.
    pub shipping: Money,
    /// The maker is away: the shop and its listings stay reachable, but leave
    /// the browsing lists and search until they are back.
    pub on_holiday: bool,
    /// An admin took the shop down: it and its listings are gone from the storefront.
    pub suspended: bool,
    pub created_at: Timestamp,
    /// Listings buyers can see (active or sold out).
    pub listing_count: i64,
}

impl Shop {
    pub fn url(&self) -> String {
        format!("/shop/{}", self.slug)
    }
}

/// What a listing card on a grid needs to know about its shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopCard {
    pub slug: Slug,
    pub name: String,
}

/// A listing as a card in a grid: enough to draw it and link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingCard {
    pub id: ListingId,
    pub title: String,
    pub price: Money,
    pub state: ListingState,
    pub quantity: i64,
    pub cover: Option<Photo>,
    pub shop: ShopCard,
    pub created_at: Timestamp,
}

impl ListingCard {
    pub fn url(&self) -> String {
        listing_url(self.id, &self.title)
    }
}

/// Everything the listing page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingDetail {
    pub id: ListingId,
    pub shop: Shop,
    pub category: CategoryId,
    pub title: String,
    pub description: String,
    pub price: Money,
    pub quantity: i64,
    pub state: ListingState,
    pub tags: Vec<String>,
    pub materials: Vec<String>,
    pub photos: Vec<Photo>,
    pub favourite_count: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl ListingDetail {
    pub fn url(&self) -> String {
        listing_url(self.id, &self.title)
    }

    /// The state publishing this listing gives it (sold out when there is no
    /// stock), or why it cannot be published yet.
    pub fn published_state(&self) -> Result<ListingState, Invalid> {
        if self.photos.is_empty() {
            return Err(Invalid::new(
                "ajoutez au moins une photo avant de publier : les acheteurs choisissent d'abord sur l'image",
            ));
        }
        Ok(ListingState::Active.with_stock(self.quantity))
    }
}

/// `/listing/{id}-{slug of the title}`: the id finds the listing, the slug is
/// for people and search engines and may change with the title.
pub fn listing_url(id: ListingId, title: &str) -> String {
    format!("/listing/{id}-{}", Slug::from_text(title, "article"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, parent: Option<i64>, slug: &str, position: i64) -> Category {
        Category {
            id: CategoryId::new(id),
            parent: parent.map(CategoryId::new),
            slug: Slug::parse(slug).unwrap(),
            name: slug.to_uppercase(),
            position,
        }
    }

    fn taxonomy() -> Taxonomy {
        Taxonomy::new(vec![
            category(11, Some(1), "bagues", 2),
            category(2, None, "art", 2),
            category(10, Some(1), "colliers", 1),
            category(1, None, "bijoux", 1),
            category(20, Some(2), "peintures", 1),
        ])
    }

    #[test]
    fn walks_the_tree() {
        let t = taxonomy();
        let tops: Vec<_> = t.top_level().map(|c| c.slug.as_str()).collect();
        assert_eq!(tops, ["bijoux", "art"]);
        let kids: Vec<_> = t.children(CategoryId::new(1)).map(|c| c.slug.as_str()).collect();
        assert_eq!(kids, ["colliers", "bagues"]);
        let path: Vec<_> = t.path(CategoryId::new(11)).iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(path, ["bijoux", "bagues"]);
        assert_eq!(t.subtree(CategoryId::new(1)).len(), 3);
        assert_eq!(t.subtree(CategoryId::new(20)), [CategoryId::new(20)]);
        assert_eq!(t.root_of(CategoryId::new(20)).map(|c| c.slug.as_str()), Some("art"));
        assert_eq!(t.by_slug("bagues").map(|c| c.id), Some(CategoryId::new(11)));
        assert!(t.by_slug("Bagues").is_none());
        assert!(t.by_slug("nope").is_none());
    }

    #[test]
    fn listing_states_round_trip() {
        for state in [ListingState::Draft, ListingState::Active, ListingState::SoldOut, ListingState::Inactive] {
            assert_eq!(ListingState::parse(state.as_str()), Ok(state));
        }
        assert!(ListingState::parse("deleted").is_err());
        assert!(ListingState::SoldOut.is_public() && !ListingState::Draft.is_public());
    }

    #[test]
    fn listing_urls_carry_a_readable_slug() {
        assert_eq!(listing_url(ListingId::new(7), "Bague « Lune » en argent"), "/listing/7-bague-lune-en-argent");
        assert_eq!(listing_url(ListingId::new(8), "???"), "/listing/8-article");
    }
}
