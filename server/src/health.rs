//! The verdict on the kiosk's last heartbeat: `ok`, `stale` (no beat for three intervals, or
//! none yet) or `erroring` (the page reports an error it has not recovered from, or its
//! attract loop, which always animates, drew nothing since the beat before).

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Stale,
    Erroring,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub verdict: Verdict,
    /// Why, in a sentence each; empty when ok.
    pub reasons: Vec<String>,
    /// When the last beat came, by the server's clock (ms since 1970).
    pub received: Option<i64>,
    pub age_seconds: Option<f64>,
    pub stale_after_seconds: f64,
    pub beat: Option<Value>,
}

pub fn report(last: Option<(i64, Value)>, now_ms: i64, interval: Duration) -> Report {
    let stale_after = 3.0 * interval.as_secs_f64();
    let Some((received, beat)) = last else {
        return Report {
            verdict: Verdict::Stale,
            reasons: vec!["no heartbeat yet".into()],
            received: None,
            age_seconds: None,
            stale_after_seconds: stale_after,
            beat: None,
        };
    };
    let age = (now_ms - received).max(0) as f64 / 1000.0;
    let mut reasons = Vec::new();
    let mut verdict = Verdict::Ok;
    let n = |k: &str| beat.get(k).and_then(Value::as_i64).unwrap_or(0);
    if age > stale_after {
        verdict = Verdict::Stale;
        reasons.push(format!(
            "the last heartbeat came {age:.0} s ago (stale after {stale_after:.0} s)"
        ));
    } else {
        let (errors, recoveries) = (n("errors"), n("recoveries"));
        if errors > recoveries {
            verdict = Verdict::Erroring;
            reasons.push(format!(
                "{errors} errors and {recoveries} recoveries since the page started"
            ));
        }
        if beat.get("state").and_then(Value::as_str) == Some("attract") && n("frames") == 0 {
            verdict = Verdict::Erroring;
            reasons.push("the attract loop drew no frame since the beat before".into());
        }
    }
    Report {
        verdict,
        reasons,
        received: Some(received),
        age_seconds: Some(age),
        stale_after_seconds: stale_after,
        beat: Some(beat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn verdicts() {
        assert_eq!(report(None, 0, MIN).verdict, Verdict::Stale);
        let good = json!({"state": "attract", "frames": 3600, "errors": 1, "recoveries": 1});
        assert_eq!(report(Some((1_000, good.clone())), 61_000, MIN).verdict, Verdict::Ok);
        assert_eq!(report(Some((1_000, good.clone())), 181_000, MIN).verdict, Verdict::Ok);
        assert_eq!(report(Some((1_000, good)), 181_001, MIN).verdict, Verdict::Stale);
        let failing = json!({"state": "in-use", "frames": 10, "errors": 2, "recoveries": 1});
        assert_eq!(report(Some((1_000, failing)), 2_000, MIN).verdict, Verdict::Erroring);
        let frozen = json!({"state": "attract", "frames": 0, "errors": 0, "recoveries": 0});
        assert_eq!(report(Some((1_000, frozen)), 2_000, MIN).verdict, Verdict::Erroring);
        // A visitor reading a card draws nothing for a minute: that is fine.
        let reading = json!({"state": "in-use", "frames": 0, "errors": 0, "recoveries": 0});
        assert_eq!(report(Some((1_000, reading)), 2_000, MIN).verdict, Verdict::Ok);
    }
}
