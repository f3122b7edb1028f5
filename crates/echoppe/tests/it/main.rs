//! Integration tests: the real application on a free port, over a temporary
//! copy of a small seeded catalogue. Modules follow the URL tree.

#![expect(clippy::unwrap_used, reason = "a panic is how a test reports failure")]

mod accounts;
mod admin;
mod admission;
mod api;
mod api_selling;
mod authorization;
mod browser;
mod checkout;
mod cluster;
mod crowd;
mod engines;
mod favourites;
mod helpers;
mod legal;
mod media;
mod ops;
mod orders;
mod outage;
mod pages;
mod photos_on_s3;
mod process;
mod replicas;
mod search;
mod sell;
mod shield;
mod startup;
mod statistics;
mod surge;
mod take_over;
