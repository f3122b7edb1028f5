//! Deterministic, French-flavoured text for the demo catalogue: listing titles, descriptions,
//! tags and materials, shop names and descriptions, makers' names, locations and prices.
//!
//! Everything is drawn from the caller's RNG, so a seeded RNG reproduces the same catalogue.
//! Grammar is modelled rather than hoped for: nouns carry gender and number, adjectives their
//! four forms, and templates ask for "the demonstrative of the noun" instead of spelling it,
//! which is what keeps "ces boucles d'oreilles dorées" and "ce jonc martelé" both correct.

#[macro_use]
mod grammar;
mod catalogue;
mod people;
mod sentences;

use rand::Rng;
use rand::seq::IndexedRandom;

use catalogue::{COLOURS, Line, PIECE_NAMES, SHARED_DETAILS, SHARED_TAGS, STYLES, Sub, Top, sub_of};
use grammar::{
    Adj, Agr, Det, Mat, Noun, city_of, elides, push_capitalised, push_cased, push_in_city, push_np, push_of_city,
    push_of_name, push_u32,
};
use people::{
    CONCEPT_SUFFIXES, CONCEPTS, FIRST_NAMES, LAST_NAMES, LOCATIONS, OF_PREFIXES, PREVIOUS_LIVES, SHOP_NEUTRAL,
    SHOP_OPENINGS, SHOP_THIRD_PERSON, WORD_ADJS, WORDS, craft_of,
};

/// Text of one generated listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListingText {
    /// 20..=110 characters, e.g. "Collier sautoir en argent 925, pendentif feuille de ginkgo".
    pub(crate) title: String,
    /// 2 to 4 paragraphs separated by "\n\n", 250..=1200 characters in total.
    pub(crate) description: String,
    /// 3..=8 distinct lowercase tags, each at most 30 characters.
    pub(crate) tags: Vec<String>,
    /// 1..=4 distinct lowercase materials, the same ones the description lists.
    pub(crate) materials: Vec<String>,
}

const TITLE_MIN: usize = 20;
const TITLE_MAX: usize = 110;
const DESCRIPTION_MIN: usize = 250;
const DESCRIPTION_MAX: usize = 1200;
const SHOP_DESCRIPTION_MIN: usize = 120;
const SHOP_DESCRIPTION_MAX: usize = 600;

/// Used only if a data table were ever left empty: the const tables are checked by tests, so
/// these keep generation total (never a panic) without hiding a mistake in practice.
static FALLBACK_NOUN: Noun = grammar::f("création");
static FALLBACK_MAT: Mat = mat!("bois");
static FALLBACK_LINE: Line = Line { nouns: &[], mats: &[], accents: &[], adjs: &[] };

/// Picks one element, `None` only for an empty slice.
fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> Option<&'a T> {
    items.choose(rng)
}

/// Picks a string, "" for an empty slice (every caller's slice is a non-empty const table).
fn pick_str(rng: &mut impl Rng, items: &[&'static str]) -> &'static str {
    pick(rng, items).copied().unwrap_or("")
}

/// What a listing sells: one product noun of a sub-category ("créoles" among the earrings), and
/// the line its materials come from. The noun decides both the title and the photo, so it is
/// drawn first, on its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Product {
    sub: &'static Sub,
    line: &'static Line,
    noun: Noun,
}

impl Product {
    /// The sub-category slug as the vocabulary knows it ("" for an unknown one).
    pub(crate) fn sub_category(&self) -> &'static str {
        self.sub.slug
    }

    /// The product noun the title starts with ("créoles", "jonc").
    pub(crate) fn noun(&self) -> &'static str {
        self.noun.text
    }
}

/// Picks what a listing of sub-category `sub` (a slug from the taxonomy) sells. Unknown slugs
/// fall back to a generic craft vocabulary.
pub(crate) fn product(rng: &mut impl Rng, sub: &str) -> Product {
    let sub = sub_of(sub);
    let line = pick(rng, sub.lines).unwrap_or(&FALLBACK_LINE);
    let noun = *pick(rng, line.nouns).unwrap_or(&FALLBACK_NOUN);
    Product { sub, line, noun }
}

/// Every (sub-category, noun) a title can start with, the generic vocabulary included.
#[cfg(test)]
pub(crate) fn every_product() -> Vec<(&'static str, &'static str)> {
    catalogue::SUBS
        .iter()
        .chain([&catalogue::GENERIC])
        .flat_map(|sub| sub.lines.iter().flat_map(move |line| line.nouns.iter().map(move |n| (sub.slug, n.text))))
        .collect()
}

/// Title, description, tags and materials for a listing of sub-category `sub` sold by a shop
/// located in `shop_city`: [`product`] then [`describe`] from the same RNG.
#[cfg(test)]
pub(crate) fn listing_text(rng: &mut impl Rng, sub: &str, shop_city: &str) -> ListingText {
    let product = product(rng, sub);
    describe(rng, &product, shop_city)
}

/// Title, description, tags and materials for `product`, sold by a shop located in `shop_city`
/// ("Lyon" or "Lyon, France").
pub(crate) fn describe(rng: &mut impl Rng, product: &Product, shop_city: &str) -> ListingText {
    let Product { sub, line, noun } = *product;
    let city = city_of(shop_city);
    let primary = *pick(rng, line.mats).unwrap_or(&FALLBACK_MAT);

    // Zero to two secondary materials, distinct from each other and from the main one.
    let wanted = match rng.random_range(0..100) {
        0..35 => 0,
        35..80 => 1,
        _ => 2,
    };
    let mut accents: Vec<Mat> = Vec::with_capacity(2);
    for _ in 0..wanted * 2 {
        if accents.len() >= wanted {
            break;
        }
        if let Some(&a) = pick(rng, line.accents)
            && a.name != primary.name
            && accents.iter().all(|b| b.name != a.name)
        {
            accents.push(a);
        }
    }
    let mut materials = Vec::with_capacity(1 + accents.len());
    materials.push(primary.name.to_owned());
    materials.extend(accents.iter().map(|a| a.name.to_owned()));

    let (title, look) = title(rng, sub, line, &noun, &primary, &accents);
    let tags = tags(rng, sub, &noun, &primary, look);
    let name = title_name(&title);
    let description = description(rng, sub, &noun, &materials, city, name);
    ListingText { title, description, tags, materials }
}

/// The piece name a title carries between guillemets, if any.
fn title_name(title: &str) -> Option<&str> {
    let start = title.find("« ")? + "« ".len();
    let len = title[start..].find(" »")?;
    Some(&title[start..start + len])
}

/// The optional parts of a title, rendered in a fixed order so that shortening is a matter
/// of dropping parts.
struct TitleParts<'a> {
    noun: &'a Noun,
    shape: Option<&'static str>,
    look: Option<&'static str>,
    name: Option<&'static str>,
    material: &'static str,
    accent: Option<&'static str>,
    detail: Option<&'static str>,
}

impl TitleParts<'_> {
    fn render(&self, out: &mut String) {
        out.clear();
        push_capitalised(out, self.noun.text);
        for part in [self.shape, self.look].into_iter().flatten() {
            out.push(' ');
            out.push_str(part);
        }
        // A name in guillemets needs something after it: a title must not end with "»".
        if let Some(name) = self.name.filter(|_| !self.material.is_empty()) {
            out.push_str(" « ");
            out.push_str(name);
            out.push_str(" »");
        }
        if !self.material.is_empty() {
            out.push(' ');
            out.push_str(self.material);
        }
        if let Some(accent) = self.accent {
            out.push(' ');
            out.push_str(accent);
        }
        if let Some(detail) = self.detail {
            out.push_str(", ");
            out.push_str(detail);
        }
    }
}

/// Whether an adjective form would repeat or contradict words already in the title
/// ("bague fine fine", "carnet recyclé en papier recyclé", "robe midi longue").
fn fits(form: &str, noun: &Noun, material: &str) -> bool {
    let length = form.starts_with("long") || form.starts_with("court");
    let sized = ["long", "court", "midi", "mini", "short"].iter().any(|w| noun.text.contains(w));
    !(noun.text.contains(form) || material.contains(form) || length && sized)
}

/// First word of a qualifier ("relié" in "relié à la main").
fn head_word(s: &str) -> &str {
    s.split(' ').next().unwrap_or(s)
}

/// Agrees a random adjective of `pool` with `noun`, unless it does not fit the title.
fn agreed(rng: &mut impl Rng, pool: &'static [Adj], noun: &Noun, material: &str) -> Option<(&'static str, Adj)> {
    let adj = *pick(rng, pool)?;
    let form = adj.agree(noun.agr);
    fits(form, noun, material).then_some((form, adj))
}

/// Builds the title; also returns the style or colour adjective used, which becomes a tag.
fn title(
    rng: &mut impl Rng,
    sub: &Sub,
    line: &Line,
    noun: &Noun,
    primary: &Mat,
    accents: &[Mat],
) -> (String, Option<Adj>) {
    let material = primary.title;
    let shapes = if line.adjs.is_empty() { sub.adjs } else { line.adjs };
    let shape = if rng.random_bool(0.55) { agreed(rng, shapes, noun, material) } else { None };
    let look_pool: &'static [Adj] = match (sub.styles, sub.colours) {
        (true, true) => {
            if rng.random_bool(0.5) {
                STYLES
            } else {
                COLOURS
            }
        }
        (true, false) => STYLES,
        (false, true) => COLOURS,
        (false, false) => &[],
    };
    let look = if rng.random_bool(0.4) {
        agreed(rng, look_pool, noun, material).filter(|(form, _)| shape.is_none_or(|(s, _)| s != *form))
    } else {
        None
    };
    let name = if rng.random_bool(sub.top.name_probability()) { pick(rng, PIECE_NAMES).copied() } else { None };
    let accent = accents.iter().map(|a| a.title).find(|t| !t.is_empty()).filter(|_| rng.random_bool(0.5));
    // "Fait main" or "pièce unique" suit a jewel or a vase, not a skein of yarn or a soap.
    let shared_details = !matches!(sub.top, Top::Loisirs | Top::Beaute);
    let detail_pool = if shared_details && rng.random_bool(0.2) { SHARED_DETAILS } else { sub.details };
    let detail = if rng.random_bool(0.55) { agreed(rng, detail_pool, noun, material).map(|(f, _)| f) } else { None };
    // "Carnet relié en papier recyclé, relié à la main": one "relié" is enough.
    let detail = detail.filter(|d| [shape, look].iter().flatten().all(|(form, _)| head_word(form) != head_word(d)));
    // "Carré de soie en soie": the noun already names the material.
    let material = if noun.text.contains(primary.name) { "" } else { material };

    let mut parts =
        TitleParts { noun, shape: shape.map(|(f, _)| f), look: look.map(|(f, _)| f), name, material, accent, detail };
    let mut out = String::with_capacity(TITLE_MAX + 16);
    // Each pass drops or adds one part, so a handful of passes always settles.
    for _ in 0..8 {
        parts.render(&mut out);
        let len = out.chars().count();
        if len > TITLE_MAX {
            if parts.accent.take().is_some() || parts.name.take().is_some() || parts.look.take().is_some() {
                continue;
            }
            if parts.detail.take().is_some() || parts.shape.take().is_some() {
                continue;
            }
            break;
        } else if len < TITLE_MIN {
            if parts.detail.is_none() {
                // A few draws almost always find a fitting detail; "fait main" fits any noun.
                parts.detail = (0..4)
                    .find_map(|_| agreed(rng, sub.details, noun, material))
                    .map(|(f, _)| f)
                    .or_else(|| SHARED_DETAILS.first().map(|a| a.agree(noun.agr)));
            } else if parts.shape.is_none() {
                parts.shape = agreed(rng, shapes, noun, material).map(|(f, _)| f);
                if parts.shape.is_none() {
                    parts.shape = agreed(rng, STYLES, noun, material).map(|(f, _)| f);
                }
            } else {
                break;
            }
        } else {
            break;
        }
    }
    // The look adjective becomes a tag only if it made it into the title.
    let look = look.filter(|_| parts.look.is_some()).map(|(_, adj)| adj);
    (out, look)
}

fn push_unique(tags: &mut Vec<String>, tag: &str) {
    if !tag.is_empty() && tags.iter().all(|t| t != tag) {
        tags.push(tag.to_owned());
    }
}

/// Tags: what the product is and is made of (as buyers search), its style or colour, then
/// general and category-wide tags.
fn tags(rng: &mut impl Rng, sub: &Sub, noun: &Noun, primary: &Mat, look: Option<Adj>) -> Vec<String> {
    let target = rng.random_range(3..=8);
    let mut tags = Vec::with_capacity(8);
    if rng.random_bool(0.8) && noun.text.chars().count() <= 30 {
        let lower = noun.text.to_lowercase();
        push_unique(&mut tags, &lower);
    }
    if rng.random_bool(0.6) && primary.name.chars().count() <= 30 {
        push_unique(&mut tags, primary.name);
    }
    if let Some(adj) = look
        && rng.random_bool(0.6)
    {
        push_unique(&mut tags, adj.lemma());
    }
    let shared = if target >= 6 { 2 } else { 1 };
    for _ in 0..shared {
        push_unique(&mut tags, pick_str(rng, SHARED_TAGS));
    }
    for _ in 0..24 {
        if tags.len() >= target {
            break;
        }
        push_unique(&mut tags, pick_str(rng, sub.tags));
    }
    // Unlucky draws: complete in table order so the minimum always holds.
    for tag in sub.tags.iter().chain(SHARED_TAGS) {
        if tags.len() >= 3 {
            break;
        }
        push_unique(&mut tags, tag);
    }
    tags
}

/// What `{key}` markers in description templates refer to.
struct Ctx<'a> {
    noun: &'a Noun,
    materials: &'a [String],
    city: &'a str,
    name: &'a str,
}

impl Ctx<'_> {
    /// Pushes the expansion of `key`; `false` for an unknown key (caught by the template tests).
    fn push_key(&self, out: &mut String, key: &str) -> bool {
        let agr = self.noun.agr;
        let plural = agr.plural();
        let number = |sg: &'static str, pl: &'static str| if plural { pl } else { sg };
        let by_agr = |forms: [&'static str; 4]| forms[agr as usize];
        let cap = key.starts_with(|c: char| c.is_ascii_uppercase());
        match key {
            "ce" | "Ce" => push_np(out, self.noun, Det::Demonstrative, cap),
            "un" | "Un" => push_np(out, self.noun, Det::Indefinite, cap),
            "le" | "Le" => push_np(out, self.noun, Det::Definite, cap),
            "il" | "Il" => push_cased(out, by_agr(["il", "elle", "ils", "elles"]), cap),
            "lo" => out.push_str(by_agr(["le", "la", "les", "les"])),
            "lui" => out.push_str(number("lui", "leur")),
            "l_" => out.push_str(number("l'", "les ")),
            "e" => out.push_str(by_agr(["", "e", "s", "es"])),
            "s" => out.push_str(number("", "s")),
            "nt" => out.push_str(number("", "nt")),
            "est" => out.push_str(number("est", "sont")),
            "a" => out.push_str(number("a", "ont")),
            "peut" => out.push_str(number("peut", "peuvent")),
            "sera" => out.push_str(number("sera", "seront")),
            "son" | "Son" => push_cased(out, number("son", "leur"), cap),
            "sa" | "Sa" => push_cased(out, number("sa", "leur"), cap),
            "ses" | "Ses" => push_cased(out, number("ses", "leurs"), cap),
            "mats" => push_list(out, self.materials),
            "mat" => out.push_str(self.materials.first().map_or("", String::as_str)),
            "a_city" => push_in_city(out, self.city),
            "de_city" => push_of_city(out, self.city),
            "name" => out.push_str(self.name),
            _ => match key.split_once('|') {
                Some((sg, pl)) => out.push_str(if plural { pl } else { sg }),
                None => return false,
            },
        }
        true
    }
}

/// "a", "a et b", "a, b et c".
fn push_list(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { " et " } else { ", " });
        }
        out.push_str(item);
    }
}

/// Expands `{key}` markers of `template` into `out` with `push_key`.
fn expand(out: &mut String, template: &str, push_key: &mut impl FnMut(&mut String, &str) -> bool) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            // An unclosed brace is literal text; no template has one.
            out.push_str(&rest[open..]);
            return;
        };
        push_key(out, &after[..close]);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// Appends one sentence, separated from the previous one by a space unless it opens a paragraph.
fn sentence(out: &mut String, template: &str, cx: &Ctx<'_>) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push(' ');
    }
    expand(out, template, &mut |o: &mut String, k: &str| cx.push_key(o, k));
}

fn paragraph_break(out: &mut String) {
    out.push_str("\n\n");
}

/// Two distinct templates of `pool` (or one if it has a single entry).
fn two_of(rng: &mut impl Rng, pool: &'static [&'static str]) -> (&'static str, Option<&'static str>) {
    if pool.len() < 2 {
        return (pool.first().copied().unwrap_or(""), None);
    }
    let i = rng.random_range(0..pool.len());
    let j = (i + 1 + rng.random_range(0..pool.len() - 1)) % pool.len();
    (pool[i], Some(pool[j]))
}

fn description(
    rng: &mut impl Rng,
    sub: &Sub,
    noun: &Noun,
    materials: &[String],
    city: &str,
    name: Option<&str>,
) -> String {
    let cx = Ctx { noun, materials, city, name: name.unwrap_or("") };
    let mut out = String::with_capacity(DESCRIPTION_MAX + 64);
    // A full-length draw occasionally overshoots the maximum; the compact retry cannot.
    for compact in [false, true] {
        out.clear();
        build_description(rng, sub, &cx, compact, &mut out);
        if out.chars().count() <= DESCRIPTION_MAX {
            break;
        }
    }
    // Short draws are topped up with shipping and gift sentences until long enough.
    let extra = sentences::SHIPPING.iter().chain(sentences::GIFTS);
    for template in extra {
        if out.chars().count() >= DESCRIPTION_MIN {
            break;
        }
        // Skip a sentence already used: compare its literal opening (up to a marker).
        let head = template.split('{').next().unwrap_or("");
        let head = head.char_indices().nth(24).map_or(head, |(i, _)| &head[..i]);
        if head.len() < 8 || !out.contains(head) {
            sentence(&mut out, template, &cx);
        }
    }
    out
}

fn build_description<R: Rng>(rng: &mut R, sub: &Sub, cx: &Ctx<'_>, compact: bool, out: &mut String) {
    let paragraphs = match rng.random_range(0..100) {
        0..20 => 2,
        20..60 => 3,
        _ => 4,
    };
    let (process, process2) = two_of(rng, sentences::processes(sub.top));
    let (care, care2) = two_of(rng, sentences::cares(sub.care));
    let (shipping, gift) = (pick_str(rng, sentences::SHIPPING), pick_str(rng, sentences::GIFTS));
    let label = pick_str(rng, sentences::material_labels(sub.top));
    let generous = !compact && rng.random_bool(0.5);

    // Opening paragraph: what the piece is, how it is worn or used, its name.
    sentence(out, pick_str(rng, sentences::intros(sub.top)), cx);
    if let Some(u) = pick(rng, sub.uses) {
        sentence(out, u, cx);
    }
    if !cx.name.is_empty() && !compact {
        sentence(out, pick_str(rng, sentences::NAMING), cx);
    }
    if paragraphs == 2 && rng.random_bool(0.5) {
        sentence(out, process, cx);
    }
    paragraph_break(out);

    // Materials always appear, listed exactly as in `materials`.
    let materials_sentence = |out: &mut String| {
        if !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(label);
        out.push_str(" : ");
        push_list(out, cx.materials);
        out.push('.');
    };
    let dims = |out: &mut String, rng: &mut R| {
        if !out.ends_with('\n') {
            out.push(' ');
        }
        sentences::push_dims(out, rng, sub.dim, cx.noun);
    };

    match paragraphs {
        2 => {
            materials_sentence(out);
            dims(out, rng);
            sentence(out, pick_str(rng, sentences::MADE_IN), cx);
            if generous {
                sentence(out, shipping, cx);
            }
        }
        3 => {
            sentence(out, process, cx);
            materials_sentence(out);
            dims(out, rng);
            paragraph_break(out);
            sentence(out, care, cx);
            sentence(out, pick_str(rng, sentences::MADE_IN), cx);
            sentence(out, shipping, cx);
        }
        _ => {
            sentence(out, process, cx);
            if let Some(p2) = process2.filter(|_| generous) {
                sentence(out, p2, cx);
            }
            materials_sentence(out);
            paragraph_break(out);
            dims(out, rng);
            sentence(out, care, cx);
            if let Some(c2) = care2.filter(|_| !compact && rng.random_bool(0.4)) {
                sentence(out, c2, cx);
            }
            paragraph_break(out);
            sentence(out, pick_str(rng, sentences::MADE_IN), cx);
            sentence(out, shipping, cx);
            if !compact && rng.random_bool(0.5) {
                sentence(out, gift, cx);
            }
        }
    }
}

/// A shop name such as "Atelier Margaux", "La Fabrique de Lucien", "Terre & Sel",
/// "Les Mains Bleues", "Maison Vernier" or "Fil d'Ariane Créations", 3..=40 characters.
pub(crate) fn shop_name(rng: &mut impl Rng) -> String {
    let mut s = String::with_capacity(48);
    // A few patterns can exceed 40 characters with long names: redraw then.
    for _ in 0..6 {
        s.clear();
        let first = pick_str(rng, FIRST_NAMES);
        match rng.random_range(0..100) {
            0..17 => {
                s.push_str(pick_str(rng, OF_PREFIXES));
                s.push(' ');
                push_of_name(&mut s, first);
            }
            17..23 => {
                s.push_str("Atelier ");
                s.push_str(first);
            }
            23..31 => {
                s.push_str(if rng.random_bool(0.7) { "Maison " } else { "Atelier " });
                s.push_str(pick_str(rng, LAST_NAMES));
            }
            31..46 => {
                let (a, b) = (pick(rng, WORDS), pick(rng, WORDS));
                if let (Some(a), Some(b)) = (a, b)
                    && a.sg != b.sg
                {
                    s.push_str(a.sg);
                    s.push_str(" & ");
                    s.push_str(b.sg);
                }
            }
            46..68 => {
                if let (Some(w), Some(adj)) = (pick(rng, WORDS), pick(rng, WORD_ADJS)) {
                    if rng.random_bool(0.7) {
                        let article = match (w.fem, !w.aspirated && elides(w.sg)) {
                            (_, true) => "L'",
                            (true, false) => "La ",
                            (false, false) => "Le ",
                        };
                        s.push_str(article);
                        s.push_str(w.sg);
                        s.push(' ');
                        s.push_str(adj.agree(if w.fem { Agr::Fs } else { Agr::Ms }));
                    } else {
                        s.push_str("Les ");
                        s.push_str(w.pl);
                        s.push(' ');
                        s.push_str(adj.agree(if w.fem { Agr::Fp } else { Agr::Mp }));
                    }
                }
            }
            68..74 => {
                s.push_str(pick_str(rng, CONCEPTS));
                s.push(' ');
                s.push_str(pick_str(rng, CONCEPT_SUFFIXES));
            }
            74..80 => {
                let second = pick_str(rng, FIRST_NAMES);
                if second != first {
                    s.push_str(first);
                    s.push_str(" & ");
                    s.push_str(second);
                }
            }
            80..88 => {
                s.push_str(first);
                s.push(' ');
                s.push_str(pick_str(rng, LAST_NAMES));
            }
            _ => {
                if let Some(w) = pick(rng, WORDS) {
                    s.push_str("Les ");
                    s.push_str(w.pl);
                    s.push(' ');
                    push_of_name(&mut s, first);
                }
            }
        }
        if (3..=40).contains(&s.chars().count()) {
            return s;
        }
    }
    s.clear();
    s.push_str("Atelier ");
    s.push_str(pick_str(rng, FIRST_NAMES));
    s
}

/// A realistic "City, Country": mostly French cities of every region, some Belgian, Swiss and
/// Québécois ones.
pub(crate) fn location(rng: &mut impl Rng) -> &'static str {
    pick(rng, LOCATIONS).copied().unwrap_or("Lyon, France")
}

/// A maker's first and last name.
pub(crate) fn maker_name(rng: &mut impl Rng) -> (String, String) {
    (pick_str(rng, FIRST_NAMES).to_owned(), pick_str(rng, LAST_NAMES).to_owned())
}

/// A shop's description (one or two short paragraphs, 120..=600 characters) naming its craft
/// (`top` is the top-level category slug), its city (the part of `location` before the comma)
/// and the maker's first name.
pub(crate) fn shop_description(
    rng: &mut impl Rng,
    shop_name: &str,
    location: &str,
    top: &str,
    maker_first_name: &str,
) -> String {
    let craft = craft_of(Top::from_slug(top));
    let city = city_of(location);
    let shop = shop_name.trim();
    let first = match maker_first_name.trim() {
        "" if shop.is_empty() => "l'artisan",
        "" => shop,
        name => name,
    };
    let opening_index = rng.random_range(0..SHOP_OPENINGS.len());
    let opening = SHOP_OPENINGS[opening_index];
    let first_person = opening.contains("{je_verb}");
    let verb = pick_str(rng, craft.verbs);
    let what = pick_str(rng, craft.what);
    let year = rng.random_range(2008..=2024);
    let previous = pick_str(rng, PREVIOUS_LIVES);

    let mut push_key = |out: &mut String, key: &str| -> bool {
        match key {
            "shop" => out.push_str(shop),
            "first" => out.push_str(first),
            "de_first" => push_of_name(out, first),
            "a_city" => push_in_city(out, city),
            "A_city" => {
                let start = out.len();
                push_in_city(out, city);
                capitalise_from(out, start);
            }
            "de_city" => push_of_city(out, city),
            "verb" => out.push_str(verb),
            "je_verb" => {
                out.push_str(if elides(verb) { "j'" } else { "je " });
                out.push_str(verb);
            }
            "what" => out.push_str(what),
            "year" => push_u32(out, year),
            "previous" => out.push_str(previous),
            "passion" => out.push_str(craft.passion),
            _ => return false,
        }
        true
    };

    let mut out = String::with_capacity(SHOP_DESCRIPTION_MAX);
    expand(&mut out, opening, &mut push_key);
    let opening_len = out.len();
    let second = out.chars().count() < SHOP_DESCRIPTION_MIN || rng.random_bool(0.6);
    if second {
        out.push_str("\n\n");
        let (neutral, other_neutral) = two_of(rng, SHOP_NEUTRAL);
        let lead = if first_person || rng.random_bool(0.5) { neutral } else { pick_str(rng, SHOP_THIRD_PERSON) };
        expand(&mut out, lead, &mut push_key);
        if let Some(more) = other_neutral.filter(|_| rng.random_bool(0.4)) {
            out.push(' ');
            expand(&mut out, more, &mut push_key);
        }
        // Very long shop or city names can overshoot: the opening alone is then enough.
        if out.chars().count() > SHOP_DESCRIPTION_MAX {
            out.truncate(opening_len);
        }
    }
    out
}

/// Upper-cases the character starting at byte `start` ("à Lyon" → "À Lyon").
fn capitalise_from(out: &mut String, start: usize) {
    if let Some(c) = out[start..].chars().next()
        && c.is_lowercase()
    {
        let upper: String = c.to_uppercase().collect();
        out.replace_range(start..start + c.len_utf8(), &upper);
    }
}

/// Median price in euro cents and log-normal sigma for sub-category `sub`, realistic for a
/// maker marketplace; unknown slugs get (3_000, 0.7).
pub(crate) fn price_profile(sub: &str) -> (u32, f64) {
    sub_of(sub).price
}

#[cfg(test)]
mod tests;

/// Whether a sub-category has its own words (rather than the generic ones).
#[cfg(test)]
pub(crate) fn knows_sub_category(slug: &str) -> bool {
    catalogue::SUBS.iter().any(|sub| sub.slug == slug)
}
