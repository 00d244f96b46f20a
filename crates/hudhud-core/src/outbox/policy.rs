//! When to try again after a temporary failure (RFC 5321 section 4.5.4.1):
//! back off exponentially with jitter, up to a cap, and give up after days.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Settings;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub first: Duration,
    pub cap: Duration,
    pub lifetime: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::from_settings(&Settings::default())
    }
}

impl RetryPolicy {
    pub fn from_settings(settings: &Settings) -> RetryPolicy {
        RetryPolicy {
            first: Duration::from_secs(settings.retry_first_secs.max(1)),
            cap: Duration::from_secs(settings.retry_cap_secs.max(1)),
            lifetime: Duration::from_secs(settings.retry_lifetime_days.saturating_mul(86_400)),
        }
    }

    /// The wait after the `attempts`-th failed attempt (1-based), before
    /// jitter: first, 2×first, 4×first, … capped.
    pub fn base_delay(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(30);
        self.first.saturating_mul(1u32 << doublings).min(self.cap)
    }

    /// The base delay spread by ±20 % so that many deferred messages do not
    /// all come back in the same second. `unit` is a random number in [0, 1).
    pub fn delay(&self, attempts: u32, unit: f64) -> Duration {
        let factor = 0.8 + 0.4 * unit.clamp(0.0, 1.0);
        self.base_delay(attempts).mul_f64(factor)
    }

    /// Whether a message first queued at `created` has run out of time.
    pub fn expired(&self, created: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now.signed_duration_since(created)
            .to_std()
            .is_ok_and(|age| age >= self.lifetime)
    }
}

/// A random number in [0, 1) without another dependency.
pub fn random_unit() -> f64 {
    (uuid::Uuid::new_v4().as_u128() >> 75) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_one_minute_up_to_one_hour() {
        let p = RetryPolicy::default();
        let mins: Vec<u64> = (1..=9).map(|n| p.base_delay(n).as_secs() / 60).collect();
        assert_eq!(mins, vec![1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(p.base_delay(1000), Duration::from_secs(3600));
    }

    #[test]
    fn jitter_stays_within_twenty_percent() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 0.0), Duration::from_secs(48));
        assert_eq!(p.delay(1, 1.0), Duration::from_secs(72));
        for _ in 0..100 {
            let d = p.delay(3, random_unit()).as_secs_f64();
            assert!((192.0..=288.0).contains(&d), "{d}");
        }
    }

    #[test]
    fn gives_up_after_five_days() {
        let p = RetryPolicy::default();
        let created = Utc::now();
        assert!(!p.expired(created, created + chrono::Duration::days(4)));
        assert!(p.expired(created, created + chrono::Duration::days(5)));
    }

    #[test]
    fn follows_settings() {
        let settings = Settings {
            retry_first_secs: 5,
            retry_cap_secs: 30,
            retry_lifetime_days: 1,
            ..Settings::default()
        };
        let p = RetryPolicy::from_settings(&settings);
        assert_eq!(p.base_delay(4), Duration::from_secs(30));
        assert_eq!(p.lifetime, Duration::from_secs(86_400));
    }
}
