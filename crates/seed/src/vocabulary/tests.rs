use std::collections::HashSet;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::catalogue::{COLOURS, SHARED_DETAILS, STYLES, SUBS, Sub, Top, sub_of};
use super::grammar::{Adj, Agr, Noun, f, fp, m, mp};
use super::people::{FIRST_NAMES, LAST_NAMES, LOCATIONS, craft_keyword};
use super::*;

/// The taxonomy of `0002_taxonomy.sql`: (top-level slug, sub-category slugs).
const TAXONOMY: &[(&str, &[&str])] = &[
    ("bijoux", &["colliers", "bagues", "boucles-d-oreilles", "bracelets", "broches"]),
    ("vetements", &["robes", "pulls-et-gilets", "hauts-et-chemisiers", "vestes-et-manteaux", "jupes-et-pantalons"]),
    (
        "sacs-et-accessoires",
        &["sacs-a-main", "pochettes-et-trousses", "foulards-et-echarpes", "chapeaux-et-bonnets", "ceintures"],
    ),
    ("maison", &["bougies", "ceramique", "coussins-et-plaids", "luminaires", "decoration-murale"]),
    ("art", &["peintures", "illustrations", "photographies", "sculptures", "dessins"]),
    ("papeterie", &["carnets", "cartes", "faire-part", "affiches", "calendriers"]),
    ("mariage", &["decoration-de-mariage", "accessoires-de-mariee", "cadeaux-d-invites", "decoration-de-fete"]),
    ("enfants", &["jouets", "doudous-et-peluches", "vetements-bebe", "chambre-d-enfant"]),
    ("beaute", &["savons", "soins", "parfums", "accessoires-de-bain"]),
    ("loisirs-creatifs", &["kits-creatifs", "laines-et-fils", "perles-et-appretes", "tissus", "patrons"]),
];

fn all_subs() -> impl Iterator<Item = &'static str> + Clone {
    TAXONOMY.iter().flat_map(|(_, subs)| subs.iter().copied())
}

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A city as it appears after a preposition: "au Havre", "aux Sables-d'Olonne".
fn city_name(city: &str) -> &str {
    city.strip_prefix("Le ").or_else(|| city.strip_prefix("Les ")).unwrap_or(city)
}

fn is_lowercase_text(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
}

/// Problems shared by every piece of generated prose.
fn prose_problems(s: &str) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if s.contains('{') || s.contains('}') {
        problems.push("template marker");
    }
    if s.contains("  ") {
        problems.push("double space");
    }
    if s.contains(" .") || s.contains(" ,") || s.contains(",,") || s.contains("..") {
        problems.push("space or doubled punctuation");
    }
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        problems.push("leading or trailing whitespace");
    }
    for leak in ["undefined", "None", "Some(", "null", "TODO"] {
        if s.contains(leak) {
            problems.push("leaked placeholder");
        }
    }
    problems
}

fn check_listing(slug: &str, city: &str, t: &ListingText) {
    let title_len = t.title.chars().count();
    assert!((20..=110).contains(&title_len), "{slug}: title length {title_len}: {}", t.title);
    let first = t.title.chars().next().unwrap();
    assert!(first.is_uppercase(), "{slug}: title not capitalised: {}", t.title);
    let last = t.title.chars().last().unwrap();
    assert!(last.is_alphanumeric(), "{slug}: title ends with punctuation: {}", t.title);
    assert!(!t.title.contains('\n'), "{slug}: {}", t.title);
    assert!(prose_problems(&t.title).is_empty(), "{slug}: {:?}: {}", prose_problems(&t.title), t.title);

    let d = &t.description;
    let len = d.chars().count();
    assert!((250..=1200).contains(&len), "{slug}: description length {len}:\n{d}");
    let paragraphs: Vec<_> = d.split("\n\n").collect();
    assert!((2..=4).contains(&paragraphs.len()), "{slug}: {} paragraphs:\n{d}", paragraphs.len());
    for p in &paragraphs {
        assert!(!p.trim().is_empty() && !p.contains('\n'), "{slug}: bad paragraph:\n{d}");
        assert!(p.starts_with(|c: char| c.is_uppercase() || c == '«'), "{slug}: paragraph starts lowercase:\n{d}");
        assert!(p.ends_with(['.', '!', '?']), "{slug}: paragraph does not end a sentence:\n{d}");
        assert!(prose_problems(p).is_empty(), "{slug}: {:?}:\n{d}", prose_problems(p));
    }
    for m in &t.materials {
        assert!(d.contains(m.as_str()), "{slug}: material {m} missing from the description:\n{d}");
    }
    assert!(d.contains(city_name(city)), "{slug}: city {city} missing:\n{d}");

    assert!((3..=8).contains(&t.tags.len()), "{slug}: {} tags", t.tags.len());
    assert_eq!(t.tags.iter().collect::<HashSet<_>>().len(), t.tags.len(), "{slug}: duplicate tags {:?}", t.tags);
    for tag in &t.tags {
        assert!(!tag.is_empty() && tag.chars().count() <= 30, "{slug}: tag {tag:?}");
        assert!(is_lowercase_text(tag), "{slug}: tag not lowercase {tag:?}");
        assert_eq!(tag.trim(), tag, "{slug}: tag padded {tag:?}");
    }

    assert!((1..=4).contains(&t.materials.len()), "{slug}: {} materials", t.materials.len());
    let distinct: HashSet<_> = t.materials.iter().collect();
    assert_eq!(distinct.len(), t.materials.len(), "{slug}: duplicate materials {:?}", t.materials);
    for m in &t.materials {
        assert!(!m.is_empty() && is_lowercase_text(m), "{slug}: material {m:?}");
    }
}

#[test]
fn the_tables_cover_the_taxonomy_exactly() {
    let table: Vec<_> = SUBS.iter().map(|s| s.slug).collect();
    let expected: Vec<_> = all_subs().collect();
    assert_eq!(table, expected);
    for (top, subs) in TAXONOMY {
        assert_ne!(Top::from_slug(top), Top::Autre, "{top}");
        for slug in *subs {
            assert_eq!(sub_of(slug).top, Top::from_slug(top), "{slug} filed under the wrong top-level category");
        }
    }
}

#[test]
fn every_sub_category_has_its_own_vocabulary() {
    for sub in SUBS {
        let slug = sub.slug;
        assert!(!sub.lines.is_empty(), "{slug}");
        let nouns: HashSet<_> = sub.lines.iter().flat_map(|l| l.nouns.iter().map(|n| n.text)).collect();
        assert!(nouns.len() >= 5, "{slug}: {} nouns", nouns.len());
        let materials: HashSet<_> =
            sub.lines.iter().flat_map(|l| l.mats.iter().chain(l.accents).map(|m| m.name)).collect();
        assert!(materials.len() >= 5, "{slug}: {} materials", materials.len());
        for line in sub.lines {
            assert!(!line.nouns.is_empty() && !line.mats.is_empty(), "{slug}: empty line");
            for m in line.mats.iter().chain(line.accents) {
                assert!(is_lowercase_text(m.name) && m.name.chars().count() <= 40, "{slug}: material {:?}", m.name);
            }
        }
        for n in &nouns {
            // Titles capitalise the noun themselves; proper nouns inside ("col V", "PDF") are fine.
            assert!(n.starts_with(char::is_lowercase), "{slug}: noun {n:?} must start lowercase");
        }
        let tags: HashSet<_> = sub.tags.iter().collect();
        assert!(tags.len() >= 8 && tags.len() == sub.tags.len(), "{slug}: tags must be 8+ distinct");
        for tag in sub.tags {
            assert!(is_lowercase_text(tag) && tag.chars().count() <= 30, "{slug}: tag {tag:?}");
        }
        assert!(!sub.adjs.is_empty() && !sub.details.is_empty() && !sub.uses.is_empty(), "{slug}");
        assert!(sub.price.0 > 0 && sub.price.1 > 0.0, "{slug}");
    }
    for adj in STYLES.iter().chain(COLOURS) {
        assert!(is_lowercase_text(adj.lemma()) && adj.lemma().chars().count() <= 30);
    }
}

/// Every `{key}` of every template is known, for all four agreements.
#[test]
fn every_template_expands_completely() {
    let nouns = [m("collier"), f("écharpe"), mp("clous d'oreilles"), fp("créoles")];
    let mut templates: Vec<&str> = Vec::new();
    let tops = [
        Top::Bijoux,
        Top::Vetements,
        Top::Sacs,
        Top::Maison,
        Top::Art,
        Top::Papeterie,
        Top::Mariage,
        Top::Enfants,
        Top::Beaute,
        Top::Loisirs,
        Top::Autre,
    ];
    for top in tops {
        templates.extend(sentences::intros(top));
        templates.extend(sentences::processes(top));
        assert!(!sentences::material_labels(top).is_empty());
        assert!(craft_of(top).what.iter().all(|w| w.contains(craft_keyword(top))), "{top:?}");
    }
    for sub in SUBS {
        templates.extend(sub.uses);
        templates.extend(sentences::cares(sub.care));
    }
    templates.extend(sentences::SHIPPING);
    templates.extend(sentences::GIFTS);
    templates.extend(sentences::MADE_IN);
    templates.extend(sentences::NAMING);
    let materials = vec!["lin".to_owned(), "coton".to_owned()];
    for noun in &nouns {
        let cx = Ctx { noun, materials: &materials, city: "Le Havre", name: "Lune" };
        for t in &templates {
            let mut unknown = Vec::new();
            let mut out = String::new();
            expand(&mut out, t, &mut |o: &mut String, k: &str| {
                let known = cx.push_key(o, k);
                if !known {
                    unknown.push(k.to_owned());
                }
                known
            });
            assert!(unknown.is_empty(), "unknown keys {unknown:?} in {t:?}");
            assert!(prose_problems(&out).is_empty(), "{:?} in {out:?}", prose_problems(&out));
            assert!(!out.contains("à Le ") && !out.contains("de Le "), "{out}");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_catalogue() {
    fn run(seed: u64) -> Vec<String> {
        let mut r = rng(seed);
        let mut out = Vec::new();
        for (i, slug) in all_subs().chain(["inconnu"]).cycle().take(300).enumerate() {
            let t = listing_text(&mut r, slug, "Quimper, France");
            out.push(format!("{t:?}"));
            if i % 10 == 0 {
                let name = shop_name(&mut r);
                let place = location(&mut r);
                let (first, last) = maker_name(&mut r);
                let about = shop_description(&mut r, &name, place, "bijoux", &first);
                out.push(format!("{name}|{place}|{first}|{last}|{about}"));
            }
        }
        out
    }
    for seed in [0, 1, 42, 2024] {
        assert_eq!(run(seed), run(seed), "seed {seed}");
    }
    assert_ne!(run(1), run(2), "different seeds should give different catalogues");
}

#[test]
fn every_sub_category_produces_valid_text() {
    let mut r = rng(7);
    let cities = ["Lyon", "Le Havre", "Les Sables-d'Olonne", "Arles", "Genève", "Trois-Rivières"];
    for slug in all_subs().chain(["inconnu", ""]) {
        for i in 0..600 {
            let city = cities[i % cities.len()];
            let location = format!("{city}, France");
            let t = listing_text(&mut r, slug, &location);
            check_listing(slug, city, &t);
        }
    }
}

#[test]
fn unknown_slugs_fall_back_to_a_generic_vocabulary() {
    let mut r = rng(3);
    let t = listing_text(&mut r, "n-existe-pas", "");
    check_listing("n-existe-pas", "France", &t);
    assert_eq!(price_profile("n-existe-pas"), (3_000, 0.7));
    let about = shop_description(&mut r, "", "", "inconnu", "");
    assert!(about.chars().count() >= 120, "{about}");
}

/// Matches the adjective slots of a title against the forms of every adjective the sub-category
/// may use: the longest form starting the slot must be the one agreeing with the noun.
fn check_agreement(sub: &'static Sub, title: &str) -> Option<String> {
    let nouns: Vec<&Noun> = sub.lines.iter().flat_map(|l| l.nouns).collect();
    let lower = {
        let mut c = title.chars();
        let first = c.next()?;
        first.to_lowercase().chain(c).collect::<String>()
    };
    let noun = nouns
        .iter()
        .filter(|n| lower.starts_with(n.text) && lower[n.text.len()..].starts_with([' ', ',']))
        .max_by_key(|n| n.text.len())?;
    let line_adjs = sub.lines.iter().flat_map(|l| l.adjs);
    let pools: Vec<&Adj> = sub
        .adjs
        .iter()
        .chain(line_adjs)
        .chain(STYLES)
        .chain(COLOURS)
        .chain(sub.details)
        .chain(SHARED_DETAILS)
        .collect();
    let mut slots = vec![lower[noun.text.len()..].trim_start_matches([' ', ',']).to_owned()];
    if let Some(i) = lower.rfind(", ") {
        slots.push(lower[i + 2..].to_owned());
    }
    for slot in slots {
        let mut rest = slot.as_str();
        // Up to two adjectives follow the noun.
        for _ in 0..2 {
            let boundary = |len: usize| rest[len..].is_empty() || rest[len..].starts_with([' ', ',']);
            let matched: Vec<(&Adj, &str)> = pools
                .iter()
                .flat_map(|a| a.forms.iter().map(move |f| (*a, *f)))
                .filter(|(_, f)| rest.starts_with(&f.to_lowercase()) && boundary(f.len()))
                .collect();
            let Some(longest) = matched.iter().map(|(_, f)| f.len()).max() else { break };
            let ok = matched.iter().filter(|(_, f)| f.len() == longest).any(|(a, f)| a.agree(noun.agr) == *f);
            if !ok {
                return Some(format!(
                    "{title:?}: {:?} does not agree with {:?} ({:?})",
                    &rest[..longest],
                    noun.text,
                    noun.agr
                ));
            }
            rest = rest[longest..].trim_start();
        }
    }
    None
}

#[test]
fn titles_agree_with_the_gender_and_number_of_their_noun() {
    let mut r = rng(11);
    for sub in SUBS {
        for _ in 0..1_500 {
            let t = listing_text(&mut r, sub.slug, "Lyon");
            if let Some(problem) = check_agreement(sub, &t.title) {
                panic!("{}: {problem}", sub.slug);
            }
        }
    }
}

#[test]
fn earrings_use_plural_forms() {
    let sub = sub_of("boucles-d-oreilles");
    let mut r = rng(5);
    let titles: Vec<String> = (0..4_000).map(|_| listing_text(&mut r, sub.slug, "Lyon").title).collect();
    // The brief's own example: never "boucles d'oreilles doré", always the plural form.
    for noun in sub.lines.iter().flat_map(|l| l.nouns) {
        let cap = {
            let mut c = noun.text.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap()
        };
        for adj in sub.adjs.iter().chain(STYLES) {
            let (right, wrong) = (adj.agree(noun.agr), adj.agree(Agr::Ms));
            if right == wrong {
                continue;
            }
            for t in &titles {
                let bad = format!("{cap} {wrong}");
                assert!(!(t.starts_with(&bad) && t[bad.len()..].starts_with([' ', ','])), "{t}");
            }
        }
    }
    let feminine_plural = ["fines", "longues", "légères", "délicates", "martelées", "ciselées", "dépareillées"];
    assert!(titles.iter().any(|t| feminine_plural.iter().any(|f| t.contains(&format!(" {f} ")))));
    assert!(titles.iter().any(|t| t.starts_with("Clous d'oreilles")
        && (t.contains(" fins ") || t.contains(" longs ") || t.contains(" légers ") || t.contains(" martelés "))));

    // Descriptions use "ces", never a singular determiner, with plural nouns.
    for _ in 0..500 {
        let t = listing_text(&mut r, sub.slug, "Lyon");
        for noun in sub.lines.iter().flat_map(|l| l.nouns) {
            for det in ["ce ", "cet ", "cette ", "Ce ", "Cet ", "Cette "] {
                assert!(!t.description.contains(&format!("{det}{}", noun.text)), "{}", t.description);
            }
        }
    }
}

#[test]
fn descriptions_agree_with_feminine_and_elided_nouns() {
    let mut r = rng(17);
    for _ in 0..800 {
        let d = listing_text(&mut r, "foulards-et-echarpes", "Lyon").description;
        assert!(!d.contains("ce écharpe") && !d.contains("cet écharpe") && !d.contains("la écharpe"), "{d}");
        assert!(!d.contains("Ce étole") && !d.contains("ce étole"), "{d}");
        let d = listing_text(&mut r, "coussins-et-plaids", "Lyon").description;
        assert!(!d.contains("l'housse") && !d.contains("cet housse"), "{d}");
        let d = listing_text(&mut r, "robes", "Lyon").description;
        assert!(!d.contains("Ce robe") && !d.contains("ce robe") && !d.contains("Il se porte"), "{d}");
    }
}

#[test]
fn two_hundred_thousand_listings_vary_like_a_real_marketplace() {
    let mut r = rng(2_000);
    let subs: Vec<_> = all_subs().collect();
    let mut titles = HashSet::new();
    let mut descriptions = HashSet::new();
    let mut per_sub = vec![HashSet::new(); subs.len()];
    let n = 200_000;
    for i in 0..n {
        let k = i % subs.len();
        let t = listing_text(&mut r, subs[k], "Nantes, France");
        // Bounds hold on every draw, not only on the smaller per-category samples.
        assert!((20..=110).contains(&t.title.chars().count()), "{}", t.title);
        assert!((250..=1200).contains(&t.description.chars().count()), "{}", t.description);
        assert!((3..=8).contains(&t.tags.len()) && (1..=4).contains(&t.materials.len()));
        per_sub[k].insert(t.title.clone());
        titles.insert(t.title);
        if i < 20_000 {
            descriptions.insert(t.description);
        }
    }
    println!("distinct titles: {} / {n}", titles.len());
    println!("distinct descriptions: {} / 20000", descriptions.len());
    assert!(titles.len() >= 30_000, "only {} distinct titles", titles.len());
    assert!(descriptions.len() >= 19_900, "only {} distinct descriptions", descriptions.len());
    for (slug, set) in subs.iter().zip(&per_sub) {
        assert!(set.len() >= 300, "{slug}: only {} distinct titles", set.len());
    }
}

#[test]
fn shop_names_vary_a_lot() {
    let mut r = rng(99);
    let names: Vec<String> = (0..2_000).map(|_| shop_name(&mut r)).collect();
    let distinct: HashSet<_> = names.iter().collect();
    println!("distinct shop names: {} / 2000", distinct.len());
    assert!(distinct.len() >= 1_500, "only {} distinct shop names", distinct.len());
    for n in &names {
        assert!((3..=40).contains(&n.chars().count()), "{n}");
        assert!(n.starts_with(char::is_uppercase), "{n}");
        assert!(prose_problems(n).is_empty(), "{n}");
        assert!(
            !n.contains(" de É") && !n.contains(" de A") && !n.starts_with("La O") && !n.starts_with("Le É"),
            "{n}"
        );
    }
}

#[test]
fn locations_are_cities_with_a_country() {
    assert!(LOCATIONS.len() >= 80);
    let distinct: HashSet<_> = LOCATIONS.iter().collect();
    assert_eq!(distinct.len(), LOCATIONS.len());
    let french = LOCATIONS.iter().filter(|l| l.ends_with(", France")).count();
    assert!(french * 10 >= LOCATIONS.len() * 8, "mostly French cities");
    for country in ["Belgique", "Suisse", "Canada"] {
        assert!(LOCATIONS.iter().any(|l| l.ends_with(country)), "{country}");
    }
    for l in LOCATIONS {
        let (city, country) = l.split_once(", ").unwrap();
        assert!(!city.is_empty() && !country.is_empty() && !country.contains(','), "{l}");
    }
    let mut r = rng(1);
    for _ in 0..100 {
        assert!(LOCATIONS.contains(&location(&mut r)));
    }
}

#[test]
fn maker_names_are_diverse() {
    let firsts: HashSet<_> = FIRST_NAMES.iter().collect();
    let lasts: HashSet<_> = LAST_NAMES.iter().collect();
    assert!(firsts.len() >= 120 && firsts.len() == FIRST_NAMES.len(), "{} first names", firsts.len());
    assert!(lasts.len() >= 150 && lasts.len() == LAST_NAMES.len(), "{} last names", lasts.len());
    let mut r = rng(8);
    let drawn: HashSet<_> = (0..2_000).map(|_| maker_name(&mut r)).collect();
    assert!(drawn.len() > 1_800);
    assert!(drawn.iter().all(|(f, l)| !f.is_empty() && !l.is_empty()));
}

#[test]
fn shop_descriptions_name_craft_city_and_maker() {
    let mut r = rng(21);
    for (top, _) in TAXONOMY {
        for _ in 0..300 {
            let name = shop_name(&mut r);
            let place = location(&mut r);
            let (first, _) = maker_name(&mut r);
            let d = shop_description(&mut r, &name, place, top, &first);
            let len = d.chars().count();
            assert!((120..=600).contains(&len), "{len}: {d}");
            assert!(d.split("\n\n").count() <= 2, "{d}");
            assert!(d.contains(city_name(place.split(',').next().unwrap())), "{place}: {d}");
            assert!(d.contains(&first), "{first}: {d}");
            assert!(d.contains(craft_keyword(Top::from_slug(top))), "{top}: {d}");
            assert!(prose_problems(&d).is_empty(), "{:?}: {d}", prose_problems(&d));
            assert!(!d.contains(" de É") && !d.contains("à Le ") && !d.contains(" je a"), "{d}");
        }
    }
}

#[test]
fn prices_are_realistic() {
    for slug in all_subs() {
        let (median, sigma) = price_profile(slug);
        assert!(median > 0 && (100..=100_000).contains(&median), "{slug}: {median}");
        assert!(sigma > 0.0 && sigma < 1.5, "{slug}: {sigma}");
    }
    assert_eq!(price_profile("cartes"), (450, 0.4));
    assert_eq!(price_profile("bagues"), (4_500, 0.6));
    assert_eq!(price_profile("peintures"), (18_000, 0.8));
    assert_eq!(price_profile("vestes-et-manteaux"), (14_000, 0.5));
    assert_eq!(price_profile("inconnu"), (3_000, 0.7));
}

/// `cargo test --release -- --ignored --nocapture bench`: time for 200,000 listings.
#[test]
#[ignore = "benchmark: run in release"]
fn bench_two_hundred_thousand_listings() {
    let subs: Vec<_> = all_subs().collect();
    let mut r = rng(1);
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for i in 0..200_000 {
        let t = listing_text(&mut r, subs[i % subs.len()], "Lyon, France");
        bytes += t.title.len() + t.description.len();
    }
    println!("200000 listings in {:?} ({bytes} bytes of text)", start.elapsed());
}
