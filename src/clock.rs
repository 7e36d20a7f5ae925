//! The clock and the text forms of times and durations. Only `now_unix` reads the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The current time in Unix seconds.
pub fn now_unix() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// RFC 3339 in UTC with whole seconds: `2026-12-04T10:30:00Z`.
pub fn rfc3339(unix: i64) -> String {
    let secs = u64::try_from(unix).unwrap_or(0);
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

/// RFC 3339 in UTC with milliseconds, for reception times.
pub fn rfc3339_millis(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

/// An instant given by a user: Unix seconds, or RFC 3339 (`2026-12-04T10:30:00Z`).
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_err(|e| format!("{e}"));
    }
    humantime::parse_rfc3339_weak(text)
        .map_err(|_| {
            format!(
                "{text:?} is neither Unix seconds nor an RFC 3339 time like 2026-12-04T10:30:00Z"
            )
        })
        .and_then(|t| {
            let secs = t
                .duration_since(UNIX_EPOCH)
                .map_err(|_| "times before 1970 are not supported".to_string())?
                .as_secs();
            i64::try_from(secs).map_err(|e| e.to_string())
        })
}

/// A duration given by a user: `300`, `300s`, `5m`, `1h30m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(text)
        .map_err(|_| format!("{text:?} is not a duration: use seconds or a form like 30s, 5m, 1h"))
}

/// `3h 2m 5s` from seconds.
pub fn human_duration(secs: u64) -> String {
    humantime::format_duration(Duration::from_secs(secs)).to_string()
}

/// `5 min ago` (or `in 5 min` for a time ahead of `now`), in the largest whole unit.
pub fn age(now: i64, then: i64) -> String {
    let secs = now.abs_diff(then);
    let amount = match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86400 => format!("{} h", secs / 3600),
        _ => format!("{} days", secs / 86400),
    };
    if then > now {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// A time an API wrote (RFC 3339, maybe with `+00:00` or fractional seconds), in Unix seconds.
pub fn parse_api_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = text.strip_suffix("+00:00").unwrap_or(text);
    parse_instant(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_both_forms() {
        assert_eq!(parse_instant("1614265330"), Ok(1614265330));
        assert_eq!(parse_instant("2021-02-25T15:02:10Z"), Ok(1614265330));
        assert!(parse_instant("yesterday").is_err());
        assert!(parse_instant("").is_err());
        assert_eq!(rfc3339(1614265330), "2021-02-25T15:02:10Z");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("300"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert!(parse_duration("five").is_err());
        assert_eq!(human_duration(3725), "1h 2m 5s");
    }

    #[test]
    fn ages_and_api_times() {
        assert_eq!(age(1000, 1000 - 42), "42 s ago");
        assert_eq!(age(10_000, 10_000 - 300), "5 min ago");
        assert_eq!(age(0, 7200), "in 2 h");
        assert_eq!(age(1_000_000, 0), "11 days ago");
        assert_eq!(
            parse_api_time("2021-02-25T15:02:10.123456+00:00"),
            Some(1614265330)
        );
        assert_eq!(parse_api_time("not a time"), None);
    }
}
