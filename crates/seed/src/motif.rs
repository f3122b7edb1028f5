//! What a demo photo shows, and which product noun of the vocabulary each motif pictures.
//!
//! A listing's title starts with a product noun ("Créoles martelées…", "Jonc en cuir…") and its
//! photos must show that kind of thing: hoops for "créoles", a bangle for a bracelet "jonc", a
//! plain band for a ring "jonc". The noun, not the sub-category, picks the motif, through
//! [`PICTURED`]: every noun the vocabulary can put in a title is in that table (a test fails
//! otherwise), and nouns not worth drawing were taken out of the vocabulary instead.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Declares [`Motif`] and [`Motif::ALL`] from one list, so the two cannot
/// disagree (declaration order is the order of `ALL` and of `motif as usize`).
macro_rules! motifs {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// One kind of product as the painter draws it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Motif {
            $($(#[$doc])* $name,)*
        }

        impl Motif {
            pub(crate) const ALL: [Self; [$(stringify!($name),)*].len()] = [$(Self::$name,)*];
        }
    };
}

motifs! {
// Jewellery.
Ring,
Band,
Pendant,
DropEarrings,
Hoops,
Studs,
Bangle,
Cuff,
ChainBracelet,
BeadedBracelet,
Brooch,
Pin,
// Clothes.
Dress,
Jumper,
Cardigan,
Shirt,
Breton,
Coat,
Kimono,
Skirt,
Trousers,
Shorts,
// Bags and accessories.
Handbag,
ShoulderBag,
Tote,
BucketBag,
Basket,
Pouch,
Clutch,
Scarf,
SquareScarf,
Shawl,
Beanie,
Beret,
Headband,
Hat,
Belt,
Sash,
// Home.
Candle,
PillarCandle,
WaxMelts,
Vase,
Bowls,
Mug,
Plate,
Teapot,
Cushion,
Throw,
Linens,
TableLamp,
PendantLamp,
StringLights,
WallHanging,
Mirror,
WallShelf,
WallHooks,
Relief,
// Art.
Painting,
Landscape,
Diptych,
Print,
Photograph,
Drawing,
Poster,
BotanicalPoster,
Sculpture,
Figurine,
// Stationery.
Notebooks,
Card,
Calendar,
DeskCalendar,
AdventCalendar,
SewingPattern,
PrintedPattern,
// Weddings and parties.
Flowers,
RingCushion,
WeddingSign,
Veil,
HairComb,
FlowerCrown,
FavourBag,
FavourBox,
Bookmark,
Bunting,
PartyHat,
Crown,
BirthdayNumber,
// Children.
Blocks,
Puzzle,
Rattle,
ToyTruck,
RockingHorse,
Doll,
SensoryBall,
PlushBear,
PlushRabbit,
FlatComforter,
Bodysuit,
Bib,
Booties,
Mobile,
Rug,
Teepee,
// Beauty.
Soap,
Jar,
Bottle,
Perfume,
// Crafts.
EmbroideryKit,
KnittingKit,
CrochetKit,
CandleKit,
MacrameKit,
Yarn,
Skeins,
RoundBeads,
FacetedBeads,
SeedBeads,
HeishiBeads,
Clasps,
JumpRings,
EarHooks,
Charms,
Fabrics,}

use Motif::*;

impl Motif {
    /// The motif that pictures `noun` of sub-category `sub` (slugs as the vocabulary knows
    /// them), or `None` for a pair the vocabulary cannot produce.
    pub(crate) fn picturing(sub: &str, noun: &str) -> Option<Self> {
        static INDEX: OnceLock<HashMap<(&'static str, &'static str), Motif>> = OnceLock::new();
        let index = INDEX.get_or_init(|| {
            PICTURED
                .iter()
                .flat_map(|(sub, motif, nouns)| nouns.iter().map(move |noun| ((*sub, *noun), *motif)))
                .collect()
        });
        index.get(&(sub, noun)).copied()
    }
}

/// Which motif draws each product noun, by sub-category: the same word can name two things
/// ("jonc" is a plain ring among rings and a bangle among bracelets). Listed by hand, noun by
/// noun, so that a noun added to the vocabulary needs a decision here (a test checks).
static PICTURED: &[(&str, Motif, &[&str])] = &[
    // The generic vocabulary, for slugs the tables do not know: vague nouns any object fits.
    ("", Vase, &["création", "objet décoratif", "pièce artisanale", "accessoire", "cadeau"]),
    // ── bijoux ──
    (
        "colliers",
        Pendant,
        &["collier", "collier sautoir", "collier ras de cou", "pendentif", "sautoir", "collier chaîne", "médaillon"],
    ),
    ("bagues", Ring, &["bague", "bague de fiançailles", "solitaire"]),
    // Plain bands: no stone.
    ("bagues", Band, &["alliance", "jonc", "bague jonc", "bague anneau"]),
    (
        "boucles-d-oreilles",
        DropEarrings,
        &["boucles d'oreilles", "pendants d'oreilles", "boucles d'oreilles pendantes"],
    ),
    ("boucles-d-oreilles", Hoops, &["créoles", "mini créoles"]),
    ("boucles-d-oreilles", Studs, &["clous d'oreilles", "puces d'oreilles"]),
    ("bracelets", Bangle, &["bracelet jonc", "jonc"]),
    ("bracelets", Cuff, &["manchette"]),
    ("bracelets", ChainBracelet, &["bracelet", "bracelet chaîne", "gourmette"]),
    ("bracelets", BeadedBracelet, &["bracelet perlé"]),
    ("broches", Brooch, &["broche", "broche fantaisie", "bijou de col"]),
    ("broches", Pin, &["épingle", "épingle de col"]),
    // ── vêtements ──
    (
        "robes",
        Dress,
        &[
            "robe",
            "robe chemise",
            "robe portefeuille",
            "robe d'été",
            "robe tablier",
            "robe trapèze",
            "robe midi",
            "robe salopette",
        ],
    ),
    ("pulls-et-gilets", Jumper, &["pull", "sweat"]),
    ("pulls-et-gilets", Cardigan, &["gilet", "cardigan"]),
    ("pulls-et-gilets", Breton, &["pull marin"]),
    ("hauts-et-chemisiers", Jumper, &["top", "blouse", "haut", "t-shirt", "tunique"]),
    ("hauts-et-chemisiers", Shirt, &["chemisier", "chemise"]),
    ("hauts-et-chemisiers", Breton, &["marinière"]),
    ("vestes-et-manteaux", Coat, &["veste", "manteau", "veste de travail", "caban", "blouson", "saharienne", "trench"]),
    ("vestes-et-manteaux", Kimono, &["kimono"]),
    ("jupes-et-pantalons", Skirt, &["jupe", "jupe portefeuille", "jupe-culotte", "jupe midi"]),
    ("jupes-et-pantalons", Trousers, &["pantalon", "pantalon à pinces"]),
    ("jupes-et-pantalons", Shorts, &["short"]),
    // ── sacs et accessoires ──
    ("sacs-a-main", Handbag, &["sac à main"]),
    ("sacs-a-main", ShoulderBag, &["sac bandoulière", "besace"]),
    ("sacs-a-main", Tote, &["cabas", "tote bag", "sac cabas"]),
    ("sacs-a-main", BucketBag, &["sac seau", "sac bourse"]),
    ("sacs-a-main", Basket, &["panier", "panier à provisions"]),
    (
        "pochettes-et-trousses",
        Pouch,
        &["pochette", "trousse", "trousse de toilette", "porte-monnaie", "trousse à maquillage"],
    ),
    ("pochettes-et-trousses", Clutch, &["pochette de soirée"]),
    ("foulards-et-echarpes", Scarf, &["écharpe", "chèche", "étole"]),
    ("foulards-et-echarpes", SquareScarf, &["foulard", "carré", "bandana"]),
    ("foulards-et-echarpes", Shawl, &["châle"]),
    ("chapeaux-et-bonnets", Beanie, &["bonnet"]),
    ("chapeaux-et-bonnets", Beret, &["béret"]),
    // A knotted turban headband, as makers sell them, not a wound turban.
    ("chapeaux-et-bonnets", Headband, &["bandeau", "turban"]),
    ("chapeaux-et-bonnets", Hat, &["chapeau", "chapeau de paille", "capeline", "panama"]),
    ("ceintures", Belt, &["ceinture", "ceinturon", "ceinture western"]),
    ("ceintures", Sash, &["ceinture obi", "ceinture à nouer"]),
    // ── maison ──
    ("bougies", Candle, &["bougie parfumée", "bougie en pot", "bougie", "bougie de massage"]),
    ("bougies", PillarCandle, &["bougie pilier"]),
    ("bougies", WaxMelts, &["fondant parfumé", "coffret de fondants"]),
    ("ceramique", Vase, &["vase"]),
    ("ceramique", Bowls, &["bol", "saladier", "coupelle"]),
    ("ceramique", Mug, &["tasse", "mug"]),
    ("ceramique", Plate, &["assiette", "plat de service"]),
    ("ceramique", Teapot, &["théière"]),
    ("coussins-et-plaids", Cushion, &["coussin", "housse de coussin", "coussin de sol"]),
    ("coussins-et-plaids", Throw, &["plaid", "jeté de canapé", "couverture"]),
    // A shade is photographed on its lamp.
    ("luminaires", TableLamp, &["lampe", "lampe de chevet", "lampe à poser", "veilleuse", "abat-jour"]),
    ("luminaires", PendantLamp, &["suspension"]),
    ("luminaires", StringLights, &["guirlande lumineuse", "guirlande guinguette"]),
    ("decoration-murale", WallHanging, &["tenture murale", "tissage mural", "macramé mural", "suspension murale"]),
    ("decoration-murale", Mirror, &["miroir"]),
    ("decoration-murale", WallShelf, &["étagère murale"]),
    ("decoration-murale", WallHooks, &["patère", "porte-clés mural"]),
    // A frame is photographed with a picture in it.
    ("decoration-murale", Print, &["cadre"]),
    ("decoration-murale", Relief, &["plaque décorative", "bas-relief mural"]),
    // ── art ──
    ("peintures", Painting, &["tableau", "peinture originale", "œuvre originale", "petit format"]),
    ("peintures", Landscape, &["paysage"]),
    ("peintures", Diptych, &["diptyque"]),
    (
        "illustrations",
        Print,
        &[
            "illustration",
            "estampe",
            "linogravure",
            "sérigraphie",
            "tirage d'art",
            "gravure",
            "risographie",
            "eau-forte",
        ],
    ),
    (
        "photographies",
        Photograph,
        &["photographie", "tirage photo", "tirage argentique", "photographie d'art", "tirage fine art"],
    ),
    ("sculptures", Sculpture, &["sculpture", "totem"]),
    ("sculptures", Figurine, &["statuette", "figurine"]),
    ("sculptures", Relief, &["bas-relief"]),
    ("dessins", Drawing, &["dessin", "dessin original", "croquis", "esquisse", "étude"]),
    // ── papeterie ──
    (
        "carnets",
        Notebooks,
        &[
            "carnet",
            "agenda",
            "carnet de notes",
            "carnet de voyage",
            "journal intime",
            "cahier",
            "carnet de croquis",
            "bullet journal",
        ],
    ),
    (
        "cartes",
        Card,
        &[
            "carte",
            "carte de vœux",
            "carte d'anniversaire",
            "carte postale",
            "carte de félicitations",
            "carte de remerciement",
            "carte double",
        ],
    ),
    (
        "faire-part",
        Card,
        &[
            "faire-part",
            "faire-part de mariage",
            "faire-part de naissance",
            "faire-part de baptême",
            "invitation",
            "save the date",
            "carte d'invitation",
        ],
    ),
    ("affiches", Poster, &["affiche", "poster", "reproduction", "affiche d'art"]),
    ("affiches", BotanicalPoster, &["affiche botanique"]),
    ("calendriers", Calendar, &["calendrier", "calendrier mural"]),
    ("calendriers", DeskCalendar, &["calendrier de bureau", "éphéméride"]),
    ("calendriers", AdventCalendar, &["calendrier de l'Avent"]),
    // The envelope shows the pattern pieces, not a garment, so it fits every pattern.
    (
        "patrons",
        SewingPattern,
        &["patron de couture", "patron", "patron de robe", "patron de veste", "patron de sac", "patron de pantalon"],
    ),
    ("patrons", PrintedPattern, &["patron PDF", "patron numérique", "patron à imprimer"]),
    // ── mariage ──
    ("decoration-de-mariage", Linens, &["chemin de table", "nappe"]),
    ("decoration-de-mariage", RingCushion, &["coussin d'alliances", "porte-alliances"]),
    ("decoration-de-mariage", Card, &["marque-place", "menu de mariage"]),
    ("decoration-de-mariage", WeddingSign, &["plan de table", "panneau de bienvenue"]),
    ("decoration-de-mariage", Notebooks, &["livre d'or", "album de mariage"]),
    ("decoration-de-mariage", Flowers, &["centre de table", "guirlande de table", "bouquet de table"]),
    ("accessoires-de-mariee", Veil, &["voile"]),
    ("accessoires-de-mariee", Scarf, &["étole de mariée"]),
    ("accessoires-de-mariee", HairComb, &["peigne de mariée", "peigne fleuri"]),
    ("accessoires-de-mariee", DropEarrings, &["boucles d'oreilles de mariée"]),
    ("accessoires-de-mariee", FlowerCrown, &["couronne de mariée", "bandeau fleuri", "demi-couronne"]),
    ("cadeaux-d-invites", FavourBag, &["sachet de dragées", "pochon"]),
    ("cadeaux-d-invites", FavourBox, &["étui à dragées", "boîte à dragées", "ballotin", "cadeau d'invité"]),
    ("cadeaux-d-invites", Bookmark, &["marque-page"]),
    ("decoration-de-fete", Bunting, &["guirlande", "guirlande de fanions", "banderole", "bannière"]),
    ("decoration-de-fete", PartyHat, &["chapeau de fête"]),
    ("decoration-de-fete", Crown, &["couronne d'anniversaire"]),
    ("decoration-de-fete", BirthdayNumber, &["chiffre d'anniversaire"]),
    // ── enfants ──
    ("jouets", Blocks, &["jeu d'éveil", "jeu de construction", "jeu d'équilibre"]),
    ("jouets", Puzzle, &["puzzle"]),
    ("jouets", Rattle, &["hochet"]),
    ("jouets", ToyTruck, &["camion"]),
    ("jouets", RockingHorse, &["cheval à bascule"]),
    // A hand puppet is a rag doll's head and body.
    ("jouets", Doll, &["poupée", "poupée de chiffon", "marionnette"]),
    ("jouets", SensoryBall, &["balle sensorielle"]),
    ("jouets", Notebooks, &["livre d'éveil"]),
    (
        "doudous-et-peluches",
        PlushBear,
        &["doudou", "peluche", "peluche ours", "doudou amigurumi", "peluche au crochet"],
    ),
    ("doudous-et-peluches", PlushRabbit, &["doudou lapin", "lapin au crochet"]),
    ("doudous-et-peluches", FlatComforter, &["doudou plat", "doudou lange"]),
    ("vetements-bebe", Bodysuit, &["body", "barboteuse"]),
    ("vetements-bebe", Shorts, &["bloomer"]),
    ("vetements-bebe", Trousers, &["pantalon évolutif"]),
    ("vetements-bebe", Bib, &["bavoir"]),
    ("vetements-bebe", Beanie, &["bonnet de naissance"]),
    // A brassière is a baby's wrap-over cardigan.
    ("vetements-bebe", Cardigan, &["gilet bébé", "brassière"]),
    ("vetements-bebe", Booties, &["chaussons"]),
    ("chambre-d-enfant", WallHooks, &["porte-manteau"]),
    ("chambre-d-enfant", WallShelf, &["étagère"]),
    ("chambre-d-enfant", TableLamp, &["veilleuse"]),
    ("chambre-d-enfant", Print, &["cadre de naissance"]),
    ("chambre-d-enfant", Mobile, &["mobile"]),
    ("chambre-d-enfant", Bunting, &["guirlande"]),
    ("chambre-d-enfant", Rug, &["tapis d'éveil"]),
    ("chambre-d-enfant", Teepee, &["tipi"]),
    ("chambre-d-enfant", Basket, &["panier de rangement"]),
    // ── beauté ──
    (
        "savons",
        Soap,
        &[
            "savon",
            "savon saponifié à froid",
            "savon surgras",
            "shampoing solide",
            "pain de savon",
            "savon à barbe",
            "coffret de savons",
        ],
    ),
    ("soins", Jar, &["baume", "crème visage", "baume à lèvres", "déodorant solide", "gommage", "masque visage"]),
    ("soins", Bottle, &["huile de soin", "sérum visage"]),
    ("parfums", Perfume, &["parfum", "eau de parfum", "eau de toilette", "brume parfumée", "extrait de parfum"]),
    ("parfums", Jar, &["parfum solide"]),
    ("parfums", Bottle, &["roll-on parfumé", "huile parfumée"]),
    ("accessoires-de-bain", Linens, &["serviette", "drap de bain", "serviette invité"]),
    ("accessoires-de-bain", Rug, &["tapis de bain"]),
    // A bathrobe hangs like a kimono: wide sleeves, crossed front, a belt.
    ("accessoires-de-bain", Kimono, &["sortie de bain", "peignoir"]),
    // ── loisirs créatifs ──
    ("kits-creatifs", EmbroideryKit, &["kit de broderie", "kit de point de croix", "kit de broderie japonaise"]),
    ("kits-creatifs", KnittingKit, &["kit de tricot"]),
    ("kits-creatifs", CrochetKit, &["kit de crochet", "kit amigurumi"]),
    ("kits-creatifs", CandleKit, &["kit bougie", "kit de fabrication de bougies"]),
    ("kits-creatifs", MacrameKit, &["kit de macramé"]),
    ("laines-et-fils", Yarn, &["pelote", "fil à chaussettes", "fil à tricoter", "fil à crochet", "fil à macramé"]),
    ("laines-et-fils", Skeins, &["écheveau", "mini écheveaux", "fil à broder"]),
    ("perles-et-appretes", RoundBeads, &["perles rondes"]),
    ("perles-et-appretes", FacetedBeads, &["perles à facettes"]),
    ("perles-et-appretes", SeedBeads, &["perles de rocaille"]),
    ("perles-et-appretes", HeishiBeads, &["perles heishi"]),
    ("perles-et-appretes", Clasps, &["fermoirs mousqueton"]),
    ("perles-et-appretes", JumpRings, &["anneaux de jonction"]),
    ("perles-et-appretes", EarHooks, &["crochets d'oreilles"]),
    ("perles-et-appretes", Charms, &["breloques"]),
    (
        "tissus",
        Fabrics,
        &["tissu", "coupon de tissu", "tissu au mètre", "coupon", "chutes de tissu", "tissu d'ameublement"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary;
    use std::collections::HashSet;

    #[test]
    fn every_noun_a_title_can_name_has_a_motif() {
        let missing: Vec<_> = vocabulary::every_product()
            .into_iter()
            .filter(|(sub, noun)| Motif::picturing(sub, noun).is_none())
            .collect();
        assert!(missing.is_empty(), "draw these or take them out of the vocabulary: {missing:?}");
    }

    #[test]
    fn the_table_names_only_nouns_the_vocabulary_has_and_each_once() {
        let known: HashSet<_> = vocabulary::every_product().into_iter().collect();
        let mut seen = HashSet::new();
        for (sub, _, nouns) in PICTURED {
            for noun in *nouns {
                assert!(known.contains(&(*sub, *noun)), "{sub}: {noun:?} is not a noun of the vocabulary");
                assert!(seen.insert((*sub, *noun)), "{sub}: {noun:?} is listed twice");
            }
        }
    }

    #[test]
    fn every_motif_pictures_some_noun() {
        let used: HashSet<_> = PICTURED.iter().map(|(_, motif, _)| *motif).collect();
        for motif in Motif::ALL {
            assert!(used.contains(&motif), "{motif:?} pictures nothing");
        }
    }

    #[test]
    fn all_lists_the_motifs_in_declaration_order() {
        for (i, motif) in Motif::ALL.iter().enumerate() {
            assert_eq!(*motif as usize, i, "{motif:?}");
        }
        assert_eq!(Motif::ALL.iter().collect::<HashSet<_>>().len(), Motif::ALL.len());
    }

    /// The defect this table fixes, as a user reported it.
    #[test]
    fn titles_and_photos_agree_on_the_reported_examples() {
        assert_eq!(Motif::picturing("boucles-d-oreilles", "créoles"), Some(Hoops));
        assert_eq!(Motif::picturing("boucles-d-oreilles", "puces d'oreilles"), Some(Studs));
        assert_eq!(Motif::picturing("bracelets", "jonc"), Some(Bangle));
        assert_eq!(Motif::picturing("bagues", "jonc"), Some(Band));
        assert_eq!(Motif::picturing("broches", "épingle"), Some(Pin));
        assert_eq!(Motif::picturing("robes", "robe"), Some(Dress));
        assert_eq!(Motif::picturing("robes", "créoles"), None);
    }
}
