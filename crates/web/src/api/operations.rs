//! `/admin/mode`: the node's mode for operators' scripts (`echoppe mode`), the
//! same as the `/admin/mode` page.

use crate::api::caller::Caller;
use crate::error::{ApiError, Error, ErrorBody};
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use echoppe_shield::{DoorSnapshot, Mode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ModeDto {
    /// `normal`, `busy` or `surge`.
    #[schema(example = "surge")]
    mode: &'static str,
    /// What the load alone would choose.
    automatic: &'static str,
    /// Whether an operator holds the mode.
    pinned: bool,
    /// Since when the mode holds (RFC 3339, UTC).
    since: String,
    /// Requests in the handlers now.
    in_flight: usize,
    /// The door's concurrency limit now.
    limit: usize,
    /// Requests waiting for a place.
    waiting: usize,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PinRequest {
    /// `normal`, `busy` or `surge` to hold that mode; `auto` to let the load
    /// choose again.
    #[schema(example = "surge")]
    mode: String,
}

fn view(state: &AppState) -> ModeDto {
    let DoorSnapshot { in_flight, limit, waiting } = state.admission.snapshot();
    ModeDto {
        mode: state.modes.current().as_str(),
        automatic: state.modes.automatic().as_str(),
        pinned: state.modes.pinned().is_some(),
        since: state.modes.since().rfc3339(),
        in_flight,
        limit,
        waiting,
    }
}

fn require_admin(caller: &Caller) -> Result<(), Error> {
    if caller.account.is_admin() { Ok(()) } else { Err(Error::Forbidden("réservé aux administrateurs")) }
}

#[utoipa::path(
    get,
    path = "/admin/mode",
    tag = "operations",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = OK, body = ModeDto),
        (status = UNAUTHORIZED, body = ErrorBody),
        (status = FORBIDDEN, description = "Not an administrator", body = ErrorBody),
    )
)]
pub(crate) async fn mode(State(state): State<AppState>, caller: Caller) -> Result<Json<ModeDto>, ApiError> {
    require_admin(&caller)?;
    Ok(Json(view(&state)))
}

#[utoipa::path(
    put,
    path = "/admin/mode",
    tag = "operations",
    security(("bearer" = []), ("session" = [])),
    request_body = PinRequest,
    responses(
        (status = OK, description = "The mode now", body = ModeDto),
        (status = BAD_REQUEST, description = "Not a mode", body = ErrorBody),
        (status = UNAUTHORIZED, body = ErrorBody),
        (status = FORBIDDEN, description = "Not an administrator", body = ErrorBody),
    )
)]
pub(crate) async fn pin_mode(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<PinRequest>,
) -> Result<Json<ModeDto>, ApiError> {
    require_admin(&caller)?;
    let pinned = Mode::pin_choice(&body.mode).map_err(|_| Error::BadRequest {
        param: "mode",
        message: format!("« {} » n'est pas un mode : normal, busy, surge ou auto", body.mode.trim()),
    })?;
    state.back_office.switches.pin_mode(pinned).await?;
    tracing::warn!(admin = %caller.account.id, mode = pinned.map_or("auto", Mode::as_str), "mode pinned through the API");
    Ok(Json(view(&state)))
}
