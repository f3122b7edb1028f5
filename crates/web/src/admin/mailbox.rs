//! `/admin/mail`: the mail echoppe wrote to its local mailbox, for operators
//! of a node without an SMTP server (the demo, tests, a rehearsal).

use super::require_admin;
use crate::error::{Error, PageError};
use crate::state::AppState;
use crate::views::Layout;
use crate::visitor::SignedIn;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use echoppe_backoffice::mail::{read_mailbox, read_message};
use echoppe_domain::Timestamp;
use std::time::SystemTime;

struct MailRow {
    id: String,
    to: String,
    subject: String,
    written: String,
}

#[derive(Template)]
#[template(path = "admin/mail.html")]
struct MailboxPage {
    layout: Layout,
    /// Where mail goes when it is not kept here.
    smtp: bool,
    count: usize,
    rows: Vec<MailRow>,
}

fn written(at: SystemTime) -> String {
    let seconds = at.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Timestamp::from_unix(i64::try_from(seconds).unwrap_or(0)).format_fr_time()
}

pub(super) async fn list(State(state): State<AppState>, signed_in: SignedIn) -> Result<Html<String>, PageError> {
    require_admin(&signed_in.account)?;
    let (rows, count) = match state.back_office.order_mail.mailbox() {
        Some(dir) => read_mailbox(dir).await.map_err(|_| Error::Internal("the mailbox could not be read"))?,
        None => (Vec::new(), 0),
    };
    let page = MailboxPage {
        layout: Layout::new(&state, "Courrier envoyé", "Les e-mails écrits dans la boîte locale.", None)
            .for_visitor(&signed_in.visitor)
            .await?,
        smtp: state.back_office.order_mail.mailbox().is_none(),
        count,
        rows: rows
            .into_iter()
            .map(|entry| MailRow {
                written: written(entry.written),
                id: entry.id,
                to: entry.to,
                subject: entry.subject,
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "admin/mail_message.html")]
struct MessagePage {
    layout: Layout,
    from: String,
    to: String,
    subject: String,
    written: String,
    body: String,
}

pub(super) async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    require_admin(&signed_in.account)?;
    let dir = state.back_office.order_mail.mailbox().ok_or(Error::NotFound)?;
    let message = read_message(dir, &id)
        .await
        .map_err(|_| Error::Internal("the mailbox could not be read"))?
        .ok_or(Error::NotFound)?;
    let page = MessagePage {
        layout: Layout::new(&state, &message.entry.subject, "Un e-mail envoyé.", None)
            .for_visitor(&signed_in.visitor)
            .await?,
        from: message.from,
        to: message.entry.to,
        subject: message.entry.subject,
        written: written(message.entry.written),
        body: message.body,
    };
    Ok(Html(page.render()?))
}
