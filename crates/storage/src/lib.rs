//! echoppe's database layer.
//!
//! One [`Database`] handle, whose engine is chosen from the URL at run time
//! (SQLite by default; PostgreSQL and MySQL/MariaDB follow with the scale-out
//! work through the same code, see [`Backend`]). Reads and writes use separate
//! pools. Queries are grouped by topic: the catalogue read side, bulk import.

mod backend;
mod catalogue;
mod cursor;
mod database;
mod error;
mod import;

pub use backend::Backend;
pub use catalogue::{ListingFilter, ListingPage, Window};
pub use cursor::Cursor;
pub use database::{Database, DatabaseSettings, PoolStats};
pub use error::Error;
pub use import::{ImportBatch, NewFavourite, NewListing, NewShop, NewUser};
