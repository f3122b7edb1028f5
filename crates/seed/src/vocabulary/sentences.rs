//! Sentence templates for listing descriptions and the dimension sentences.
//!
//! Templates use `{key}` markers expanded by `super::expand`; every key that depends on the
//! product noun ({ce}, {il}, {e}, {nt}...) is resolved from its gender and number, so one
//! template serves "ce collier", "cette bague" and "ces boucles d'oreilles" alike.
//! `{sg|pl}` picks between a singular and a plural irregular verb form.

use rand::Rng;

use super::catalogue::{Care, Dim, Top};
use super::grammar::{Noun, push_tenths, push_u32};

/// Opening sentence of a description, per top-level category.
pub(super) fn intros(top: Top) -> &'static [&'static str] {
    match top {
        Top::Bijoux => &[
            "{Ce} {a} été imaginé{e} comme un petit talisman du quotidien, à porter sans compter.",
            "J'ai dessiné {ce} pour celles et ceux qui aiment les bijoux discrets mais jamais banals.",
            "Tout en finesse, {ce} accroche{nt} la lumière au moindre mouvement.",
            "{Ce} {est} né{e} d'une promenade au bord de l'eau et d'une envie de simplicité.",
            "Pensé{e} pour durer, {ce} traverse{nt} les saisons et les modes sans prendre une ride.",
            "Voici {un} à offrir ou à s'offrir, façonné{e} avec patience dans mon atelier.",
        ],
        Top::Vetements => &[
            "{Ce} {a} été pensé{e} pour accompagner vos journées avec douceur, du marché du samedi au dîner entre amis.",
            "J'ai dessiné {ce} autour d'une idée simple : un vêtement confortable que l'on a envie de porter tous les jours.",
            "Coupé{e} et cousu{e} en petite série, {ce} {est} loin de la mode jetable.",
            "{Ce} se porte{nt} facilement, avec des baskets comme avec des sandales, et s'adapte{nt} à toutes les silhouettes.",
            "Né{e} d'un coup de cœur pour une matière, {ce} {a} été patronné{e} et ajusté{e} jusqu'à trouver le tombé parfait.",
        ],
        Top::Sacs => &[
            "{Ce} {a} été conçu{e} pour vous suivre partout, du bureau au marché.",
            "Pratique au quotidien, {ce} apporte{nt} une touche artisanale à toutes vos tenues.",
            "J'ai voulu {un} qui dure{nt} des années : chaque couture est renforcée et chaque finition vérifiée à la main.",
            "{Ce} {est} l'accessoire qui fait la différence, sans jamais en faire trop.",
            "Coupé{e} et assemblé{e} à la main dans mon atelier, {ce} allie{nt} l'utile et le beau.",
        ],
        Top::Maison => &[
            "{Ce} {a} été imaginé{e} pour apporter chaleur et caractère à votre intérieur.",
            "Chez soi, ce sont souvent les petits objets qui changent tout : {ce} en {est} la preuve.",
            "Façonné{e} à la main, {ce} porte{nt} les légères irrégularités qui font le charme des pièces artisanales.",
            "J'ai créé {ce} pour les amoureux des intérieurs chaleureux et des objets qui ont une histoire.",
            "Dans un salon, une chambre ou une entrée, {ce} apporte{nt} une note douce et artisanale.",
        ],
        Top::Art => &[
            "{Ce} {est} une création originale, réalisée dans mon atelier au fil de plusieurs séances.",
            "J'ai réalisé {ce} en cherchant à capter une lumière, un instant, une émotion simple.",
            "{Ce} invite{nt} à la contemplation : on y découvre de nouveaux détails à chaque regard.",
            "{Ce} {est} né{e} d'une longue observation de la nature et des paysages qui m'entourent.",
            "{Ce} apporte{nt} une vraie présence à une pièce, d'un salon lumineux à un coin lecture.",
        ],
        Top::Papeterie => &[
            "{Ce} {a} été dessiné{e}, imprimé{e} et façonné{e} avec soin dans mon petit atelier.",
            "Pour les amoureux du papier, {ce} {est} un petit plaisir à offrir ou à garder pour soi.",
            "J'ai imaginé {ce} comme un objet simple et beau, qui donne envie de prendre le temps.",
            "Chaque détail de {ce} a été soigné, du choix du papier aux finitions.",
            "{Ce} mêle{nt} illustration, typographie et beau papier pour un rendu tout en délicatesse.",
        ],
        Top::Mariage => &[
            "Pour un jour unique, {ce} apporte{nt} une touche personnelle et délicate.",
            "J'ai imaginé {ce} pour les mariages et les fêtes qui vous ressemblent, simples, chaleureux et pleins d'émotion.",
            "{Ce} {a} été réalisé{e} à la main avec le soin que mérite un si beau jour.",
            "Des préparatifs jusqu'au dernier slow, {ce} accompagne{nt} chaque moment de la fête.",
            "{Ce} {peut} être adapté{e} à vos couleurs et à votre thème, pour une fête qui vous ressemble.",
        ],
        Top::Enfants => &[
            "{Ce} {a} été pensé{e} pour les tout-petits, avec des matières douces et sûres.",
            "J'ai imaginé {ce} comme un compagnon tendre et durable, à transmettre de frère en sœur.",
            "Parfait{e} pour une liste de naissance ou un premier anniversaire, {ce} {est} fabriqué{e} avec le plus grand soin.",
            "Tout en douceur, {ce} accompagne{nt} les petits dans leurs découvertes de chaque jour.",
            "Loin des productions en série, {ce} {est} fabriqué{e} pièce par pièce dans mon atelier.",
        ],
        Top::Beaute => &[
            "{Ce} {a} été formulé{e} avec des ingrédients simples, choisis pour leur douceur et leur efficacité.",
            "J'ai créé {ce} pour prendre soin de la peau sans superflu, avec des ingrédients que l'on comprend.",
            "Véritable moment de douceur, {ce} transforme{nt} la routine quotidienne en petit rituel.",
            "{Ce} {est} fabriqué{e} en petites quantités pour garantir {sa} fraîcheur.",
            "Sans ingrédient superflu, {ce} respecte{nt} la peau comme l'environnement.",
        ],
        Top::Loisirs => &[
            "{Ce} {a} été sélectionné{e} et préparé{e} avec soin pour vos projets créatifs.",
            "Pour les mains qui aiment créer, {ce} ouvre{nt} la porte à des heures de fabrication joyeuse.",
            "J'ai préparé {ce} comme je l'aurais aimé pour mes propres créations : de belles matières, sans compromis.",
            "Que vous débutiez ou que vous ayez déjà de l'expérience, {ce} vous accompagne{nt} pas à pas.",
            "Avec {ce}, vos idées prennent forme en un rien de temps.",
        ],
        Top::Autre => &[
            "{Ce} {a} été imaginé{e} et fabriqué{e} avec soin dans mon atelier.",
            "J'ai créé {ce} pour celles et ceux qui aiment les objets faits main et pleins de caractère.",
            "{Ce} {est} une création artisanale, pensée pour durer et pour faire plaisir.",
        ],
    }
}

/// How the piece is made, per top-level category.
pub(super) fn processes(top: Top) -> &'static [&'static str] {
    match top {
        Top::Bijoux => &[
            "Chaque pièce est sciée, limée, soudée puis polie à la main, sans moule ni production en série.",
            "Le métal est travaillé à l'établi, martelé et patiné selon des gestes appris auprès d'un artisan bijoutier.",
            "Je privilégie des métaux recyclés et des pierres dont je connais la provenance.",
            "Les finitions sont vérifiées une à une, et chaque bijou passe au polissage final juste avant l'envoi.",
            "Les légères variations d'une pièce à l'autre sont la signature du travail fait main.",
        ],
        Top::Vetements => &[
            "Le tissu est coupé à l'unité puis assemblé avec des coutures anglaises, pour des finitions propres à l'intérieur comme à l'extérieur.",
            "Je travaille en petites séries, à partir de matières choisies chez des fournisseurs européens.",
            "Chaque matière est prélavée pour éviter les mauvaises surprises au premier lavage.",
            "Les ourlets, boutonnières et finitions sont faits avec le temps qu'il faut.",
            "Chaque modèle est patronné dans mon atelier et ajusté après plusieurs prototypes.",
        ],
        Top::Sacs => &[
            "Chaque pièce est coupée à la main puis assemblée avec un fil robuste, point par point.",
            "Les finitions sont soignées à la main pour résister à un usage quotidien.",
            "Je travaille des matières sélectionnées pour leur tenue dans le temps, en petites séries.",
            "Les coutures sont renforcées aux points de tension, là où un accessoire s'use le plus.",
            "Chaque modèle est testé au quotidien avant d'être proposé à la vente.",
        ],
        Top::Maison => &[
            "Chaque pièce est façonnée à la main dans mon atelier, en petite série.",
            "Je prends le temps de chaque étape, de la préparation des matières aux dernières finitions.",
            "Les petites variations de teinte et de forme font de chaque exemplaire une pièce singulière.",
            "Je m'approvisionne autant que possible auprès de fournisseurs français et européens.",
            "Rien n'est laissé au hasard : chaque pièce est contrôlée avant de quitter l'atelier.",
        ],
        Top::Art => &[
            "L'œuvre est signée et accompagnée d'un certificat d'authenticité.",
            "Je travaille par couches successives, en laissant à chaque étape le temps de sécher et de mûrir.",
            "Chaque œuvre naît de croquis réalisés sur le motif, puis retravaillés à l'atelier.",
            "J'utilise des matériaux de qualité artiste, choisis pour leur tenue dans le temps.",
            "Le sujet a été longuement observé avant d'être posé sur le support, sans recherche d'effet facile.",
        ],
        Top::Papeterie => &[
            "L'impression est réalisée dans un atelier français, sur un papier choisi pour son toucher et sa tenue.",
            "Chaque exemplaire est découpé, plié et assemblé à la main.",
            "Les illustrations sont dessinées à la main avant d'être numérisées avec soin.",
            "Je privilégie des papiers recyclés ou issus de forêts gérées durablement.",
            "Les finitions sont réalisées une à une, ce qui rend chaque pièce légèrement unique.",
        ],
        Top::Mariage => &[
            "Chaque création est réalisée sur commande, selon vos couleurs, vos prénoms et votre date.",
            "Je vous envoie un aperçu avant fabrication pour valider chaque détail ensemble.",
            "Les éléments sont assemblés à la main dans mon atelier, un par un.",
            "Je conseille de commander quatre à six semaines avant le jour J.",
            "Les matières sont choisies pour bien vieillir et devenir un joli souvenir.",
        ],
        Top::Enfants => &[
            "Toutes les matières sont choisies pour leur douceur et leur innocuité, et les finitions sont renforcées.",
            "Chaque pièce est assemblée à la main et contrôlée avec une attention particulière à la sécurité.",
            "J'utilise des teintures et des finitions adaptées aux enfants, sans solvant.",
            "Les coutures et les assemblages sont doublés pour résister aux câlins comme aux jeux.",
            "Je fabrique en petites séries, dans le respect des normes de sécurité européennes.",
        ],
        Top::Beaute => &[
            "Chaque lot est fabriqué à la main, en petites quantités, dans mon laboratoire artisanal.",
            "Les ingrédients sont choisis bio autant que possible et achetés auprès de producteurs de confiance.",
            "Les formules sont déclarées et évaluées selon la réglementation cosmétique européenne.",
            "Aucun test n'est réalisé sur les animaux, et les contenants sont en verre ou recyclables.",
            "Les recettes sont courtes et lisibles : pas de conservateur controversé, pas de parfum de synthèse inutile.",
        ],
        Top::Loisirs => &[
            "Chaque commande est préparée à la main et vérifiée avant l'envoi.",
            "Je sélectionne des matières de qualité, auprès de petits producteurs et de fournisseurs européens.",
            "Les quantités sont calculées pour que vous ne manquiez de rien.",
            "Je teste chaque produit dans mes propres créations avant de le proposer.",
            "Un mot manuscrit et quelques conseils accompagnent chaque colis.",
        ],
        Top::Autre => &[
            "Chaque pièce est fabriquée à la main, en petite série.",
            "Je choisis des matières durables et de belle qualité.",
        ],
    }
}

/// Lead-ins of the materials sentence ("Matières : lin lavé, boutons en corozo.").
pub(super) fn material_labels(top: Top) -> &'static [&'static str] {
    match top {
        Top::Beaute => &["Ingrédients principaux", "Composition", "Ingrédients clés"],
        Top::Art => &["Matériaux", "Matériaux utilisés", "Matières"],
        Top::Loisirs => &["Composition", "Matières", "Contenu"],
        _ => &["Matières", "Matériaux", "Composition", "Matières utilisées"],
    }
}

/// Care (or use) sentences, per care family.
pub(super) fn cares(care: Care) -> &'static [&'static str] {
    match care {
        Care::Jewellery => &[
            "Pour préserver {son} éclat, évitez le contact avec l'eau, le parfum et les crèmes, et rangez-{lo} à l'abri de l'air.",
            "Un coup de chiffon doux de temps en temps suffit à {lui} rendre tout {son} éclat.",
            "Retirez-{lo} avant la douche, la baignade ou le sport.",
            "Une pochette en coton est fournie pour {lo} ranger à l'abri des rayures.",
        ],
        Care::Textile => &[
            "Lavage en machine à 30 °C sur programme délicat, puis séchage à plat ou sur cintre.",
            "Lavez-{lo} à 30 °C et évitez le sèche-linge pour préserver la matière.",
            "Un repassage doux sur l'envers suffit à {lui} redonner toute {sa} tenue.",
            "La matière s'assouplit au fil des lavages et devient encore plus agréable.",
        ],
        Care::Knit => &[
            "Lavez-{lo} à la main à l'eau froide avec un savon doux, puis faites sécher à plat.",
            "Pour éviter le feutrage, ne {lo} passez jamais au sèche-linge.",
            "Aérez-{lo} régulièrement : les fibres naturelles se nettoient en grande partie toutes seules.",
        ],
        Care::Leather => &[
            "Un chiffon doux et sec suffit à l'entretien courant ; le cuir se nourrit une à deux fois par an avec une crème incolore.",
            "Évitez l'exposition prolongée au soleil et à l'humidité.",
            "Avec le temps, la matière se patine et prend le pli de celui ou celle qui la porte.",
        ],
        Care::Bag => &[
            "Un chiffon doux légèrement humide suffit à {lo} nettoyer.",
            "Rangez-{lo} à l'abri de l'humidité, de préférence dans {son} pochon en coton.",
            "Évitez de {lo} surcharger pour {lui} garder {sa} forme longtemps.",
        ],
        Care::Candle => &[
            "Lors de la première utilisation, laissez la cire fondre sur toute la surface pour une diffusion homogène.",
            "Ne laissez jamais une flamme sans surveillance et tenez-{lo} hors de portée des enfants et des animaux.",
            "Conservez-{lo} à l'abri de la chaleur et de la lumière directe pour préserver le parfum.",
        ],
        Care::Ceramic => &[
            "{Ce} passe{nt} au lave-vaisselle, mais un lavage à la main préservera plus longtemps l'éclat de l'émail.",
            "Évitez les chocs thermiques importants, comme le passage direct du congélateur au four.",
            "La céramique est cuite à haute température, ce qui la rend solide au quotidien.",
        ],
        Care::Lamp => &[
            "Dépoussiérez-{lo} avec un chiffon sec ou un pinceau doux.",
            "Utilisez de préférence une ampoule LED à lumière chaude, qui ne chauffe pas.",
            "Le montage est simple et une notice est fournie.",
        ],
        Care::Deco => &[
            "Un simple coup de plumeau de temps en temps suffit pour l'entretien.",
            "Tenez-{lo} à l'abri de l'humidité et du soleil direct pour préserver les couleurs.",
            "Manipulez-{lo} avec douceur, comme tout objet fait main.",
        ],
        Care::Artwork => &[
            "Tenez l'œuvre à l'abri de la lumière directe du soleil et de l'humidité.",
            "Un léger dépoussiérage au plumeau suffit pour l'entretien.",
            "L'œuvre est expédiée protégée par plusieurs couches de papier bulle et de carton, assurée pendant le transport.",
        ],
        Care::Paper => &[
            "Conservez-{lo} à l'abri de l'humidité et de la lumière directe.",
            "Les encres utilisées résistent à la lumière pour que les couleurs restent vives.",
            "L'envoi se fait à plat, protégé par un carton rigide.",
        ],
        Care::Toy => &[
            "Nettoyez-{lo} avec un chiffon légèrement humide ; ne {lo} plongez pas dans l'eau.",
            "Vérifiez régulièrement l'état du jouet, comme pour tout objet destiné aux enfants.",
            "Les finitions à l'huile végétale se ravivent avec un peu de cire d'abeille.",
        ],
        Care::Plush => &[
            "{Ce} se lave{nt} en machine à 30 °C, dans un filet de protection.",
            "Séchage à l'air libre recommandé pour garder toute la douceur de la matière.",
            "Les yeux et le museau sont brodés pour éviter tout risque d'ingestion.",
        ],
        Care::Soap => &[
            "Entre deux utilisations, laissez-{lo} sécher sur un porte-savon bien drainé : {il} durera bien plus longtemps.",
            "À conserver à l'abri de l'humidité et de la lumière.",
        ],
        Care::Cosmetic => &[
            "À conserver à l'abri de la chaleur et de la lumière.",
            "À utiliser de préférence dans les six mois après ouverture.",
            "Faites un essai au creux du coude avant la première utilisation si vous avez la peau réactive.",
        ],
        Care::Perfume => &[
            "Conservez-{lo} à l'abri de la lumière et de la chaleur pour préserver les notes.",
            "Appliquez sur les points de pulsation : poignets, cou, creux des coudes.",
            "Les matières naturelles évoluent légèrement d'un lot à l'autre, comme un bon vin.",
        ],
        Care::Yarn => &[
            "Lavage à la main à l'eau froide recommandé pour les ouvrages terminés.",
            "Chaque bain de teinture est unique : prévoyez la quantité nécessaire en une seule commande.",
        ],
        Care::Supplies => &[
            "Tout le matériel est conditionné dans des sachets en papier recyclé.",
            "Conservez les fournitures à l'abri de l'humidité.",
            "Besoin d'un conseil pour bien démarrer ? Je réponds volontiers à vos questions.",
        ],
        Care::Fabric => &[
            "Prélavez le tissu avant la coupe pour éviter tout rétrécissement.",
            "Lavage à 30 °C, repassage à température moyenne.",
            "Les coupons sont découpés à la demande, dans la longueur commandée.",
        ],
        Care::Pattern => &[
            "Les explications sont rédigées en français, pas à pas, avec des schémas clairs.",
            "Les marges de couture sont incluses et les pièces sont repérées par des crans.",
            "Une question pendant la couture ? Je réponds par message à toutes les demandes.",
        ],
    }
}

/// Shipping sentences shared by every listing.
pub(super) static SHIPPING: &[&str] = &[
    "Expédition sous 2 à 4 jours ouvrés, dans un emballage recyclé et soigneusement calé.",
    "{Il} vous {sera} envoyé{e} sous trois jours ouvrés, emballé{e} avec soin dans du papier de soie.",
    "Envoi en lettre suivie ou en Colissimo selon le poids, toujours avec un numéro de suivi.",
    "Chaque commande est emballée dans du papier recyclé, sans plastique.",
    "Retrait possible {a_city}, à l'atelier, sur rendez-vous.",
    "{Il} {est} expédié{e} sous 48 heures ouvrées, dans un colis protégé et sans plastique.",
    "Les commandes passées avant midi partent le jour même, du lundi au vendredi.",
];

/// Gift sentences, used in the longest descriptions.
pub(super) static GIFTS: &[&str] = &[
    "Un emballage cadeau est offert : il suffit de le préciser lors de la commande.",
    "Vous pouvez ajouter un petit mot, je le glisserai à la main dans le colis.",
    "Parfait{e} pour un anniversaire, une fête des mères ou simplement pour se faire plaisir.",
    "Une jolie idée cadeau, livrée dans une boîte en carton recyclé prête à offrir.",
    "Le prix n'apparaît jamais dans le colis, pour les envois directs à la personne à qui vous l'offrez.",
];

/// "Made by hand in {city}" sentences: every description carries one.
pub(super) static MADE_IN: &[&str] = &[
    "Fabriqué{e} à la main {a_city}, dans mon atelier.",
    "{Il} {est} fabriqué{e} à la main {a_city}, en petite série.",
    "Fait{e} main {a_city}, avec des matières choisies pour durer.",
    "Conçu{e} et fabriqué{e} {a_city}, loin de la production de masse.",
    "Tout est réalisé à la main dans mon atelier {de_city}.",
    "De mon atelier {de_city} jusqu'à chez vous, {il} {est} préparé{e} avec soin.",
];

/// Sentence naming the piece when its title carries a name in guillemets.
pub(super) static NAMING: &[&str] = &[
    "Je {l_}ai baptisé{e} « {name} », en souvenir de ce qui {l_}a inspiré{e}.",
    "{Son} petit nom, « {name} », vient d'un souvenir d'enfance.",
    "« {name} » fait partie d'une collection pensée comme un carnet de voyage.",
];

fn between(rng: &mut impl Rng, lo: u32, hi: u32) -> u32 {
    rng.random_range(lo..=hi)
}

fn one_of(rng: &mut impl Rng, values: &[u32]) -> u32 {
    if values.is_empty() {
        return 0;
    }
    values[rng.random_range(0..values.len())]
}

fn one_str<'a>(rng: &mut impl Rng, values: &[&'a str]) -> &'a str {
    if values.is_empty() {
        return "";
    }
    values[rng.random_range(0..values.len())]
}

/// Pushes "{a} × {b} cm".
fn push_size(out: &mut String, a: u32, b: u32) {
    push_u32(out, a);
    out.push_str(" × ");
    push_u32(out, b);
    out.push_str(" cm");
}

/// Pushes a sentence giving realistic dimensions for the product; `noun` refines the
/// family where a sub-category mixes very different objects (a plate and a vase).
pub(super) fn push_dims(out: &mut String, rng: &mut impl Rng, dim: Dim, noun: &Noun) {
    let n = noun.text;
    match dim {
        Dim::Necklace => {
            out.push_str("Longueur de la chaîne : ");
            let len = if n.contains("sautoir") {
                one_of(rng, &[70, 75, 80, 90])
            } else {
                one_of(rng, &[38, 40, 42, 45, 50, 55])
            };
            push_u32(out, len);
            out.push_str(" cm");
            if rng.random_bool(0.5) {
                out.push_str(", avec une chaînette d'extension de ");
                push_u32(out, between(rng, 3, 5));
                out.push_str(" cm");
            }
            out.push_str(". ");
            if rng.random_bool(0.6) {
                out.push_str("Pendentif : ");
                push_u32(out, between(rng, 8, 28));
                out.push_str(" mm de haut.");
            } else {
                out.push_str("Poids : environ ");
                push_u32(out, between(rng, 2, 14));
                out.push_str(" g.");
            }
        }
        Dim::Ring => {
            out.push_str("Taille ");
            push_u32(out, between(rng, 48, 62));
            out.push_str(" (tour de doigt en millimètres), largeur de l'anneau : ");
            push_tenths(out, between(rng, 12, 60));
            out.push_str(" mm. Les autres tailles, de 46 à 64, sont réalisables sur commande.");
        }
        Dim::Earrings => {
            if n.contains("clous") || n.contains("puces") {
                out.push_str("Diamètre : ");
                push_u32(out, between(rng, 4, 12));
                out.push_str(" mm, fermoir poussette en argent.");
            } else {
                out.push_str("Hauteur totale : ");
                push_tenths(out, between(rng, 12, 70));
                out.push_str(" cm, pour un poids de ");
                push_u32(out, between(rng, 1, 9));
                out.push_str(" g par boucle.");
            }
        }
        Dim::Bracelet => {
            if n.contains("jonc") || n.contains("manchette") {
                out.push_str("Diamètre intérieur : ");
                push_u32(out, between(rng, 55, 68));
                out.push_str(" mm, pour un tour de poignet de 15 à 18 cm.");
            } else {
                out.push_str("Tour de poignet : ");
                push_u32(out, between(rng, 15, 19));
                out.push_str(" cm, réglable grâce à une chaînette d'extension de ");
                push_u32(out, between(rng, 2, 4));
                out.push_str(" cm.");
            }
        }
        Dim::Brooch => {
            out.push_str("Dimensions : ");
            push_tenths(out, between(rng, 20, 60));
            out.push_str(" × ");
            push_tenths(out, between(rng, 15, 50));
            out.push_str(" cm, attache épingle sécurisée au dos.");
        }
        Dim::Dress | Dim::Top | Dim::Coat | Dim::Bottom => {
            let (lo, hi) = match dim {
                Dim::Dress => (95, 130),
                Dim::Top => (55, 72),
                Dim::Coat => (65, 115),
                _ if n.contains("pantalon") => (95, 108),
                _ if n.contains("short") => (38, 48),
                _ => (45, 90),
            };
            out.push_str("Longueur totale : ");
            push_u32(out, between(rng, lo, hi));
            out.push_str(" cm en taille 38. Disponible du ");
            push_u32(out, one_of(rng, &[34, 36]));
            out.push_str(" au ");
            push_u32(out, one_of(rng, &[44, 46, 48, 50]));
            out.push('.');
            if rng.random_bool(0.4) {
                out.push_str(" Le mannequin mesure 1,");
                push_u32(out, between(rng, 60, 78));
                out.push_str(" m et porte une taille ");
                push_u32(out, one_of(rng, &[36, 38]));
                out.push('.');
            }
        }
        Dim::Bag => {
            out.push_str("Dimensions : ");
            push_u32(out, between(rng, 25, 45));
            out.push_str(" × ");
            push_u32(out, between(rng, 20, 38));
            out.push_str(" × ");
            push_u32(out, between(rng, 8, 16));
            out.push_str(" cm (largeur × hauteur × profondeur). ");
            if rng.random_bool(0.5) {
                out.push_str("Bandoulière réglable jusqu'à ");
                push_u32(out, between(rng, 100, 130));
                out.push_str(" cm.");
            } else {
                out.push_str("Anses de ");
                push_u32(out, between(rng, 45, 65));
                out.push_str(" cm, pour un port à l'épaule.");
            }
        }
        Dim::Pouch => {
            out.push_str("Dimensions : ");
            push_size(out, between(rng, 12, 26), between(rng, 8, 18));
            if rng.random_bool(0.5) {
                out.push_str(", fermeture éclair de ");
                push_u32(out, between(rng, 12, 25));
                out.push_str(" cm");
            }
            out.push('.');
        }
        Dim::Scarf => {
            if n.contains("carré") || n.contains("bandana") {
                let side = one_of(rng, &[55, 65, 70, 90]);
                out.push_str("Dimensions : ");
                push_size(out, side, side);
                out.push_str(", ourlets roulottés à la main.");
            } else {
                out.push_str("Dimensions : ");
                push_size(out, between(rng, 16, 21) * 10, between(rng, 6, 18) * 5);
                out.push_str(", finitions comprises.");
            }
        }
        Dim::Hat => {
            out.push_str("Tour de tête : ");
            push_u32(out, between(rng, 54, 60));
            out.push_str(" cm");
            if n.contains("chapeau") || n.contains("capeline") || n.contains("panama") {
                out.push_str(", bord de ");
                push_u32(out, between(rng, 5, 12));
                out.push_str(" cm.");
            } else {
                out.push_str(" ; la maille s'adapte de 54 à 60 cm.");
            }
        }
        Dim::Belt => {
            out.push_str("Largeur : ");
            push_tenths(out, between(rng, 20, 45));
            out.push_str(" cm, longueur totale : ");
            push_u32(out, between(rng, 85, 125));
            out.push_str(" cm, avec cinq trous de réglage.");
        }
        Dim::Candle => {
            if n.contains("fondant") {
                out.push_str("Sachet de ");
                push_u32(out, between(rng, 6, 12));
                out.push_str(" fondants de 10 g, pour environ ");
                push_u32(out, between(rng, 6, 10));
                out.push_str(" heures de parfum chacun.");
            } else {
                out.push_str("Poids net : ");
                push_u32(out, between(rng, 12, 40) * 10);
                out.push_str(" g, pour environ ");
                push_u32(out, between(rng, 25, 80));
                out.push_str(" heures de combustion. Hauteur : ");
                push_u32(out, between(rng, 7, 15));
                out.push_str(" cm.");
            }
        }
        Dim::Ceramic => {
            let volume = [
                ("tasse", 150, 250),
                ("mug", 250, 400),
                ("bol", 300, 600),
                ("théière", 600, 1000),
                ("saladier", 1500, 3000),
            ];
            if let Some(&(_, lo, hi)) = volume.iter().find(|(k, _, _)| n.starts_with(k)) {
                out.push_str("Contenance : ");
                let ml = between(rng, lo / 10, hi / 10) * 10;
                if ml >= 1000 {
                    push_tenths(out, ml / 100);
                    out.push_str(" l");
                } else {
                    push_u32(out, ml);
                    out.push_str(" ml");
                }
                out.push_str(", diamètre : ");
                push_u32(out, between(rng, 8, 26));
                out.push_str(" cm.");
            } else if n.starts_with("vase") {
                out.push_str("Hauteur : ");
                push_u32(out, between(rng, 12, 35));
                out.push_str(" cm, diamètre à l'ouverture : ");
                push_u32(out, between(rng, 3, 12));
                out.push_str(" cm.");
            } else {
                let (lo, hi) = if n.starts_with("coupelle") {
                    (9, 14)
                } else if n.starts_with("plat") {
                    (28, 38)
                } else {
                    (19, 28)
                };
                out.push_str("Diamètre : ");
                push_u32(out, between(rng, lo, hi));
                out.push_str(" cm.");
            }
            out.push_str(" Chaque pièce étant façonnée à la main, les dimensions peuvent varier légèrement.");
        }
        Dim::Cushion => {
            out.push_str("Dimensions : ");
            if n.contains("coussin de sol") {
                let side = one_of(rng, &[60, 65, 70]);
                push_size(out, side, side);
            } else if n.contains("coussin") {
                let sizes: [(u32, u32); 5] = [(40, 40), (45, 45), (50, 50), (30, 50), (40, 60)];
                let (a, b) = sizes[rng.random_range(0..sizes.len())];
                push_size(out, a, b);
            } else {
                let sizes: [(u32, u32); 4] = [(130, 170), (140, 200), (150, 200), (125, 150)];
                let (a, b) = sizes[rng.random_range(0..sizes.len())];
                push_size(out, a, b);
            }
            out.push('.');
        }
        Dim::Lamp => {
            if n.contains("guirlande") {
                out.push_str("Longueur : ");
                push_u32(out, between(rng, 2, 5));
                out.push_str(" m, ");
                push_u32(out, between(rng, 10, 30));
                out.push_str(" points lumineux, alimentation par prise USB.");
            } else {
                out.push_str("Hauteur : ");
                push_u32(out, between(rng, 18, 60));
                out.push_str(" cm, diamètre : ");
                push_u32(out, between(rng, 15, 55));
                out.push_str(" cm. Câble de ");
                push_tenths(out, between(rng, 15, 30));
                out.push_str(" m, douille E27.");
            }
        }
        Dim::Wall => {
            if n.starts_with("miroir") {
                out.push_str("Diamètre : ");
                push_u32(out, between(rng, 30, 80));
                out.push_str(" cm.");
            } else if n.starts_with("patère") {
                out.push_str("Longueur : ");
                push_u32(out, between(rng, 6, 15));
                out.push_str(" cm, vis et chevilles fournies.");
            } else if n.starts_with("étagère") || n.starts_with("porte-clés") {
                out.push_str("Largeur : ");
                push_u32(out, between(rng, 25, 80));
                out.push_str(" cm, profondeur : ");
                push_u32(out, between(rng, 6, 25));
                out.push_str(" cm.");
            } else {
                out.push_str("Largeur : ");
                push_u32(out, between(rng, 25, 80));
                out.push_str(" cm, hauteur : ");
                push_u32(out, between(rng, 35, 120));
                out.push_str(" cm.");
            }
        }
        Dim::Canvas => {
            let formats: [(u32, u32); 10] =
                [(20, 20), (24, 30), (30, 40), (40, 50), (50, 65), (60, 80), (80, 100), (100, 100), (30, 30), (50, 50)];
            let (a, b) = formats[rng.random_range(0..formats.len())];
            out.push_str("Format : ");
            push_size(out, a, b);
            out.push_str(". L'œuvre est livrée sans cadre.");
        }
        Dim::Print => {
            out.push_str("Format : ");
            out.push_str(one_str(
                rng,
                &[
                    "A5 (14,8 × 21 cm)",
                    "A4 (21 × 29,7 cm)",
                    "A3 (29,7 × 42 cm)",
                    "30 × 40 cm",
                    "40 × 50 cm",
                    "13 × 18 cm",
                ],
            ));
            out.push('.');
            if rng.random_bool(0.5) {
                out.push_str(" Tirage limité à ");
                push_u32(out, between(rng, 2, 10) * 10);
                out.push_str(" exemplaires.");
            }
        }
        Dim::Photo => {
            out.push_str("Tirage au format ");
            out.push_str(one_str(rng, &["20 × 30 cm", "30 × 45 cm", "40 × 60 cm", "50 × 75 cm", "60 × 90 cm"]));
            out.push_str(", en édition limitée à ");
            push_u32(out, between(rng, 2, 10) * 5);
            out.push_str(" exemplaires.");
        }
        Dim::Sculpture => {
            out.push_str("Hauteur : ");
            push_u32(out, between(rng, 12, 85));
            out.push_str(" cm, poids : ");
            push_tenths(out, between(rng, 4, 150));
            out.push_str(" kg.");
        }
        Dim::Notebook => {
            out.push_str("Format ");
            out.push_str(one_str(
                rng,
                &["A5 (14,8 × 21 cm)", "A6 (10,5 × 14,8 cm)", "B6 (12,5 × 17,6 cm)", "carré 15 × 15 cm"],
            ));
            out.push_str(", ");
            push_u32(out, one_of(rng, &[80, 96, 128, 160, 192]));
            out.push_str(" pages en papier ");
            push_u32(out, one_of(rng, &[90, 100, 120]));
            out.push_str(" g/m².");
        }
        Dim::Card => {
            out.push_str("Format ");
            out.push_str(one_str(rng, &["A6 (10,5 × 14,8 cm)", "carré 14 × 14 cm", "12 × 17 cm", "10 × 15 cm"]));
            out.push_str(", enveloppe assortie incluse.");
        }
        Dim::Invitation => {
            out.push_str("Format ");
            out.push_str(one_str(rng, &["A5 (14,8 × 21 cm)", "A6 (10,5 × 14,8 cm)", "carré 15 × 15 cm", "10 × 21 cm"]));
            out.push_str(", prix à l'unité, à partir de ");
            push_u32(out, one_of(rng, &[20, 30, 50]));
            out.push_str(" exemplaires.");
        }
        Dim::Poster => {
            out.push_str("Format ");
            out.push_str(one_str(rng, &["A4", "A3", "30 × 40 cm", "40 × 50 cm", "50 × 70 cm"]));
            out.push_str(", sur un papier de ");
            push_u32(out, one_of(rng, &[200, 250, 300]));
            out.push_str(" g/m².");
        }
        Dim::Calendar => {
            if n.contains("éphéméride") {
                out.push_str("Format ");
                out.push_str(one_str(rng, &["A5", "A6", "carré 15 × 15 cm"]));
                out.push_str(", 31 feuillets à feuilleter d'année en année.");
            } else {
                out.push_str("Format ");
                out.push_str(one_str(rng, &["A4", "A3", "A5", "30 × 30 cm"]));
                out.push_str(", 12 mois et une couverture, sur papier ");
                push_u32(out, one_of(rng, &[250, 300, 350]));
                out.push_str(" g/m².");
            }
        }
        Dim::WeddingDeco => {
            if n.contains("chemin") {
                out.push_str("Longueur : ");
                push_u32(out, between(rng, 2, 4));
                out.push_str(" m, largeur : ");
                push_u32(out, between(rng, 30, 45));
                out.push_str(" cm.");
            } else if n.contains("marque-place") {
                out.push_str("Dimensions : ");
                push_size(out, between(rng, 5, 10), between(rng, 3, 7));
                out.push_str(", prix à l'unité.");
            } else {
                out.push_str("Dimensions : environ ");
                push_size(out, between(rng, 15, 70), between(rng, 15, 100));
                out.push('.');
            }
        }
        Dim::Bridal => {
            if n.contains("voile") || n.contains("étole") {
                out.push_str("Longueur : ");
                push_u32(out, between(rng, 9, 30) * 10);
                out.push_str(" cm.");
            } else {
                out.push_str("Largeur : ");
                push_u32(out, between(rng, 6, 35));
                out.push_str(" cm, fixation discrète dans les cheveux.");
            }
        }
        Dim::Favour => {
            out.push_str("Chaque pièce mesure environ ");
            push_u32(out, between(rng, 4, 12));
            out.push_str(" cm ; prix à l'unité, à partir de ");
            push_u32(out, one_of(rng, &[10, 20, 30]));
            out.push_str(" exemplaires.");
        }
        Dim::Party => {
            if n.contains("guirlande") || n.contains("banderole") || n.contains("bannière") {
                out.push_str("Longueur : ");
                push_tenths(out, between(rng, 15, 50));
                out.push_str(" m, cordon de suspension compris.");
            } else {
                out.push_str("Dimensions : environ ");
                push_u32(out, between(rng, 12, 40));
                out.push_str(" cm.");
            }
        }
        Dim::Toy => {
            out.push_str("Dimensions : ");
            push_size(out, between(rng, 10, 45), between(rng, 8, 30));
            out.push_str(". Convient aux enfants dès ");
            out.push_str(one_str(rng, &["12 mois", "18 mois", "2 ans", "3 ans"]));
            out.push('.');
        }
        Dim::Plush => {
            out.push_str("Hauteur : ");
            push_u32(out, between(rng, 18, 40));
            out.push_str(" cm. Convient dès la naissance.");
        }
        Dim::Baby => {
            out.push_str("Tailles disponibles : de la naissance à ");
            push_u32(out, one_of(rng, &[12, 18, 24, 36]));
            out.push_str(" mois. Le modèle taille normalement ; en cas de doute, prenez la taille au-dessus.");
        }
        Dim::Nursery => {
            if n.contains("tipi") {
                out.push_str("Hauteur : ");
                push_u32(out, between(rng, 120, 165));
                out.push_str(" cm, base de ");
                push_u32(out, between(rng, 100, 130));
                out.push_str(" cm.");
            } else {
                out.push_str("Dimensions : environ ");
                push_size(out, between(rng, 15, 60), between(rng, 10, 50));
                out.push('.');
            }
        }
        Dim::Soap => {
            if n.contains("coffret") {
                out.push_str("Coffret de ");
                push_u32(out, between(rng, 3, 5));
                out.push_str(" savons de ");
                push_u32(out, between(rng, 8, 10) * 10);
                out.push_str(" g, après une cure de ");
            } else {
                out.push_str("Poids : environ ");
                push_u32(out, between(rng, 9, 13) * 10);
                out.push_str(" g, après une cure de ");
            }
            push_u32(out, between(rng, 4, 6));
            out.push_str(" semaines.");
        }
        Dim::Cosmetic => {
            if n.contains("baume") || n.contains("déodorant") {
                out.push_str("Poids net : ");
                push_u32(out, one_of(rng, &[15, 30, 50, 60]));
                out.push_str(" g.");
            } else {
                out.push_str("Contenance : ");
                push_u32(out, one_of(rng, &[15, 30, 50, 100, 150]));
                out.push_str(" ml.");
            }
        }
        Dim::Perfume => {
            if n.contains("solide") {
                out.push_str("Boîtier de ");
                push_u32(out, one_of(rng, &[10, 15, 20]));
                out.push_str(" g.");
            } else {
                out.push_str("Flacon de ");
                push_u32(out, one_of(rng, &[10, 15, 30, 50, 100]));
                out.push_str(" ml.");
            }
        }
        Dim::Bath => {
            if n.contains("peignoir") || n.contains("sortie") {
                out.push_str("Tailles S à XL, longueur ");
                push_u32(out, between(rng, 95, 120));
                out.push_str(" cm.");
            } else {
                let (a, b) = if n.contains("drap") {
                    (one_of(rng, &[70, 100]), one_of(rng, &[140, 150]))
                } else if n.contains("tapis") {
                    (50, one_of(rng, &[70, 80]))
                } else if n.contains("invité") {
                    (30, 50)
                } else {
                    (50, one_of(rng, &[90, 100]))
                };
                out.push_str("Dimensions : ");
                push_size(out, a, b);
                out.push('.');
            }
        }
        Dim::Kit => {
            out.push_str("Temps de réalisation : environ ");
            push_u32(out, between(rng, 2, 10));
            out.push_str(" heures. Le kit contient la matière, les outils et une notice détaillée.");
        }
        Dim::Yarn => {
            if n.contains("broder") {
                out.push_str("Échevette de ");
                push_u32(out, between(rng, 8, 25));
                out.push_str(" m, ");
                push_u32(out, one_of(rng, &[2, 3, 6]));
                out.push_str(" brins séparables.");
            } else {
                let grams = one_of(rng, &[50, 100]);
                out.push_str("Pelote de ");
                push_u32(out, grams);
                out.push_str(" g pour environ ");
                push_u32(out, between(rng, 12, 45) * grams / 5);
                out.push_str(" m. Aiguilles conseillées : ");
                push_tenths(out, one_of(rng, &[25, 30, 35, 40, 45, 50, 60]));
                out.push_str(" mm.");
            }
        }
        Dim::Beads => {
            if n.starts_with("perles") {
                out.push_str("Diamètre : ");
                push_u32(out, between(rng, 2, 12));
                out.push_str(" mm, trou de ");
                push_tenths(out, between(rng, 8, 20));
                out.push_str(" mm. Lot de ");
                push_u32(out, between(rng, 2, 20) * 10);
            } else {
                out.push_str("Dimensions : ");
                push_u32(out, between(rng, 4, 15));
                out.push_str(" mm. Lot de ");
                push_u32(out, between(rng, 1, 10) * 10);
            }
            out.push_str(" pièces.");
        }
        Dim::Fabric => {
            out.push_str("Laize : ");
            push_u32(out, one_of(rng, &[140, 145, 150, 160]));
            out.push_str(" cm, grammage : ");
            push_u32(out, between(rng, 9, 32) * 10);
            out.push_str(" g/m². Vente par multiples de 50 cm.");
        }
        Dim::Pattern => {
            out.push_str("Tailles ");
            out.push_str(one_str(rng, &["34 à 48", "36 à 52", "XS à XL", "2 à 12 ans", "34 à 56"]));
            out.push_str(", niveau ");
            out.push_str(one_str(rng, &["débutant", "intermédiaire", "confirmé"]));
            out.push_str(". Métrage conseillé : ");
            push_tenths(out, between(rng, 8, 30));
            out.push_str(" m en laize 140 cm.");
        }
        Dim::Generic => {
            out.push_str("Dimensions : environ ");
            push_size(out, between(rng, 10, 40), between(rng, 10, 30));
            out.push('.');
        }
    }
}
