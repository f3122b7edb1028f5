//! What a seller types to open a shop or describe a listing, checked field by
//! field so that a form can be shown again with a message beside each field
//! that was wrong and everything else kept.

use crate::{CategoryId, Currency, Invalid, Money, Slug, Taxonomy};

/// The problems of one form, each tied to the field it is about, in the
/// order the fields were checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, Invalid)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &'static str, problem: Invalid) -> Self {
        Self(vec![(field, problem)])
    }

    pub fn push(&mut self, field: &'static str, problem: Invalid) {
        self.0.push((field, problem));
    }

    /// Keeps the value of a field that parsed, records the problem of one that did not.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, Invalid>) -> Option<T> {
        parsed.map_err(|problem| self.push(field, problem)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for `field`, if it had a problem.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, problem)| problem.0.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(field, problem)| (*field, problem.0.as_str()))
    }
}

/// Free text from a form: trimmed, line endings made `\n`, control characters
/// other than line breaks and tabs dropped, and at most `max` characters.
/// `required` refuses an empty result.
pub fn form_text(text: &str, max: usize, required: Option<&str>, what: &str) -> Result<String, Invalid> {
    let cleaned: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| (!c.is_control() || c == '\n' || c == '\t') && !is_bidi_control(c))
        .collect::<String>()
        .trim()
        .to_owned();
    if let (true, Some(message)) = (cleaned.is_empty(), required) {
        return Err(Invalid::new(message));
    }
    let chars = cleaned.chars().count();
    if chars > max {
        return Err(Invalid::new(format!("{what} fait au plus {max} caractères (ici {chars})")));
    }
    Ok(cleaned)
}

/// The invisible characters that reorder text (U+202A–U+202E, U+2066–U+2069):
/// in a title they can make "gpj.exe" read "exe.jpg".
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A shop as its owner describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopDraft {
    pub name: String,
    pub slug: Slug,
    pub description: String,
    pub location: String,
    /// What the shop charges to ship one order.
    pub shipping: Money,
}

/// The raw fields of the shop form (or API body).
#[derive(Debug, Clone, Copy, Default)]
pub struct ShopFields<'a> {
    pub name: &'a str,
    /// Empty means "derive it from the name".
    pub slug: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    /// `None` keeps [`ShopDraft::DEFAULT_SHIPPING_CENTS`].
    pub shipping: Option<PriceField<'a>>,
}

impl ShopDraft {
    /// A small parcel within France, as makers usually charge it.
    pub const DEFAULT_SHIPPING_CENTS: i64 = 490;
    /// The most a shop may charge to ship one order: 1,000.00.
    pub const SHIPPING_MAX_CENTS: i64 = 100_000;
    pub const NAME_MAX: usize = 80;
    pub const DESCRIPTION_MAX: usize = 2_000;
    pub const LOCATION_MAX: usize = 80;

    pub fn parse(fields: &ShopFields<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check(
            "name",
            form_text(fields.name, Self::NAME_MAX, Some("le nom de la boutique est obligatoire"), "le nom"),
        );
        let slug = if fields.slug.trim().is_empty() {
            name.as_deref().map(|name| Slug::from_text(name, "boutique"))
        } else {
            errors.check("slug", Slug::parse(fields.slug.trim()))
        };
        let description =
            errors.check("description", form_text(fields.description, Self::DESCRIPTION_MAX, None, "la présentation"));
        let location = errors.check("location", form_text(fields.location, Self::LOCATION_MAX, None, "le lieu"));
        let shipping = errors.check("shipping", parse_shipping(fields.shipping));
        match (name, slug, description, location, shipping) {
            (Some(name), Some(slug), Some(description), Some(location), Some(shipping)) if errors.is_empty() => {
                Ok(Self { name, slug, description, location, shipping })
            }
            _ => Err(errors),
        }
    }
}

/// How a price arrives: typed in a form (`12,50`) or as cents from the API.
#[derive(Debug, Clone, Copy)]
pub enum PriceField<'a> {
    Typed(&'a str),
    Cents(i64),
}

/// The raw fields of the listing form (or API body).
#[derive(Debug, Clone, Default)]
pub struct ListingFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// A category slug.
    pub category: &'a str,
    pub price: Option<PriceField<'a>>,
    pub quantity: &'a str,
    pub tags: Vec<&'a str>,
    pub materials: Vec<&'a str>,
}

/// A listing as its seller describes it, every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingDraft {
    pub title: String,
    pub description: String,
    pub category: CategoryId,
    pub price: Money,
    pub quantity: i64,
    pub tags: Vec<String>,
    pub materials: Vec<String>,
}

impl ListingDraft {
    pub const TITLE_MAX: usize = 140;
    pub const DESCRIPTION_MAX: usize = 5_000;
    pub const QUANTITY_MAX: i64 = 999_999;
    /// As many tags as a maker marketplace usually allows; each is a search term.
    pub const TAGS_MAX: usize = 13;
    pub const MATERIALS_MAX: usize = 13;
    pub const WORD_MAX: usize = 40;

    pub fn parse(fields: &ListingFields<'_>, taxonomy: &Taxonomy) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors
            .check("title", form_text(fields.title, Self::TITLE_MAX, Some("le titre est obligatoire"), "le titre"));
        let description =
            errors.check("description", form_text(fields.description, Self::DESCRIPTION_MAX, None, "la description"));
        let category = errors.check("category", parse_category(fields.category, taxonomy));
        let price = errors.check("price", parse_price(fields.price));
        let quantity = errors.check("quantity", parse_quantity(fields.quantity));
        let tags = errors.check("tags", parse_words(&fields.tags, Self::TAGS_MAX, "mots-clés"));
        let materials = errors.check("materials", parse_words(&fields.materials, Self::MATERIALS_MAX, "matériaux"));
        match (title, description, category, price, quantity, tags, materials) {
            (
                Some(title),
                Some(description),
                Some(category),
                Some(price),
                Some(quantity),
                Some(tags),
                Some(materials),
            ) if errors.is_empty() => Ok(Self { title, description, category, price, quantity, tags, materials }),
            _ => Err(errors),
        }
    }
}

fn parse_shipping(shipping: Option<PriceField<'_>>) -> Result<Money, Invalid> {
    let money = match shipping {
        // Left empty: the usual price; free shipping is a deliberate 0.
        None => return Money::new(ShopDraft::DEFAULT_SHIPPING_CENTS, Currency::EUR),
        Some(PriceField::Typed(text)) if text.trim().is_empty() => {
            return Money::new(ShopDraft::DEFAULT_SHIPPING_CENTS, Currency::EUR);
        }
        Some(PriceField::Typed(text)) if text.trim().starts_with('-') => {
            return Err(Invalid::new("les frais de port ne peuvent pas être négatifs"));
        }
        Some(PriceField::Typed(text)) => Money::parse_major(text, Currency::EUR)?,
        Some(PriceField::Cents(cents)) if cents < 0 => {
            return Err(Invalid::new("les frais de port ne peuvent pas être négatifs"));
        }
        Some(PriceField::Cents(cents)) => Money::new(cents, Currency::EUR)?,
    };
    if money.cents() > ShopDraft::SHIPPING_MAX_CENTS {
        return Err(Invalid::new("les frais de port sont de 1 000 € au plus"));
    }
    Ok(money)
}

fn parse_category(slug: &str, taxonomy: &Taxonomy) -> Result<CategoryId, Invalid> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Err(Invalid::new("choisissez une catégorie"));
    }
    taxonomy
        .by_slug(slug)
        .map(|category| category.id)
        .ok_or_else(|| Invalid::new(format!("la catégorie « {} » n'existe pas", crate::paging::shorten(slug))))
}

fn parse_price(price: Option<PriceField<'_>>) -> Result<Money, Invalid> {
    let negative = || Invalid::new("le prix ne peut pas être négatif");
    match price {
        None => Err(Invalid::new("le prix est obligatoire")),
        Some(PriceField::Typed(text)) if text.trim().is_empty() => Err(Invalid::new("le prix est obligatoire")),
        Some(PriceField::Typed(text)) if text.trim().starts_with('-') => Err(negative()),
        Some(PriceField::Typed(text)) => Money::parse_major(text, Currency::EUR),
        Some(PriceField::Cents(cents)) if cents < 0 => Err(negative()),
        Some(PriceField::Cents(cents)) => Money::new(cents, Currency::EUR),
    }
}

fn parse_quantity(text: &str) -> Result<i64, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::new("la quantité en stock est obligatoire"));
    }
    match text.parse::<i64>() {
        Ok(n) if n < 0 => Err(Invalid::new("la quantité ne peut pas être négative")),
        Ok(n) if n > ListingDraft::QUANTITY_MAX => {
            Err(Invalid::new(format!("la quantité est au plus {}", crate::group_digits(ListingDraft::QUANTITY_MAX))))
        }
        Ok(n) => Ok(n),
        // Digits, but more than an i64 holds.
        Err(_) if text.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) => {
            Err(Invalid::new(format!("la quantité est au plus {}", crate::group_digits(ListingDraft::QUANTITY_MAX))))
        }
        Err(_) => Err(Invalid::new(format!(
            "« {} » n'est pas une quantité (nombre entier attendu)",
            crate::paging::shorten(text)
        ))),
    }
}

/// Tags or materials: trimmed, empty ones dropped, duplicates (ignoring case) kept once.
fn parse_words(words: &[&str], max: usize, what: &str) -> Result<Vec<String>, Invalid> {
    // However many are sent, only a few times the limit are looked at: a list
    // of a million tags is refused without reading it.
    if words.len() > max * 4 {
        return Err(Invalid::new(format!("{max} {what} au plus (ici {})", words.len())));
    }
    let mut kept: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for word in words {
        let word = form_text(word, usize::MAX, None, what)?.replace(['\n', '\t'], " ");
        if word.is_empty() || !seen.insert(word.to_lowercase()) {
            continue;
        }
        if word.chars().count() > ListingDraft::WORD_MAX {
            return Err(Invalid::new(format!(
                "« {} » est trop long : {} caractères au plus par élément",
                crate::paging::shorten(&word),
                ListingDraft::WORD_MAX
            )));
        }
        kept.push(word);
    }
    if kept.len() > max {
        return Err(Invalid::new(format!("{max} {what} au plus (ici {})", kept.len())));
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Category;

    fn taxonomy() -> Taxonomy {
        let category = |id, parent: Option<i64>, slug: &str| Category {
            id: CategoryId::new(id),
            parent: parent.map(CategoryId::new),
            slug: Slug::parse(slug).unwrap(),
            name: slug.to_owned(),
            position: id,
        };
        Taxonomy::new(vec![category(1, None, "bijoux"), category(101, Some(1), "colliers")])
    }

    fn fields<'a>() -> ListingFields<'a> {
        ListingFields {
            title: "  Collier « Lune » en laiton ",
            description: "Fait main.\r\nLivré dans une pochette.",
            category: "colliers",
            price: Some(PriceField::Typed("34,90")),
            quantity: "3",
            tags: vec!["lune", " Lune ", "", "cadeau"],
            materials: vec!["laiton"],
        }
    }

    #[test]
    fn a_good_listing_parses_cleaned() {
        let draft = ListingDraft::parse(&fields(), &taxonomy()).unwrap();
        assert_eq!(draft.title, "Collier « Lune » en laiton");
        assert_eq!(draft.description, "Fait main.\nLivré dans une pochette.");
        assert_eq!(draft.category, CategoryId::new(101));
        assert_eq!(draft.price.cents(), 3490);
        assert_eq!(draft.tags, ["lune", "cadeau"]);
    }

    #[test]
    fn every_bad_field_is_reported_with_its_name() {
        let long_title = "x".repeat(141);
        let bad = ListingFields {
            title: &long_title,
            description: "",
            category: "voitures",
            price: Some(PriceField::Typed("-5")),
            quantity: "-1",
            tags: (0..14).map(|i| ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"][i]).collect(),
            materials: vec![],
        };
        let errors = ListingDraft::parse(&bad, &taxonomy()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["title", "category", "price", "quantity", "tags"]);
        assert!(errors.get("title").unwrap().contains("140"));
        assert!(errors.get("category").unwrap().contains("voitures"));
        assert!(errors.get("price").unwrap().contains("négatif"));
        assert!(errors.get("quantity").unwrap().contains("négative"));
    }

    #[test]
    fn empty_titles_and_missing_prices_are_refused() {
        let bad = ListingFields { title: "   ", price: None, quantity: "", ..fields() };
        let errors = ListingDraft::parse(&bad, &taxonomy()).unwrap_err();
        assert_eq!(errors.get("title"), Some("le titre est obligatoire"));
        assert_eq!(errors.get("price"), Some("le prix est obligatoire"));
        assert_eq!(errors.get("quantity"), Some("la quantité en stock est obligatoire"));
    }

    #[test]
    fn api_prices_in_cents() {
        let draft =
            ListingDraft::parse(&ListingFields { price: Some(PriceField::Cents(1250)), ..fields() }, &taxonomy());
        assert_eq!(draft.unwrap().price.cents(), 1250);
        let errors =
            ListingDraft::parse(&ListingFields { price: Some(PriceField::Cents(-1)), ..fields() }, &taxonomy());
        assert!(errors.unwrap_err().get("price").is_some());
    }

    #[test]
    fn markup_is_kept_as_text_for_the_templates_to_escape() {
        let draft = ListingDraft::parse(&ListingFields { title: "<script>alert(1)</script>", ..fields() }, &taxonomy())
            .unwrap();
        assert_eq!(draft.title, "<script>alert(1)</script>");
    }

    #[test]
    fn shop_slug_derives_from_the_name_when_left_empty() {
        let fields = ShopFields { name: "L'Atelier de Margaux", ..ShopFields::default() };
        assert_eq!(ShopDraft::parse(&fields).unwrap().slug.as_str(), "l-atelier-de-margaux");
        let errors = ShopDraft::parse(&ShopFields { name: "", slug: "Pas Bon", ..fields }).unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("slug").is_some());
    }

    #[test]
    fn shipping_defaults_and_bounds() {
        let shop = |shipping| ShopDraft::parse(&ShopFields { name: "Atelier", shipping, ..ShopFields::default() });
        assert_eq!(shop(None).unwrap().shipping.cents(), 490);
        assert_eq!(shop(Some(PriceField::Typed(" "))).unwrap().shipping.cents(), 490);
        assert_eq!(shop(Some(PriceField::Typed("0"))).unwrap().shipping.cents(), 0, "free shipping is a choice");
        assert_eq!(shop(Some(PriceField::Typed("6,5"))).unwrap().shipping.cents(), 650);
        assert!(shop(Some(PriceField::Typed("-1"))).unwrap_err().get("shipping").unwrap().contains("négatifs"));
        assert!(shop(Some(PriceField::Cents(100_001))).is_err());
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(form_text("a\u{7}b\u{0}\tc", 10, None, "x").unwrap(), "ab\tc");
        assert_eq!(form_text("photo\u{202e}gpj.exe", 20, None, "x").unwrap(), "photogpj.exe");
    }

    #[test]
    fn huge_tag_lists_are_refused_before_being_read() {
        let many = vec!["a"; 10_000];
        let errors = ListingDraft::parse(&ListingFields { tags: many, ..fields() }, &taxonomy()).unwrap_err();
        assert!(errors.get("tags").unwrap().contains("13 mots-clés au plus (ici 10000)"));
    }

    #[test]
    fn out_of_range_numbers_say_what_the_range_is() {
        let errors = ListingDraft::parse(
            &ListingFields {
                price: Some(PriceField::Typed("99999999999")),
                quantity: "99999999999999999999999",
                ..fields()
            },
            &taxonomy(),
        )
        .unwrap_err();
        assert!(errors.get("price").unwrap().contains("compris entre 0 et"), "{errors:?}");
        assert_eq!(errors.get("quantity"), Some("la quantité est au plus 999\u{202f}999"));
    }
}
