//! The server's load benchmark (not a test): starts the server on loopback over a fresh data
//! folder, has a few senders post bursts of batches (a visit's events each, spread over 30
//! days) for a bounded time, then prints events written per second, request latency,
//! database size per 10,000 events and what a busy gallery's month comes to.
//!
//!   target/server/server-load [--seconds 20] [--senders 4] [--burst 20] [--pause-ms 20]
//!                             [--events 30] [--data DIR] [--keep]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use supply_routes_server::client::Connection;
use supply_routes_server::config::Config;
use supply_routes_server::languages;

const DAY_MS: i64 = 86_400_000;
const START: i64 = 1_767_225_600_000; // 2026-01-01 00:00 UTC
const ROUTES: [&str; 6] = [
    "burma-road",
    "northwest-highway",
    "haiphong-rail",
    "sea-route",
    "air-bridge",
    "turksib",
];

/// xorshift64*: reproducible, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One visit of `n` events, as the page would batch them: start, opens, a language switch,
/// a QR code, "Still there?", end.
fn visit(rng: &mut Rng, visit: i64, n: usize) -> Vec<Value> {
    let begin = START + rng.below(30) as i64 * DAY_MS + (9 * 3600 + rng.below(9 * 3600) as i64) * 1000;
    let mut t = begin;
    let mut step = |rng: &mut Rng| {
        t += 1000 + rng.below(20_000) as i64;
        t
    };
    let mut events = vec![
        json!({ "type": "attract-interrupted", "t": begin, "ms": rng.below(120_000) }),
        json!({ "type": "visit-start", "t": begin, "visit": visit }),
    ];
    while events.len() < n.saturating_sub(2) {
        let e = match rng.below(10) {
            0 => {
                json!({ "type": "language", "t": step(rng), "visit": visit, "to": languages::codes()[rng.below(languages::codes().len() as u64) as usize] })
            }
            1 => json!({ "type": "qr", "t": step(rng), "visit": visit, "id": ROUTES[rng.below(6) as usize] }),
            2 | 3 => {
                json!({ "type": "open", "t": step(rng), "visit": visit, "what": "event", "id": format!("event-{}", rng.below(40)), "ms": rng.below(60_000) })
            }
            4 => {
                json!({ "type": "open", "t": step(rng), "visit": visit, "what": "chapter", "id": format!("chapter-{}", rng.below(8)), "ms": rng.below(60_000) })
            }
            _ => {
                json!({ "type": "open", "t": step(rng), "visit": visit, "what": "route", "id": ROUTES[rng.below(6) as usize], "ms": rng.below(90_000) })
            }
        };
        events.push(e);
    }
    let end = step(rng);
    events.push(json!({ "type": "still-there", "t": end, "visit": visit, "answered": false }));
    events.push(json!({ "type": "visit-end", "t": end, "visit": visit, "ms": end - begin }));
    events.truncate(n.max(2));
    events
}

struct Args {
    seconds: f64,
    senders: usize,
    burst: usize,
    pause: Duration,
    events: usize,
    data: Option<PathBuf>,
    keep: bool,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        seconds: 20.0,
        senders: 4,
        burst: 20,
        pause: Duration::from_millis(20),
        events: 30,
        data: None,
        keep: false,
    };
    let list: Vec<String> = std::env::args().skip(1).collect();
    let mut it = list.iter();
    while let Some(flag) = it.next() {
        if flag == "--keep" {
            a.keep = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = || {
            value
                .parse::<f64>()
                .map_err(|_| format!("{flag}: {value:?} is not a number"))
        };
        match flag.as_str() {
            "--seconds" => a.seconds = num()?.clamp(1.0, 600.0),
            "--senders" => a.senders = num()?.clamp(1.0, 64.0) as usize,
            "--burst" => a.burst = num()?.clamp(1.0, 10_000.0) as usize,
            "--pause-ms" => a.pause = Duration::from_millis(num()?.clamp(0.0, 10_000.0) as u64),
            "--events" => a.events = num()?.clamp(2.0, 1000.0) as usize,
            "--data" => a.data = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    Ok(a)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() -> Result<(), String> {
    let a = args()?;
    let data = a
        .data
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("supply-routes-load-{}", std::process::id())));
    if data.join(supply_routes_server::db::FILE).exists() {
        return Err(format!(
            "{} already has a database; the benchmark wants an empty folder",
            data.display()
        ));
    }
    let root = std::env::temp_dir().join(format!("supply-routes-load-www-{}", std::process::id()));
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    let cfg = Config {
        host: "127.0.0.1".into(),
        port: 0,
        root: root.clone(),
        data: data.clone(),
        token: None,
        trust_loopback: true,
        health_interval: Duration::from_secs(60),
        preview: None,
        preview_client: "preview".into(),
    };

    // The server, in this process, on its own runtime thread (two workers, as on the kiosk PC).
    let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(supply_routes_server::run(
            cfg,
            move |addr| {
                let _ = addr_tx.send(addr);
            },
            async {
                let _ = stop_rx.await;
            },
        ))
    });
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(10))
        .map_err(|_| "the server did not start".to_string())?;

    println!(
        "server-load: {} senders, bursts of {} batches of {} events, {} ms pauses, {} s, on {addr}",
        a.senders,
        a.burst,
        a.events,
        a.pause.as_millis(),
        a.seconds
    );
    let deadline = Instant::now() + Duration::from_secs_f64(a.seconds);
    let started = Instant::now();
    let senders: Vec<_> = (0..a.senders)
        .map(|s| {
            let (burst, pause, n) = (a.burst, a.pause, a.events);
            std::thread::spawn(move || -> Result<(Vec<f64>, usize), String> {
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (s as u64 + 1));
                let mut c = Connection::open(addr).map_err(|e| e.to_string())?;
                let (mut latencies, mut events) = (Vec::new(), 0);
                let mut k = 0u64;
                while Instant::now() < deadline {
                    for _ in 0..burst {
                        k += 1;
                        let batch = visit(&mut rng, (s as i64) << 32 | k as i64, n);
                        let sent = batch.len();
                        let body = json!({ "v": 1, "batch": format!("load-{s}-{k:08}"), "events": batch }).to_string();
                        let t0 = Instant::now();
                        let r = c
                            .send(
                                "POST",
                                "/api/events",
                                &[("Content-Type", "application/json")],
                                body.as_bytes(),
                            )
                            .map_err(|e| e.to_string())?;
                        latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
                        if r.status != 200 {
                            return Err(format!("answer {}: {}", r.status, r.text()));
                        }
                        events += sent;
                    }
                    std::thread::sleep(pause);
                }
                Ok((latencies, events))
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut events = 0;
    for s in senders {
        let (l, e) = s.join().map_err(|_| "a sender panicked".to_string())??;
        latencies.extend(l);
        events += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);

    // The month's statistics, as the curator's page asks for them, over what was written.
    let mut c = Connection::open(addr).map_err(|e| e.to_string())?;
    let t0 = Instant::now();
    let stats = c
        .send("GET", "/api/stats?from=2026-01-01&to=2026-01-30", &[], b"")
        .map_err(|e| e.to_string())?;
    let stats_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let counted = stats.json().map_err(|e| e.to_string())?["events"].as_i64().unwrap_or(0);
    let _ = stop_tx.send(());
    server.join().map_err(|_| "the server panicked".to_string())??;

    // run() folded the WAL into the file at its stop: this is the whole database.
    let bytes = std::fs::metadata(data.join(supply_routes_server::db::FILE))
        .map_err(|e| e.to_string())?
        .len() as f64;
    let per_10k = bytes / events as f64 * 10_000.0;
    let rate = events as f64 / elapsed;
    let month = 2_000.0 * 30.0 * 30.0;
    println!("batches sent and acknowledged   {}", latencies.len());
    println!("events written                  {events} (the month's statistics count {counted})");
    println!(
        "events written per second       {rate:.0} ({:.0} batches/s)",
        latencies.len() as f64 / elapsed
    );
    println!(
        "request latency, ms             p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        latencies[latencies.len() - 1]
    );
    println!(
        "database size                   {:.1} MB, {:.0} kB per 10,000 events",
        bytes / 1e6,
        per_10k / 1e3
    );
    println!("month's statistics (30 days)    {stats_ms:.0} ms for {counted} events");
    println!(
        "a busy month (2,000 visits a day x 30 events = {:.1} M events): {:.0} MB on disk, {:.0} s of writing at this rate ({:.4} % of the month)",
        month / 1e6,
        per_10k * month / 10_000.0 / 1e6,
        month / rate,
        month / rate / (30.0 * 86_400.0) * 100.0
    );
    if !a.keep {
        let _ = std::fs::remove_dir_all(&data);
    }
    let _ = std::fs::remove_dir_all(&root);
    Ok(())
}
