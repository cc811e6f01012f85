//! `GET /api/stats`: what the kiosk's visitors did between two local dates, as JSON or CSV.
//! Days and hours are the kiosk's local time; percentiles are nearest-rank (the median of
//! 1, 2, 3, 4 is 2), so every figure is a length some visit really had.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::languages;

/// The longest range one request may ask for.
pub const MAX_DAYS: i64 = 731;

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub from: String,
    pub to: String,
    /// Every event in the range, of any type.
    pub events: i64,
    pub visits: Visits,
    pub opened: Opened,
    /// Switches to each language (en, zh, ru), zero included.
    pub languages: Vec<Language>,
    pub qr: Counted,
    pub attract_interruptions: i64,
    pub still_there: StillThere,
    pub errors: Counted,
    pub recoveries: Counted,
    /// Events the page's buffer dropped, in batches received in the range.
    pub dropped: i64,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Visits {
    pub total: i64,
    /// Every day of the range, zero included.
    pub by_day: Vec<Day>,
    /// Visits started in each local hour, 0-23, over the range.
    pub by_hour: Vec<i64>,
    pub length_ms: Spread,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Day {
    pub day: String,
    pub visits: i64,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Spread {
    /// Visits with a known length (those that ended with `visit-end`).
    pub count: i64,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Opened {
    pub route: Vec<Item>,
    pub event: Vec<Item>,
    pub chapter: Vec<Item>,
}

/// One route, event or chapter: how often it was opened and the median time it stayed open.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub count: i64,
    pub median_ms: Option<i64>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Language {
    pub language: String,
    pub switches: i64,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Counted {
    pub total: i64,
    /// By id (QR codes: what the code linked to, "" for the map itself) or code, most first.
    pub by_key: Vec<Key>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Key {
    pub key: String,
    pub count: i64,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct StillThere {
    pub answered: i64,
    pub unanswered: i64,
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

/// The range from the query: both dates or defaults (the 30 days up to today). The error is
/// the 400's reason.
pub fn range(c: &Connection, from: Option<&str>, to: Option<&str>) -> Result<(String, String), String> {
    let check = |name: &str, d: &str| -> Result<String, String> {
        let shaped = d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let real: Option<String> = c.query_row("SELECT date(?1)", [d], |r| r.get(0)).ok().flatten();
        if shaped && real.as_deref() == Some(d) {
            Ok(d.to_string())
        } else {
            Err(format!("{name}: expected a date YYYY-MM-DD, got {d:?}"))
        }
    };
    let sql =
        |q: &str, p: &str| -> Result<String, String> { c.query_row(q, [p], |r| r.get(0)).map_err(|e| e.to_string()) };
    let to = match to {
        Some(d) => check("to", d)?,
        None => c
            .query_row("SELECT date('now', 'localtime')", [], |r| r.get(0))
            .map_err(|e| e.to_string())?,
    };
    let from = match from {
        Some(d) => check("from", d)?,
        None => sql("SELECT date(?1, '-29 days')", &to)?,
    };
    if from > to {
        return Err(format!("from ({from}) is after to ({to})"));
    }
    let days: i64 = c
        .query_row("SELECT julianday(?2) - julianday(?1) + 1", params![from, to], |r| {
            r.get::<_, f64>(0)
        })
        .map_err(|e| e.to_string())? as i64;
    if days > MAX_DAYS {
        return Err(format!("the range has {days} days; ask for {MAX_DAYS} or fewer"));
    }
    Ok((from, to))
}

/// The range's local days as times: from the start of `from` to the end of `to`, in ms since
/// 1970 (SQLite's 'utc' modifier reads a date as local midnight).
fn bounds(c: &Connection, from: &str, to: &str) -> rusqlite::Result<(i64, i64)> {
    c.query_row(
        "SELECT CAST(strftime('%s', ?1, 'utc') AS INTEGER) * 1000, CAST(strftime('%s', date(?2, '+1 day'), 'utc') AS INTEGER) * 1000",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// (key, count) rows of `type` in the range, most first.
fn counted(c: &Connection, kind: &str, from: i64, to: i64) -> rusqlite::Result<Counted> {
    let mut q = c.prepare_cached(
        "SELECT coalesce(subject, ''), count(*) AS n FROM events WHERE type = ?3 AND t >= ?1 AND t < ?2
         GROUP BY 1 ORDER BY n DESC, 1",
    )?;
    let by_key: Vec<Key> = q
        .query_map(params![from, to, kind], |r| {
            Ok(Key {
                key: r.get(0)?,
                count: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Counted {
        total: by_key.iter().map(|k| k.count).sum(),
        by_key,
    })
}

fn count(c: &Connection, kind: &str, from: i64, to: i64) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT count(*) FROM events WHERE type = ?3 AND t >= ?1 AND t < ?2")?
        .query_row(params![from, to, kind], |r| r.get(0))
}

fn opened(c: &Connection, what: &str, from: i64, to: i64) -> rusqlite::Result<Vec<Item>> {
    // Grouped here rather than sorted by SQLite: a month is about a million rows.
    let mut q =
        c.prepare_cached("SELECT detail, ms FROM events WHERE type = 'open' AND t >= ?1 AND t < ?2 AND subject = ?3")?;
    let mut items: std::collections::HashMap<String, (i64, Vec<i64>)> = std::collections::HashMap::new();
    let mut rows = q.query(params![from, to, what])?;
    while let Some(row) = rows.next()? {
        let item = items.entry(row.get(0)?).or_default();
        item.0 += 1;
        item.1.extend(row.get::<_, Option<i64>>(1)?);
    }
    let mut out: Vec<Item> = items
        .into_iter()
        .map(|(id, (count, mut ms))| {
            ms.sort_unstable();
            Item {
                id,
                count,
                median_ms: percentile(&ms, 0.5),
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

pub fn compute(c: &Connection, from_day: &str, to_day: &str) -> rusqlite::Result<Stats> {
    let (from, to) = bounds(c, from_day, to_day)?;
    let events: i64 = c.query_row(
        &format!(
            "SELECT count(*) FROM events WHERE type IN ({}) AND t >= ?1 AND t < ?2",
            crate::schema::KINDS.map(|k| format!("'{k}'")).join(", ")
        ),
        params![from, to],
        |r| r.get(0),
    )?;
    let by_day: Vec<Day> = c
        .prepare_cached(
            "WITH RECURSIVE days(day) AS (SELECT ?1 UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < ?2)
             SELECT days.day, coalesce(v.n, 0) FROM days LEFT JOIN (
                 SELECT date(t / 1000, 'unixepoch', 'localtime') AS day, count(*) AS n FROM events
                 WHERE type = 'visit-start' AND t >= ?3 AND t < ?4 GROUP BY 1
             ) AS v ON v.day = days.day ORDER BY days.day",
        )?
        .query_map(params![from_day, to_day, from, to], |r| {
            Ok(Day {
                day: r.get(0)?,
                visits: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut by_hour = vec![0i64; 24];
    let mut q = c.prepare_cached(
        "SELECT CAST(strftime('%H', t / 1000, 'unixepoch', 'localtime') AS INTEGER), count(*) FROM events
         WHERE type = 'visit-start' AND t >= ?1 AND t < ?2 GROUP BY 1",
    )?;
    for row in q.query_map(params![from, to], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (h, n) = row?;
        if let Some(slot) = by_hour.get_mut(h as usize) {
            *slot = n;
        }
    }
    let lengths: Vec<i64> = c
        .prepare_cached(
            "SELECT ms FROM events WHERE type = 'visit-end' AND t >= ?1 AND t < ?2 AND ms IS NOT NULL ORDER BY ms",
        )?
        .query_map(params![from, to], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let languages = {
        let switches = counted(c, "language", from, to)?;
        languages::codes()
            .iter()
            .map(|l| Language {
                language: l.to_string(),
                switches: switches.by_key.iter().find(|k| k.key == *l).map_or(0, |k| k.count),
            })
            .collect()
    };
    let still = counted(c, "still-there", from, to)?;
    let still_n = |k: &str| still.by_key.iter().find(|x| x.key == k).map_or(0, |x| x.count);
    let dropped: i64 = c.query_row(
        "SELECT coalesce(sum(dropped), 0) FROM batches WHERE received >= ?1 AND received < ?2",
        params![from, to],
        |r| r.get(0),
    )?;
    Ok(Stats {
        from: from_day.to_string(),
        to: to_day.to_string(),
        events,
        visits: Visits {
            total: by_day.iter().map(|d| d.visits).sum(),
            by_day,
            by_hour,
            length_ms: Spread {
                count: lengths.len() as i64,
                median: percentile(&lengths, 0.5),
                p90: percentile(&lengths, 0.9),
            },
        },
        opened: Opened {
            route: opened(c, "route", from, to)?,
            event: opened(c, "event", from, to)?,
            chapter: opened(c, "chapter", from, to)?,
        },
        languages,
        qr: counted(c, "qr", from, to)?,
        attract_interruptions: count(c, "attract-interrupted", from, to)?,
        still_there: StillThere {
            answered: still_n("answered"),
            unanswered: still_n("unanswered"),
        },
        errors: counted(c, "error", from, to)?,
        recoveries: counted(c, "recovery", from, to)?,
        dropped,
    })
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The same figures as rows of `metric,key,value`, for a spreadsheet.
pub fn csv(s: &Stats) -> String {
    let mut out = String::from("metric,key,value\r\n");
    let mut row = |m: &str, k: &str, v: String| out.push_str(&format!("{},{},{}\r\n", cell(m), cell(k), cell(&v)));
    let opt = |v: Option<i64>| v.map_or(String::new(), |v| v.to_string());
    row("range", "from", s.from.clone());
    row("range", "to", s.to.clone());
    row("events", "total", s.events.to_string());
    row("visits", "total", s.visits.total.to_string());
    for d in &s.visits.by_day {
        row("visits_by_day", &d.day, d.visits.to_string());
    }
    for (h, n) in s.visits.by_hour.iter().enumerate() {
        row("visits_by_hour", &format!("{h:02}"), n.to_string());
    }
    row("visit_length_ms", "count", s.visits.length_ms.count.to_string());
    row("visit_length_ms", "median", opt(s.visits.length_ms.median));
    row("visit_length_ms", "p90", opt(s.visits.length_ms.p90));
    for (what, items) in [
        ("route", &s.opened.route),
        ("event", &s.opened.event),
        ("chapter", &s.opened.chapter),
    ] {
        for i in items {
            row(&format!("opened_{what}"), &i.id, i.count.to_string());
            row(&format!("opened_{what}_median_ms"), &i.id, opt(i.median_ms));
        }
    }
    for l in &s.languages {
        row("language_switches", &l.language, l.switches.to_string());
    }
    for (name, counted) in [("qr", &s.qr), ("errors", &s.errors), ("recoveries", &s.recoveries)] {
        row(name, "total", counted.total.to_string());
        for k in &counted.by_key {
            row(name, &k.key, k.count.to_string());
        }
    }
    row("attract_interruptions", "total", s.attract_interruptions.to_string());
    row("still_there", "answered", s.still_there.answered.to_string());
    row("still_there", "unanswered", s.still_there.unanswered.to_string());
    row("dropped", "total", s.dropped.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&[5], 0.9), Some(5));
        assert_eq!(percentile(&[1, 2, 3, 4], 0.5), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), Some(9));
        assert_eq!(percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9), Some(10));
    }

    #[test]
    fn ranges() {
        let c = Connection::open_in_memory().expect("sqlite");
        assert_eq!(
            range(&c, Some("2026-01-01"), Some("2026-01-31")),
            Ok(("2026-01-01".into(), "2026-01-31".into()))
        );
        assert!(range(&c, Some("2026-02-30"), Some("2026-03-01")).is_err());
        assert!(range(&c, Some("2026-1-1"), Some("2026-03-01")).is_err());
        assert!(range(&c, Some("2026-03-02"), Some("2026-03-01")).is_err());
        assert!(range(&c, Some("2020-01-01"), Some("2026-03-01")).is_err());
        let (from, to) = range(&c, None, Some("2026-03-01")).expect("default from");
        assert_eq!((from.as_str(), to.as_str()), ("2026-01-31", "2026-03-01"));
    }
}
