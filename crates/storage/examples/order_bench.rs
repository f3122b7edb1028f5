//! Durable orders per second through the order desk, with group commit and
//! with one fsync per order, for BENCHMARKS.md:
//!
//! ```sh
//! cargo run --release -p echoppe-storage --example order_bench -- [CLIENTS] [SECONDS] [SERVER_URL]
//! ```
//!
//! A fresh database with 1,000 listings in stock; CLIENTS tasks place
//! one-line checkouts back to back for SECONDS, each timing from the request
//! to the acknowledgement. Without SERVER_URL, a SQLite file (WAL,
//! `synchronous = FULL`: every commit is on disk before it returns); with
//! `postgres://…/postgres` or `mysql://…/mysql`, a new database on that
//! server (dropped after), at the server's own durability.

#![expect(clippy::print_stdout, reason = "the report is this program's output")]

use echoppe_domain::{
    CategoryId, Currency, Email, ListingId, ListingState, Money, ShippingAddress, ShopId, Slug, Timestamp, UserId,
};
use echoppe_storage::{
    CheckoutOutcome, Database, DatabaseSettings, GroupCommit, ImportBatch, NewCheckout, NewListing, NewShop, NewUser,
    OrderDesk, OrderLine,
};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let clients: usize = args.next().map_or(Ok(64), |a| a.parse())?;
    let seconds: u64 = args.next().map_or(Ok(10), |a| a.parse())?;
    let server = args.next();
    for (label, grouping) in
        [("group commit", GroupCommit::default()), ("one fsync per order", GroupCommit { max_batch: 1 })]
    {
        let dir = tempfile::tempdir_in(".")?;
        let (url, name) = match &server {
            Some(server) => {
                let name = format!("echoppe_order_bench_{}", std::process::id());
                admin(server, &format!("CREATE DATABASE {name}")).await?;
                let (base, _) = server.rsplit_once('/').ok_or("a server URL ends with /database")?;
                (format!("{base}/{name}"), Some(name))
            }
            None => (format!("sqlite://{}", dir.path().join("orders.db").display()), None),
        };
        let db = open(url).await?;
        let desk = OrderDesk::start(db.clone(), grouping);
        let (orders, mut latencies, elapsed) = run(&desk, clients, Duration::from_secs(seconds)).await;
        latencies.sort_unstable();
        let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))];
        println!(
            "{label}: {:.0} durable orders/s ({orders} in {:.1} s, {clients} clients); acknowledged p50 {:.2} ms, p99 {:.2} ms",
            orders as f64 / elapsed.as_secs_f64(),
            elapsed.as_secs_f64(),
            at(0.5).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0,
        );
        assert_eq!(db.count_orders().await?, i64::try_from(orders)?, "every acknowledged order is there");
        db.close().await;
        if let (Some(server), Some(name)) = (&server, name) {
            admin(server, &format!("DROP DATABASE {name}")).await?;
        }
    }
    Ok(())
}

/// One statement on the server's own database.
async fn admin(server: &str, statement: &str) -> Result<(), Box<dyn std::error::Error>> {
    use sqlx::{Connection as _, Executor as _};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(server).await?;
    conn.execute(sqlx::AssertSqlSafe(statement.to_owned())).await?;
    conn.close().await?;
    Ok(())
}

async fn open(url: String) -> Result<Database, Box<dyn std::error::Error>> {
    let settings = DatabaseSettings {
        url,
        read_connections: 2,
        acquire_timeout: Duration::from_secs(30),
        sqlite_mmap_bytes: 0,
        ..Default::default()
    };
    let db = Database::open(&settings).await?;
    db.migrate().await?;
    let now = Timestamp::now();
    let batch = ImportBatch {
        users: vec![NewUser {
            id: UserId::new(1),
            email: "maker@example.test".into(),
            display_name: "Maker".into(),
            role: "seller",
            created_at: now,
        }],
        shops: vec![NewShop {
            id: ShopId::new(1),
            owner: UserId::new(1),
            slug: Slug::parse("atelier")?,
            name: "Atelier".into(),
            description: String::new(),
            location: "Nantes".into(),
            created_at: now,
        }],
        listings: (1..=1_000)
            .map(|id| NewListing {
                id: ListingId::new(id),
                shop: ShopId::new(1),
                category: CategoryId::new(101),
                title: format!("Article {id}"),
                description: String::new(),
                price: Money::euros(2_500).expect("a valid price"),
                quantity: 999_999,
                state: ListingState::Active,
                tags: vec![],
                materials: vec![],
                photos: vec![],
                created_at: now,
                updated_at: now,
            })
            .collect(),
        favourites: vec![],
    };
    db.import(batch).await?;
    Ok(db)
}

async fn run(desk: &OrderDesk, clients: usize, length: Duration) -> (usize, Vec<Duration>, Duration) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let desk = desk.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut n = 0_i64;
                while started.elapsed() < length {
                    n += 1;
                    let listing = i64::try_from(client).unwrap_or(0) * 7 % 1_000 + 1;
                    let checkout = checkout(&format!("{client}-{n}"), listing);
                    let sent = Instant::now();
                    if let Ok(CheckoutOutcome::Placed(_)) = desk.place(checkout).await {
                        latencies.push(sent.elapsed());
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap_or_default());
    }
    (latencies.len(), latencies, started.elapsed())
}

fn checkout(id: &str, listing: i64) -> NewCheckout {
    let now = Timestamp::now();
    NewCheckout {
        checkout_id: id.to_owned(),
        idempotency: None,
        buyer: None,
        email: Email::parse("buyer@example.fr").expect("a valid address"),
        address: ShippingAddress {
            name: "Inès Martin".into(),
            line1: "12 rue des Lilas".into(),
            line2: String::new(),
            postcode: "44000".into(),
            city: "Nantes".into(),
            country: "FR".into(),
        },
        lines: vec![OrderLine {
            listing: ListingId::new(listing),
            quantity: 1,
            unit_price: Money::new(2_500, Currency::EUR).expect("a valid price"),
        }],
        pay_by: Timestamp::from_unix(now.unix() + 3600),
        pay_later: false,
        charging_until: None,
        now,
    }
}
