//! The catalogue generator: people, shops, listings and favourites, in batches.
//!
//! Each kind of record draws from its own ChaCha stream of the seed, so adding
//! a field to listings does not reshuffle the shops. Nothing here touches the
//! database or the clock, which is what makes it testable for determinism.

use crate::motif::Motif;
use crate::vocabulary::{self, Product};
use crate::{PhotoPool, SeedPlan};
use echoppe_domain::{
    CategoryId, Currency, ListingId, ListingState, Money, Photo, ShopId, Slug, Taxonomy, Timestamp, UserId,
};
use echoppe_storage::{ImportBatch, NewFavourite, NewListing, NewShop, NewUser};
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::seq::SliceRandom;
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::LogNormal;
use std::collections::HashSet;

const DAY: i64 = 86_400;
const YEAR: i64 = 365 * DAY;

/// Separate random streams per kind of record.
const SHOPS_STREAM: u64 = 1;
const LISTINGS_STREAM: u64 = 2;
/// What each listing sells (shop, sub-category, product noun) has a stream of its own, so the
/// photo pool can learn how many listings of each motif there will be before anything else is
/// generated (`Generator::demand`).
const PRODUCTS_STREAM: u64 = 3;

/// How many shops of each craft a maker marketplace has, relatively.
fn craft_weight(slug: &str) -> f64 {
    match slug {
        "bijoux" => 18.0,
        "maison" => 16.0,
        "vetements" | "art" => 12.0,
        "sacs-et-accessoires" | "papeterie" | "enfants" => 8.0,
        _ => 6.0,
    }
}

struct ShopProfile {
    id: ShopId,
    craft: CategoryId,
    city: String,
    created_at: Timestamp,
}

struct SubCategory {
    id: CategoryId,
    slug: String,
}

/// Produces a catalogue batch by batch.
pub struct Generator<'a> {
    plan: &'a SeedPlan,
    pool: &'a PhotoPool,
    rng: ChaCha8Rng,
    products: ChaCha8Rng,
    people_and_shops: Option<ImportBatch>,
    shops: Vec<ShopProfile>,
    shop_picker: WeightedIndex<f64>,
    /// Sub-categories of each top-level category, by position in `tops`.
    tops: Vec<(CategoryId, Vec<SubCategory>)>,
    first_buyer: i64,
    buyers: u32,
    next_listing: u32,
}

impl std::fmt::Debug for Generator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator").field("next_listing", &self.next_listing).finish_non_exhaustive()
    }
}

impl<'a> Generator<'a> {
    pub fn new(plan: &'a SeedPlan, taxonomy: &Taxonomy, pool: &'a PhotoPool) -> Self {
        let tops: Vec<(CategoryId, Vec<SubCategory>)> = taxonomy
            .top_level()
            .map(|top| {
                let subs =
                    taxonomy.children(top.id).map(|c| SubCategory { id: c.id, slug: c.slug.to_string() }).collect();
                (top.id, subs)
            })
            .filter(|(_, subs): &(CategoryId, Vec<SubCategory>)| !subs.is_empty())
            .collect();
        let craft_picker = WeightedIndex::new(
            taxonomy
                .top_level()
                .filter(|t| taxonomy.children(t.id).next().is_some())
                .map(|t| craft_weight(t.slug.as_str())),
        )
        .ok();

        let mut rng = stream(plan.seed, SHOPS_STREAM);
        let mut users = Vec::new();
        let mut shops = Vec::new();
        let mut profiles = Vec::new();
        let mut slugs = HashSet::new();
        for n in 1..=i64::from(plan.shops) {
            let (first, last) = vocabulary::maker_name(&mut rng);
            let location = vocabulary::location(&mut rng);
            let city = location.split(',').next().unwrap_or(location).trim().to_owned();
            let craft_index = craft_picker.as_ref().map_or(0, |p| p.sample(&mut rng));
            let (craft, craft_slug) = taxonomy
                .top_level()
                .filter(|t| taxonomy.children(t.id).next().is_some())
                .nth(craft_index)
                .map_or((CategoryId::new(0), ""), |t| (t.id, t.slug.as_str()));
            let name = vocabulary::shop_name(&mut rng);
            let slug = unique_slug(&name, &mut slugs);
            // Shops opened over the eight years before `as_of`, the newest a month ago.
            let created_at = Timestamp::from_unix(plan.as_of.unix() - rng.random_range(30 * DAY..8 * YEAR));
            users.push(NewUser {
                id: UserId::new(n),
                email: format!(
                    "{}.{}.{n}@createurs.echoppe.test",
                    Slug::from_text(&first, "x"),
                    Slug::from_text(&last, "x")
                ),
                display_name: format!("{first} {last}"),
                role: "seller",
                created_at,
            });
            shops.push(NewShop {
                id: ShopId::new(n),
                owner: UserId::new(n),
                description: vocabulary::shop_description(&mut rng, &name, location, craft_slug, &first),
                slug,
                name,
                location: location.to_owned(),
                created_at,
            });
            profiles.push(ShopProfile { id: ShopId::new(n), craft, city, created_at });
        }

        // Buyers who favourite things: about one per eight listings.
        let buyers = (plan.listings / 8).max(50);
        let first_buyer = i64::from(plan.shops) + 1;
        for n in 0..i64::from(buyers) {
            let (first, last) = vocabulary::maker_name(&mut rng);
            users.push(NewUser {
                id: UserId::new(first_buyer + n),
                email: format!("client{}@clients.echoppe.test", n + 1),
                display_name: format!("{first} {}.", last.chars().next().unwrap_or('X')),
                role: "buyer",
                created_at: Timestamp::from_unix(plan.as_of.unix() - rng.random_range(DAY..6 * YEAR)),
            });
        }

        // A few shops are large and most are small, as on every marketplace.
        let mut weights: Vec<f64> = (1..=plan.shops).map(|rank| 1.0 / f64::from(rank).powf(0.8)).collect();
        weights.shuffle(&mut rng);
        let shop_picker = WeightedIndex::new(&weights).unwrap_or_else(|_| {
            WeightedIndex::new([1.0]).unwrap_or_else(|_| unreachable!("a single positive weight is valid"))
        });

        Self {
            plan,
            pool,
            rng: stream(plan.seed, LISTINGS_STREAM),
            products: stream(plan.seed, PRODUCTS_STREAM),
            people_and_shops: Some(ImportBatch { users, shops, ..ImportBatch::default() }),
            shops: profiles,
            shop_picker,
            tops,
            first_buyer,
            buyers,
            next_listing: 0,
        }
    }

    /// How many listings of `plan` each motif pictures, indexed by `motif as usize`: what
    /// the listings will sell, drawn ahead from the same stream the generator uses.
    pub fn demand(plan: &SeedPlan, taxonomy: &Taxonomy) -> Vec<u32> {
        let pool = PhotoPool::default();
        let mut generator = Generator::new(plan, taxonomy, &pool);
        let mut demand = vec![0; Motif::ALL.len()];
        if !generator.tops.is_empty() {
            for _ in 0..plan.listings {
                let (_, product) = generator.next_product();
                demand[motif_of(&product) as usize] += 1;
            }
        }
        demand
    }

    /// The first batch: every person and every shop.
    pub fn people_and_shops(&mut self) -> ImportBatch {
        self.people_and_shops.take().unwrap_or_default()
    }

    /// The next `size` listings with their favourites, or `None` when the plan is done.
    pub fn next_listings(&mut self, size: usize) -> Option<ImportBatch> {
        if self.next_listing >= self.plan.listings || self.tops.is_empty() {
            return None;
        }
        let mut batch = ImportBatch::default();
        let end = self.plan.listings.min(self.next_listing.saturating_add(u32::try_from(size).unwrap_or(u32::MAX)));
        let favourite_counts = LogNormal::<f64>::new(-0.4, 1.4).unwrap_or_else(|_| unreachable!("constant parameters"));
        for n in self.next_listing..end {
            let listing = self.listing(i64::from(n) + 1);
            let loved = (favourite_counts.sample(&mut self.rng).floor() as u32).min(self.buyers).min(200);
            if listing.state.is_public() && loved > 0 {
                for buyer in sample(&mut self.rng, self.buyers as usize, loved as usize) {
                    batch.favourites.push(NewFavourite {
                        user: UserId::new(self.first_buyer + buyer as i64),
                        listing: listing.id,
                        created_at: Timestamp::from_unix(
                            self.rng.random_range(listing.created_at.unix()..=self.plan.as_of.unix()),
                        ),
                    });
                }
            }
            batch.listings.push(listing);
        }
        self.next_listing = end;
        Some(batch)
    }

    /// Which shop sells the next listing and what it is: the only draws from `products`, in
    /// the same order for `demand` and for the catalogue itself.
    fn next_product(&mut self) -> ((usize, usize, usize), Product) {
        let rng = &mut self.products;
        let shop = self.shop_picker.sample(rng);
        // Most of a shop's listings are in its own craft, some wander.
        let top = if rng.random_bool(0.85) {
            self.tops.iter().position(|(top, _)| *top == self.shops[shop].craft).unwrap_or(0)
        } else {
            rng.random_range(0..self.tops.len())
        };
        let subs = &self.tops[top].1;
        let sub = rng.random_range(0..subs.len());
        let product = vocabulary::product(rng, &subs[sub].slug);
        ((shop, top, sub), product)
    }

    fn listing(&mut self, id: i64) -> NewListing {
        let ((shop, top, sub), product) = self.next_product();
        let (shop, sub) = (&self.shops[shop], &self.tops[top].1[sub]);
        let rng = &mut self.rng;
        let text = vocabulary::describe(rng, &product, &shop.city);

        let (median, sigma) = vocabulary::price_profile(&sub.slug);
        let price = LogNormal::new(f64::from(median).ln(), sigma)
            .map_or(f64::from(median), |d| d.sample(rng))
            .clamp(100.0, 5_000_000.0);
        let price = Money::new(shelf_price(price as i64, rng), Currency::EUR)
            .unwrap_or_else(|_| unreachable!("clamped into range"));

        let state = match rng.random_range(0..100) {
            0..=91 => ListingState::Active,
            92..=95 => ListingState::SoldOut,
            96..=97 => ListingState::Inactive,
            _ => ListingState::Draft,
        };
        let quantity = match (state, rng.random_range(0..10)) {
            (ListingState::SoldOut, _) => 0,
            (_, 0..=3) => 1,
            (_, 4..=7) => rng.random_range(2..=5),
            _ => rng.random_range(6..=30),
        };
        // Listings appear after their shop opened, more of them recently.
        let age_span = (self.plan.as_of.unix() - shop.created_at.unix()).max(DAY);
        let age = (age_span as f64 * rng.random::<f64>().powi(2)) as i64;
        let created_at = Timestamp::from_unix(self.plan.as_of.unix() - age);
        let updated_at = Timestamp::from_unix(created_at.unix() + rng.random_range(0..=age.max(1)).min(90 * DAY));

        // Every photo of a listing shows the same product, in its first shots: one of the
        // products painted for what the title names.
        let products = self.pool.products(motif_of(&product));
        let photos: Vec<Photo> = if products.is_empty() {
            Vec::new()
        } else {
            let shots = products[rng.random_range(0..products.len())];
            let wanted = rng.random_range(1..=shots.len());
            shots[..wanted].to_vec()
        };

        NewListing {
            id: ListingId::new(id),
            shop: shop.id,
            category: sub.id,
            title: text.title,
            description: text.description,
            price,
            quantity,
            state,
            tags: text.tags,
            materials: text.materials,
            photos,
            created_at,
            updated_at,
        }
    }
}

/// The motif that pictures what `product` is.
fn motif_of(product: &Product) -> Motif {
    // Every noun of the vocabulary is in the table (`motif::tests`); the vase is only there to
    // keep generation total.
    Motif::picturing(product.sub_category(), product.noun()).unwrap_or(Motif::Vase)
}

fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Makers price like shopkeepers: round euros, often ending in ,90 or ,50 for
/// small prices, round tens for large ones.
fn shelf_price(cents: i64, rng: &mut impl Rng) -> i64 {
    let euros = (cents / 100).max(1);
    match euros {
        ..=30 => euros * 100 + [0, 50, 90][rng.random_range(0..3)],
        31..=300 => euros * 100 - if rng.random_bool(0.3) { 10 } else { 0 },
        _ => (euros / 10) * 1_000,
    }
}

fn unique_slug(name: &str, taken: &mut HashSet<String>) -> Slug {
    let base = Slug::from_text(name, "boutique");
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.to_string()) {
        candidate = Slug::from_text(&format!("{base}-{n}"), "boutique");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use echoppe_storage::{Database, DatabaseSettings};
    use std::collections::HashSet;
    use std::time::Duration;

    async fn taxonomy() -> Taxonomy {
        let dir = tempfile::tempdir().unwrap();
        let settings = DatabaseSettings {
            url: format!("sqlite://{}", dir.path().join("t.db").display()),
            read_connections: 1,
            acquire_timeout: Duration::from_secs(5),
            sqlite_mmap_bytes: 0,
            ..Default::default()
        };
        let db = Database::open(&settings).await.unwrap();
        db.migrate().await.unwrap();
        db.taxonomy().await.unwrap()
    }

    fn generate(plan: &SeedPlan, taxonomy: &Taxonomy) -> Vec<ImportBatch> {
        let pool = PhotoPool::default();
        let mut generator = Generator::new(plan, taxonomy, &pool);
        let mut batches = vec![generator.people_and_shops()];
        while let Some(batch) = generator.next_listings(100) {
            batches.push(batch);
        }
        batches
    }

    #[tokio::test]
    async fn the_same_seed_generates_the_same_catalogue() {
        let taxonomy = taxonomy().await;
        let plan = SeedPlan::new(12, 700, 99);
        let first = format!("{:?}", generate(&plan, &taxonomy));
        assert_eq!(first, format!("{:?}", generate(&plan, &taxonomy)));
        let other = SeedPlan { seed: 100, ..plan };
        assert_ne!(first, format!("{:?}", generate(&other, &taxonomy)));
    }

    #[tokio::test]
    async fn every_sub_category_has_its_words() {
        let taxonomy = taxonomy().await;
        for top in taxonomy.top_level() {
            for sub in taxonomy.children(top.id) {
                assert!(vocabulary::knows_sub_category(sub.slug.as_str()), "{} has its vocabulary", sub.slug);
            }
        }
    }

    /// The product noun a generated title starts with: the longest noun of its sub-category
    /// that the title begins with, capitalised.
    fn title_noun(sub: &str, title: &str) -> Option<&'static str> {
        vocabulary::every_product()
            .into_iter()
            .filter(|(s, _)| *s == sub)
            .map(|(_, noun)| noun)
            .filter(|noun| {
                let mut chars = noun.chars();
                let capitalised: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
                title.strip_prefix(&capitalised).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',']))
            })
            .max_by_key(|noun| noun.len())
    }

    #[tokio::test]
    async fn every_listing_shows_what_its_title_names() {
        let taxonomy = taxonomy().await;
        let plan = SeedPlan::new(20, 4_000, 3);
        // One stand-in photo per motif, its key spelling the motif's number.
        let photo = |motif: Motif| Photo {
            key: echoppe_domain::PhotoKey::parse(&format!("{:032x}", motif as usize + 1)).unwrap(),
            width: 4,
            height: 3,
        };
        let pool = PhotoPool::with_products(Motif::ALL.iter().map(|m| (*m, vec![vec![photo(*m)]])));
        let mut generator = Generator::new(&plan, &taxonomy, &pool);
        let demand = Generator::demand(&plan, &taxonomy);
        let mut counted = vec![0; Motif::ALL.len()];
        let slugs: std::collections::HashMap<_, _> =
            taxonomy.top_level().flat_map(|t| taxonomy.children(t.id)).map(|c| (c.id, c.slug.to_string())).collect();
        while let Some(batch) = generator.next_listings(500) {
            for listing in &batch.listings {
                let sub = &slugs[&listing.category];
                let noun = title_noun(sub, &listing.title).unwrap_or_else(|| panic!("{sub}: {}", listing.title));
                let motif = Motif::picturing(sub, noun).unwrap();
                assert_eq!(listing.photos, vec![photo(motif)], "{sub}: {} shows {motif:?}", listing.title);
                counted[motif as usize] += 1;
            }
        }
        assert_eq!(counted, demand, "the pool is told what the listings will sell");
    }

    #[tokio::test]
    async fn the_catalogue_is_plausible() {
        let taxonomy = taxonomy().await;
        let plan = SeedPlan::new(30, 3_000, 5);
        let batches = generate(&plan, &taxonomy);
        let people = &batches[0];
        assert_eq!(people.shops.len(), 30);
        assert_eq!(people.users.iter().filter(|u| u.role == "seller").count(), 30);
        let slugs: HashSet<_> = people.shops.iter().map(|s| s.slug.clone()).collect();
        assert_eq!(slugs.len(), 30, "shop slugs are unique");
        let emails: HashSet<_> = people.users.iter().map(|u| u.email.clone()).collect();
        assert_eq!(emails.len(), people.users.len(), "emails are unique");

        let listings: Vec<&NewListing> = batches.iter().flat_map(|b| &b.listings).collect();
        assert_eq!(listings.len(), 3_000);
        let active = listings.iter().filter(|l| l.state == ListingState::Active).count();
        assert!((2_600..=2_900).contains(&active), "{active} active listings");
        assert!(listings.iter().all(|l| l.state != ListingState::SoldOut || l.quantity == 0));
        assert!(listings.iter().all(|l| l.created_at <= plan.as_of && l.updated_at >= l.created_at));
        assert!(listings.iter().all(|l| (100..=5_000_000).contains(&l.price.cents())));
        let shops_used: HashSet<_> = listings.iter().map(|l| l.shop).collect();
        assert!(shops_used.len() >= 25, "listings spread over most shops");
        let mut per_shop = std::collections::HashMap::new();
        for listing in &listings {
            *per_shop.entry(listing.shop).or_insert(0) += 1;
        }
        let biggest = per_shop.values().max().copied().unwrap_or(0);
        assert!(biggest > 3_000 / 30 * 2, "some shops are much bigger than average ({biggest})");

        let favourites: Vec<_> = batches.iter().flat_map(|b| &b.favourites).collect();
        let pairs: HashSet<_> = favourites.iter().map(|f| (f.user, f.listing)).collect();
        assert_eq!(pairs.len(), favourites.len(), "a buyer favourites a listing once");
        assert!(favourites.len() > 1_000, "{} favourites", favourites.len());
    }
}
