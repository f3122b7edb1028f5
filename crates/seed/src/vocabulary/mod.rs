//! French-flavoured text for the demo catalogue: listing titles and
//! descriptions, tags and materials, shop names and descriptions, makers and
//! their towns. Everything is drawn from the caller's RNG, so it is as
//! deterministic as the seed.

mod crafts;
mod grammar;
mod people;

use crafts::{COLOURS, Craft, GENERIC, Sub, common_styles, sub_of, words_of};
use grammar::{capitalise_into, de, demonstrative, subject_pronoun};
use rand::Rng;

/// The text of one listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListingText {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub materials: Vec<String>,
}

/// Titles longer than this are shortened by dropping their detail.
const MAX_TITLE: usize = 110;

fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn word(rng: &mut impl Rng, words: &[&'static str]) -> &'static str {
    words[rng.random_range(0..words.len())]
}

/// Title, description, tags and materials for a listing of sub-category `sub`
/// made in `city`. Unknown sub-categories get a generic craft vocabulary.
pub(crate) fn listing_text(rng: &mut impl Rng, sub: &str, city: &str) -> ListingText {
    let sub: &Sub = sub_of(sub).unwrap_or(&GENERIC);
    let words = words_of(sub.craft);
    let noun = *pick(rng, sub.nouns);
    let agreement = noun.agreement;
    let material = word(rng, sub.materials);
    let style = if rng.random_bool(0.6) { pick(rng, words.styles) } else { pick(rng, common_styles()) };
    let colour = pick(rng, COLOURS);
    let detail = word(rng, words.details);

    let mut title = String::with_capacity(MAX_TITLE);
    capitalise_into(noun.text, &mut title);
    let pattern = rng.random_range(0..5);
    if pattern != 1 {
        title.push(' ');
        if pattern == 3 {
            colour.push_agreed(agreement, &mut title);
        } else {
            style.push_agreed(agreement, &mut title);
        }
    }
    if pattern == 2 {
        title.push(' ');
        colour.push_agreed(agreement, &mut title);
    }
    title.push_str(" en ");
    title.push_str(material);
    let closing = match pattern {
        1 | 4 => Some(", "),
        3 => Some(" – "),
        _ => None,
    };
    if let Some(separator) = closing
        && title.len() + separator.len() + detail.len() <= MAX_TITLE
    {
        title.push_str(separator);
        title.push_str(detail);
    }

    let description = describe(rng, sub, &noun, style, material, colour, city);

    let mut tags: Vec<String> = Vec::with_capacity(8);
    let wanted = rng.random_range(3..=6);
    while tags.len() < wanted {
        push_distinct(&mut tags, word(rng, sub.tags).to_lowercase());
    }
    for _ in 0..rng.random_range(0..=2) {
        push_distinct(&mut tags, word(rng, words.tags).to_lowercase());
    }
    if rng.random_bool(0.3) {
        push_distinct(&mut tags, style.masculine.to_lowercase());
    }
    tags.truncate(8);

    let mut materials = vec![material.to_owned()];
    for _ in 0..rng.random_range(0..=2) {
        push_distinct(&mut materials, word(rng, sub.materials).to_owned());
    }

    ListingText { title, description, tags, materials }
}

fn push_distinct(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn describe(
    rng: &mut impl Rng,
    sub: &Sub,
    noun: &grammar::Noun,
    style: &grammar::Adjective,
    material: &str,
    colour: &grammar::Adjective,
    city: &str,
) -> String {
    let words = words_of(sub.craft);
    let agreement = noun.agreement;
    let plural = agreement.is_plural();
    let be = if plural { "sont" } else { "est" };
    let mut out = String::with_capacity(900);

    // Who made it, where, from what inspiration.
    capitalise_into(demonstrative(noun), &mut out);
    out.push(' ');
    out.push_str(&noun.text.to_lowercase());
    out.push(' ');
    style.push_agreed(agreement, &mut out);
    out.push(' ');
    out.push_str(be);
    out.push(' ');
    pick(rng, words.made).push_agreed(agreement, &mut out);
    out.push_str(" à la main dans mon atelier ");
    out.push_str(de(city));
    out.push_str(city);
    out.push_str(", en petite série. ");
    capitalise_into(subject_pronoun(noun), &mut out);
    out.push(' ');
    out.push_str(be);
    out.push(' ');
    grammar::adj("inspiré", "inspirée").push_agreed(agreement, &mut out);
    out.push(' ');
    out.push_str(word(rng, words.inspirations));
    out.push_str(". ");
    capitalise_into(&grammar::adj("parfait", "parfaite").agreed(agreement), &mut out);
    out.push_str(" pour ");
    out.push_str(word(rng, words.uses));
    out.push('.');

    // Material, colour, size.
    out.push_str("\n\n");
    out.push_str(&word(rng, words.material_sentences).replace("{m}", material));
    out.push_str(" Coloris : ");
    out.push_str(colour.masculine);
    out.push_str(". ");
    dimensions(rng, sub.craft, &mut out);

    // Care and shipping.
    out.push_str("\n\n");
    out.push_str(word(rng, words.care));
    out.push(' ');
    out.push_str(word(rng, SHIPPING));
    if rng.random_bool(0.4) {
        out.push_str("\n\n");
        out.push_str(word(rng, CLOSINGS));
    }
    out
}

const SHIPPING: &[&str] = &[
    "Expédition sous 2 à 4 jours ouvrés, dans un emballage recyclé.",
    "Emballage cadeau offert sur simple demande.",
    "Envoi soigné en lettre suivie, avec un petit mot écrit à la main.",
    "Chaque commande est préparée avec soin et expédiée en colissimo suivi.",
    "Retrait possible à l'atelier sur rendez-vous.",
];

const CLOSINGS: &[&str] = &[
    "Une question sur une taille, une couleur ou une personnalisation ? Écrivez-moi, je réponds avec plaisir.",
    "Les photos sont prises à la lumière du jour ; les couleurs peuvent légèrement varier selon les écrans.",
    "Fabriqué à la main : de petites irrégularités font la singularité de chaque pièce.",
    "Merci de soutenir la création artisanale indépendante !",
];

/// A French decimal with one digit: `2,5`.
fn decimal(tenths: u32) -> String {
    format!("{},{}", tenths / 10, tenths % 10)
}

fn dimensions(rng: &mut impl Rng, craft: Craft, out: &mut String) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    let _ = match craft {
        Craft::Jewellery => write!(
            out,
            "Dimensions : {} × {} mm, pour un poids de {} g.",
            rng.random_range(6..=45),
            rng.random_range(4..=30),
            decimal(rng.random_range(15..=180))
        ),
        Craft::Clothing => write!(
            out,
            "Disponible du 34 au 46 ; le modèle porte un {} et mesure 1,{} m.",
            [36, 38, 40][rng.random_range(0..3)],
            rng.random_range(60..=80)
        ),
        Craft::Bags => write!(
            out,
            "Dimensions : {} × {} × {} cm.",
            rng.random_range(12..=45),
            rng.random_range(8..=40),
            rng.random_range(2..=15)
        ),
        Craft::Home | Craft::Wedding | Craft::Kids => {
            write!(out, "Dimensions : {} × {} cm.", rng.random_range(6..=60), rng.random_range(6..=60))
        }
        Craft::Art => write!(out, "Format : {} × {} cm.", rng.random_range(2..=12) * 10, rng.random_range(2..=15) * 10),
        Craft::Paper => write!(out, "Format : {} × {} cm.", rng.random_range(9..=30), rng.random_range(12..=42)),
        Craft::Beauty => write!(
            out,
            "Contenance : {} {}.",
            rng.random_range(3..=25) * 10,
            if rng.random_bool(0.5) { "ml" } else { "g" }
        ),
        Craft::Supplies => write!(out, "Poids : {} g.", rng.random_range(2..=40) * 5),
    };
}

/// A shop's name: `Atelier Margaux`, `Terre & Sel`, `Lune de Quimper`…
/// The patterns with the most combinations come up most often, so that two
/// thousand shops rarely share a name.
pub(crate) fn shop_name(rng: &mut impl Rng) -> String {
    let first = word(rng, people::FIRST_NAMES);
    let thing = word(rng, people::NAME_WORDS);
    match rng.random_range(0..12) {
        0 => format!("Atelier {first}"),
        1 => format!("La Fabrique {}{first}", de(first)),
        2 => format!("Les {} {}{first}", word(rng, people::PLURAL_WORDS), de(first)),
        3 => format!("Maison {}", word(rng, people::LAST_NAMES)),
        4 => format!("{thing} Créations"),
        5 | 6 => format!("{thing} & {}", word(rng, people::NAME_WORDS)),
        7 | 8 => format!("{first} & {}", word(rng, people::FIRST_NAMES)),
        _ => {
            let location = word(rng, people::LOCATIONS);
            let city = location.split(',').next().unwrap_or(location);
            format!("{thing} {}{city}", de(city))
        }
    }
}

/// `Lyon, France`.
pub(crate) fn location(rng: &mut impl Rng) -> &'static str {
    word(rng, people::LOCATIONS)
}

/// A maker's first and last name.
pub(crate) fn maker_name(rng: &mut impl Rng) -> (String, String) {
    (word(rng, people::FIRST_NAMES).to_owned(), word(rng, people::LAST_NAMES).to_owned())
}

/// A shop's description: its maker, its town, its craft.
pub(crate) fn shop_description(rng: &mut impl Rng, name: &str, location: &str, top: &str, first: &str) -> String {
    let city = location.split(',').next().unwrap_or(location).trim();
    let craft = match top {
        "bijoux" => "des bijoux à porter tous les jours, dessinés et fabriqués un à un",
        "vetements" => "des vêtements durables, coupés et cousus en petites séries",
        "sacs-et-accessoires" => "des sacs et accessoires pensés pour durer",
        "maison" => "des objets pour la maison, utiles et beaux",
        "art" => "des œuvres originales et des tirages d'art",
        "papeterie" => "de la papeterie illustrée, imprimée près de chez moi",
        "mariage" => "de la décoration et des accessoires pour vos fêtes",
        "enfants" => "des jouets et des doudous tout doux pour les petits",
        "beaute" => "des cosmétiques naturels aux ingrédients choisis",
        "loisirs-creatifs" => "des fournitures et des kits pour créer soi-même",
        _ => "des créations faites main",
    };
    let mut out = format!("{name}, c'est l'atelier de {first}, à {city}. J'y imagine {craft}.");
    out.push(' ');
    out.push_str(word(rng, SHOP_VALUES));
    if rng.random_bool(0.5) {
        out.push_str("\n\n");
        out.push_str(word(rng, SHOP_CLOSINGS));
    }
    out
}

const SHOP_VALUES: &[&str] = &[
    "Chaque pièce est réalisée à la main, du premier croquis à l'emballage.",
    "Je travaille des matières naturelles, choisies auprès de fournisseurs proches.",
    "Tout est fabriqué en petites séries, pour ne rien produire en trop.",
    "J'ai appris mon métier auprès d'artisans passionnés et je le pratique depuis plusieurs années.",
];

const SHOP_CLOSINGS: &[&str] = &[
    "Les commandes personnalisées sont les bienvenues : écrivez-moi !",
    "Retrouvez-moi aussi sur les marchés de créateurs de la région.",
    "Merci de votre visite, et bonne découverte de la boutique.",
];

/// Whether a sub-category has its own words (rather than the generic ones).
#[cfg(test)]
pub(crate) fn knows_sub_category(slug: &str) -> bool {
    sub_of(slug).is_some()
}

/// Median price in cents and log-normal sigma for a sub-category.
pub(crate) fn price_profile(sub: &str) -> (u32, f64) {
    sub_of(sub).unwrap_or(&GENERIC).price
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    #[test]
    fn the_same_seed_gives_the_same_text() {
        let (mut a, mut b) = (rng(3), rng(3));
        for sub in crafts::SUBS {
            assert_eq!(listing_text(&mut a, sub.slug, "Lyon"), listing_text(&mut b, sub.slug, "Lyon"));
        }
        assert_eq!(shop_name(&mut a), shop_name(&mut b));
        assert_eq!(maker_name(&mut a), maker_name(&mut b));
    }

    #[test]
    fn every_sub_category_reads_well() {
        let mut rng = rng(11);
        for sub in crafts::SUBS.iter().chain([&GENERIC]) {
            assert!(sub.nouns.len() >= 3 && sub.materials.len() >= 4 && sub.tags.len() >= 8, "{}", sub.slug);
            for _ in 0..200 {
                let text = listing_text(&mut rng, sub.slug, "Quimper");
                let title = &text.title;
                assert!((10..=MAX_TITLE).contains(&title.len()), "{title}");
                assert!(title.chars().next().is_some_and(char::is_uppercase), "{title}");
                assert!(!title.ends_with(['.', ',', ' ']), "{title}");
                for piece in [title.as_str(), text.description.as_str()] {
                    assert!(!piece.contains("  ") && !piece.contains('{') && !piece.contains('}'), "{piece}");
                }
                assert!((250..=1200).contains(&text.description.len()), "{}", text.description);
                assert!(text.description.contains("Quimper"));
                assert!((3..=8).contains(&text.tags.len()), "{:?}", text.tags);
                assert!(text.tags.iter().all(|t| *t == t.to_lowercase() && t.len() <= 40));
                assert_eq!(text.tags.iter().collect::<HashSet<_>>().len(), text.tags.len());
                assert!((1..=3).contains(&text.materials.len()));
                assert!(text.description.contains(&text.materials[0]), "the description names the material");
                assert!(title.contains(&text.materials[0]), "the title names the material");
            }
        }
    }

    #[test]
    fn adjectives_and_participles_agree_with_the_noun() {
        let mut rng = rng(5);
        for sub in ["boucles-d-oreilles", "bagues", "bracelets", "savons", "vetements-bebe"] {
            for _ in 0..300 {
                let text = listing_text(&mut rng, sub, "Nantes");
                // "Ces créoles bohèmes sont ciselées à la main…", "Cette bague fine est polie…"
                let first = text.description.split(" à la main").next().unwrap();
                let (plural, feminine) = match first.split(' ').next().unwrap() {
                    "Ces" => (true, !first.starts_with("Ces clous") && !first.starts_with("Ces chaussons")),
                    "Cette" => (false, true),
                    "Ce" | "Cet" => (false, false),
                    other => panic!("unexpected opening {other:?}: {first}"),
                };
                let verb = if plural { " sont " } else { " est " };
                let participle = first.rsplit(verb).next().unwrap();
                let agrees = match (plural, feminine) {
                    (true, true) => participle.ends_with("es"),
                    (true, false) => participle.ends_with('s') && !participle.ends_with("es"),
                    (false, true) => participle.ends_with('e'),
                    (false, false) => !participle.ends_with('e') && !participle.ends_with('s'),
                };
                assert!(agrees, "{sub}: {first}");
                let inspired = match (plural, feminine) {
                    (true, true) => "inspirées ",
                    (true, false) => "inspirés ",
                    (false, true) => "inspirée ",
                    (false, false) => "inspiré ",
                };
                assert!(text.description.contains(inspired), "{sub}: {}", text.description);
            }
        }
    }

    #[test]
    fn there_is_plenty_of_variety() {
        let mut rng = rng(2026);
        let titles: HashSet<String> = (0..200_000)
            .map(|i| listing_text(&mut rng, crafts::SUBS[i % crafts::SUBS.len()].slug, "Arles").title)
            .collect();
        assert!(titles.len() > 30_000, "{} distinct titles", titles.len());
        let names: HashSet<String> = (0..2_000).map(|_| shop_name(&mut rng)).collect();
        assert!(names.len() > 1_500, "{} distinct shop names", names.len());
    }

    #[test]
    fn shops_are_described_with_their_maker_and_town() {
        let mut rng = rng(8);
        let text = shop_description(&mut rng, "Atelier Lune", "Colmar, France", "bijoux", "Margaux");
        assert!(text.starts_with("Atelier Lune, c'est l'atelier de Margaux, à Colmar."), "{text}");
        assert!(text.contains("bijoux"));
        assert!(people::LOCATIONS.len() >= 80);
        assert!(people::FIRST_NAMES.len() >= 120 && people::LAST_NAMES.len() >= 150);
    }

    #[test]
    fn every_sub_category_has_a_price() {
        for sub in crafts::SUBS {
            let (median, sigma) = price_profile(sub.slug);
            assert!(median >= 100 && sigma > 0.0, "{}", sub.slug);
        }
        assert_eq!(price_profile("inconnu"), GENERIC.price);
    }
}
