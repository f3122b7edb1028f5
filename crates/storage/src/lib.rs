//! echoppe's database layer.
//!
//! One [`Database`] handle, whose engine is chosen from the URL at run time
//! (SQLite by default; PostgreSQL and MySQL/MariaDB follow with the scale-out
//! work through the same code, see [`Backend`]). Reads and writes use separate
//! pools. Queries are grouped by topic: the catalogue read side, accounts and
//! sessions, the seller's writes, favourites, carts, orders (placing, reading, fulfilling), bulk import, and what search reads
//! (documents and the change feed).

mod accounts;
mod backend;
mod carts;
mod catalogue;
mod copy;
mod cursor;
mod database;
mod error;
mod favourites;
mod fulfilment;
mod import;
mod leases;
mod order_book;
mod orders;
mod replicas;
mod search_feed;
mod selling;
mod statistics;

pub use accounts::{AccountSummary, NewAccount, ShopStanding, StoredSession};
pub use backend::{Backend, redact as redact_url};
pub use carts::{CartLine, cart_of_user};
pub use catalogue::{ListingFilter, ListingPage, Window};
pub use copy::{TABLES, TableCopy};
pub use cursor::Cursor;
pub use database::{Database, DatabaseSettings, PoolStats};
pub use error::Error;
pub use fulfilment::{Claim, PaymentClaim, StatusChange};
pub use import::{ImportBatch, NewFavourite, NewListing, NewShop, NewUser};
pub use order_book::{OrderEvent, OrderRecord, OrderRow, SoldItem};
pub use orders::{
    CheckoutOutcome, CheckoutRefusal, GroupCommit, NewCheckout, OrderDesk, OrderLine, PlacedOrder, Settlement,
};
pub use replicas::{ReplicaState, reading_own_writes};
pub use search_feed::{FeedPosition, SearchDocument};
pub use selling::{MAX_LISTING_PHOTOS, PhotoAppend};
pub use statistics::{
    DayFigures, ListingFigures, ListingHour, ShopHour, ShopTermDay, StatsFlush, Tally, TermDay, TermFigures,
    visitor_sketch, visitors_of_both,
};
