//! Recipient domain checks before sending: a domain that does not exist,
//! one that takes no mail (RFC 7505 null MX), one with no mail server, and
//! a likely typo of a popular domain or of one the user has written to.
//!
//! Warnings only. Only DNS queries leave the machine, each answer is cached
//! for its TTL, and a slow or absent network costs at most the time limit
//! and gives no warning.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hickory_resolver::proto::ProtoErrorKind;
use hickory_resolver::{ResolveError, TokioResolver};
use serde::Serialize;

use crate::discover::{dns, domain_of};
use crate::fl;

/// The most a check may take before it gives up silently.
pub const TIME_LIMIT: Duration = Duration::from_secs(2);

/// How long a negative answer is kept when the server gave no SOA TTL.
const NEGATIVE_TTL: Duration = Duration::from_secs(300);

/// Widely used mail domains, for typo suggestions.
const POPULAR: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "yandex.ru",
    "mail.ru",
    "zoho.com",
    "fastmail.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "yahoo.fr",
    "hotmail.fr",
    "orange.fr",
    "free.fr",
    "qq.com",
    "163.com",
    "comcast.net",
    "verizon.net",
    "att.net",
    "t-online.de",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The domain has a mail server (MX, or an address as implicit MX).
    Ok,
    /// NXDOMAIN.
    NoSuchDomain,
    /// `MX 0 .`: the domain says it accepts no email.
    NullMx,
    /// Neither MX nor A/AAAA.
    NoMailServer,
    /// No answer in time, or the address has no domain: nothing to say.
    Unknown,
}

/// The answer for one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub address: String,
    pub domain: Option<String>,
    pub verdict: Verdict,
    /// The address with the domain it probably meant.
    pub suggestion: Option<String>,
}

impl Check {
    /// One localized sentence, or None when there is nothing to warn about.
    pub fn warning(&self) -> Option<String> {
        let domain = self.domain.clone().unwrap_or_default();
        let verdict = match self.verdict {
            Verdict::NoSuchDomain => Some(fl!("recipient-no-such-domain", domain = domain)),
            Verdict::NullMx => Some(fl!("recipient-null-mx", domain = domain)),
            Verdict::NoMailServer => Some(fl!("recipient-no-mail-server", domain = domain)),
            Verdict::Ok | Verdict::Unknown => None,
        };
        let suggestion = self
            .suggestion
            .as_ref()
            .map(|s| fl!("recipient-did-you-mean", suggestion = s.clone()));
        match (verdict, suggestion) {
            (None, None) => None,
            (Some(v), None) => Some(v),
            (None, Some(s)) => Some(s),
            (Some(v), Some(s)) => Some(format!("{v} {s}")),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "address": self.address,
            "domain": self.domain,
            "verdict": self.verdict,
            "suggestion": self.suggestion,
            "warning": self.warning(),
        })
    }
}

/// Checks addresses; keeps answers for their TTL. Share one per process.
pub struct Checker {
    resolver: Option<TokioResolver>,
    limit: Duration,
    /// Domains the user has sent to, with how often.
    known: HashMap<String, usize>,
    cache: Mutex<HashMap<String, (Verdict, Instant)>>,
    lookups: AtomicUsize,
}

impl Checker {
    /// `known`: the user's past recipient domains and counts (from the
    /// sent history), which weigh in typo suggestions.
    pub fn new(known: impl IntoIterator<Item = (String, usize)>) -> Checker {
        let server = dns::server_from_env().ok().flatten();
        Checker::with_server(known, TIME_LIMIT, server)
    }

    /// A checker that knows the past recipient domains of the sent history
    /// in `data_dir` (none if it cannot be read: suggestions then come from
    /// the popular list). The index is opened only if it exists: a check
    /// creates nothing on disk.
    pub fn for_data_dir(data_dir: &std::path::Path) -> Checker {
        use crate::history::History;
        let known = if History::path(data_dir).is_file() {
            History::open(data_dir)
                .and_then(|h| h.recipient_domains())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Checker::new(known)
    }

    /// `server`: ask only this DNS server (tests); None: the system's.
    pub fn with_server(
        known: impl IntoIterator<Item = (String, usize)>,
        limit: Duration,
        server: Option<SocketAddr>,
    ) -> Checker {
        Checker {
            // No resolver (no system configuration): every verdict is Unknown.
            resolver: dns::resolver(limit, server).ok(),
            limit,
            known: known
                .into_iter()
                .map(|(d, n)| (d.to_lowercase(), n))
                .collect(),
            cache: Mutex::new(HashMap::new()),
            lookups: AtomicUsize::new(0),
        }
    }

    /// How many domains were asked of the DNS (not answered from the cache).
    pub fn lookups(&self) -> usize {
        self.lookups.load(Ordering::Relaxed)
    }

    pub async fn check(&self, address: &str) -> Check {
        let mut checks = self.check_all(&[address.to_owned()]).await;
        checks.pop().unwrap_or(Check {
            address: address.to_owned(),
            domain: None,
            verdict: Verdict::Unknown,
            suggestion: None,
        })
    }

    /// All at once, each domain asked once: the whole list costs one time
    /// limit, not one each.
    pub async fn check_all(&self, addresses: &[String]) -> Vec<Check> {
        let parsed: Vec<(String, Option<(String, String)>)> = addresses
            .iter()
            .map(|address| {
                let address = address.trim();
                // "Name <a@b>" as typed in compose.
                let bare = match (address.rfind('<'), address.rfind('>')) {
                    (Some(open), Some(close)) if open < close => &address[open + 1..close],
                    _ => address,
                };
                let parts = domain_of(bare).map(|domain| {
                    let local = bare.rsplit_once('@').map(|(l, _)| l).unwrap_or_default();
                    (local.to_owned(), domain)
                });
                (address.to_owned(), parts)
            })
            .collect();
        let mut domains: Vec<&str> = parsed
            .iter()
            .filter_map(|(_, parts)| parts.as_ref().map(|(_, d)| d.as_str()))
            .collect();
        domains.sort_unstable();
        domains.dedup();
        let verdicts =
            futures_util::future::join_all(domains.iter().map(|d| self.verdict(d))).await;
        let verdict_of: HashMap<&str, Verdict> = domains.into_iter().zip(verdicts).collect();
        parsed
            .iter()
            .map(|(address, parts)| match parts {
                None => Check {
                    address: address.clone(),
                    domain: None,
                    verdict: Verdict::Unknown,
                    suggestion: None,
                },
                Some((local, domain)) => Check {
                    address: address.clone(),
                    domain: Some(domain.clone()),
                    verdict: verdict_of
                        .get(domain.as_str())
                        .copied()
                        .unwrap_or(Verdict::Unknown),
                    suggestion: suggest(domain, &self.known).map(|d| format!("{local}@{d}")),
                },
            })
            .collect()
    }

    async fn verdict(&self, domain: &str) -> Verdict {
        if let Ok(cache) = self.cache.lock()
            && let Some((verdict, until)) = cache.get(domain)
            && *until > Instant::now()
        {
            return *verdict;
        }
        let Some(resolver) = &self.resolver else {
            return Verdict::Unknown;
        };
        self.lookups.fetch_add(1, Ordering::Relaxed);
        let answer = tokio::time::timeout(self.limit, lookup(resolver, domain)).await;
        let Ok(Some((verdict, until))) = answer else {
            return Verdict::Unknown;
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(domain.to_owned(), (verdict, until));
        }
        verdict
    }
}

/// The verdict and until when it holds; None when DNS gave no answer.
async fn lookup(resolver: &TokioResolver, domain: &str) -> Option<(Verdict, Instant)> {
    let name = dns::fqdn(domain);
    match resolver.mx_lookup(name.as_str()).await {
        Ok(mx) => {
            let until = mx.valid_until();
            // RFC 7505: a single MX with preference 0 and the root as host.
            let null = mx.iter().all(|r| r.exchange().is_root());
            Some((if null { Verdict::NullMx } else { Verdict::Ok }, until))
        }
        Err(e) if e.is_nx_domain() => Some((Verdict::NoSuchDomain, negative_until(&e))),
        Err(e) if e.is_no_records_found() => match resolver.lookup_ip(name.as_str()).await {
            // RFC 5321 5.1: without MX, the address record is the mail server.
            Ok(ips) => Some((Verdict::Ok, ips.valid_until())),
            Err(e) if e.is_nx_domain() => Some((Verdict::NoSuchDomain, negative_until(&e))),
            Err(e) if e.is_no_records_found() => Some((Verdict::NoMailServer, negative_until(&e))),
            Err(_) => None,
        },
        Err(_) => None,
    }
}

fn negative_until(error: &ResolveError) -> Instant {
    let ttl = error
        .proto()
        .and_then(|p| match p.kind() {
            ProtoErrorKind::NoRecordsFound { negative_ttl, .. } => *negative_ttl,
            _ => None,
        })
        .map(|s| Duration::from_secs(u64::from(s)))
        .unwrap_or(NEGATIVE_TTL);
    Instant::now() + ttl
}

/// The domain the user probably meant, if `domain` looks like a slip of
/// one they know: at the smallest edit distance, a domain from their own
/// history before a popular one, the more used first.
pub fn suggest(domain: &str, known: &HashMap<String, usize>) -> Option<String> {
    let domain = domain.to_lowercase();
    if known.contains_key(&domain) || POPULAR.contains(&domain.as_str()) {
        return None;
    }
    let max = if domain.chars().count() <= 6 { 1 } else { 2 };
    let history = known.iter().map(|(d, n)| (d.as_str(), *n + 1));
    let popular = POPULAR.iter().map(|d| (*d, 0));
    history
        .chain(popular)
        .filter_map(|(candidate, weight)| {
            let distance = edit_distance(&domain, candidate);
            (distance <= max).then_some((distance, std::cmp::Reverse(weight), candidate))
        })
        .min()
        .map(|(_, _, candidate)| candidate.to_owned())
}

/// Damerau-Levenshtein (optimal string alignment): a swap of two
/// neighbours, the commonest slip (`gmial`), counts as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(list: &[(&str, usize)]) -> HashMap<String, usize> {
        list.iter().map(|(d, n)| ((*d).to_owned(), *n)).collect()
    }

    #[test]
    fn swaps_and_slips_count_as_one_edit() {
        assert_eq!(edit_distance("gmial.com", "gmail.com"), 1);
        assert_eq!(edit_distance("gmai.com", "gmail.com"), 1);
        assert_eq!(edit_distance("gnail.com", "gmail.com"), 1);
        assert_eq!(edit_distance("hotmial.con", "hotmail.com"), 2);
        assert!(edit_distance("example.org", "gmail.com") > 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn popular_domains_are_suggested_and_correct_ones_left_alone() {
        let none = known(&[]);
        assert_eq!(suggest("gmial.com", &none).as_deref(), Some("gmail.com"));
        assert_eq!(suggest("yaho.com", &none).as_deref(), Some("yahoo.com"));
        assert_eq!(suggest("gmail.com", &none), None);
        assert_eq!(suggest("example.org", &none), None);
    }

    #[test]
    fn the_users_own_domains_weigh_more() {
        // "gmial.com" is one edit from both; the user writes to gmaul.com.
        let mine = known(&[("gmaul.com", 3)]);
        assert_eq!(suggest("gmial.com", &mine).as_deref(), Some("gmail.com"));
        let mine = known(&[("gmal.com", 3)]);
        assert_eq!(suggest("gmial.com", &mine).as_deref(), Some("gmal.com"));
        // A domain the user has written to is not a typo, even near a popular one.
        let mine = known(&[("gmial.com", 1)]);
        assert_eq!(suggest("gmial.com", &mine), None);
        // The more used of two equally near own domains wins.
        let mine = known(&[("acme-ltd.com", 1), ("acme-lts.com", 9)]);
        assert_eq!(
            suggest("acme-ltx.com", &mine).as_deref(),
            Some("acme-lts.com")
        );
    }

    #[tokio::test]
    async fn an_address_without_a_domain_gives_no_warning() {
        let checker = Checker::new([]);
        let check = checker.check("not-an-address").await;
        assert_eq!(check.verdict, Verdict::Unknown);
        assert_eq!(check.warning(), None);
        assert_eq!(checker.lookups(), 0);
    }
}
