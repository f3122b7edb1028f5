//! Uncached search latency and throughput on a real catalogue, for
//! BENCHMARKS.md (run by `bench/search.sh`):
//!
//! ```sh
//! cargo run --release -p echoppe-search --example search_bench -- DATA_DIR [QUERIES_FILE]
//! ```
//!
//! Draws 1,000 realistic searches from the catalogue itself (words of titles,
//! some with a typo, some with a category, price filter or price sort), runs
//! them one at a time for latency, then from one thread per core for
//! throughput. Writes the searches as `/search?...` paths to QUERIES_FILE for
//! the HTTP benchmark.

#![expect(clippy::print_stdout, reason = "the report is this program's output")]

use echoppe_domain::CategoryId;
use echoppe_search::{SearchIndex, SearchQuery, SearchSort};
use echoppe_storage::{Database, DatabaseSettings};
use std::sync::Arc;
use std::time::{Duration, Instant};

const QUERIES: usize = 1_000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = std::path::PathBuf::from(args.next().ok_or("usage: search_bench DATA_DIR [QUERIES_FILE]")?);
    let queries_file = args.next();
    let settings = DatabaseSettings {
        url: format!("sqlite://{}", data.join("echoppe.db").display()),
        read_connections: 2,
        acquire_timeout: Duration::from_secs(30),
        sqlite_mmap_bytes: 0,
        ..Default::default()
    };
    let db = Database::open(&settings).await?;
    let taxonomy = Arc::new(db.taxonomy().await?);
    let index = SearchIndex::open_or_build(&data.join("search"), &db, taxonomy.clone()).await?;
    let queries = realistic_queries(&db, &taxonomy).await?;
    if let Some(file) = queries_file {
        let paths: Vec<String> = queries.iter().map(|q| path_of(q, &taxonomy)).collect();
        std::fs::write(&file, paths.join("\n") + "\n")?;
    }

    // Warm the page cache and the index's own caches once.
    for query in &queries {
        index.search(query.clone()).await?;
    }
    let mut latencies = Vec::with_capacity(QUERIES);
    let mut matched = 0_u64;
    for query in &queries {
        let started = Instant::now();
        let results = index.search(query.clone()).await?;
        latencies.push(started.elapsed());
        matched += u64::from(results.total > 0);
    }
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "one at a time: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {matched}/{QUERIES} with results",
        ms(at(0.50)),
        ms(at(0.90)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );

    let workers = std::thread::available_parallelism().map_or(2, usize::from) * 2;
    let queries = Arc::new(queries);
    let started = Instant::now();
    let rounds = 3;
    let mut tasks = Vec::new();
    for worker in 0..workers {
        let (index, queries) = (index.clone(), queries.clone());
        tasks.push(tokio::spawn(async move {
            for round in 0..rounds {
                for (i, query) in queries.iter().enumerate() {
                    if (i + round) % workers == worker {
                        index.search(query.clone()).await?;
                    }
                }
            }
            Ok::<_, echoppe_search::SearchError>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let total = rounds * QUERIES;
    println!(
        "{workers} at once: {:.0} searches/s ({total} searches in {:.2} s)",
        total as f64 / started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Searches a buyer would type, drawn from the catalogue with a fixed seed.
async fn realistic_queries(
    db: &Database,
    taxonomy: &echoppe_domain::Taxonomy,
) -> Result<Vec<SearchQuery>, Box<dyn std::error::Error>> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n.max(1)
    };
    let sample = db.search_documents(0, 20_000).await?;
    let categories: Vec<CategoryId> = taxonomy.all().iter().map(|c| c.id).collect();
    let mut queries = Vec::with_capacity(QUERIES);
    while queries.len() < QUERIES {
        let doc = &sample[usize::try_from(next(sample.len() as u64)).unwrap_or(0)];
        let words: Vec<&str> = doc.title.split_whitespace().filter(|w| w.chars().count() >= 4).collect();
        if words.is_empty() {
            continue;
        }
        let first = words[usize::try_from(next(words.len() as u64)).unwrap_or(0)];
        let mut text = first.to_lowercase();
        if next(3) == 0 && words.len() > 1 {
            text = format!("{text} {}", words[usize::try_from(next(words.len() as u64)).unwrap_or(0)].to_lowercase());
        }
        if next(10) == 0 && text.chars().count() >= 6 {
            // A typo: two letters swapped.
            let mut chars: Vec<char> = text.chars().collect();
            chars.swap(2, 3);
            text = chars.into_iter().collect();
        }
        let mut query = SearchQuery { limit: 24, ..SearchQuery::default() };
        query.set_text(&text);
        if next(5) == 0 {
            query.category = Some(categories[usize::try_from(next(categories.len() as u64)).unwrap_or(0)]);
        }
        if next(10) == 0 {
            query.max_price_cents = Some(5_000);
        }
        if next(10) == 0 {
            query.sort = SearchSort::PriceAsc;
        }
        queries.push(query);
    }
    Ok(queries)
}

fn path_of(query: &SearchQuery, taxonomy: &echoppe_domain::Taxonomy) -> String {
    let q: String = form_urlencoded::byte_serialize(query.text.as_bytes()).collect();
    let mut path = format!("/search?q={q}");
    if let Some(category) = query.category.and_then(|c| taxonomy.get(c)) {
        path.push_str(&format!("&category={}", category.slug));
    }
    if query.max_price_cents.is_some() {
        path.push_str("&max_price=50");
    }
    if query.sort == SearchSort::PriceAsc {
        path.push_str("&sort=price_asc");
    }
    path
}
