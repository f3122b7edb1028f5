//! Opening a shop, describing it, its avatar, and going on holiday.

use super::photos::{UploadForm, refusal_message};
use super::{Seller, open_shop, slug_taken};
use crate::error::{Error, PageError};
use crate::forms::{PageForm, PageMultipart};
use crate::state::AppState;
use crate::views::{Layout, PictureView};
use crate::visitor::{Notice, SignedIn, Visitor};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use echoppe_domain::{FieldErrors, PriceField, Shop, ShopDraft, ShopFields};
use echoppe_media::UploadError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sell/shop_form.html")]
struct ShopFormView {
    layout: Layout,
    csrf: String,
    heading: &'static str,
    action: &'static str,
    submit: &'static str,
    editing: bool,
    form: ShopForm,
    errors: FieldErrors,
    notices: Vec<Notice>,
    avatar: Option<PictureView>,
    public_url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ShopForm {
    csrf: String,
    name: String,
    slug: String,
    description: String,
    location: String,
    /// Shipping price, typed in euros.
    shipping: String,
}

impl ShopForm {
    /// The form filled in with the shop as it is.
    fn of(shop: &Shop) -> Self {
        Self {
            csrf: String::new(),
            name: shop.name.clone(),
            slug: shop.slug.to_string(),
            description: shop.description.clone(),
            location: shop.location.clone(),
            shipping: shop.shipping.format_field_fr(),
        }
    }

    fn fields(&self) -> ShopFields<'_> {
        ShopFields {
            name: &self.name,
            slug: &self.slug,
            description: &self.description,
            location: &self.location,
            shipping: Some(PriceField::Typed(&self.shipping)),
        }
    }
}

struct FormPage<'a> {
    editing: bool,
    form: ShopForm,
    errors: FieldErrors,
    notices: Vec<Notice>,
    status: StatusCode,
    shop: Option<&'a Shop>,
}

async fn render(state: &AppState, visitor: &Visitor, page: FormPage<'_>) -> Result<Response, Error> {
    let (heading, action, submit) = if page.editing {
        ("Ma boutique", "/sell/shop", "Enregistrer")
    } else {
        ("Ouvrir ma boutique", "/sell/shop/new", "Ouvrir ma boutique")
    };
    let view = ShopFormView {
        layout: Layout::new(state, heading, "Présentez votre boutique.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        heading,
        action,
        submit,
        editing: page.editing,
        form: page.form,
        errors: page.errors,
        notices: page.notices,
        avatar: page.shop.and_then(|s| s.avatar.as_ref()).map(|a| PictureView::new(a, "Avatar actuel", 170, "76px")),
        public_url: page.shop.map(Shop::url).unwrap_or_default(),
    };
    Ok((page.status, Html(view.render()?)).into_response())
}

pub(crate) async fn open_form(State(state): State<AppState>, signed_in: SignedIn) -> Result<Response, PageError> {
    if state.db.shop_of(signed_in.account.id).await?.is_some() {
        return Ok(Redirect::to("/sell").into_response());
    }
    let page = FormPage {
        editing: false,
        form: ShopForm { shipping: "4,90".to_owned(), ..ShopForm::default() },
        errors: FieldErrors::new(),
        notices: Vec::new(),
        status: StatusCode::OK,
        shop: None,
    };
    Ok(render(&state, &signed_in.visitor, page).await?)
}

pub(crate) async fn open(
    State(state): State<AppState>,
    signed_in: SignedIn,
    PageForm(form): PageForm<ShopForm>,
) -> Result<Response, PageError> {
    let visitor = &signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let shop = match ShopDraft::parse(&form.fields()) {
        Ok(shop) => shop,
        Err(errors) => return Ok(invalid(&state, visitor, false, form, errors, None).await?),
    };
    let derived = form.slug.trim().is_empty();
    match open_shop(&state, &signed_in.account, shop, derived).await {
        Ok(id) => {
            tracing::info!(shop = %id, owner = %signed_in.account.id, "shop opened");
            visitor.flash_ok("Votre boutique est ouverte. Ajoutez votre première création !").await?;
            Ok(Redirect::to("/sell").into_response())
        }
        Err(echoppe_storage::Error::Conflict { field: "owner" }) => Ok(Redirect::to("/sell").into_response()),
        Err(echoppe_storage::Error::Conflict { .. }) => {
            Ok(invalid(&state, visitor, false, form, slug_taken(), None).await?)
        }
        Err(other) => Err(Error::from(other).into()),
    }
}

async fn invalid(
    state: &AppState,
    visitor: &Visitor,
    editing: bool,
    form: ShopForm,
    errors: FieldErrors,
    shop: Option<&Shop>,
) -> Result<Response, Error> {
    let page = FormPage { editing, form, errors, notices: Vec::new(), status: StatusCode::UNPROCESSABLE_ENTITY, shop };
    render(state, visitor, page).await
}

pub(crate) async fn edit_form(State(state): State<AppState>, seller: Seller) -> Result<Response, PageError> {
    let shop = &seller.shop;
    let form = ShopForm::of(shop);
    let notices = seller.signed_in.visitor.take_flash().await?;
    let page =
        FormPage { editing: true, form, errors: FieldErrors::new(), notices, status: StatusCode::OK, shop: Some(shop) };
    Ok(render(&state, &seller.signed_in.visitor, page).await?)
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    seller: Seller,
    PageForm(form): PageForm<ShopForm>,
) -> Result<Response, PageError> {
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let draft = match ShopDraft::parse(&form.fields()) {
        Ok(draft) => draft,
        Err(errors) => return Ok(invalid(&state, visitor, true, form, errors, Some(&seller.shop)).await?),
    };
    match state.db.update_shop(seller.shop.id, &draft).await {
        Ok(()) => {
            visitor.flash_ok("Les informations de la boutique sont enregistrées.").await?;
            Ok(Redirect::to("/sell/shop").into_response())
        }
        Err(echoppe_storage::Error::Conflict { .. }) => {
            Ok(invalid(&state, visitor, true, form, slug_taken(), Some(&seller.shop)).await?)
        }
        Err(other) => Err(Error::from(other).into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct HolidayForm {
    csrf: String,
    /// `on` to leave, anything else to come back.
    on_holiday: String,
}

pub(crate) async fn holiday(
    State(state): State<AppState>,
    seller: Seller,
    PageForm(form): PageForm<HolidayForm>,
) -> Result<Redirect, PageError> {
    let signed_in = &seller.signed_in;
    signed_in.visitor.verify_csrf(&form.csrf).await?;
    let away = form.on_holiday == "on";
    state.db.set_shop_holiday(seller.shop.id, away).await?;
    let message = if away {
        "Bonnes vacances ! Vos créations restent visibles sur votre boutique mais quittent les listes et la recherche."
    } else {
        "Bon retour ! Vos créations sont de nouveau dans les listes et la recherche."
    };
    signed_in.visitor.flash_ok(message).await?;
    Ok(Redirect::to("/sell"))
}

pub(crate) async fn avatar(
    State(state): State<AppState>,
    seller: Seller,
    multipart: PageMultipart,
) -> Result<Response, PageError> {
    let visitor = &seller.signed_in.visitor;
    let _slot = state.upload_slot().await?;
    let mut form = UploadForm::new(multipart, state.settings.uploads.max_bytes);
    let file = form.next_file(visitor).await?;
    // Read to the end: the remove button may come after an empty file input.
    while form.next_file(visitor).await?.is_some() {}
    if form.remove_avatar {
        state.db.set_shop_avatar(seller.shop.id, None).await?;
        visitor.flash_ok("L'avatar est retiré.").await?;
        return Ok(Redirect::to("/sell/shop").into_response());
    }
    let Some(file) = file else {
        visitor.flash("Choisissez une image avant d'envoyer.").await?;
        return Ok(Redirect::to("/sell/shop").into_response());
    };
    let outcome = match file.bytes {
        Ok(bytes) => state.photos.accept_upload(bytes, &state.settings.uploads).await,
        Err(refusal) => Err(UploadError::Refused(refusal)),
    };
    match outcome {
        Ok(photo) => {
            state.db.set_shop_avatar(seller.shop.id, Some(&photo)).await?;
            visitor.flash_ok("Le nouvel avatar est en place.").await?;
        }
        Err(UploadError::Refused(refusal)) => visitor.flash(refusal_message(&file.name, &refusal)).await?,
        Err(UploadError::Media(error)) => return Err(Error::from(error).into()),
    }
    Ok(Redirect::to("/sell/shop").into_response())
}
