//! The cart: filled from listing pages, by visitors and buyers alike, from
//! several shops; shown grouped by shop with subtotals and shipping.
//!
//! A visitor's cart is named in their session (created by the first "add to
//! cart"); a signed-in buyer's is theirs wherever they sign in, and a
//! visitor's cart joins it at sign-in. Lines keep the price the buyer saw:
//! if it changed, the cart shows the new one and asks again before checkout.

use crate::error::{Error, PageError};
use crate::forms::{PageForm, posted_from_this_site, unknown_choice};
use crate::state::AppState;
use crate::statistics::{What, Who};
use crate::views::{Layout, PictureView, THUMBNAIL_SIZES};
use crate::visitor::{Notice, Visitor};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use echoppe_domain::{ListingId, Money, Timestamp, UserId, listing_url};
use echoppe_storage::{CartLine, Database, cart_of_user};
use serde::Deserialize;

/// The session's key for a visitor's cart.
const CART_KEY: &str = "cart";

/// The most of one listing a cart holds: makers sell in small series.
pub(crate) const MAX_QUANTITY: i64 = 99;

/// The most lines a cart holds, as many as one API checkout takes: a
/// checkout is written in one transaction of the single order writer.
pub(crate) const MAX_LINES: usize = 100;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/cart", get(show).post(add)).route("/cart/lines/{id}", post(change))
}

/// The cart of whoever is asking, if they have one yet.
pub(crate) async fn cart_key(visitor: &Visitor) -> Result<Option<String>, Error> {
    if let Some(account) = &visitor.account {
        return Ok(Some(cart_of_user(account.id)));
    }
    Ok(visitor.session.get::<String>(CART_KEY).await?)
}

/// The lines of whoever is asking's cart; none if they have no cart yet.
pub(crate) async fn visitor_cart(state: &AppState, visitor: &Visitor) -> Result<Vec<CartLine>, Error> {
    match cart_key(visitor).await? {
        Some(key) => Ok(state.db.cart(&key).await?),
        None => Ok(Vec::new()),
    }
}

async fn cart_key_or_new(visitor: &Visitor) -> Result<String, Error> {
    if let Some(key) = cart_key(visitor).await? {
        return Ok(key);
    }
    let key = format!("s:{}", crate::visitor::random_token());
    visitor.session.insert(CART_KEY, &key).await?;
    Ok(key)
}

/// At sign-in: what the visitor put in their cart joins their own cart.
pub(crate) async fn adopt_visitor_cart(db: &Database, visitor: &Visitor, buyer: UserId) -> Result<(), Error> {
    if let Some(key) = visitor.session.remove::<String>(CART_KEY).await? {
        db.merge_carts(&key, &cart_of_user(buyer)).await?;
    }
    Ok(())
}

/// What is wrong with a line, if anything: it must be put right before checkout.
pub(crate) fn line_problem(line: &CartLine) -> Option<String> {
    if !line.sellable {
        Some("Cette création n'est plus en vente : retirez-la du panier.".to_owned())
    } else if line.available <= 0 {
        Some("Plus disponible pour le moment : retirez-la du panier.".to_owned())
    } else if line.quantity > line.available {
        Some(format!("Il n'en reste que {} : réduisez la quantité.", line.available))
    } else if line.price != line.seen {
        Some(format!(
            "Le prix a changé : {} au lieu de {}. Acceptez le nouveau prix pour commander.",
            line.price.format_fr(),
            line.seen.format_fr()
        ))
    } else {
        None
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AddForm {
    csrf: String,
    listing: String,
    quantity: String,
    /// The price the page showed, in cents.
    seen: String,
}

/// "Add to cart" from a listing page. Anonymous listing pages carry no
/// session token (they are the same for everyone), so the form is accepted
/// when it comes from this site's pages ([`posted_from_this_site`]) or
/// carries the session's token.
async fn add(
    State(state): State<AppState>,
    visitor: Visitor,
    who: Who,
    headers: HeaderMap,
    PageForm(form): PageForm<AddForm>,
) -> Result<Redirect, PageError> {
    if !posted_from_this_site(&headers, state.settings.forwarded_for) {
        visitor.verify_csrf(&form.csrf).await?;
    }
    let id = ListingId::parse(form.listing.trim())
        .map_err(|_| Error::BadRequest { param: "listing", message: "n'est pas un identifiant d'article".into() })?;
    let listing = state.db.listing(id).await?.ok_or(Error::NotFound)?;
    let wanted = parse_quantity(&form.quantity)?;
    let key = cart_key_or_new(&visitor).await?;
    let back = Redirect::to("/cart");
    let title = &listing.title;
    if !listing.state.is_public() || listing.shop.suspended || listing.shop.on_holiday {
        visitor.flash(format!("« {title} » n'est plus en vente : rien n'a été ajouté.")).await?;
        return Ok(back);
    }
    let seen = form.seen.trim().parse::<i64>().ok();
    if seen != Some(listing.price.cents()) {
        visitor
            .flash(format!(
                "Le prix de « {title} » est maintenant de {} : rien n'a été ajouté. Ajoutez-la à nouveau à ce prix si elle vous plaît toujours.",
                listing.price.format_fr()
            ))
            .await?;
        return Ok(Redirect::to(&listing.url()));
    }
    let lines = state.db.cart(&key).await?;
    let already = lines.iter().find(|line| line.listing == id).map_or(0, |line| line.quantity);
    if already == 0 && lines.len() >= MAX_LINES {
        visitor
            .flash(format!("Votre panier est plein ({MAX_LINES} créations au plus) : « {title} » n'a pas été ajoutée."))
            .await?;
        return Ok(back);
    }
    let total = already + wanted;
    if total > listing.quantity || total > MAX_QUANTITY {
        let left = listing.quantity.min(MAX_QUANTITY);
        let text = if listing.quantity <= 0 {
            format!("« {title} » est épuisée : rien n'a été ajouté.")
        } else if already > 0 {
            format!(
                "« {title} » : vous en avez déjà {already} dans le panier, et vous pouvez en commander {left} au plus."
            )
        } else {
            format!("« {title} » : vous pouvez en commander {left} au plus.")
        };
        visitor.flash(text).await?;
        return Ok(back);
    }
    state.db.set_cart_line(&key, id, total, listing.price, Timestamp::now()).await?;
    state.back_office.statistics.record(who, What::CartAdd { listing: id }).await;
    visitor.flash_ok(format!("« {title} » est dans votre panier.")).await?;
    Ok(back)
}

/// A quantity typed by a person: a whole number from 1 to [`MAX_QUANTITY`].
fn parse_quantity(text: &str) -> Result<i64, Error> {
    let bad = |message: String| Error::BadRequest { param: "quantité", message };
    let quantity = text
        .trim()
        .parse::<i64>()
        .map_err(|_| bad(format!("« {} » n'est pas un nombre entier", echoppe_domain::shorten(text))))?;
    match quantity {
        ..=0 => Err(bad("doit être d'au moins 1 (pour retirer un article, utilisez « Retirer »)".to_owned())),
        1..=MAX_QUANTITY => Ok(quantity),
        _ => Err(bad(format!("{MAX_QUANTITY} au plus"))),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChangeForm {
    csrf: String,
    /// `update`, `remove` or `accept_price`.
    action: String,
    quantity: String,
}

/// Changes one line from the cart page: its quantity, removing it, or
/// accepting its new price.
async fn change(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    PageForm(form): PageForm<ChangeForm>,
) -> Result<Redirect, PageError> {
    visitor.verify_csrf(&form.csrf).await?;
    let back = Redirect::to("/cart");
    let Some(key) = cart_key(&visitor).await? else { return Ok(back) };
    let id = ListingId::parse(&id).map_err(|_| Error::NotFound)?;
    let lines = state.db.cart(&key).await?;
    let Some(line) = lines.iter().find(|line| line.listing == id) else {
        visitor.flash("Cet article n'est plus dans votre panier.").await?;
        return Ok(back);
    };
    let now = Timestamp::now();
    match form.action.as_str() {
        "remove" => {
            state.db.set_cart_line(&key, id, 0, line.seen, now).await?;
            visitor.flash_ok(format!("« {} » n'est plus dans votre panier.", line.title)).await?;
        }
        "accept_price" => {
            state.db.set_cart_line(&key, id, line.quantity, line.price, now).await?;
            visitor.flash_ok(format!("Nouveau prix accepté pour « {} ».", line.title)).await?;
        }
        "update" => match parse_quantity(&form.quantity) {
            // More than there is: the stock is the news, whatever the cap.
            _ if form.quantity.trim().parse::<i64>().is_ok_and(|wanted| wanted > line.available) => {
                visitor
                    .flash(format!(
                        "« {} » : il n'en reste que {}, la quantité n'a pas changé.",
                        line.title,
                        line.available.max(0)
                    ))
                    .await?;
            }
            Ok(quantity) => {
                state.db.set_cart_line(&key, id, quantity, line.seen, now).await?;
                visitor.flash_ok(format!("Quantité de « {} » : {quantity}.", line.title)).await?;
            }
            Err(Error::BadRequest { message, .. }) => {
                visitor.flash(format!("Quantité de « {} » : {message}.", line.title)).await?;
            }
            Err(other) => return Err(other.into()),
        },
        other => return Err(unknown_choice("action", other, &["update", "remove", "accept_price"]).into()),
    }
    Ok(back)
}

/// One shop's part of the cart.
pub(crate) struct ShopGroup {
    pub(crate) name: String,
    pub(crate) lines: Vec<LineView>,
    pub(crate) subtotal: String,
    pub(crate) shipping: String,
    pub(crate) total: String,
}

pub(crate) struct LineView {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) thumbnail: Option<PictureView>,
    pub(crate) url: String,
    pub(crate) quantity: i64,
    pub(crate) max: i64,
    pub(crate) price: String,
    pub(crate) line_total: String,
    pub(crate) problem: Option<String>,
    pub(crate) price_changed: bool,
}

/// The cart as shown: grouped by shop, with totals. `None` totals when the
/// cart is empty.
pub(crate) struct CartView {
    pub(crate) groups: Vec<ShopGroup>,
    pub(crate) total: String,
    pub(crate) problems: usize,
    pub(crate) count: i64,
}

/// One shop's part of a cart — one order at checkout — with what can be
/// bought of it now: lines no longer for sale or out of stock count for
/// nothing, and a shop with nothing left to buy charges no shipping.
pub(crate) struct ShopPart<'a> {
    pub(crate) lines: &'a [CartLine],
    pub(crate) subtotal_cents: i64,
    pub(crate) shipping_cents: i64,
}

impl ShopPart<'_> {
    pub(crate) fn total_cents(&self) -> i64 {
        self.subtotal_cents.saturating_add(self.shipping_cents)
    }
}

/// The cart by shop. Storage returns lines grouped by shop.
pub(crate) fn shop_parts(lines: &[CartLine]) -> impl Iterator<Item = ShopPart<'_>> {
    lines.chunk_by(|a, b| a.shop == b.shop).map(|part| {
        let buyable = || part.iter().filter(|l| l.sellable && l.available > 0);
        ShopPart {
            lines: part,
            subtotal_cents: buyable().map(|l| l.price.cents().saturating_mul(l.quantity)).sum(),
            shipping_cents: if buyable().next().is_some() { part[0].shipping.cents() } else { 0 },
        }
    })
}

impl CartView {
    pub(crate) fn of(lines: &[CartLine]) -> Self {
        let mut grand = 0_i64;
        let mut problems = 0;
        let groups = shop_parts(lines)
            .map(|part| {
                grand = grand.saturating_add(part.total_cents());
                ShopGroup {
                    name: part.lines[0].shop_name.clone(),
                    subtotal: euros(part.subtotal_cents),
                    shipping: if part.shipping_cents == 0 { "offerte".to_owned() } else { euros(part.shipping_cents) },
                    total: euros(part.total_cents()),
                    lines: part
                        .lines
                        .iter()
                        .map(|line| {
                            let problem = line_problem(line);
                            problems += usize::from(problem.is_some());
                            LineView {
                                id: line.listing.get(),
                                title: line.title.clone(),
                                thumbnail: line
                                    .photo
                                    .as_ref()
                                    .map(|photo| PictureView::new(photo, "", 170, THUMBNAIL_SIZES)),
                                url: listing_url(line.listing, &line.title),
                                quantity: line.quantity,
                                max: line.available.clamp(1, MAX_QUANTITY),
                                price: line.price.format_fr(),
                                line_total: euros(line.price.cents().saturating_mul(line.quantity)),
                                price_changed: line.sellable && line.price != line.seen,
                                problem,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Self { groups, total: euros(grand), problems, count: lines.iter().map(|l| l.quantity).sum() }
    }
}

/// Cents as euros, clamped to what [`Money`] shows.
pub(crate) fn euros(cents: i64) -> String {
    Money::euros(cents.clamp(0, Money::MAX_CENTS)).map(Money::format_fr).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "cart.html")]
struct CartPage {
    layout: Layout,
    csrf: String,
    notices: Vec<Notice>,
    cart: CartView,
}

async fn show(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, PageError> {
    let lines = visitor_cart(&state, &visitor).await?;
    let page = CartPage {
        layout: Layout::new(&state, "Mon panier", "Les créations que vous allez commander.", None)
            .for_visitor(&visitor)
            .await?,
        csrf: if lines.is_empty() { String::new() } else { visitor.csrf_token().await? },
        notices: visitor.take_flash().await?,
        cart: CartView::of(&lines),
    };
    Ok(Html(page.render()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use echoppe_domain::ShopId;

    fn line(listing: i64, shop: i64, quantity: i64, price: i64, seen: i64, available: i64) -> CartLine {
        CartLine {
            listing: ListingId::new(listing),
            title: format!("article {listing}"),
            quantity,
            seen: Money::euros(seen).unwrap(),
            price: Money::euros(price).unwrap(),
            available,
            sellable: true,
            shop: ShopId::new(shop),
            shop_name: format!("boutique {shop}"),
            shipping: Money::euros(490).unwrap(),
            photo: None,
        }
    }

    #[test]
    fn quantities_are_whole_numbers_from_one() {
        assert_eq!(parse_quantity(" 3 ").unwrap(), 3);
        for bad in ["0", "-2", "1.5", "", "abc", "100", "99999999999999999999"] {
            assert!(parse_quantity(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_cart_adds_up_per_shop_with_its_shipping() {
        let cart =
            CartView::of(&[line(1, 7, 2, 1000, 1000, 5), line(2, 7, 1, 500, 500, 1), line(3, 9, 1, 2000, 2000, 3)]);
        assert_eq!(cart.groups.len(), 2);
        assert_eq!(cart.groups[0].subtotal, Money::euros(2500).unwrap().format_fr());
        assert_eq!(cart.groups[0].total, Money::euros(2990).unwrap().format_fr());
        assert_eq!(cart.total, Money::euros(2990 + 2490).unwrap().format_fr());
        assert_eq!((cart.problems, cart.count), (0, 4));
    }

    #[test]
    fn what_cannot_be_bought_counts_for_nothing() {
        let gone = CartLine { sellable: false, ..line(1, 7, 1, 1000, 1000, 5) };
        let mixed = [gone.clone(), line(2, 7, 1, 500, 500, 1)];
        let parts: Vec<_> = shop_parts(&mixed).collect();
        assert_eq!((parts[0].subtotal_cents, parts[0].shipping_cents), (500, 490), "the shop still ships the rest");
        let only_gone = [gone];
        let parts: Vec<_> = shop_parts(&only_gone).collect();
        assert_eq!(parts[0].total_cents(), 0, "nothing left to ship");
    }

    #[test]
    fn what_changed_since_is_named() {
        assert!(line_problem(&line(1, 1, 3, 1000, 1000, 2)).unwrap().contains("que 2"));
        assert!(line_problem(&line(1, 1, 1, 1200, 1000, 2)).unwrap().contains("prix a changé"));
        assert!(
            line_problem(&CartLine { sellable: false, ..line(1, 1, 1, 1000, 1000, 2) })
                .unwrap()
                .contains("plus en vente")
        );
        assert_eq!(line_problem(&line(1, 1, 2, 1000, 1000, 2)), None);
    }
}
