//! Opening a shop, describing it, its avatar, and going on holiday.

use super::photos::{UploadedFiles, refusal_message};
use super::{Seller, own_shop};
use crate::accounts::{SignedIn, Visitor};
use crate::error::{Error, PageError};
use crate::forms::PageForm;
use crate::pages::views::{Layout, PictureView};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use echoppe_domain::{FieldErrors, Invalid, ShopDraft, ShopFields, Timestamp};
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
    notices: Vec<String>,
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
}

impl ShopForm {
    fn fields(&self) -> ShopFields<'_> {
        ShopFields { name: &self.name, slug: &self.slug, description: &self.description, location: &self.location }
    }
}

struct FormPage<'a> {
    editing: bool,
    form: ShopForm,
    errors: FieldErrors,
    notices: Vec<String>,
    status: StatusCode,
    shop: Option<&'a echoppe_domain::Shop>,
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
        public_url: page.shop.map(echoppe_domain::Shop::url).unwrap_or_default(),
    };
    Ok((page.status, Html(view.render()?)).into_response())
}

pub(crate) async fn open_form(State(state): State<AppState>, signed_in: SignedIn) -> Result<Response, PageError> {
    if state.db.shop_of(signed_in.account.id).await?.is_some() {
        return Ok(Redirect::to("/sell").into_response());
    }
    let page = FormPage {
        editing: false,
        form: ShopForm::default(),
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
    match state.db.open_shop(signed_in.account.id, &shop, Timestamp::now()).await {
        Ok(id) => {
            tracing::info!(shop = %id, owner = %signed_in.account.id, "shop opened");
            visitor.flash("Votre boutique est ouverte. Ajoutez votre première création !").await?;
            Ok(Redirect::to("/sell").into_response())
        }
        Err(echoppe_storage::Error::Conflict { field: "owner" }) => Ok(Redirect::to("/sell").into_response()),
        Err(echoppe_storage::Error::Conflict { .. }) => {
            Ok(invalid(&state, visitor, false, form, slug_taken(), None).await?)
        }
        Err(other) => Err(Error::from(other).into()),
    }
}

fn slug_taken() -> FieldErrors {
    FieldErrors::single("slug", Invalid::new("cette adresse de boutique est déjà prise : choisissez-en une autre"))
}

async fn invalid(
    state: &AppState,
    visitor: &Visitor,
    editing: bool,
    form: ShopForm,
    errors: FieldErrors,
    shop: Option<&echoppe_domain::Shop>,
) -> Result<Response, Error> {
    let page = FormPage { editing, form, errors, notices: Vec::new(), status: StatusCode::UNPROCESSABLE_ENTITY, shop };
    render(state, visitor, page).await
}

pub(crate) async fn edit_form(State(state): State<AppState>, signed_in: SignedIn) -> Result<Response, PageError> {
    let seller = Seller::of(&state, signed_in).await?;
    let shop = &seller.shop;
    let form = ShopForm {
        csrf: String::new(),
        name: shop.name.clone(),
        slug: shop.slug.to_string(),
        description: shop.description.clone(),
        location: shop.location.clone(),
    };
    let notices = seller.signed_in.visitor.take_flash().await?;
    let page =
        FormPage { editing: true, form, errors: FieldErrors::new(), notices, status: StatusCode::OK, shop: Some(shop) };
    Ok(render(&state, &seller.signed_in.visitor, page).await?)
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    PageForm(form): PageForm<ShopForm>,
) -> Result<Response, PageError> {
    let seller = Seller::of(&state, signed_in).await?;
    let visitor = &seller.signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let draft = match ShopDraft::parse(&form.fields()) {
        Ok(draft) => draft,
        Err(errors) => return Ok(invalid(&state, visitor, true, form, errors, Some(&seller.shop)).await?),
    };
    match state.db.update_shop(seller.shop.id, &draft).await {
        Ok(()) => {
            visitor.flash("Les informations de la boutique sont enregistrées.").await?;
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
    signed_in: SignedIn,
    PageForm(form): PageForm<HolidayForm>,
) -> Result<Redirect, PageError> {
    signed_in.visitor.verify_csrf(&form.csrf).await?;
    let shop = own_shop(&state, &signed_in.account).await?;
    let away = form.on_holiday == "on";
    state.db.set_shop_holiday(shop.id, away).await?;
    let message = if away {
        "Bonnes vacances ! Vos créations restent visibles sur votre boutique mais quittent les listes et la recherche."
    } else {
        "Bon retour ! Vos créations sont de nouveau dans les listes et la recherche."
    };
    signed_in.visitor.flash(message).await?;
    Ok(Redirect::to("/sell"))
}

pub(crate) async fn avatar(
    State(state): State<AppState>,
    signed_in: SignedIn,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let seller = Seller::of(&state, signed_in).await?;
    let visitor = &seller.signed_in.visitor;
    let upload = UploadedFiles::read(multipart, visitor, state.settings.uploads.max_bytes, 1).await?;
    if upload.remove_avatar {
        state.db.set_shop_avatar(seller.shop.id, None).await?;
        visitor.flash("L'avatar est retiré.").await?;
        return Ok(Redirect::to("/sell/shop").into_response());
    }
    let Some(file) = upload.files.into_iter().next() else {
        visitor.flash("Choisissez une image avant d'envoyer.").await?;
        return Ok(Redirect::to("/sell/shop").into_response());
    };
    let refused = match file.bytes {
        Ok(bytes) => match state.photos.accept_upload(bytes, &state.settings.uploads).await {
            Ok(photo) => {
                state.db.set_shop_avatar(seller.shop.id, Some(&photo)).await?;
                visitor.flash("Le nouvel avatar est en place.").await?;
                return Ok(Redirect::to("/sell/shop").into_response());
            }
            Err(UploadError::Refused(refusal)) => refusal,
            Err(UploadError::Media(error)) => return Err(Error::from(error).into()),
        },
        Err(refusal) => refusal,
    };
    let form = ShopForm {
        csrf: String::new(),
        name: seller.shop.name.clone(),
        slug: seller.shop.slug.to_string(),
        description: seller.shop.description.clone(),
        location: seller.shop.location.clone(),
    };
    let page = FormPage {
        editing: true,
        form,
        errors: FieldErrors::new(),
        notices: vec![refusal_message(&file.name, &refused)],
        status: StatusCode::UNPROCESSABLE_ENTITY,
        shop: Some(&seller.shop),
    };
    Ok(render(&state, visitor, page).await?)
}
