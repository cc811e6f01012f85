//! No acknowledged event is lost: four senders burst batches at the server, it is killed with
//! SIGKILL in the middle, restarted on the same data folder, and every batch that got a 2xx
//! is in the database with all its events (and no batch is there in part). Three rounds.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Server, dirs};
use serde_json::json;
use supply_routes_server::client::Connection;

const EVENTS: usize = 20;
const T: i64 = 1_767_258_000_000;

fn body(id: &str) -> String {
    let events: Vec<_> = (0..EVENTS)
        .map(|i| json!({ "type": "open", "t": T + i as i64, "visit": 1, "what": "route", "id": "burma-road", "ms": 1000 }))
        .collect();
    json!({ "v": 1, "batch": id, "events": events }).to_string()
}

#[test]
fn every_acknowledged_batch_survives_sigkill() {
    let d = dirs();
    let mut acked_all = HashSet::new();
    for round in 0..3 {
        let mut server = Server::start(&d.root, &d.data, &[]);
        let addr = server.addr;
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let senders: Vec<_> = (0..4)
            .map(|sender| {
                let (acked, count, stop) = (acked.clone(), count.clone(), stop.clone());
                std::thread::spawn(move || {
                    let Ok(mut c) = Connection::open(addr) else { return };
                    for n in 0.. {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let id = format!("r{round}-s{sender}-n{n:05}");
                        match c.send(
                            "POST",
                            "/api/events",
                            &[("Content-Type", "application/json")],
                            body(&id).as_bytes(),
                        ) {
                            Ok(r) if (200..300).contains(&r.status) => {
                                acked.lock().unwrap().push(id);
                                count.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok(r) => panic!("{id}: {} {}", r.status, r.text()),
                            // The server died mid-request: this batch was never acknowledged.
                            Err(_) => return,
                        }
                    }
                })
            })
            .collect();
        // Kill once the burst is well under way, while all four are still sending.
        let started = Instant::now();
        while count.load(Ordering::SeqCst) < 60 && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(2));
        }
        server.kill();
        let at_kill = count.load(Ordering::SeqCst);
        stop.store(true, Ordering::Relaxed);
        for s in senders {
            s.join().unwrap();
        }
        let acked = acked.lock().unwrap().clone();
        assert!(
            at_kill >= 60,
            "round {round}: only {at_kill} batches acknowledged in a minute"
        );
        acked_all.extend(acked);

        // Restarted on the same folder: the server opens (and recovers) the WAL.
        let again = Server::start(&d.root, &d.data, &[]);
        assert_eq!(again.get("/api/health", &[]).status, 200);
        let db = rusqlite::Connection::open(d.data.join("supply-routes.sqlite")).unwrap();
        let mut q = db
            .prepare("SELECT b.batch, b.events, (SELECT count(*) FROM events e WHERE e.batch = b.id) FROM batches b")
            .unwrap();
        let stored: Vec<(String, i64, i64)> = q
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (id, declared, found) in &stored {
            assert_eq!(
                (declared, found),
                (&(EVENTS as i64), &(EVENTS as i64)),
                "{id} is stored in part"
            );
        }
        let ids: HashSet<&String> = stored.iter().map(|(id, _, _)| id).collect();
        let lost: Vec<&String> = acked_all.iter().filter(|id| !ids.contains(id)).collect();
        assert!(
            lost.is_empty(),
            "round {round}: {} acknowledged batches lost, e.g. {:?}",
            lost.len(),
            lost.first()
        );
        eprintln!(
            "round {round}: {} acknowledged in all, {} stored (the rest were in flight at the kill)",
            acked_all.len(),
            stored.len()
        );
    }
}
