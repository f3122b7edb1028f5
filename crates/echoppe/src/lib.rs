//! The `echoppe` program: settings, the command line, and the application that
//! wires storage, photos and the web layer together.

pub mod application;
pub mod cli;
pub mod commands;
pub mod demo_accounts;
pub mod front_door;
pub mod hand_over;
pub mod mode;
pub mod settings;
pub mod telemetry;
pub mod warm;

pub use application::{Application, StartError, Stores};
pub use settings::{PayLater, Settings};
