//! The operators' pages: everyone's account, and suspending a shop; the
//! mailbox ([`mailbox`]), the payments switch ([`payments`]) and the
//! node's mode ([`mode`]).

mod live;
mod mailbox;
mod mode;
mod payments;

use crate::error::{Error, PageError};
use crate::forms::{PageForm, unknown_choice};
use crate::params::Params;
use crate::state::AppState;
use crate::views::{Layout, Pagination, count_label, url_with};
use crate::visitor::{Notice, SignedIn};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use echoppe_domain::{Account, PageNumber, PageSize, ShopId, Timestamp};
use serde::Deserialize;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(people))
        .route("/admin/shops/{id}/standing", post(standing))
        .route("/admin/mail", get(mailbox::list))
        .route("/admin/mail/{id}", get(mailbox::show))
        .route("/admin/payments", get(payments::show).post(payments::switch))
        .route("/admin/mode", get(mode::show).post(mode::pin))
        .route("/admin/live", get(live::show))
}

pub(super) fn require_admin(account: &Account) -> Result<(), Error> {
    if account.is_admin() { Ok(()) } else { Err(Error::Forbidden("cette page est réservée aux administrateurs")) }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct PeopleView {
    layout: Layout,
    csrf: String,
    notices: Vec<Notice>,
    count: String,
    rows: Vec<PersonRow>,
    pagination: Option<Pagination>,
}

struct PersonRow {
    name: String,
    email: String,
    role: &'static str,
    since: String,
    shop: Option<ShopRow>,
}

struct ShopRow {
    id: i64,
    name: String,
    url: String,
    suspended: bool,
}

async fn people(State(state): State<AppState>, signed_in: SignedIn, params: Params) -> Result<Html<String>, PageError> {
    require_admin(&signed_in.account)?;
    let page = params.parse("page", PageNumber::parse)?.unwrap_or(PageNumber::FIRST);
    let size = PageSize::new_clamped(50);
    let total = state.db.count_accounts().await?;
    let last = PageNumber::last_for(total, size);
    if page.get() > last {
        return Err(Error::NotFound.into());
    }
    let people = state.db.accounts(page.offset(size), size.get()).await?;
    let visitor = &signed_in.visitor;
    let view = PeopleView {
        layout: Layout::new(&state, "Administration", "Comptes et boutiques.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        notices: visitor.take_flash().await?,
        count: count_label(total, "compte", "comptes"),
        rows: people
            .into_iter()
            .map(|person| PersonRow {
                name: person.account.display_name,
                email: person.account.email.to_string(),
                role: person.account.role.label_fr(),
                since: person.account.created_at.format_fr(),
                shop: person.shop.map(|shop| ShopRow {
                    id: shop.id.get(),
                    url: format!("/shop/{}", shop.slug),
                    name: shop.name,
                    suspended: shop.suspended,
                }),
            })
            .collect(),
        pagination: Pagination::new(page.get(), last, |n| {
            url_with("/admin", &[("page", (n > 1).then(|| n.to_string()))])
        }),
    };
    Ok(Html(view.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StandingForm {
    csrf: String,
    /// `suspend` or `reinstate`.
    action: String,
}

async fn standing(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    PageForm(form): PageForm<StandingForm>,
) -> Result<Redirect, PageError> {
    require_admin(&signed_in.account)?;
    signed_in.visitor.verify_csrf(&form.csrf).await?;
    let id = ShopId::parse(&id).map_err(|_| Error::NotFound)?;
    let shop = state.db.shop(id).await?.ok_or(Error::NotFound)?;
    let suspend = match form.action.as_str() {
        "suspend" => true,
        "reinstate" => false,
        other => return Err(unknown_choice("action", other, &["suspend", "reinstate"]).into()),
    };
    state.db.set_shop_suspended(shop.id, suspend, Timestamp::now()).await?;
    tracing::warn!(shop = %shop.id, admin = %signed_in.account.id, suspend, "shop standing changed");
    let message = if suspend {
        format!("« {} » est suspendue : ses créations ont quitté la vitrine.", shop.name)
    } else {
        format!("« {} » est rétablie.", shop.name)
    };
    signed_in.visitor.flash_ok(message).await?;
    Ok(Redirect::to("/admin"))
}
