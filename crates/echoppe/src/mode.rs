//! `echoppe mode`: reads or pins a running node's mode through its API,
//! as an administrator (a personal token, from `POST /api/v1/tokens`).

use anyhow::{Context as _, bail};
use serde::Deserialize;
use std::io::Write as _;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct ModeArgs {
    /// `show` when none is given: `echoppe mode` reads the mode.
    #[command(subcommand)]
    pub action: Option<ModeAction>,
    /// The running echoppe node
    #[arg(long, global = true, default_value = "http://127.0.0.1:8080")]
    pub target: String,
    /// An administrator's API token (`POST /api/v1/tokens` with their e-mail and password)
    #[arg(long, global = true, env = "ECHOPPE_TOKEN", hide_env_values = true, default_value = "")]
    pub token: String,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ModeAction {
    /// Show the node's mode and its door
    Show,
    /// Hold a mode (`normal`, `busy`, `surge`), or `auto` to let the load choose again
    Set {
        #[arg(value_parser = ["normal", "busy", "surge", "auto"])]
        mode: String,
    },
}

#[derive(Debug, Deserialize)]
struct ModeView {
    mode: String,
    automatic: String,
    pinned: bool,
    since: String,
    in_flight: usize,
    limit: usize,
    waiting: usize,
}

/// Runs `echoppe mode show|set`.
pub async fn run(args: ModeArgs) -> anyhow::Result<()> {
    if args.token.trim().is_empty() {
        bail!(
            "an administrator's token is needed: --token or ECHOPPE_TOKEN (get one with POST /api/v1/tokens and \
             the administrator's e-mail and password)"
        );
    }
    let url = format!("{}/api/v1/admin/mode", args.target.trim_end_matches('/'));
    let client =
        reqwest::Client::builder().timeout(Duration::from_secs(10)).build().context("building the HTTP client")?;
    let request = match args.action.as_ref().unwrap_or(&ModeAction::Show) {
        ModeAction::Show => client.get(&url),
        ModeAction::Set { mode } => client.put(&url).json(&serde_json::json!({ "mode": mode })),
    };
    let response = request
        .bearer_auth(args.token.trim())
        .send()
        .await
        .with_context(|| format!("cannot reach {url}: is echoppe running there?"))?;
    let status = response.status();
    let body = response.bytes().await.with_context(|| format!("reading {url}"))?;
    match status.as_u16() {
        200 => {}
        401 => bail!("{url} refused the token (401): is it an administrator's, and still valid?"),
        403 => bail!("{url}: this token's account is not an administrator (403)"),
        404 => bail!("{url} answered 404: is this an echoppe server (of this version)?"),
        _ => bail!("{url} answered {status}: {}", String::from_utf8_lossy(&body).trim()),
    }
    let view: ModeView = serde_json::from_slice(&body)
        .with_context(|| format!("{url} did not answer as echoppe's API does: is this an echoppe server?"))?;
    let held = if view.pinned {
        format!("held by an operator; the load alone would choose {}", view.automatic)
    } else {
        "chosen from the load".to_owned()
    };
    writeln!(
        std::io::stdout().lock(),
        "{}: {} since {} ({held})\nrequests in the handlers: {} of a limit of {}, {} waiting",
        args.target,
        view.mode,
        view.since,
        view.in_flight,
        view.limit,
        view.waiting
    )
    .context("writing to standard output")?;
    Ok(())
}
