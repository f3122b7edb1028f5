//! Just enough French grammar to make generated text agree: nouns carry their gender and
//! number, adjectives carry their four forms, and articles, demonstratives and pronouns are
//! derived from the noun instead of being written into templates.

/// Gender and number of a noun, which is everything an adjective, article or pronoun needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Agr {
    Ms,
    Fs,
    Mp,
    Fp,
}

impl Agr {
    pub(super) const fn plural(self) -> bool {
        matches!(self, Agr::Mp | Agr::Fp)
    }
}

/// A product noun as it appears in a title ("bague de fiançailles", "boucles d'oreilles").
/// `agr` is the agreement of its head word, which is what any following adjective agrees with.
#[derive(Clone, Copy, Debug)]
pub(super) struct Noun {
    pub(super) text: &'static str,
    pub(super) agr: Agr,
    /// An aspirated h ("la housse", "le hochet") blocks elision even though h is usually mute.
    pub(super) aspirated: bool,
}

pub(super) const fn m(text: &'static str) -> Noun {
    Noun { text, agr: Agr::Ms, aspirated: false }
}
pub(super) const fn f(text: &'static str) -> Noun {
    Noun { text, agr: Agr::Fs, aspirated: false }
}
pub(super) const fn mp(text: &'static str) -> Noun {
    Noun { text, agr: Agr::Mp, aspirated: false }
}
pub(super) const fn fp(text: &'static str) -> Noun {
    Noun { text, agr: Agr::Fp, aspirated: false }
}
pub(super) const fn mh(text: &'static str) -> Noun {
    Noun { text, agr: Agr::Ms, aspirated: true }
}
pub(super) const fn fh(text: &'static str) -> Noun {
    Noun { text, agr: Agr::Fs, aspirated: true }
}

/// An adjective (or an invariable qualifier such as "pièce unique") in its four forms,
/// indexed like [`Agr`]: masculine singular, feminine singular, masculine plural, feminine plural.
#[derive(Clone, Copy, Debug)]
pub(super) struct Adj {
    pub(super) forms: [&'static str; 4],
}

impl Adj {
    pub(super) fn agree(&self, agr: Agr) -> &'static str {
        self.forms[agr as usize]
    }

    /// The dictionary form, used when an adjective becomes a tag ("bohème", "vert sauge").
    pub(super) fn lemma(&self) -> &'static str {
        self.forms[0]
    }
}

/// A material: `name` is what the materials list and the description show, `title` the
/// fragment a title uses ("en argent 925", "à la cire de soja"); an empty `title` means the
/// material is real but not worth naming in a title (a lining, a wick).
#[derive(Clone, Copy, Debug)]
pub(super) struct Mat {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
}

/// Regular adjective: +e, +s, +es ("doré", "brodé", with an optional invariable tail: "brodé main").
macro_rules! reg {
    ($s:literal $(, $t:literal)?) => {
        Adj { forms: [concat!($s $(, $t)?), concat!($s, "e" $(, $t)?), concat!($s, "s" $(, $t)?), concat!($s, "es" $(, $t)?)] }
    };
}

/// Adjective already ending in -e, same in both genders ("rouge", "ajustable").
macro_rules! epi {
    ($s:literal $(, $t:literal)?) => {
        Adj { forms: [concat!($s $(, $t)?), concat!($s $(, $t)?), concat!($s, "s" $(, $t)?), concat!($s, "s" $(, $t)?)] }
    };
}

/// Adjective ending in -s, unchanged in the masculine plural ("gris").
macro_rules! ends_s {
    ($s:literal) => {
        Adj { forms: [$s, concat!($s, "e"), $s, concat!($s, "es")] }
    };
}

/// Invariable qualifier: compound colours ("vert sauge") and noun phrases ("pièce unique").
macro_rules! inv {
    ($s:literal) => {
        Adj { forms: [$s, $s, $s, $s] }
    };
}

/// Irregular adjective, all four forms spelled out ("long", "longue", "longs", "longues").
macro_rules! adj4 {
    ($ms:literal, $fs:literal, $mp:literal, $fp:literal) => {
        Adj { forms: [$ms, $fs, $mp, $fp] }
    };
}

/// A material whose title fragment is "en " + its name, or an explicit fragment.
macro_rules! mat {
    ($n:literal) => {
        Mat { name: $n, title: concat!("en ", $n) }
    };
    ($n:literal, $t:literal) => {
        Mat { name: $n, title: $t }
    };
}

/// Whether a word takes an elided article or preposition ("l'anneau", "d'Arles").
/// A leading h counts as mute: callers pass nouns with an aspirated h through [`Noun::aspirated`].
pub(super) fn elides(word: &str) -> bool {
    matches!(
        word.chars().next(),
        Some(
            'a' | 'e'
                | 'i'
                | 'o'
                | 'u'
                | 'h'
                | 'à'
                | 'â'
                | 'é'
                | 'è'
                | 'ê'
                | 'î'
                | 'ô'
                | 'œ'
                | 'A'
                | 'E'
                | 'I'
                | 'O'
                | 'U'
                | 'H'
                | 'À'
                | 'Â'
                | 'É'
                | 'È'
                | 'Ê'
                | 'Î'
                | 'Ô'
                | 'Œ'
        )
    )
}

impl Noun {
    fn elides(&self) -> bool {
        !self.aspirated && elides(self.text)
    }
}

/// Pushes `s` with its first letter upper-cased ("écharpe" → "Écharpe").
pub(super) fn push_capitalised(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Pushes either `s` or its capitalised form.
pub(super) fn push_cased(out: &mut String, s: &str, cap: bool) {
    if cap {
        push_capitalised(out, s);
    } else {
        out.push_str(s);
    }
}

/// Which determiner opens a noun phrase.
#[derive(Clone, Copy, Debug)]
pub(super) enum Det {
    /// un, une, des
    Indefinite,
    /// le, la, l', les
    Definite,
    /// ce, cet, cette, ces
    Demonstrative,
}

/// Pushes determiner + noun ("cet anneau", "la housse de coussin", "des créoles").
pub(super) fn push_np(out: &mut String, noun: &Noun, det: Det, cap: bool) {
    let d = match (det, noun.agr) {
        (Det::Indefinite, Agr::Ms) => "un ",
        (Det::Indefinite, Agr::Fs) => "une ",
        (Det::Indefinite, _) => "des ",
        (Det::Definite, Agr::Mp | Agr::Fp) => "les ",
        (Det::Definite, _) if noun.elides() => "l'",
        (Det::Definite, Agr::Ms) => "le ",
        (Det::Definite, Agr::Fs) => "la ",
        (Det::Demonstrative, Agr::Mp | Agr::Fp) => "ces ",
        (Det::Demonstrative, Agr::Fs) => "cette ",
        (Det::Demonstrative, Agr::Ms) if noun.elides() => "cet ",
        (Det::Demonstrative, Agr::Ms) => "ce ",
    };
    push_cased(out, d, cap);
    out.push_str(noun.text);
}

/// "à Lyon", "au Havre", "aux Sables-d'Olonne"; "en France" when the city is unknown.
pub(super) fn push_in_city(out: &mut String, city: &str) {
    if city.is_empty() {
        out.push_str("en France");
    } else if let Some(rest) = city.strip_prefix("Le ") {
        out.push_str("au ");
        out.push_str(rest);
    } else if let Some(rest) = city.strip_prefix("Les ") {
        out.push_str("aux ");
        out.push_str(rest);
    } else {
        out.push_str("à ");
        out.push_str(city);
    }
}

/// "de Lyon", "d'Arles", "du Havre", "des Sables-d'Olonne"; "en France" when unknown.
pub(super) fn push_of_city(out: &mut String, city: &str) {
    if city.is_empty() {
        out.push_str("en France");
    } else if let Some(rest) = city.strip_prefix("Le ") {
        out.push_str("du ");
        out.push_str(rest);
    } else if let Some(rest) = city.strip_prefix("Les ") {
        out.push_str("des ");
        out.push_str(rest);
    } else if elides(city) {
        out.push_str("d'");
        out.push_str(city);
    } else {
        out.push_str("de ");
        out.push_str(city);
    }
}

/// "de Lucien", "d'Élise", "d'Hugo": the preposition before a first name.
pub(super) fn push_of_name(out: &mut String, name: &str) {
    out.push_str(if elides(name) { "d'" } else { "de " });
    out.push_str(name);
}

/// The city part of "City, Country", trimmed.
pub(super) fn city_of(location: &str) -> &str {
    location.split(',').next().unwrap_or(location).trim()
}

/// Pushes a length in tenths ("25" → "2,5", "30" → "3"): French uses a decimal comma.
pub(super) fn push_tenths(out: &mut String, tenths: u32) {
    push_u32(out, tenths / 10);
    if !tenths.is_multiple_of(10) {
        out.push(',');
        push_u32(out, tenths % 10);
    }
}

/// Pushes an integer without going through `format!` (this runs a few million times per seed).
pub(super) fn push_u32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn np(noun: Noun, det: Det) -> String {
        let mut s = String::new();
        push_np(&mut s, &noun, det, false);
        s
    }

    #[test]
    fn determiners_follow_gender_number_and_elision() {
        assert_eq!(np(m("collier"), Det::Demonstrative), "ce collier");
        assert_eq!(np(m("anneau"), Det::Demonstrative), "cet anneau");
        assert_eq!(np(m("anneau"), Det::Definite), "l'anneau");
        assert_eq!(np(f("écharpe"), Det::Definite), "l'écharpe");
        assert_eq!(np(f("écharpe"), Det::Demonstrative), "cette écharpe");
        assert_eq!(np(fh("housse de coussin"), Det::Definite), "la housse de coussin");
        assert_eq!(np(mh("hochet"), Det::Demonstrative), "ce hochet");
        assert_eq!(np(fp("créoles"), Det::Indefinite), "des créoles");
        assert_eq!(np(mp("clous d'oreilles"), Det::Definite), "les clous d'oreilles");
    }

    #[test]
    fn cities_and_names_take_the_right_preposition() {
        let run = |f: fn(&mut String, &str), s: &str| {
            let mut out = String::new();
            f(&mut out, s);
            out
        };
        assert_eq!(run(push_in_city, "Lyon"), "à Lyon");
        assert_eq!(run(push_in_city, "Le Havre"), "au Havre");
        assert_eq!(run(push_in_city, "Les Sables-d'Olonne"), "aux Sables-d'Olonne");
        assert_eq!(run(push_of_city, "Arles"), "d'Arles");
        assert_eq!(run(push_of_city, "Le Havre"), "du Havre");
        assert_eq!(run(push_of_city, "La Rochelle"), "de La Rochelle");
        assert_eq!(run(push_of_name, "Élise"), "d'Élise");
        assert_eq!(run(push_of_name, "Lucien"), "de Lucien");
        assert_eq!(city_of(" Quimper , France"), "Quimper");
        assert_eq!(city_of("Nantes"), "Nantes");
    }

    #[test]
    fn numbers_use_a_decimal_comma() {
        let mut s = String::new();
        push_tenths(&mut s, 25);
        s.push(' ');
        push_tenths(&mut s, 30);
        s.push(' ');
        push_u32(&mut s, 0);
        s.push(' ');
        push_u32(&mut s, 4_294_967_295);
        assert_eq!(s, "2,5 3 0 4294967295");
    }

    #[test]
    fn adjective_macros_build_the_four_forms() {
        assert_eq!(reg!("brodé", " main").forms, ["brodé main", "brodée main", "brodés main", "brodées main"]);
        assert_eq!(epi!("rouge").forms, ["rouge", "rouge", "rouges", "rouges"]);
        assert_eq!(ends_s!("gris").forms, ["gris", "grise", "gris", "grises"]);
        assert_eq!(inv!("vert sauge").agree(Agr::Fp), "vert sauge");
        assert_eq!(mat!("lin lavé").title, "en lin lavé");
    }
}
