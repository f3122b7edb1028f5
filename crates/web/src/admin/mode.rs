//! `/admin/mode`: the node's mode (normal, busy, surge), what the load alone
//! would choose, and the operator's pin — to go into surge before the
//! broadcast rather than two seconds into it, or to hold normal while
//! investigating. With `--redis-url` a pin reaches every node of the
//! cluster within a second (`switches.rs`); without, it holds the node that
//! took it (pin each, or start them with `--mode`). `echoppe mode set` does
//! the same through the API.

use super::require_admin;
use crate::error::PageError;
use crate::forms::{PageForm, unknown_choice};
use crate::state::AppState;
use crate::views::Layout;
use crate::visitor::{Notice, SignedIn};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, Redirect};
use echoppe_shield::Mode;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/mode.html")]
struct ModePage {
    layout: Layout,
    csrf: String,
    notices: Vec<Notice>,
    current: &'static str,
    automatic: &'static str,
    pinned: Option<&'static str>,
    since: String,
    in_flight: usize,
    limit: usize,
    waiting: usize,
}

/// The French name of a mode, as the page shows it.
pub(super) fn label(mode: Mode) -> &'static str {
    match mode {
        Mode::Normal => "normal",
        Mode::Busy => "chargé",
        Mode::Surge => "affluence",
    }
}

pub(super) async fn show(State(state): State<AppState>, signed_in: SignedIn) -> Result<Html<String>, PageError> {
    require_admin(&signed_in.account)?;
    let visitor = &signed_in.visitor;
    let door = state.admission.snapshot();
    let page = ModePage {
        layout: Layout::new(&state, "Mode", "Le mode de la plateforme.", None).for_visitor(visitor).await?,
        csrf: visitor.csrf_token().await?,
        notices: visitor.take_flash().await?,
        current: label(state.modes.current()),
        automatic: label(state.modes.automatic()),
        pinned: state.modes.pinned().map(label),
        since: state.modes.since().format_fr_time(),
        in_flight: door.in_flight,
        limit: door.limit,
        waiting: door.waiting,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PinForm {
    csrf: String,
    /// `normal`, `busy`, `surge`, or `auto`.
    mode: String,
}

pub(super) async fn pin(
    State(state): State<AppState>,
    signed_in: SignedIn,
    PageForm(form): PageForm<PinForm>,
) -> Result<Redirect, PageError> {
    require_admin(&signed_in.account)?;
    let visitor = &signed_in.visitor;
    visitor.verify_csrf(&form.csrf).await?;
    let pinned = Mode::pin_choice(&form.mode)
        .map_err(|_| unknown_choice("mode", &form.mode, &["normal", "busy", "surge", "auto"]))?;
    state.back_office.switches.pin_mode(pinned).await?;
    tracing::warn!(admin = %signed_in.account.id, mode = pinned.map_or("auto", Mode::as_str), "mode pinned from the admin page");
    visitor
        .flash_ok(match pinned {
            None => "Le mode suit de nouveau la charge.".to_owned(),
            Some(mode) => format!("Mode « {} » maintenu jusqu'à nouvel ordre.", label(mode)),
        })
        .await?;
    Ok(Redirect::to("/admin/mode"))
}
