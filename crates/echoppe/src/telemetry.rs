//! Log output for the process.

use crate::settings::{LogFormat, Settings};
use std::io::IsTerminal as _;
use tracing_subscriber::EnvFilter;

/// Sends logs to standard error in the chosen format, coloured only on a
/// terminal (a file or a pipe gets plain text, and `NO_COLOR` is honoured).
/// Safe to call more than once (only the first call installs anything).
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|error| {
        eprintln!("echoppe: ignoring the log filter {:?} ({error}); using info", settings.log);
        EnvFilter::new("info")
    });
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colour);
    let installed = match settings.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
    };
    // An error here only means a subscriber is already installed (tests).
    drop(installed);
}
