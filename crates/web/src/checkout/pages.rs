//! The HTML checkout: contact and address, a review step, confirmation.
//!
//! The review page carries a one-time token, used as the checkout's
//! idempotency key: a double click or a browser retrying the post sends the
//! same token, and the order desk answers the second time with the orders
//! of the first instead of placing them again.

use super::{CheckoutRequest, Payment, Placing, refusal_message};
use crate::cart::{CartView, cart_key, line_problem, visitor_cart};
use crate::error::{Error, PageError};
use crate::forms::PageForm;
use crate::orders::{PayNow, done_url};
use crate::params::Params;
use crate::state::AppState;
use crate::views::Layout;
use crate::visitor::{Notice, Visitor, same_secret};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use echoppe_backoffice::payments::Later;
use echoppe_domain::{AddressFields, Email, FieldErrors, SHIPPING_COUNTRIES, ShippingAddress};
use echoppe_storage::{CartLine, CheckoutRefusal, OrderLine};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

const ADDRESS_KEY: &str = "checkout_address";
const TOKEN_KEY: &str = "checkout_token";
/// The last token used, and the checkout it placed: a retry of that post
/// is sent to the same confirmation.
const DONE_KEY: &str = "checkout_done";
/// The cart last counted as a checkout begun: a reload of the address form,
/// or a step back to it from the review, is the same checkout.
const BEGUN_KEY: &str = "checkout_begun";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/checkout", get(address_form).post(save_address))
        .route("/checkout/review", get(review))
        .route("/checkout/confirm", post(confirm))
        .route("/checkout/done", get(done))
        .route("/orders/{number}/pay", get(super::pay::show).post(super::pay::pay))
}

/// The contact and address fields, as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
struct AddressForm {
    #[serde(skip_serializing)]
    csrf: String,
    email: String,
    name: String,
    line1: String,
    line2: String,
    postcode: String,
    city: String,
    country: String,
}

impl AddressForm {
    fn fields(&self) -> AddressFields<'_> {
        AddressFields {
            email: &self.email,
            name: &self.name,
            line1: &self.line1,
            line2: &self.line2,
            postcode: &self.postcode,
            city: &self.city,
            country: &self.country,
        }
    }
}

struct CountryChoice {
    code: &'static str,
    name: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "checkout/address.html")]
struct AddressPage {
    layout: Layout,
    csrf: String,
    form: AddressForm,
    errors: FieldErrors,
    countries: Vec<CountryChoice>,
}

/// The cart's lines if it can be checked out; otherwise where to send the
/// buyer, with why.
async fn checkable_cart(state: &AppState, visitor: &Visitor) -> Result<Result<Vec<CartLine>, Redirect>, Error> {
    let lines = visitor_cart(state, visitor).await?;
    if lines.is_empty() {
        visitor.flash("Votre panier est vide : ajoutez une création avant de commander.").await?;
        return Ok(Err(Redirect::to("/cart")));
    }
    if lines.iter().any(|line| line_problem(line).is_some()) {
        visitor.flash("Votre panier a changé : vérifiez les points signalés avant de commander.").await?;
        return Ok(Err(Redirect::to("/cart")));
    }
    Ok(Ok(lines))
}

async fn address_page(
    state: &AppState,
    visitor: &Visitor,
    form: AddressForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, Error> {
    let country = if form.country.is_empty() { "FR" } else { form.country.as_str() };
    let page = AddressPage {
        layout: Layout::new(state, "Livraison", "Où envoyer votre commande.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        countries: SHIPPING_COUNTRIES
            .iter()
            .map(|(code, name)| CountryChoice { code, name, selected: code.eq_ignore_ascii_case(country) })
            .collect(),
        form,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn address_form(State(state): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let lines = match checkable_cart(&state, &visitor).await? {
        Ok(lines) => lines,
        Err(to_cart) => return Ok(to_cart.into_response()),
    };
    let cart: String = lines.iter().map(|line| format!("{}x{},", line.listing, line.quantity)).collect();
    if visitor.session.get::<String>(BEGUN_KEY).await.map_err(Error::from)?.as_ref() != Some(&cart) {
        let begun: Vec<_> = lines.iter().map(|line| (line.listing, line.quantity, line.seen.cents())).collect();
        state.back_office.statistics.record_checkout_begun(&begun).await;
        visitor.session.insert(BEGUN_KEY, cart).await.map_err(Error::from)?;
    }
    let form = match visitor.session.get::<AddressForm>(ADDRESS_KEY).await.map_err(Error::from)? {
        Some(saved) => saved,
        None => match &visitor.account {
            Some(account) => AddressForm {
                email: account.email.as_str().to_owned(),
                name: account.display_name.clone(),
                ..AddressForm::default()
            },
            None => AddressForm::default(),
        },
    };
    Ok(address_page(&state, &visitor, form, FieldErrors::new(), StatusCode::OK).await?)
}

async fn save_address(
    State(state): State<AppState>,
    visitor: Visitor,
    PageForm(form): PageForm<AddressForm>,
) -> Result<Response, PageError> {
    visitor.verify_csrf(&form.csrf).await?;
    if let Err(errors) = ShippingAddress::parse(&form.fields()) {
        return Ok(address_page(&state, &visitor, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await?);
    }
    visitor.session.insert(ADDRESS_KEY, &form).await.map_err(Error::from)?;
    Ok(Redirect::to("/checkout/review").into_response())
}

#[derive(Template)]
#[template(path = "checkout/review.html")]
struct ReviewPage {
    layout: Layout,
    csrf: String,
    token: String,
    /// What this page shows, as a digest: confirming places exactly this.
    shown: String,
    notices: Vec<Notice>,
    cart: CartView,
    email: String,
    address: Vec<String>,
    /// Payment will not be attempted now: why, in the buyer's words (the
    /// link comes by mail).
    pay_later: Option<&'static str>,
    link_within: u64,
}

async fn review(State(state): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let lines = match checkable_cart(&state, &visitor).await? {
        Ok(lines) => lines,
        Err(to_cart) => return Ok(to_cart.into_response()),
    };
    let Some((email, address)) = saved_address(&visitor).await? else {
        return Ok(Redirect::to("/checkout").into_response());
    };
    let shown = digest(&lines, &email, &address);
    let token = match visitor.session.get::<String>(TOKEN_KEY).await.map_err(Error::from)? {
        Some(token) => token,
        None => {
            let token = crate::visitor::random_token();
            visitor.session.insert(TOKEN_KEY, &token).await.map_err(Error::from)?;
            token
        }
    };
    let page = ReviewPage {
        layout: Layout::new(&state, "Vérifier et commander", "Le récapitulatif de votre commande.", None)
            .for_visitor(&visitor)
            .await?,
        csrf: visitor.csrf_token().await?,
        token,
        shown,
        notices: visitor.take_flash().await?,
        cart: CartView::of(&lines),
        email: email.as_str().to_owned(),
        address: address.label_lines(),
        pay_later: state.back_office.payments.later().map(Later::reason_fr),
        link_within: state.settings.link_within.as_secs() / 60,
    };
    Ok(Html(page.render()?).into_response())
}

async fn saved_address(visitor: &Visitor) -> Result<Option<(Email, ShippingAddress)>, Error> {
    let Some(form) = visitor.session.get::<AddressForm>(ADDRESS_KEY).await? else { return Ok(None) };
    Ok(ShippingAddress::parse(&form.fields()).ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConfirmForm {
    csrf: String,
    token: String,
    shown: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DoneCheckout {
    token: String,
    checkout_id: String,
}

async fn confirm(
    State(state): State<AppState>,
    visitor: Visitor,
    PageForm(form): PageForm<ConfirmForm>,
) -> Result<Response, PageError> {
    visitor.verify_csrf(&form.csrf).await?;
    // The same post again (a double click, a browser retry) after it went
    // through: the same confirmation.
    if let Some(done) = visitor.session.get::<DoneCheckout>(DONE_KEY).await.map_err(Error::from)?
        && same_secret(&form.token, &done.token)
    {
        return Ok(Redirect::to(&done_url(&done.checkout_id)).into_response());
    }
    let current = visitor.session.get::<String>(TOKEN_KEY).await.map_err(Error::from)?;
    if !current.as_deref().is_some_and(|current| same_secret(&form.token, current)) {
        visitor.flash("Ce récapitulatif a expiré : vérifiez votre commande et confirmez à nouveau.").await?;
        return Ok(Redirect::to("/checkout/review").into_response());
    }
    let lines = match checkable_cart(&state, &visitor).await? {
        Ok(lines) => lines,
        // Two posts of one form at once: the first emptied the cart, the
        // second finds its checkout under the same token.
        Err(to_cart) => match replayed(&state, &form.token).await? {
            Some(to_done) => return Ok(to_done.into_response()),
            None => return Ok(to_cart.into_response()),
        },
    };
    let Some((email, address)) = saved_address(&visitor).await? else {
        return Ok(Redirect::to("/checkout").into_response());
    };
    // What is placed is what the buyer confirmed, not what the cart became
    // since in another tab.
    let now_shown = digest(&lines, &email, &address);
    if !same_secret(&form.shown, &now_shown) {
        visitor
            .flash("Votre panier ou votre adresse a changé depuis ce récapitulatif : vérifiez et confirmez à nouveau.")
            .await?;
        return Ok(Redirect::to("/checkout/review").into_response());
    }
    let request = CheckoutRequest {
        buyer: visitor.account.as_ref().map(|a| a.id),
        email,
        address,
        lines: lines
            .iter()
            .map(|line| OrderLine { listing: line.listing, quantity: line.quantity, unit_price: line.seen })
            .collect(),
        idempotency: Some((page_key(&form.token), now_shown)),
    };
    match super::place(&state, request).await? {
        Placing::Placed { checkout_id, payment, .. } => {
            finish(&state, &visitor, &form.token, &checkout_id).await?;
            match payment {
                Payment::Declined(why) => {
                    visitor.flash(format!("Votre commande est enregistrée, mais le paiement n'est pas passé ({why}). Vos articles restent réservés : réessayez ci-dessous.")).await?;
                }
                Payment::Paid | Payment::Later(_) | Payment::NothingDue | Payment::AlreadyCharging => {}
            }
            Ok(Redirect::to(&done_url(&checkout_id)).into_response())
        }
        Placing::Replayed { checkout_id, .. } => {
            finish(&state, &visitor, &form.token, &checkout_id).await?;
            Ok(Redirect::to(&done_url(&checkout_id)).into_response())
        }
        Placing::Refused(refusal) => {
            let key = cart_key(&visitor).await?.unwrap_or_default();
            // Show the new price and ask again: the cart now holds it.
            if let CheckoutRefusal::PriceChanged { listing, now, .. } = &refusal
                && let Some(line) = lines.iter().find(|line| line.listing == *listing)
            {
                state.db.set_cart_line(&key, *listing, line.quantity, *now, echoppe_domain::Timestamp::now()).await?;
                visitor.flash(format!("Rien n'a été commandé : {}.", refusal_message(&refusal))).await?;
                return Ok(Redirect::to("/checkout/review").into_response());
            }
            visitor.flash(format!("Rien n'a été commandé : {}.", refusal_message(&refusal))).await?;
            Ok(Redirect::to("/cart").into_response())
        }
    }
}

/// The idempotency key of an HTML checkout: its one-time token, apart from
/// the keys API clients choose.
fn page_key(token: &str) -> String {
    format!("page:{token}")
}

/// A retried post whose checkout went through: where its confirmation is.
async fn replayed(state: &AppState, token: &str) -> Result<Option<Redirect>, Error> {
    Ok(state.db.checkout_of_key(&page_key(token)).await?.map(|checkout_id| Redirect::to(&done_url(&checkout_id))))
}

/// A digest of a checkout as the review page shows it: the lines at their
/// prices, the contact and the address.
fn digest(lines: &[CartLine], email: &Email, address: &ShippingAddress) -> String {
    let mut hash = Sha256::new();
    for line in lines {
        hash.update(format!("{}:{}:{}\n", line.listing, line.quantity, line.seen.cents()));
    }
    for part in [
        email.as_str(),
        &address.name,
        &address.line1,
        &address.line2,
        &address.postcode,
        &address.city,
        &address.country,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// After a checkout went through: the cart is empty, the token spent.
async fn finish(state: &AppState, visitor: &Visitor, token: &str, checkout_id: &str) -> Result<(), Error> {
    if let Some(key) = cart_key(visitor).await? {
        state.db.clear_cart(&key).await?;
    }
    visitor.session.remove_value(TOKEN_KEY).await?;
    visitor
        .session
        .insert(DONE_KEY, DoneCheckout { token: token.to_owned(), checkout_id: checkout_id.to_owned() })
        .await?;
    Ok(())
}

/// The page of a checkout's orders: after confirming, and after paying.
struct DoneOrder {
    number: String,
    shop: String,
    total: String,
    status: &'static str,
    status_code: &'static str,
    url: String,
}

#[derive(Template)]
#[template(path = "checkout/done.html")]
struct DonePage {
    layout: Layout,
    notices: Vec<Notice>,
    orders: Vec<DoneOrder>,
    email: String,
    paid: bool,
    awaiting: bool,
    link_sent: bool,
    pay_url: Option<String>,
    /// The payment service is resting until then.
    payment_resumes: Option<String>,
    pay_by: String,
    link_within: u64,
}

/// The confirmation: what was ordered, and what happens next.
async fn done(State(state): State<AppState>, visitor: Visitor, params: Params) -> Result<Html<String>, PageError> {
    let key = params.text("key").unwrap_or_default();
    // Checkout ids are long random tokens: one that finds orders is one
    // given to whoever placed them.
    if key.len() < 20 {
        return Err(Error::NotFound.into());
    }
    let orders = state.db.checkout_orders(key).await?;
    let Some(first) = orders.first() else { return Err(Error::NotFound.into()) };
    let awaiting: Vec<_> = orders.iter().filter(|o| o.status == echoppe_domain::OrderStatus::AwaitingPayment).collect();
    let page = DonePage {
        layout: Layout::new(&state, "Commande enregistrée", "Merci pour votre commande.", None)
            .for_visitor(&visitor)
            .await?,
        notices: visitor.take_flash().await?,
        email: first.email.clone(),
        paid: orders.iter().all(|o| o.paid_at.is_some()),
        awaiting: !awaiting.is_empty(),
        link_sent: awaiting.iter().any(|o| o.link_sent_at.is_some()),
        // Offered whenever the payment service can take a payment, even
        // when checkout did not wait for it (pay later, surge).
        pay_url: awaiting.first().map(|o| crate::orders::pay_url(o)),
        payment_resumes: PayNow::of(&state).resumes_at(),
        pay_by: awaiting.iter().filter_map(|o| o.pay_by).min().map(crate::orders::clock_fr).unwrap_or_default(),
        link_within: state.settings.link_within.as_secs() / 60,
        orders: orders
            .iter()
            .map(|o| DoneOrder {
                number: o.number.to_string(),
                shop: o.shop_name.clone(),
                total: o.total().format_fr(),
                status: o.status.label_fr(),
                status_code: o.status.as_str(),
                url: crate::orders::order_url(o),
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}
