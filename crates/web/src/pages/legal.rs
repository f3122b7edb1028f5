//! The trust pages: help and contact, the terms of sale, the legal notice,
//! personal data and cookies, returns and the right of withdrawal.
//!
//! Their text is in the templates (`templates/legal/`), written to what
//! echoppe does today — each page says what the site has no button for yet
//! and how to ask for it instead (by writing to the contact address). What
//! varies between installations comes from the settings: who publishes the
//! site (nothing is invented: a detail the operator has not set is said to
//! be missing, and a site whose publisher is not named says it is a
//! demonstration), and the figures the pages quote (how long an unpaid
//! order holds its items, whether mail really leaves, whether the session
//! cookie is `Secure`).
//!
//! The pages are the same for every anonymous visitor, like the
//! storefront's; only the header changes for someone signed in.

use crate::error::PageError;
use crate::state::{AppState, WebSettings};
use crate::views::Layout;
use crate::visitor::Visitor;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use echoppe_domain::{SHIPPING_COUNTRIES, and_fr};

pub(crate) const HELP: &str = "/aide";
pub(crate) const TERMS: &str = "/conditions-generales";
pub(crate) const NOTICE: &str = "/mentions-legales";
pub(crate) const PRIVACY: &str = "/confidentialite";
pub(crate) const RETURNS: &str = "/retours";

/// The trust pages in the order their links are listed.
const PAGES: [(&str, &str); 5] = [
    (HELP, "Aide et contact"),
    (TERMS, "Conditions générales"),
    (NOTICE, "Mentions légales"),
    (PRIVACY, "Données personnelles et cookies"),
    (RETURNS, "Retours et rétractation"),
];

/// Where the software's source is published (the workspace's
/// `repository`): the licence, the AGPL, offers it to whoever uses the
/// site over the network.
const SOURCE: &str = "https://github.com/echoppe/echoppe";

/// Who publishes the site, as the settings say; `None` where the operator
/// has not said.
struct OperatorView {
    /// `None`: the site is a demonstration of echoppe, with no real sales.
    name: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    registration: Option<String>,
    director: Option<String>,
    host: Option<String>,
    contact: String,
    /// The contact address is on a domain reserved for examples (such as
    /// the default, derived from `commandes@echoppe.invalid`): nobody reads it.
    contact_reaches_nobody: bool,
    /// What the law asks the legal notice to show and the operator has not
    /// set, as a French list ("" when nothing is missing).
    missing: String,
}

impl OperatorView {
    fn of(settings: &WebSettings) -> Self {
        let missing: Vec<String> = [
            (&settings.operator_name, "le nom de l'éditeur du site"),
            (&settings.operator_address, "son adresse"),
            (&settings.operator_phone, "son numéro de téléphone"),
            (&settings.operator_registration, "son immatriculation"),
            (&settings.publication_director, "le directeur de la publication"),
            (&settings.hosting_provider, "l'hébergeur"),
        ]
        .into_iter()
        .filter(|(value, _)| value.is_none())
        .map(|(_, what)| what.to_owned())
        .collect();
        Self {
            name: settings.operator_name.clone(),
            address: settings.operator_address.clone(),
            phone: settings.operator_phone.clone(),
            registration: settings.operator_registration.clone(),
            director: settings.publication_director.clone(),
            host: settings.hosting_provider.clone(),
            contact: settings.contact_email.clone(),
            contact_reaches_nobody: reaches_nobody(&settings.contact_email),
            missing: and_fr(&missing),
        }
    }
}

/// Whether mail to `address` goes nowhere: its domain is one of those
/// reserved for examples and tests (RFC 2606, RFC 6761).
fn reaches_nobody(address: &str) -> bool {
    let Some((_, domain)) = address.trim().rsplit_once('@') else { return true };
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let mut labels = domain.rsplit('.');
    let top = labels.next().unwrap_or_default();
    let second = labels.next().unwrap_or_default();
    ["invalid", "example", "test", "localhost", ""].contains(&top)
        || (second == "example" && ["com", "net", "org"].contains(&top))
}

/// What the pages quote from this installation's settings.
struct Facts {
    /// Minutes an order awaiting payment holds its items.
    pay_within: u64,
    /// Minutes within which a buyer told to pay later gets the link.
    link_within: u64,
    /// Mail leaves through an SMTP server; otherwise it is only written to
    /// the mailbox directory on the server, which administrators read.
    mail_sent: bool,
    /// The session cookie is marked `Secure`.
    https: bool,
    /// The census counts what buyers do.
    statistics: bool,
    /// Listing views are counted by the script in the browser.
    views_counted_in_browser: bool,
    /// Where checkout ships to, in words.
    countries: String,
    license: &'static str,
    source: &'static str,
}

impl Facts {
    fn of(settings: &WebSettings) -> Self {
        let countries: Vec<String> = SHIPPING_COUNTRIES.iter().map(|(_, name)| (*name).to_owned()).collect();
        Self {
            pay_within: settings.pay_within.as_secs() / 60,
            link_within: settings.link_within.as_secs() / 60,
            mail_sent: settings.mail.smtp_url.is_some(),
            https: settings.https,
            statistics: settings.statistics,
            views_counted_in_browser: settings.views_counted_in_browser,
            countries: and_fr(&countries),
            license: env!("CARGO_PKG_LICENSE"),
            source: SOURCE,
        }
    }
}

/// A link to one of the trust pages, at the bottom of each.
struct PageLink {
    name: &'static str,
    url: &'static str,
    current: bool,
}

/// What every trust page shows besides its own text.
struct Parts {
    layout: Layout,
    operator: OperatorView,
    facts: Facts,
    links: Vec<PageLink>,
}

async fn parts(
    state: &AppState,
    visitor: &Visitor,
    path: &'static str,
    title: &str,
    description: &str,
) -> Result<Parts, PageError> {
    let mut layout = Layout::new(state, title, description, None).for_visitor(visitor).await?;
    layout.canonical = Some(path.to_owned());
    Ok(Parts {
        layout,
        operator: OperatorView::of(&state.settings),
        facts: Facts::of(&state.settings),
        links: PAGES.iter().map(|&(url, name)| PageLink { name, url, current: url == path }).collect(),
    })
}

/// A trust page: its template (which reads the [`Parts`]) and its handler.
macro_rules! trust_page {
    ($(#[$doc:meta])* $handler:ident, $page:ident, $template:literal, $path:expr, $title:expr, $description:expr) => {
        #[derive(Template)]
        #[template(path = $template)]
        struct $page {
            layout: Layout,
            operator: OperatorView,
            facts: Facts,
            links: Vec<PageLink>,
        }

        $(#[$doc])*
        pub(crate) async fn $handler(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, PageError> {
            let Parts { layout, operator, facts, links } = parts(&state, &visitor, $path, $title, $description).await?;
            Ok(Html($page { layout, operator, facts, links }.render()?))
        }
    };
}

trust_page!(
    /// `/aide`: how buying, paying, following and cancelling an order work,
    /// and where to write.
    help,
    HelpPage,
    "legal/help.html",
    HELP,
    "Aide et contact",
    "Commander, payer, suivre ou annuler une commande, vendre, et nous écrire."
);

trust_page!(
    /// `/conditions-generales`: the terms of sale and use.
    terms,
    TermsPage,
    "legal/terms.html",
    TERMS,
    "Conditions générales de vente et d'utilisation",
    "Qui vend, comment se passe une commande, le paiement, la livraison et vos garanties."
);

trust_page!(
    /// `/mentions-legales`: who publishes and who hosts the site.
    notice,
    NoticePage,
    "legal/notice.html",
    NOTICE,
    "Mentions légales",
    "L'éditeur du site, son hébergeur et le logiciel qui le fait fonctionner."
);

trust_page!(
    /// `/confidentialite`: what is kept about whom, for how long, and the cookie.
    privacy,
    PrivacyPage,
    "legal/privacy.html",
    PRIVACY,
    "Données personnelles et cookies",
    "Ce que le site enregistre, pourquoi, combien de temps, son unique cookie et vos droits."
);

trust_page!(
    /// `/retours`: the 14-day right of withdrawal, and how to use it with the shop.
    returns,
    ReturnsPage,
    "legal/returns.html",
    RETURNS,
    "Retours et droit de rétractation",
    "Quatorze jours pour changer d'avis : comment vous rétracter auprès de la boutique."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_domains_reach_nobody() {
        for address in ["commandes@echoppe.invalid", "a@example.com", "a@shop.example.org", "a@x.test", "nobody"] {
            assert!(reaches_nobody(address), "{address}");
        }
        for address in ["contact@atelier-durand.fr", "aide@example-shop.fr", "a@notexample.com"] {
            assert!(!reaches_nobody(address), "{address}");
        }
    }

    #[test]
    fn the_legal_notice_names_what_the_operator_has_not_set() {
        let settings = WebSettings::default();
        let operator = OperatorView::of(&settings);
        assert!(operator.name.is_none(), "no publisher is invented");
        assert!(operator.missing.starts_with("le nom de l'éditeur du site, son adresse"), "{}", operator.missing);
        assert!(operator.missing.ends_with(" et l'hébergeur"), "{}", operator.missing);
        let named = WebSettings {
            operator_name: Some("Atelier Durand SARL".to_owned()),
            operator_address: Some("3 rue des Olivettes, 44000 Nantes".to_owned()),
            operator_phone: Some("02 40 00 00 00".to_owned()),
            operator_registration: Some("RCS Nantes 123 456 789".to_owned()),
            publication_director: Some("Claire Durand".to_owned()),
            hosting_provider: Some("Hébergeur SAS, 1 rue du Serveur, 75000 Paris".to_owned()),
            ..WebSettings::default()
        };
        assert_eq!(OperatorView::of(&named).missing, "");
    }
}
